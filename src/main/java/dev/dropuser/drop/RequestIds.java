package dev.dropuser.drop;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Makes request ids (random UUIDs) that stay unique across instances restored from one snapshot: after a
 * restore, {@link #reseed()} gives the generator fresh entropy from the operating system, so two instances
 * thawed from the same memory image never continue one random sequence. {@code UUID.randomUUID()} happens to
 * be safe on Linux today (its default {@code NativePRNG} mixes fresh {@code /dev/urandom} bytes into every
 * call), but that is the JDK provider's behaviour, not a promise; this class does not depend on it.
 */
public final class RequestIds {
    private static final RequestIds PROCESS = new RequestIds(new SecureRandom(), SecureRandom::new);

    private final Supplier<SecureRandom> fresh;
    private volatile SecureRandom random;

    /** {@code initial}: the generator until the first reseed; {@code fresh}: a new one seeded by the OS. */
    RequestIds(SecureRandom initial, Supplier<SecureRandom> fresh) {
        this.fresh = fresh;
        this.random = initial;
    }

    /** A new request id from the process-wide generator. */
    public static String next() {
        return PROCESS.nextId();
    }

    /** Gives the process-wide generator fresh entropy: call it after every restore from a snapshot. */
    public static void reseedAfterRestore() {
        PROCESS.reseed();
    }

    String nextId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    void reseed() {
        random = fresh.get();
    }
}
