package dev.dropuser.drop;

import static dev.dropuser.drop.ClientStatus.DROPPED;
import static dev.dropuser.drop.ClientStatus.GHOST_REMOVED;
import static dev.dropuser.drop.ClientStatus.INVALID_ENTRY;
import static dev.dropuser.drop.ClientStatus.NOT_FOUND;
import static dev.dropuser.drop.ClientStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dropuser.auth.Caller;
import dev.dropuser.drop.DropOrder.ScopedIdempotencyKey;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drop use case against in-memory ports: a fake registry whose blocking reads and a sleeper only move a fake
 * clock. Without a free blocking connection (the default here) the use case polls the registry.
 */
class DropParticipantsTest {
    static final String ROOM = "r1";
    static final String REQUEST_ID = "req-1";
    static final long START = 1_764_230_400_000L;
    static final DropOrder.RateLimits LIMITS = new DropOrder.RateLimits(120, 30, 10_000);
    static final Caller MODERATOR = Caller.moderatorOf(ROOM, "u-mod");
    static final Caller SERVICE = Caller.service("svc-backend");
    static final IdempotencyKey KEY = new IdempotencyKey("key-1", "fingerprint-1");

    final FakeClock clock = new FakeClock(START);
    final FakeRegistry registry = new FakeRegistry(clock);
    final List<Duration> sleeps = new ArrayList<>();
    Duration confirmTimeout = Duration.ofSeconds(1);

    @Test
    void givenModeratorOfAnotherRoom_drop_isRefusedUnauthorizedWithoutTouchingRegistry() {
        Caller stranger = Caller.moderatorOf("other-room", "u-mod");

        DropuserException refusal = refusal(() -> drop(stranger, request("c1")));

        assertThat(refusal.code()).isEqualTo(ResultCode.UNAUTHORIZED_ACCESS);
        assertThat(registry.calls).isEmpty();
    }

    @Test
    void givenModeratorAndEmptyList_drop_keepsModeratorsOwnConnections() {
        drop(MODERATOR, request());

        DropOrder order = registry.order();
        assertThat(order.dropsEveryone()).isTrue();
        assertThat(order.keepUserRef()).contains("u-mod");
        assertThat(order.cause()).isEqualTo(DropCause.BY_MODERATOR);
        assertThat(order.by()).isEqualTo("u-mod");
    }

    @Test
    void givenServiceAndEmptyList_drop_keepsNobody() {
        drop(SERVICE, request());

        DropOrder order = registry.order();
        assertThat(order.dropsEveryone()).isTrue();
        assertThat(order.keepUserRef()).isEmpty();
        assertThat(order.cause()).isEqualTo(DropCause.BY_SERVICE);
        assertThat(order.by()).isEqualTo("svc-backend");
    }

    @Test
    void givenModeratorNamingClients_drop_keepsNobody() {
        drop(MODERATOR, request("c1", "c2"));

        assertThat(registry.order().keepUserRef()).isEmpty();
    }

    @Test
    void givenRequest_drop_ordersItWithRequestIdRoomDistinctIdsReasonAndTime() {
        drop(SERVICE, new DropRequest(ROOM, List.of("c2", "c1", "c2"), Optional.of("spam"), 0));

        DropOrder order = registry.order();
        assertThat(order.requestId()).isEqualTo(REQUEST_ID);
        assertThat(order.roomId()).isEqualTo(ROOM);
        assertThat(order.clientIds()).containsExactly("c2", "c1");
        assertThat(order.reason()).contains("spam");
        assertThat(order.at()).isEqualTo(START);
        assertThat(order.idempotency()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 600, DropRequest.MAX_BAN_SECONDS})
    void givenBanSeconds_drop_bansUntilNowPlusBan(int banSeconds) {
        drop(MODERATOR, new DropRequest(ROOM, List.of("c1"), Optional.empty(), banSeconds));

        assertThat(registry.order().banUntil()).isEqualTo(START + banSeconds * 1000L);
    }

    @Test
    void givenNoBan_drop_banUntilIsZero() {
        drop(MODERATOR, request("c1"));

        assertThat(registry.order().banUntil()).isZero();
    }

