package dev.dropuser.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks sender, for tests: signs deliveries the way a sender holding one {@code whsec_} secret
 * would. Written apart from {@link WebhookSignature}, so that the verifier is checked against a second reading of
 * the spec (and its test vector, in {@code WebhookSignatureTest}), not against itself.
 */
public final class WebhookSender {
    private final SecretKeySpec key;

    public WebhookSender(String secret) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256");
    }

    /** The {@code webhook-signature} value for this delivery. */
    public String sign(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
