package dev.dropuser.cleanup;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The registry as the cleanup job needs it, beyond what a drop needs. */
public interface CleanupRegistry {

    /** Rooms whose session ended at or before {@code now} (epoch ms), at most {@code limit}, oldest first. */
    CompletionStage<List<EndedRoom>> roomsEndedBy(long now, int limit);

    /** Takes the room out of the session-end set (its participants were dropped). */
    CompletionStage<Void> forgetRoomEnd(String roomId);

    /** Walks the whole keyspace (SCAN, never KEYS) for rooms with live entries or unconfirmed drops. */
    CompletionStage<RoomScan> scanRooms();

    /** The room's unconfirmed drops ({@code dropping} marks). */
    CompletionStage<List<UnconfirmedDrop>> unconfirmedDrops(String roomId);

    /**
     * Publishes {@code order}'s drops again, atomically: gone clients lose their mark, drops with the maximum
     * number of attempts are given up, dead nodes' entries are removed. Clients that another run already
     * handled are left out of the answer.
     */
    CompletionStage<List<RetriedClient>> retry(RetryOrder order);

    /** Removes the room's live entries whose node has no heartbeat; returns how many. */
    CompletionStage<Integer> removeGhosts(String roomId);

    /** A room past its session end. */
    record EndedRoom(String roomId, long endedAt) {
    }

    /** What a keyspace walk found. */
    record RoomScan(List<String> withLiveEntries, List<String> withUnconfirmedDrops) {
    }
}
