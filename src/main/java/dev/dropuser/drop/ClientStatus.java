package dev.dropuser.drop;

/** What happened to one requested client (CONTRACT §2), as the wire word in {@code clients[].status}. */
public enum ClientStatus {
    /** Disconnect published, and the signaling tier removed the live entry within the confirm timeout. */
    DROPPED("dropped"),
    /** Disconnect published, not confirmed yet; the cleanup job retries it. */
    PENDING("pending"),
    /** No live entry for this client in this room. */
    NOT_FOUND("not-found"),
    /** The entry's node has no heartbeat: the entry was removed (a disconnect was still published). */
    GHOST_REMOVED("ghost-removed"),
    /**
     * The live entry is unusable (not JSON, or lacks a field the signaling mode needs): nothing was published
     * and the entry was left for its node to repair. Not in the v1 contract's list; other clients are unaffected.
     */
    INVALID_ENTRY("invalid-entry");

    private final String wire;

    ClientStatus(String wire) {
        this.wire = wire;
    }

    /** The word on the wire, in the drop script's reply and in stored answers: the one spelling of a status. */
    public String wire() {
        return wire;
    }

    /** The status spelled {@code word}; refuses any other word. */
    public static ClientStatus ofWire(String word) {
        for (ClientStatus status : values()) {
            if (status.wire.equals(word)) {
                return status;
            }
        }
        throw new IllegalArgumentException("not a client status: " + word);
    }
}
