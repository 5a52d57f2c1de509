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
    INVALID_ENTRY("invalid-entry"),
    /** Only in the cleanup's retries, never in a drop answer: published the maximum number of times, given up. */
    GIVEN_UP("given-up");

    private final String wire;

    ClientStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
