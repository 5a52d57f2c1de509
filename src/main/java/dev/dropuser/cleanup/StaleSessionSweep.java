package dev.dropuser.cleanup;

import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropAttempt;
import dev.dropuser.drop.DropCause;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.drop.RequestIds;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One cleanup run (CONTRACT §8): close the rooms past their end, publish unconfirmed drops again, remove
 * ghosts of signaling nodes without a heartbeat. Idempotent, and safe to run twice at once: every step
 * re-checks its condition atomically in Redis before it changes anything.
 */
public final class StaleSessionSweep {
    private static final System.Logger LOG = System.getLogger(StaleSessionSweep.class.getName());
    /** Who the signaling tier sees as the author of the cleanup's drops. */
    static final String ACTOR = "cleanup";
    static final int MAX_ATTEMPTS = 5;
    /** Rooms closed per run at most; the next run takes the rest. */
    static final int ROOMS_PER_RUN = 500;

    private final ParticipantRegistry drops;
    private final CleanupRegistry registry;
    private final Clock clock;
    private final Duration retryInterval;

    /**
     * @param retryInterval how old an unconfirmed drop must be before it is published again
     */
    public StaleSessionSweep(ParticipantRegistry drops, CleanupRegistry registry, Clock clock, Duration retryInterval) {
        this.drops = drops;
        this.registry = registry;
        this.clock = clock;
        this.retryInterval = retryInterval;
    }

    public CompletionStage<SweepReport> run() {
        return closeEndedRooms()
                .thenCompose(closed -> registry.scanRooms().thenCompose(scan -> retryUnconfirmed(scan.withUnconfirmedDrops())
                        .thenCompose(retried -> removeGhosts(scan.withLiveEntries()).thenApply(ghosts -> closed.plus(retried).plus(ghosts)))));
    }

    /** Step 1: everyone in a room past its end is dropped with cause 4503, then the room is forgotten. */
    private CompletionStage<SweepReport> closeEndedRooms() {
        return registry.roomsEndedBy(clock.millis(), ROOMS_PER_RUN)
                .thenCompose(rooms -> sequentially(rooms, this::closeRoom));
    }

    private CompletionStage<SweepReport> closeRoom(CleanupRegistry.EndedRoom room) {
        String requestId = RequestIds.next();
        DropOrder order = DropOrder.sessionEnd(requestId, room.roomId(), room.endedAt(), ACTOR, clock.millis());
        return drops.drop(order).thenCompose(attempt -> {
            if (attempt instanceof DropAttempt.Conflict || attempt instanceof DropAttempt.RateLimited) {
                return CompletableFuture.completedFuture(new SweepReport(0, 0, 0));
            }
            int closed = attempt instanceof DropAttempt.Applied ? 1 : 0;
            int ghosts = attempt instanceof DropAttempt.Applied applied
                    ? (int) applied.clients().stream().filter(c -> c.status() == ClientStatus.GHOST_REMOVED).count()
                    : 0;
            LOG.log(System.Logger.Level.INFO, "requestId={0} room={1} session ended: closed={2}", requestId, room.roomId(), closed);
            return registry.forgetRoomEnd(room.roomId()).thenApply(ignored -> new SweepReport(closed, 0, ghosts));
        });
    }

    /** Step 2: unconfirmed drops older than the retry interval, grouped by the request that made them. */
    private CompletionStage<SweepReport> retryUnconfirmed(List<String> rooms) {
        long cutoff = clock.millis() - retryInterval.toMillis();
        return sequentially(rooms, roomId -> registry.unconfirmedDrops(roomId).thenCompose(marks -> {
            Map<String, List<UnconfirmedDrop>> byRequest = marks.stream()
                    .filter(mark -> mark.at() <= cutoff)
                    .collect(Collectors.groupingBy(UnconfirmedDrop::requestId, LinkedHashMap::new, Collectors.toList()));
            return sequentially(List.copyOf(byRequest.values()), group -> retry(roomId, group, cutoff));
        }));
    }

    private CompletionStage<SweepReport> retry(String roomId, List<UnconfirmedDrop> group, long cutoff) {
        UnconfirmedDrop first = group.get(0);
        Optional<DropCause> cause = DropCause.ofCode(first.causeCode());
        if (cause.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "requestId={0} room={1}: mark with unknown cause {2} left alone",
                    first.requestId(), roomId, first.causeCode());
            return CompletableFuture.completedFuture(new SweepReport(0, 0, 0));
        }
        RetryOrder order = RetryOrder.of(first.requestId(), roomId, group.stream().map(UnconfirmedDrop::clientId).toList(),
                cause.get(), first.reason(), first.by().orElse(ACTOR), cutoff, MAX_ATTEMPTS);
        return registry.retry(order).thenApply(clients -> {
            clients.stream().filter(c -> c.outcome() == RetriedClient.Outcome.GIVEN_UP).forEach(c -> LOG.log(System.Logger.Level.WARNING,
                    "requestId={0} room={1} client={2}: not confirmed after {3} attempts, given up",
                    first.requestId(), roomId, c.clientId(), MAX_ATTEMPTS));
            return new SweepReport(0, count(clients, RetriedClient.Outcome.REPUBLISHED), count(clients, RetriedClient.Outcome.GHOST_REMOVED));
        });
    }

    /** Step 3: live entries of nodes without a heartbeat. */
    private CompletionStage<SweepReport> removeGhosts(List<String> rooms) {
        return sequentially(rooms, roomId -> registry.removeGhosts(roomId).thenApply(n -> new SweepReport(0, 0, n)));
    }

    private static int count(List<RetriedClient> clients, RetriedClient.Outcome outcome) {
        return (int) clients.stream().filter(c -> c.outcome() == outcome).count();
    }

    /** One item after the other (a sweep should not flood Redis), adding up the reports. */
    private static <T> CompletionStage<SweepReport> sequentially(List<T> items, Function<T, CompletionStage<SweepReport>> step) {
        CompletionStage<SweepReport> total = CompletableFuture.completedFuture(new SweepReport(0, 0, 0));
        for (T item : items) {
            total = total.thenCompose(sum -> step.apply(item).thenApply(sum::plus));
        }
        return total;
    }
}
