package dev.dropuser.cleanup;

import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropAttempt;
import dev.dropuser.drop.DropCause;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.IdempotencyKey;
import dev.dropuser.drop.ParticipantRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
        // One idempotency key per room and session end: two runs at once close a room once.
        String requestId = UUID.randomUUID().toString();
        IdempotencyKey once = new IdempotencyKey("session-end:" + room.endedAt(), "session-end:" + room.endedAt());
        DropOrder order = new DropOrder(requestId, room.roomId(), List.of(), Optional.empty(), DropCause.SESSION_EXPIRED,
                Optional.empty(), 0, ACTOR, clock.millis(), Optional.of(new DropOrder.ScopedIdempotencyKey(ACTOR, once)),
                DropOrder.RateLimits.NONE);
        return drops.drop(order).thenCompose(attempt -> {
            if (attempt instanceof DropAttempt.Conflict || attempt instanceof DropAttempt.RateLimited) {
                return CompletableFuture.completedFuture(new SweepReport(0, 0, 0));
            }
            int closed = attempt instanceof DropAttempt.Applied ? 1 : 0;
            int ghosts = attempt instanceof DropAttempt.Applied applied ? count(applied.clients(), ClientStatus.GHOST_REMOVED) : 0;
            LOG.log(System.Logger.Level.INFO, "requestId={0} room={1} session ended: closed={2}", requestId, room.roomId(), closed);
            return registry.forgetRoomEnd(room.roomId()).thenApply(ignored -> new SweepReport(closed, 0, ghosts));
        });
    }

    /** Step 2: unconfirmed drops older than the retry interval, grouped by the request that made them. */
    private CompletionStage<SweepReport> retryUnconfirmed(List<String> rooms) {
        long cutoff = clock.millis() - retryInterval.toMillis();
        return sequentially(rooms, roomId -> registry.unconfirmedDrops(roomId).thenCompose(marks -> {
            Map<List<Object>, List<UnconfirmedDrop>> byRequest = marks.stream()
                    .filter(mark -> mark.at() <= cutoff)
                    .collect(Collectors.groupingBy(mark -> List.of(mark.requestId(), mark.causeCode())));
            return sequentially(List.copyOf(byRequest.values()), group -> retry(roomId, group, cutoff));
        }));
    }

    private CompletionStage<SweepReport> retry(String roomId, List<UnconfirmedDrop> group, long cutoff) {
        UnconfirmedDrop first = group.get(0);
        DropOrder order = new DropOrder(first.requestId(), roomId, group.stream().map(UnconfirmedDrop::clientId).toList(),
                Optional.empty(), cause(first.causeCode()), Optional.empty(), 0, ACTOR, clock.millis(), Optional.empty(),
                DropOrder.RateLimits.NONE);
        return registry.retry(order, cutoff, MAX_ATTEMPTS).thenApply(clients -> {
            clients.stream().filter(c -> c.status() == ClientStatus.GIVEN_UP).forEach(c -> LOG.log(System.Logger.Level.WARNING,
                    "requestId={0} room={1} client={2}: not confirmed after {3} attempts, given up",
                    first.requestId(), roomId, c.clientId(), MAX_ATTEMPTS));
            return new SweepReport(0, count(clients, ClientStatus.PENDING), count(clients, ClientStatus.GHOST_REMOVED));
        });
    }

    /** Step 3: live entries of nodes without a heartbeat. */
    private CompletionStage<SweepReport> removeGhosts(List<String> rooms) {
        return sequentially(rooms, roomId -> registry.removeGhosts(roomId).thenApply(n -> new SweepReport(0, 0, n)));
    }

    private static DropCause cause(int code) {
        for (DropCause cause : DropCause.values()) {
            if (cause.code() == code) {
                return cause;
            }
        }
        return DropCause.BY_SERVICE;
    }

    private static int count(List<ClientReport> clients, ClientStatus status) {
        return (int) clients.stream().filter(c -> c.status() == status).count();
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
