package dev.dropuser.drop;

import dev.dropuser.auth.Role;
import java.util.Optional;

/**
 * Why a participant was dropped, as the dropped client sees it in {@code room-disconnected} (CONTRACT §5).
 * The codes are WebSocket close codes in the terminal range: a client must not reconnect after one.
 */
public enum DropCause {
    BY_MODERATOR(4501, "disconnected-by-moderator"),
    BY_SERVICE(4502, "disconnected-by-service"),
    SESSION_EXPIRED(4503, "session-expired");

    private final int code;
    private final String msg;

    DropCause(int code, String msg) {
        this.code = code;
        this.msg = msg;
    }

    public int code() {
        return code;
    }

    public String msg() {
        return msg;
    }

    /** The cause with this close code, if there is one. */
    public static Optional<DropCause> ofCode(int code) {
        for (DropCause cause : values()) {
            if (cause.code == code) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    public static DropCause requestedBy(Role role) {
        return role == Role.MODERATOR ? BY_MODERATOR : BY_SERVICE;
    }
}
