package dev.dropuser.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What makes two requests "the same" for an idempotency key: the room and the exact body bytes. */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(String roomId, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(roomId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(body == null ? new byte[0] : body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
