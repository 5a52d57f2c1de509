package dev.dropuser.drop;

import dev.dropuser.auth.Caller;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Drops participants from a live room: authorize the caller, look up, mark and publish in one atomic
 * registry step, wait briefly for the signaling tier to confirm (its acks, or the registry), and report a status
 * per client.
 */
public final class DropParticipants {
    private static final System.Logger LOG = System.getLogger(DropParticipants.class.getName());
    /**
     * The first blocking read for acks, before the registry is read: above the bench machine's p95 from the drop to
     * the socket's close even under load (15–23 ms, docs/BENCHMARKS.md), so a tier that acks is confirmed by its ack,
     * and a tier that does not is confirmed this much later than by polling.
     */
    private static final Duration FIRST_ACK_WAIT = Duration.ofMillis(50);
    private static final Duration LONGEST_ACK_WAIT = Duration.ofMillis(200);
    /** Polling, for when no connection for a blocking read is free: 5, 10, 20, 40, 80, then 100 ms apart. */
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration LONGEST_POLL = Duration.ofMillis(100);

    private final ParticipantRegistry registry;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration confirmTimeout;
    private final DropOrder.RateLimits limits;

    public DropParticipants(ParticipantRegistry registry, Sleeper sleeper, Clock clock, Duration confirmTimeout,
            DropOrder.RateLimits limits) {
        this.registry = registry;
        this.sleeper = sleeper;
        this.clock = clock;
        this.confirmTimeout = confirmTimeout;
        this.limits = limits;
    }

    /** A drop requested over the API ({@link Trigger#API}). */
    public CompletionStage<DropOutcome> drop(
            Caller caller, DropRequest request, Optional<IdempotencyKey> idempotencyKey, String requestId) {
        return drop(caller, request, idempotencyKey, requestId, Trigger.API);
    }

    /** A drop requested through {@code trigger}: the API, or a webhook. */
    public CompletionStage<DropOutcome> drop(Caller caller, DropRequest request, Optional<IdempotencyKey> idempotencyKey,
            String requestId, Trigger trigger) {
        if (!caller.mayActOn(request.roomId())) {
            throw new DropuserException(ResultCode.UNAUTHORIZED_ACCESS, "this token may not act on this room");
        }
        DropOrder order = DropOrder.request(requestId, caller, request, clock.millis(), idempotencyKey, limits, trigger);
        return registry.drop(order).thenCompose(attempt -> {
            if (attempt instanceof DropAttempt.Replayed replayed) {
                return CompletableFuture.completedFuture(new DropOutcome(replayed.first(), true));
            }
            if (attempt instanceof DropAttempt.Conflict conflict) {
                throw new DropuserException(ResultCode.IDEMPOTENCY_CONFLICT, conflict.why());
            }
            if (attempt instanceof DropAttempt.RateLimited limited) {
                throw DropuserException.tooManyRequests(Duration.ofMillis(limited.retryAfterMillis()));
            }
            List<ClientReport> published = ((DropAttempt.Applied) attempt).clients();
            return confirm(order.roomId(), requestId, published)
                    .thenApply(clients -> new DropReport(requestId, order.roomId(), clients))
                    .thenCompose(report -> remember(order, report))
                    .thenApply(report -> new DropOutcome(report, false));
        });
    }

    /** Turns {@code pending} into {@code dropped} for every client whose live entry disappears in time. */
    private CompletionStage<List<ClientReport>> confirm(String roomId, String requestId, List<ClientReport> clients) {
        Set<String> waiting = new LinkedHashSet<>();
        clients.stream().filter(c -> c.status() == ClientStatus.PENDING).forEach(c -> waiting.add(c.clientId()));
        if (waiting.isEmpty() || confirmTimeout.isZero()) {
            return CompletableFuture.completedFuture(clients);
        }
        Confirmation confirmation = new Confirmation(roomId, requestId, waiting, clock.millis() + confirmTimeout.toMillis());
        return confirmation.round(FIRST_ACK_WAIT, FIRST_POLL)
                // The drop itself has happened: a registry failure now only leaves the rest pending.
                .exceptionally(failure -> {
                    LOG.log(System.Logger.Level.WARNING, "confirmation stopped early: " + failure.getMessage());
                    return confirmation.goneSoFar();
                })
                .thenApply(gone -> clients.stream()
                        .map(c -> gone.contains(c.clientId()) ? c.withStatus(ClientStatus.DROPPED) : c)
                        .toList());
    }

