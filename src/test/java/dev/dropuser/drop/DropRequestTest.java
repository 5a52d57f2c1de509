package dev.dropuser.drop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A {@link DropRequest} exists only if it keeps every rule of CONTRACT §2. */
class DropRequestTest {

    @Test
    void givenDuplicateIds_create_keepsEachOnceInFirstSeenOrder() {
        DropRequest request = withIds(List.of("c2", "c1", "c2", "c3", "c1"));

        assertThat(request.clientIds()).containsExactly("c2", "c1", "c3");
        assertThat(request.dropsEveryone()).isFalse();
    }

    @Test
    void givenEmptyList_create_dropsEveryone() {
        assertThat(withIds(List.of()).dropsEveryone()).isTrue();
    }

    @Test
    void givenMissingClientIds_create_isRefusedNotDropAll() {
        assertRefused(() -> withIds(null));
    }

    @Test
    void givenThousandDistinctIds_create_acceptsThemAll() {
        assertThat(withIds(ids(1000)).clientIds()).hasSize(1000);
    }

    @Test
    void givenThousandAndOneDistinctIds_create_isRefused() {
        assertRefused(() -> withIds(ids(1001)));
    }

    @Test
    void givenThousandAndOneIdsWithOneDuplicate_create_countsTheDuplicateOnce() {
        List<String> ids = new ArrayList<>(ids(1000));
        ids.add("c1");

        assertThat(withIds(ids).clientIds()).hasSize(1000);
    }

    /** Each unit is 1, 2, 3 or 4 UTF-8 bytes: 120 bytes of it fit, one more byte does not. */
    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "😀"})
    void givenReasonOf120Utf8Bytes_create_acceptsItAnd121IsRefused(String unit) {
        String fits = unit.repeat(120 / unit.getBytes(StandardCharsets.UTF_8).length);
        assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(120);

        assertThat(withReason(fits).reason()).contains(fits);
        assertRefused(() -> withReason(fits + "a"));
    }

    @Test
    void givenReasonUnder120CharactersButOver120Bytes_create_isRefused() {
        assertRefused(() -> withReason("é".repeat(61)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "tab\there", "cr\r", "\u001b[31m", "del\u007f", "c1\u0085"})
    void givenReasonWithControlCharacter_create_isRefused(String reason) {
        assertRefused(() -> withReason(reason));
    }

    @Test
    void givenReasonWithLoneSurrogate_create_isRefused() {
        assertRefused(() -> withReason("broken \uD800 text"));
    }

    @Test
    void givenNoReason_create_hasEmptyReason() {
        assertThat(withReason(null).reason()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, DropRequest.MAX_BAN_SECONDS})
    void givenBanSecondsInRange_create_keepsThem(int banSeconds) {
        assertThat(withBan(banSeconds).banSeconds()).isEqualTo(banSeconds);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, DropRequest.MAX_BAN_SECONDS + 1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void givenBanSecondsOutOfRange_create_isRefused(int banSeconds) {
        assertRefused(() -> withBan(banSeconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "a/b", "é", "r1\n", "r1;", "{r1}"})
    void givenInvalidId_create_isRefusedAsRoomAndAsClient(String id) {
        assertRefused(() -> new DropRequest(id, List.of("c1"), Optional.empty(), 0));
        assertRefused(() -> withIds(List.of("c1", id)));
    }

    @Test
    void givenIdsOf128And129Characters_create_acceptsOnly128() {
        String longest = "x".repeat(128);
        assertThat(new DropRequest(longest, List.of(longest), Optional.empty(), 0).roomId()).isEqualTo(longest);

        assertRefused(() -> new DropRequest(longest + "x", List.of("c1"), Optional.empty(), 0));
        assertRefused(() -> withIds(List.of(longest + "x")));
    }

    @Test
    void givenEveryAllowedCharacter_create_acceptsTheId() {
        String id = "AZaz09_.:-";

        assertThat(new DropRequest(id, List.of(id), Optional.empty(), 0).clientIds()).containsExactly(id);
    }

    @Test
    void givenNullRoomOrNullClientId_create_isRefused() {
        assertRefused(() -> new DropRequest(null, List.of("c1"), Optional.empty(), 0));
        assertRefused(() -> withIds(Arrays.asList("c1", null)));
    }

    static DropRequest withIds(List<String> clientIds) {
        return new DropRequest("r1", clientIds, Optional.empty(), 0);
    }

    static DropRequest withReason(String reason) {
        return new DropRequest("r1", List.of("c1"), Optional.ofNullable(reason), 0);
    }

    static DropRequest withBan(int banSeconds) {
        return new DropRequest("r1", List.of("c1"), Optional.empty(), banSeconds);
    }

    static List<String> ids(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "c" + i).toList();
    }

    static void assertRefused(ThrowingCallable construction) {
        assertThatThrownBy(construction)
                .isInstanceOfSatisfying(DropuserException.class,
                        refusal -> assertThat(refusal.code()).isEqualTo(ResultCode.INVALID_REQUEST));
    }
}
