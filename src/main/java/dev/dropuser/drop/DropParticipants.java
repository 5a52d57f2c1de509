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
 * registry step, wait briefly for the signaling tier to confirm, and report a status per client.
 */
public final class DropParticipants {
    private static final System.Logger LOG = System.getLogger(DropParticipants.class.getName());
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
            return confirm(order.roomId(), published)
                    .thenApply(clients -> new DropReport(requestId, order.roomId(), clients))
                    .thenCompose(report -> remember(order, report))
                    .thenApply(report -> new DropOutcome(report, false));
        });
    }

    /** Turns {@code pending} into {@code dropped} for every client whose live entry disappears in time. */
    private CompletionStage<List<ClientReport>> confirm(String roomId, List<ClientReport> clients) {
        Set<String> waiting = new LinkedHashSet<>();
        clients.stream().filter(c -> c.status() == ClientStatus.PENDING).forEach(c -> waiting.add(c.clientId()));
        if (waiting.isEmpty() || confirmTimeout.isZero()) {
            return CompletableFuture.completedFuture(clients);
        }
        long deadline = clock.millis() + confirmTimeout.toMillis();
        return poll(roomId, waiting, new HashSet<>(), deadline, FIRST_POLL).thenApply(gone -> clients.stream()
                .map(c -> gone.contains(c.clientId()) ? c.withStatus(ClientStatus.DROPPED) : c)
                .toList());
    }

    private CompletionStage<Set<String>> poll(
            String roomId, Set<String> waiting, Set<String> gone, long deadline, Duration delay) {
        long left = deadline - clock.millis();
        Duration wait = Duration.ofMillis(Math.max(0, Math.min(delay.toMillis(), left)));
        return sleeper.sleep(wait)
                .thenCompose(ignored -> registry.confirmGone(roomId, List.copyOf(waiting)))
                .thenCompose(confirmed -> {
                    gone.addAll(confirmed);
                    waiting.removeAll(confirmed);
                    if (waiting.isEmpty() || clock.millis() >= deadline) {
                        return CompletableFuture.completedFuture(gone);
                    }
                    Duration next = delay.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : delay.multipliedBy(2);
                    return poll(roomId, waiting, gone, deadline, next);
                })
                // The drop itself has happened: a registry failure now only leaves the rest pending.
                .exceptionally(failure -> {
                    LOG.log(System.Logger.Level.WARNING, "confirmation stopped early: " + failure.getMessage());
                    return gone;
                });
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
