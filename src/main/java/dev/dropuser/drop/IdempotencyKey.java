package dev.dropuser.drop;

import dev.dropuser.result.DropuserException;

/**
 * A caller's {@code Idempotency-Key} together with the fingerprint of the request it was sent with.
 *
 * @param key         1..255 printable ASCII characters
 * @param fingerprint digest of everything that makes two requests "the same request"
 */
public record IdempotencyKey(String key, String fingerprint) {
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH
                || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw DropuserException.invalidRequest("Idempotency-Key must be 1 to 255 printable ASCII characters");
        }
    }
}
