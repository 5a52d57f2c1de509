package dev.dropuser.webhook;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (CONTRACT §7): {@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw body>">},
 * checked on the raw bytes before anything parses them, in a ±5 minute window, in constant time, against
 * every configured secret (several during a rotation).
 */
public final class WebhookSignature {
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1,";
    private static final String HMAC = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    /** @param secrets {@code whsec_<base64>} secrets; none refuses every webhook */
    public WebhookSignature(List<String> secrets) {
        List<SecretKeySpec> parsed = new java.util.ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            try {
                parsed.add(key(secrets.get(i)));
            } catch (IllegalArgumentException e) {
                // The setting and the position, never the secret itself: this message ends up in the startup log.
                throw new IllegalArgumentException("dropuser.webhook.secrets (DROPUSER_WEBHOOK_SECRETS): secret " + (i + 1)
                        + " of " + secrets.size() + " is unusable: " + e.getMessage());
            }
        }
        this.keys = List.copyOf(parsed);
    }

    /** Accepts the message or throws a {@code DropuserException} with result 1003. */
    public void verify(String id, String timestamp, String signatures, byte[] body, long nowSeconds) {
        if (keys.isEmpty()) {
            throw refused("webhooks are not configured on this service");
        }
        if (id == null || id.isEmpty() || timestamp == null || signatures == null) {
            throw refused("webhook-id, webhook-timestamp and webhook-signature are required");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw refused("webhook-timestamp must be unix seconds");
        }
        // Compared without subtracting sentAt, which a hostile value would make overflow.
        if (sentAt < nowSeconds - TOLERANCE.toSeconds() || sentAt > nowSeconds + TOLERANCE.toSeconds()) {
            throw refused("webhook-timestamp is outside the ±300 s window");
        }
        byte[] signed = signedContent(id, timestamp.trim(), body);
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, signed);
            for (String candidate : signatures.trim().split(" +")) {
                // every candidate against every key, no early exit: the time taken says nothing
                matched |= candidate.startsWith(VERSION) && MessageDigest.isEqual(expected, decode(candidate.substring(VERSION.length())));
            }
        }
        if (!matched) {
            throw refused("the webhook signature does not match");
        }
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] head = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + body.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(body, 0, content, head.length, body.length);
        return content;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(content);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static SecretKeySpec key(String secret) {
        String trimmed = secret.trim();
        if (!trimmed.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("webhook secrets look like whsec_<base64>");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(trimmed.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("what follows whsec_ is not base64");
        }
        if (bytes.length < 16) {
            throw new IllegalArgumentException("a webhook secret needs at least 16 bytes");
        }
        return new SecretKeySpec(bytes, HMAC);
    }

    private static DropuserException refused(String why) {
        return new DropuserException(ResultCode.INVALID_SIGNATURE, why);
    }
}
