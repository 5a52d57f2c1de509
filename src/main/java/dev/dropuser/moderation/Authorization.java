package dev.dropuser.moderation;

import dev.dropuser.auth.Caller;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;

/** Who may read and change a room's moderation records (CONTRACT §1): a moderator of the room, or a service. */
final class Authorization {
    private Authorization() {
    }

    static void requireModeratorOf(Caller caller, String roomId) {
        if (!caller.mayActOn(roomId)) {
            throw new DropuserException(ResultCode.UNAUTHORIZED_ACCESS, "this token may not act on this room");
        }
    }
}
