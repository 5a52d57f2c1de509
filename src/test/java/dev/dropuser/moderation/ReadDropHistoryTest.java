package dev.dropuser.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropuser.auth.Caller;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Paging the audit trail and who may read it, on an in-memory trail (CONTRACT §11.4). */
class ReadDropHistoryTest {
    static final Caller MODERATOR = Caller.moderatorOf("r1", "u-mod");

    /** A trail of entries "1-0" .. "n-0"; remembers what was asked. */
    static final class Trail implements ModerationRecords {
        final List<AuditEntry> entries = new ArrayList<>();
        final List<String> asked = new ArrayList<>();

        Trail(int n) {
            IntStream.rangeClosed(1, n).forEach(i -> entries.add(new AuditEntry(i + "-0", "req-" + i, i, "u-mod", "api",
                    OptionalInt.of(4501), "", 0, "[]")));
        }

        @Override
        public CompletionStage<List<Ban>> bansInForce(String roomId, long now) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<Boolean> liftBan(LiftOrder order) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletionStage<List<AuditEntry>> entries(String roomId, Optional<String> after, int count) {
            asked.add(after.orElse("-") + " " + count);
            int from = after.map(id -> Integer.parseInt(id.split("-")[0])).orElse(0);
            return CompletableFuture.completedFuture(entries.stream().skip(from).limit(count).toList());
        }
    }

    static HistoryPage page(Trail trail, Caller caller, String after, String limit) {
        return new ReadDropHistory(trail).page(caller, "r1", Optional.ofNullable(after), Optional.ofNullable(limit))
                .toCompletableFuture().join();
    }

    @Test
    void givenMoreEntriesThanTheLimit_page_endsWithNextAtItsLastEntry() {
        HistoryPage first = page(new Trail(5), MODERATOR, null, "2");

        assertThat(first.drops()).extracting(AuditEntry::id).containsExactly("1-0", "2-0");
        assertThat(first.next()).contains("2-0");
    }

    @Test
    void givenExactlyTheLimitLeft_page_isTheLastWithoutNext() {
        Trail trail = new Trail(4);

        HistoryPage last = page(trail, MODERATOR, "2-0", "2");

        assertThat(last.drops()).extracting(AuditEntry::id).containsExactly("3-0", "4-0");
        assertThat(last.next()).isEmpty();
        assertThat(trail.asked).containsExactly("2-0 3");
    }

    @Test
    void givenNoLimit_page_asksForTheDefaultFifty() {
        Trail trail = new Trail(60);

        assertThat(page(trail, Caller.service("backend"), null, null).drops()).hasSize(50);
        assertThat(trail.asked).containsExactly("- 51");
    }

    @Test
    void givenAnotherRoomsModerator_page_isUnauthorizedAndReadsNothing() {
        Trail trail = new Trail(1);

        assertThatThrownBy(() -> page(trail, Caller.moderatorOf("r2", "u-mod"), null, null))
                .isInstanceOfSatisfying(DropuserException.class, e -> assertThat(e.code()).isEqualTo(ResultCode.UNAUTHORIZED_ACCESS));
        assertThat(trail.asked).isEmpty();
    }

    @Test
    void givenMalformedAfterOrLimit_page_isInvalidRequest() {
        String[][] queries = {{"x", null}, {"1-", null}, {"-1-0", null}, {null, "0"}, {null, "101"}, {null, "+5"},
                {null, ""}, {null, "1000"}};
        for (String[] query : queries) {
            assertThatThrownBy(() -> page(new Trail(1), MODERATOR, query[0], query[1]))
                    .as("after=%s limit=%s", query[0], query[1])
                    .isInstanceOfSatisfying(DropuserException.class, e -> assertThat(e.code()).isEqualTo(ResultCode.INVALID_REQUEST));
        }
    }
}
