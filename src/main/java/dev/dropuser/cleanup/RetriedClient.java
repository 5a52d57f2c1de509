package dev.dropuser.cleanup;

/** What a retry did for one client: internal to the cleanup, never a drop answer's status. */
public record RetriedClient(String clientId, Outcome outcome) {

    /** Spelled in the retry script's reply as {@link #word()}. */
    public enum Outcome {
        /** Published again; its mark counts one more attempt. */
        REPUBLISHED("republished"),
        /** The client left: the drop is confirmed, its mark removed. */
        GONE("gone"),
        /** Its node has no heartbeat: the entry was removed. */
        GHOST_REMOVED("ghost-removed"),
        /** Published the maximum number of times: given up, its mark removed. */
        GIVEN_UP("given-up"),
        /** The live entry became unusable: nothing can be published for it, its mark removed. */
        UNUSABLE("unusable");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Outcome ofWord(String word) {
            for (Outcome outcome : values()) {
                if (outcome.word.equals(word)) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException("not a retry outcome: " + word);
        }
    }
}