    @Test
    void givenPendingClientsThatLeave_drop_reportsThemDroppedAndStopsWaiting() {
        registry.answer = applied(pending("c1"), pending("c2"));
        registry.goneAt("c1", START + 5);
        registry.goneAt("c2", START + 40);

        DropOutcome outcome = drop(MODERATOR, request("c1", "c2"));

        assertThat(outcome.replayed()).isFalse();
        assertThat(outcome.report().requestId()).isEqualTo(REQUEST_ID);
        assertThat(outcome.report().roomId()).isEqualTo(ROOM);
        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", DROPPED));
        assertThat(registry.confirmRooms).containsOnly(ROOM);
        assertThat(registry.confirmCalls.get(registry.confirmCalls.size() - 1)).containsExactly("c2");
        assertThat(elapsed()).isLessThan(confirmTimeout);
    }

    @Test
    void givenClientThatStaysLive_drop_leavesItPendingOnceConfirmTimeoutElapses() {
        confirmTimeout = Duration.ofMillis(250);
        registry.answer = applied(pending("c1"), pending("c2"));
        registry.goneAt("c1", START + 30);

        DropOutcome outcome = drop(MODERATOR, request("c1", "c2"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", PENDING));
        assertThat(elapsed()).isEqualTo(confirmTimeout);
    }

    @Test
    void givenZeroConfirmTimeout_drop_neverAsksAndLeavesPublishedPending() {
        confirmTimeout = Duration.ZERO;
        registry.answer = applied(pending("c1"));
        registry.goneAt("c1", START);

        DropOutcome outcome = drop(MODERATOR, request("c1"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", PENDING));
        assertThat(registry.confirmCalls).isEmpty();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givenClientsThatWereNotPublished_drop_neverAsksAboutThem() {
        registry.answer = applied(pending("c1"), report("c2", NOT_FOUND), report("c3", GHOST_REMOVED),
                report("c4", INVALID_ENTRY));
        List.of("c1", "c2", "c3", "c4").forEach(id -> registry.goneAt(id, START));

        DropOutcome outcome = drop(SERVICE, request("c1", "c2", "c3", "c4"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", NOT_FOUND),
                report("c3", GHOST_REMOVED), report("c4", INVALID_ENTRY));
        assertThat(registry.confirmCalls).isNotEmpty().allSatisfy(ids -> assertThat(ids).containsExactly("c1"));
    }

    @Test
    void givenNoPendingClient_drop_neverWaits() {
        registry.answer = applied(report("c1", NOT_FOUND), report("c2", GHOST_REMOVED));

        DropOutcome outcome = drop(SERVICE, request("c1", "c2"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", NOT_FOUND), report("c2", GHOST_REMOVED));
        assertThat(registry.confirmCalls).isEmpty();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givenConfirmGoneFailsMidway_drop_keepsConfirmedDroppedAndRestPending() {
        registry.answer = applied(pending("c1"), pending("c2"));
        registry.goneAt("c1", START);
        registry.failConfirmFromCall = 2;

        DropOutcome outcome = drop(MODERATOR, request("c1", "c2"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", PENDING));
        assertThat(registry.confirmCalls).hasSize(2);
    }

    @Test
    void givenConfirmGoneFailsAtOnce_drop_stillAnswersWithAllPending() {
        registry.answer = applied(pending("c1"), pending("c2"));
        registry.failConfirmFromCall = 1;

        DropOutcome outcome = drop(MODERATOR, request("c1", "c2"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", PENDING), report("c2", PENDING));
    }

    @Test
    void givenRegistryUnavailable_drop_failsWithRegistryUnavailable() {
        registry.answer = null;

        DropuserException refusal = refusal(() -> drop(MODERATOR, request("c1")));

        assertThat(refusal.code()).isEqualTo(ResultCode.REGISTRY_UNAVAILABLE);
        assertThat(registry.calls).containsExactly("drop");
    }

    @Test
    void givenReplayedKey_drop_returnsStoredReportAsReplayed() {
        DropReport first = new DropReport("req-0", ROOM, List.of(report("c1", DROPPED)));
        registry.answer = new DropAttempt.Replayed(first);

        DropOutcome outcome = drop(MODERATOR, request("c1"), Optional.of(KEY));

        assertThat(outcome.replayed()).isTrue();
        assertThat(outcome.report()).isEqualTo(first);
        assertThat(registry.calls).containsExactly("drop");
    }

    @Test
    void givenConflictingKey_drop_isRefusedIdempotencyConflict() {
        registry.answer = new DropAttempt.Conflict("key used with another request");

        DropuserException refusal = refusal(() -> drop(MODERATOR, request("c1"), Optional.of(KEY)));

        assertThat(refusal.code()).isEqualTo(ResultCode.IDEMPOTENCY_CONFLICT);
        assertThat(registry.calls).containsExactly("drop");
    }

    @Test
    void givenRateLimitedRoom_drop_isRefusedWithTooManyRequestsAndItsWait() {
        registry.answer = new DropAttempt.RateLimited(2_500);

        DropuserException refusal = refusal(() -> drop(MODERATOR, request("c1"), Optional.empty()));

        assertThat(refusal.code()).isEqualTo(ResultCode.TOO_MANY_REQUESTS);
        assertThat(refusal.retryAfter()).isEqualTo(java.time.Duration.ofMillis(2_500));
        assertThat(registry.calls).containsExactly("drop");
    }

    @Test
    void givenConfiguredLimits_drop_passesThemToTheRegistry() {
        registry.answer = applied(report("c1", ClientStatus.NOT_FOUND));

        drop(MODERATOR, request("c1"), Optional.empty());

        assertThat(registry.order().limits()).isEqualTo(LIMITS);
    }

    @Test
    void givenIdempotencyKey_drop_remembersFinalReportUnderCallersKey() {
        registry.answer = applied(pending("c1"));
        registry.goneAt("c1", START);

        DropOutcome outcome = drop(MODERATOR, request("c1"), Optional.of(KEY));

        ScopedIdempotencyKey scoped = new ScopedIdempotencyKey("u-mod", KEY);
        assertThat(registry.order().idempotency()).contains(scoped);
        assertThat(registry.remembered).containsExactly(Map.entry(scoped, outcome.report()));
        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED));
    }

    @Test
    void givenRememberFails_drop_stillAnswers() {
        registry.answer = applied(pending("c1"));
        registry.goneAt("c1", START);
        registry.failRemember = true;

        DropOutcome outcome = drop(MODERATOR, request("c1"), Optional.of(KEY));

        assertThat(registry.remembered).hasSize(1);
        assertThat(outcome.replayed()).isFalse();
        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED));
    }

    @Test
    void givenNoIdempotencyKey_drop_neverRemembers() {
        registry.answer = applied(pending("c1"));
        registry.goneAt("c1", START);

        drop(MODERATOR, request("c1"));

        assertThat(registry.calls).contains("drop", "confirmGone").doesNotContain("remember");
    }

    @Test
    void givenTierThatAcks_drop_isConfirmedByTheAckThenClearsTheMarkWithOneRegistryCall() {
        registry.blockingReads = true;
        registry.answer = applied(pending("c1"));
        registry.ackedAt(REQUEST_ID, "c1", START + 3);

        DropOutcome outcome = drop(MODERATOR, request("c1"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED));
        assertThat(registry.calls).containsExactly("drop", "awaitAcks", "confirmGone");
        assertThat(registry.ackReads).containsExactly(REQUEST_ID);
        assertThat(registry.confirmRequests).containsExactly(REQUEST_ID);
        assertThat(registry.confirmAcked).containsExactly(List.of("c1"));
        assertThat(registry.confirmCalls).containsExactly(List.of());
        assertThat(elapsed()).isEqualTo(Duration.ofMillis(3));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givenTierThatDoesNotAck_drop_isConfirmedByReadingTheRegistryAfterTheFirstAckWait() {
        registry.blockingReads = true;
        registry.answer = applied(pending("c1"), pending("c2"));
        registry.goneAt("c1", START + 3);
        registry.goneAt("c2", START + 4);

        DropOutcome outcome = drop(MODERATOR, request("c1", "c2"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", DROPPED));
        assertThat(registry.calls).containsExactly("drop", "awaitAcks", "confirmGone");
        assertThat(registry.confirmCalls).containsExactly(List.of("c1", "c2"));
        assertThat(elapsed()).isEqualTo(registry.ackWaits.get(0)).isLessThan(confirmTimeout);
    }

    @Test
    void givenAckThatNeverComes_drop_endsPendingAtTheTimeout() {
        registry.blockingReads = true;
        confirmTimeout = Duration.ofMillis(250);
        registry.answer = applied(pending("c1"));

        DropOutcome outcome = drop(MODERATOR, request("c1"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", PENDING));
        assertThat(elapsed()).isEqualTo(confirmTimeout);
        assertThat(registry.ackWaits.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(250);
        assertThat(registry.confirmCalls).hasSameSizeAs(registry.ackWaits).allSatisfy(ids -> assertThat(ids).containsExactly("c1"));
    }

    @Test
    void givenAckOfAnotherRequest_drop_doesNotCountItAndLeavesTheClientPending() {
        registry.blockingReads = true;
        confirmTimeout = Duration.ofMillis(250);
        registry.answer = applied(pending("c1"));
        registry.ackAt.computeIfAbsent("req-earlier", r -> new HashMap<>()).put("c1", START + 1);

        DropOutcome outcome = drop(MODERATOR, request("c1"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", PENDING));
        assertThat(registry.ackReads).containsOnly(REQUEST_ID);
        assertThat(registry.confirmAcked).allSatisfy(ids -> assertThat(ids).isEmpty());
    }

    @Test
    void givenAcksComingOneByOne_drop_keepsReadingAcksAndReadsTheRegistryOnceAtTheEnd() {
        registry.blockingReads = true;
        registry.answer = applied(pending("c1"), pending("c2"), pending("c3"));
        registry.ackedAt(REQUEST_ID, "c2", START + 2);
        registry.ackedAt(REQUEST_ID, "c1", START + 4);
        registry.ackedAt(REQUEST_ID, "c3", START + 6);

        DropOutcome outcome = drop(SERVICE, request("c1", "c2", "c3"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", DROPPED), report("c3", DROPPED));
        assertThat(registry.calls).containsExactly("drop", "awaitAcks", "awaitAcks", "awaitAcks", "confirmGone");
        assertThat(registry.confirmAcked).containsExactly(List.of("c2", "c1", "c3"));
        assertThat(elapsed()).isEqualTo(Duration.ofMillis(6));
    }

    @Test
    void givenSomeAckedAndOneThatNeverGoes_drop_readsTheRegistryForTheRestOnly() {
        registry.blockingReads = true;
        confirmTimeout = Duration.ofMillis(250);
        registry.answer = applied(pending("c1"), pending("c2"));
        registry.ackedAt(REQUEST_ID, "c1", START + 2);

        DropOutcome outcome = drop(SERVICE, request("c1", "c2"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", PENDING));
        assertThat(registry.confirmAcked.get(0)).containsExactly("c1");
        assertThat(registry.confirmCalls).allSatisfy(ids -> assertThat(ids).containsExactly("c2"));
        assertThat(elapsed()).isEqualTo(confirmTimeout);
    }

    @Test
    void givenRegistryFailsAfterAnAck_drop_stillReportsTheAckedClientDropped() {
        registry.blockingReads = true;
        registry.answer = applied(pending("c1"), pending("c2"));
        registry.ackedAt(REQUEST_ID, "c1", START + 2);
        registry.failConfirmFromCall = 1;

        DropOutcome outcome = drop(SERVICE, request("c1", "c2"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED), report("c2", PENDING));
    }

    @Test
    void givenMarksCannotBeClearedAfterEveryAck_drop_stillAnswersDropped() {
        registry.blockingReads = true;
        registry.answer = applied(pending("c1"));
        registry.ackedAt(REQUEST_ID, "c1", START + 2);
        registry.failConfirmFromCall = 1;

        DropOutcome outcome = drop(SERVICE, request("c1"));

        assertThat(outcome.report().clients()).containsExactly(report("c1", DROPPED));
        assertThat(registry.confirmAcked).containsExactly(List.of("c1"));
    }

    // --- helpers

    DropOutcome drop(Caller caller, DropRequest request) {
        return drop(caller, request, Optional.empty());
    }

    DropOutcome drop(Caller caller, DropRequest request, Optional<IdempotencyKey> key) {
        Sleeper sleeper = delay -> {
            sleeps.add(delay);
            clock.advance(delay);
            return CompletableFuture.completedFuture(null);
        };
        DropParticipants useCase = new DropParticipants(registry, sleeper, clock, confirmTimeout, LIMITS);
        return useCase.drop(caller, request, key, REQUEST_ID).toCompletableFuture().join();
    }

    Duration elapsed() {
        return Duration.ofMillis(clock.millis() - START);
    }

    /** The refusal, whether thrown at once or carried by the returned stage. */
    static DropuserException refusal(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        if (thrown instanceof CompletionException wrapped) {
            thrown = wrapped.getCause();
        }
        assertThat(thrown).isInstanceOf(DropuserException.class);
        return (DropuserException) thrown;
    }

    static DropRequest request(String... clientIds) {
        return new DropRequest(ROOM, List.of(clientIds), Optional.empty(), 0);
    }

    static DropAttempt applied(ClientReport... clients) {
        return new DropAttempt.Applied(List.of(clients));
    }

    static ClientReport pending(String clientId) {
        return report(clientId, PENDING);
    }

    static ClientReport report(String clientId, ClientStatus status) {
        return new ClientReport(clientId, status);
    }

    /** A registry whose live entries disappear, and acks come, at set times on the fake clock. */
    static final class FakeRegistry implements ParticipantRegistry {
        private final FakeClock clock;
        private final Map<String, Long> goneAt = new HashMap<>();
        /** What {@link #drop} answers; {@code null} means the registry is unreachable. */
        DropAttempt answer = new DropAttempt.Applied(List.of());
        /** requestId → clientId → when its node acks. */
        private final Map<String, Map<String, Long>> ackAt = new HashMap<>();
        /** Whether a connection for a blocking read is free; without one the use case polls. */
        boolean blockingReads;
        final List<String> ackReads = new ArrayList<>();
        final List<Duration> ackWaits = new ArrayList<>();
        final List<String> confirmRequests = new ArrayList<>();
        final List<List<String>> confirmAcked = new ArrayList<>();
        int failConfirmFromCall = Integer.MAX_VALUE;
        boolean failRemember;
        final List<String> calls = new ArrayList<>();
        final List<DropOrder> orders = new ArrayList<>();
        final List<List<String>> confirmCalls = new ArrayList<>();
        final List<String> confirmRooms = new ArrayList<>();
        final List<Map.Entry<ScopedIdempotencyKey, DropReport>> remembered = new ArrayList<>();

        FakeRegistry(FakeClock clock) {
            this.clock = clock;
        }

        void goneAt(String clientId, long epochMillis) {
            goneAt.put(clientId, epochMillis);
        }

        /** The client's node removes its entry and acks for request {@code requestId} at that time. */
        void ackedAt(String requestId, String clientId, long epochMillis) {
            goneAt(clientId, epochMillis);
            ackAt.computeIfAbsent(requestId, r -> new HashMap<>()).put(clientId, epochMillis);
        }

        DropOrder order() {
            assertThat(orders).hasSize(1);
            return orders.get(0);
        }

        @Override
        public CompletionStage<DropAttempt> drop(DropOrder order) {
            calls.add("drop");
            orders.add(order);
            return answer == null ? unavailable() : CompletableFuture.completedFuture(answer);
        }

        @Override
        public Optional<CompletionStage<List<String>>> awaitAcks(String roomId, String requestId, int most, Duration wait) {
            calls.add("awaitAcks");
            if (!blockingReads) {
                return Optional.empty();
            }
            ackReads.add(requestId);
            ackWaits.add(wait);
            long until = clock.millis() + wait.toMillis();
            Map<String, Long> ofRequest = ackAt.getOrDefault(requestId, new HashMap<>());
            long first = ofRequest.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            if (first > until) {
                clock.advance(wait);
                return Optional.of(CompletableFuture.completedFuture(List.of()));
            }
            clock.advance(Duration.ofMillis(Math.max(0, first - clock.millis())));
            List<String> popped = ofRequest.entrySet().stream().filter(e -> e.getValue() <= clock.millis())
                    .sorted(Map.Entry.comparingByValue()).limit(most).map(Map.Entry::getKey).toList();
            popped.forEach(ofRequest::remove);
            return Optional.of(CompletableFuture.completedFuture(popped));
        }

        @Override
        public CompletionStage<Set<String>> confirmGone(
                String roomId, String requestId, Collection<String> acked, Collection<String> others) {
            calls.add("confirmGone");
            confirmRooms.add(roomId);
            confirmRequests.add(requestId);
            confirmAcked.add(List.copyOf(acked));
            confirmCalls.add(List.copyOf(others));
            if (confirmCalls.size() >= failConfirmFromCall) {
                return unavailable();
            }
            Set<String> gone = new java.util.LinkedHashSet<>(acked);
            others.stream().filter(id -> goneAt.getOrDefault(id, Long.MAX_VALUE) <= clock.millis()).forEach(gone::add);
            return CompletableFuture.completedFuture(gone);
        }

        @Override
        public CompletionStage<Void> remember(ScopedIdempotencyKey key, DropReport report) {
            calls.add("remember");
            remembered.add(Map.entry(key, report));
            return failRemember ? unavailable() : CompletableFuture.completedFuture(null);
        }

        private static <T> CompletionStage<T> unavailable() {
            return CompletableFuture.failedFuture(
                    new DropuserException(ResultCode.REGISTRY_UNAVAILABLE, "registry unreachable"));
        }
    }

    /** A clock that only moves when told to. */
    static final class FakeClock extends Clock {
        private long millis;

        FakeClock(long millis) {
            this.millis = millis;
        }

        void advance(Duration delay) {
            millis += delay.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
