package dev.dropuser.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as proven by a verified token.
 *
 * @param userRef the token's {@code sub}
 * @param role    what the token allows
 * @param room    the only room a moderator may act on; empty for a service
 */
public record Caller(String userRef, Role role, Optional<String> room) {

    public Caller {
        Objects.requireNonNull(userRef, "userRef");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(room, "room");
        if (role == Role.MODERATOR && room.isEmpty()) {
            throw new IllegalArgumentException("a moderator is always bound to a room");
        }
    }

    public static Caller moderatorOf(String room, String userRef) {
        return new Caller(userRef, Role.MODERATOR, Optional.of(room));
    }

    public static Caller service(String userRef) {
        return new Caller(userRef, Role.SERVICE, Optional.empty());
    }

    /** The authorization rule: a service acts anywhere, a moderator only in its own room. */
    public boolean mayActOn(String roomId) {
        return role == Role.SERVICE || room.get().equals(roomId);
    }
}