    /**
     * One request's wait for the signaling tier (CONTRACT §13). Each round blocks on the request's acks, or sleeps
     * when no connection for that is free, then reads the registry for the clients not acked, so that a tier that
     * pushes no acks is confirmed too, one round later. Acks keep coming for a multi-client drop: the registry is
     * read only once they stop for a round, or all are in. Rounds run one after the other, never two at once.
     */
    private final class Confirmation {
        private final String roomId;
        private final String requestId;
        private final long deadline;
        /** Not known to be gone yet. */
        private final Set<String> waiting;
        /** Acked, their marks not cleared yet. */
        private final Set<String> acked = new LinkedHashSet<>();
        private final Set<String> gone = new HashSet<>();

        Confirmation(String roomId, String requestId, Set<String> waiting, long deadline) {
            this.roomId = roomId;
            this.requestId = requestId;
            this.waiting = waiting;
            this.deadline = deadline;
        }

        CompletionStage<Set<String>> round(Duration ackWait, Duration poll) {
            long left = deadline - clock.millis();
            if (left <= 0) {
                return readRegistry().thenApply(ignored -> gone);
            }
            var read = registry.awaitAcks(roomId, requestId, waiting.size(), shorter(ackWait, left));
            if (read.isPresent()) {
                return read.get().thenCompose(ids -> {
                    ids.stream().filter(waiting::remove).forEach(acked::add);
                    if (!ids.isEmpty() && waiting.isEmpty()) {
                        return allAcked();
                    }
                    if (!ids.isEmpty()) {
                        return round(ackWait, poll);
                    }
                    return readRegistry().thenCompose(ignored -> finished()
                            ? CompletableFuture.completedFuture(gone)
                            : round(longer(ackWait, LONGEST_ACK_WAIT), poll));
                });
            }
            return sleeper.sleep(shorter(poll, left))
                    .thenCompose(ignored -> readRegistry())
                    .thenCompose(ignored -> finished()
                            ? CompletableFuture.completedFuture(gone)
                            : round(ackWait, longer(poll, LONGEST_POLL)));
        }

        private CompletionStage<Void> readRegistry() {
            return registry.confirmGone(roomId, requestId, List.copyOf(acked), List.copyOf(waiting)).thenAccept(confirmed -> {
                gone.addAll(confirmed);
                waiting.removeAll(confirmed);
                acked.clear();
            });
        }

        /**
         * Every client acked: the answer goes now, and their marks are cleared right after it, off the answer's
         * path (one Redis round trip less). A mark left by a failure here is the cleanup's: its client is gone.
         */
        private CompletionStage<Set<String>> allAcked() {
            gone.addAll(acked);
            registry.confirmGone(roomId, requestId, List.copyOf(acked), List.of()).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "could not clear the marks of acked clients: " + failure.getMessage());
                }
            });
            return CompletableFuture.completedFuture(gone);
        }

        private boolean finished() {
            return waiting.isEmpty() || clock.millis() >= deadline;
        }

        /** What is known now; an acked client is gone even if its mark could not be cleared (the cleanup does it). */
        Set<String> goneSoFar() {
            gone.addAll(acked);
            return gone;
        }
    }

    private static Duration shorter(Duration wait, long leftMillis) {
        return Duration.ofMillis(Math.max(0, Math.min(wait.toMillis(), leftMillis)));
    }

    private static Duration longer(Duration wait, Duration longest) {
        Duration twice = wait.multipliedBy(2);
        return twice.compareTo(longest) > 0 ? longest : twice;
    }

    private CompletionStage<DropReport> remember(DropOrder order, DropReport report) {
        if (order.idempotency().isEmpty()) {
            return CompletableFuture.completedFuture(report);
        }
        return registry.remember(order.idempotency().get(), report)
                .handle((ignored, failure) -> {
                    if (failure != null) {
                        // The in-progress marker expires by itself; a retry after that drops again, harmlessly.
                        LOG.log(System.Logger.Level.WARNING, "could not store the idempotent answer: " + failure.getMessage());
                    }
                    return report;
                });
    }
}
