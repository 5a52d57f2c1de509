package dev.dropuser.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Key names of the live-session registry (CONTRACT §4). Every key of a room carries the room id in a
 * hash tag, {@code {R}}, so that one room lives in one Redis Cluster slot and one script can touch it all.
 */
public final class RegistryKeys {
    private final String prefix;

    public RegistryKeys(String prefix) {
        this.prefix = prefix;
    }

    /** Hash of clientId → {@code {"node","sid","userRef","role","joinedAt"}}; written by the signaling tier. */
    public String live(String roomId) {
        return room(roomId) + "live";
    }

    /** Hash of clientId → {@code {"requestId","cause","at","attempts"}}; written by dropuser while a drop is unconfirmed. */
    public String dropping(String roomId) {
        return room(roomId) + "dropping";
    }

    /**
     * List of clientId, one per client whose live entry a signaling node removed for this drop request, pushed in
     * the same script as the HDEL; expires 60 s after the last push (CONTRACT §13). Popped by dropuser.
     */
    public String acks(String roomId, String requestId) {
        return room(roomId) + "acks:" + requestId;
    }

    /** Sorted set of userRef, score = ban end in epoch ms; signaling refuses joins while score > now. */
    public String bans(String roomId) {
        return room(roomId) + "bans";
    }

    /**
     * Hash of userRef → JSON array of that user's client ids in the room; written by a signaling tier that keeps
     * it (the reference node does), only read by dropuser, which checks every id against its live entry.
     */
    public String users(String roomId) {
        return room(roomId) + "users";
    }

    /**
     * Stream of moderation records (CONTRACT §11.4), one entry per processed drop and lifted ban, fields
     * {@code requestId, at, by, trigger, cause, reason, banSeconds, clients}; trimmed to the audit retention.
     */
    public String audit(String roomId) {
        return room(roomId) + "audit";
    }

    /**
     * String {@code "<fingerprint>\n<first answer JSON>"} (answer empty while the first request runs), with a TTL;
     * private to one caller's key. Hashed so that any printable key makes a bounded, brace-free key name.
     */
    public String idempotency(String roomId, String userRef, String key) {
        return room(roomId) + "idempotency:" + sha256(userRef + "\n" + key);
    }

    /** Counter with a TTL of one rate-limit window: drop requests for the room in the current window. */
    public String roomRate(String roomId) {
        return room(roomId) + "rate";
    }

    /** Counter with a TTL of one rate-limit window: one caller's drop requests for the room in the current window. */
    public String callerRate(String roomId, String userRef) {
        return room(roomId) + "rate:" + sha256(userRef);
    }

    /** String with a TTL of at most 15 s, refreshed by a live signaling node. */
    public String node(String nodeId) {
        return nodePrefix() + nodeId;
    }

    public String nodePrefix() {
        return prefix + "node:";
    }

    /** Sorted set of roomId, score = session end in epoch ms; written by room provisioning. */
    public String roomEnds() {
        return prefix + "rooms:ends";
    }

    /** SCAN pattern matching every room key. */
    public String roomPattern() {
        return prefix + "room:*";
    }

    /** The room id of a room key with the given suffix ({@code live}, {@code dropping}, ...), if it is one. */
    public java.util.Optional<String> roomOf(String key, String suffix) {
        String head = prefix + "room:{";
        String tail = "}:" + suffix;
        if (key.startsWith(head) && key.endsWith(tail) && key.length() > head.length() + tail.length()) {
            return java.util.Optional.of(key.substring(head.length(), key.length() - tail.length()));
        }
        return java.util.Optional.empty();
    }

    private String room(String roomId) {
        return prefix + "room:{" + roomId + "}:";
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
