package dev.dropuser.moderation;

import dev.dropuser.auth.Caller;
import dev.dropuser.drop.Identifiers;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Lists a room's bans in force (CONTRACT §11.3), for a moderator of the room or a service. */
public final class ListBans {
    private final ModerationRecords records;
    private final Clock clock;

    public ListBans(ModerationRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    public CompletionStage<List<Ban>> list(Caller caller, String roomId) {
        Identifiers.require("roomId", roomId);
        Authorization.requireModeratorOf(caller, roomId);
        return records.bansInForce(roomId, clock.millis());
    }
}
