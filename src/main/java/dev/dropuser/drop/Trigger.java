package dev.dropuser.drop;

/** What set a drop (or a ban's lifting) going, as the audit trail records it (CONTRACT §11.4). */
public enum Trigger {
    /** A moderator or service token on {@code POST /v1/rooms/{roomId}/drop}. */
    API("api"),
    /** A signed webhook. */
    WEBHOOK("webhook"),
    /** The cleanup closing a room past its end. */
    CLEANUP("cleanup"),
    /** The cleanup publishing an unconfirmed drop again. */
    RETRY("retry"),
    /** A ban lifted over the API. */
    UNBAN("unban"),
    /**
     * The service's own startup priming (startup.Priming): drops in its priming room that no caller asked for, so
     * they are not a drop request's change and get no audit entry (CONTRACT §11.4 lists no such trigger).
     */
    PRIMING("priming");

    private final String word;

    Trigger(String word) {
        this.word = word;
    }

    /** The word in the audit entry's {@code trigger} field. */
    public String word() {
        return word;
    }

    /** Whether a drop set going this way is written to the audit trail. */
    public boolean audited() {
        return this != PRIMING;
    }
}
