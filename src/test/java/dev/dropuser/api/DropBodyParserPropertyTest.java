package dev.dropuser.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.drop.DropRequest;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import dev.dropuser.security.DropBodies;
import dev.dropuser.security.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the strict body parser (CONTRACT §2, §7): whatever the bytes, it returns a valid {@link DropRequest} or
 * refuses with 1002 or 1005, never anything else; and on bodies shaped like requests it agrees with the contract's
 * rules as {@link DropBodies} computes them independently.
 */
class DropBodyParserPropertyTest {
    static final int TRIES = Fuzz.tries(1_000);

    @Test
    void givenArbitraryBytes_forRoom_returnsValidRequestOrRefusesWithRequestCodes() {
        Fuzz.checkBytes("forRoom(arbitrary bytes)", TRIES, DropBodies.edgeCases(false), DropBodies::bytes,
                body -> assertParsesOrRefuses(() -> DropBodyParser.forRoom("r1", body), body));
    }

    @Test
    void givenJsonishText_forRoom_returnsValidRequestOrRefusesWithRequestCodes() {
        Fuzz.checkBytes("forRoom(JSON-ish text)", TRIES, List.of(), DropBodies::jsonish,
                body -> assertParsesOrRefuses(() -> DropBodyParser.forRoom("r1", body), body));
    }

    @Test
    void givenMutatedRequests_forRoomAndWithRoom_returnValidRequestOrRefuseWithRequestCodes() {
        Fuzz.checkBytes("forRoom(mutated request)", TRIES, List.of(), random -> DropBodies.mutated(random, false),
                body -> assertParsesOrRefuses(() -> DropBodyParser.forRoom("r1", body), body));
        Fuzz.checkBytes("withRoom(mutated webhook body)", TRIES, DropBodies.edgeCases(true),
                random -> DropBodies.mutated(random, true),
                body -> assertParsesOrRefuses(() -> DropBodyParser.withRoom(body), body));
    }

    @Test
    void givenNearValidRequests_forRoom_agreesWithTheContractRules() {
        Fuzz.check("forRoom(near-valid, differential)", TRIES, List.of(), random -> {
            String room = DropBodies.pathRoom(random);
            return new Input(room, DropBodies.nearValid(random, false, room));
        }, input -> assertVerdict(input.testCase(), () -> DropBodyParser.forRoom(input.room(), input.testCase().body())),
                Input::show);
    }

    @Test
    void givenNearValidWebhookBodies_withRoom_agreesWithTheContractRules() {
        Fuzz.check("withRoom(near-valid, differential)", TRIES, List.of(), random -> DropBodies.nearValid(random, true),
                testCase -> assertVerdict(testCase, () -> DropBodyParser.withRoom(testCase.body())),
                testCase -> Fuzz.show(testCase.body()) + " expected " + testCase.verdict());
    }

    record Input(String room, DropBodies.Case testCase) {
        String show() {
            return "room " + room + ", body " + Fuzz.show(testCase.body()) + ", expected " + testCase.verdict();
        }
    }

    interface Parse {
        DropRequest run();
    }

    /** The general property: a valid request, or 1002/1005 with a short printable sentence; nothing else escapes. */
    static void assertParsesOrRefuses(Parse parse, byte[] body) {
        DropRequest request;
        try {
            request = parse.run();
        } catch (DropuserException refusal) {
            assertThat(refusal.code()).isIn(ResultCode.INVALID_REQUEST, ResultCode.PAYLOAD_TOO_LARGE);
            assertThat(refusal.code() == ResultCode.PAYLOAD_TOO_LARGE)
                    .as("1005 exactly when the body is over 64 KiB").isEqualTo(body.length > DropBodies.MAX_BODY_BYTES);
            assertSafeSentence(refusal.getMessage());
            return;
        }
        assertThat(body.length).isLessThanOrEqualTo(DropBodies.MAX_BODY_BYTES);
        assertValid(request);
    }

    static void assertValid(DropRequest request) {
        assertThat(DropBodies.idIsValid(request.roomId())).as("room id %s", request.roomId()).isTrue();
        assertThat(request.clientIds()).hasSizeLessThanOrEqualTo(1000)
                .allSatisfy(id -> assertThat(DropBodies.idIsValid(id)).as("client id %s", id).isTrue());
        assertThat(new HashSet<>(request.clientIds())).hasSameSizeAs(request.clientIds());
        request.reason().ifPresent(reason -> {
            assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(120);
            assertThat(DropBodies.reasonIsValid(reason)).as("reason %s", reason).isTrue();
        });
        assertThat(request.banSeconds()).isBetween(0, 86_400);
    }

    /** The differential property: valid exactly when the contract says so, with exactly the sent values. */
    static void assertVerdict(DropBodies.Case testCase, Parse parse) {
        DropBodies.Verdict verdict = testCase.verdict();
        DropRequest request;
        try {
            request = parse.run();
        } catch (DropuserException refusal) {
            assertThat(verdict.refusal()).as("refused with %s (%s) but the contract accepts it", refusal.code(),
                    refusal.getMessage()).contains(refusal.code());
            assertSafeSentence(refusal.getMessage());
            return;
        }
        assertThat(verdict.valid()).as("accepted %s but the contract refuses it with %s", request, verdict.refusal())
                .isTrue();
        assertValid(request);
        assertThat(request.roomId()).isEqualTo(verdict.roomId());
        assertThat(request.clientIds()).containsExactlyElementsOf(verdict.clientIds());
        assertThat(request.reason()).isEqualTo(verdict.reason());
        assertThat(request.banSeconds()).isEqualTo(verdict.banSeconds());
    }

    /** Errors go back to the caller: short, printable, never an echo of a long input. */
    static void assertSafeSentence(String error) {
        assertThat(error).isNotBlank().hasSizeLessThanOrEqualTo(200);
        assertThat(error.chars().noneMatch(Character::isISOControl)).as("control characters in %s", error).isTrue();
    }

    @Test
    void fuzzRunner_reportsAFailingInputShrunk() {
        // the runner itself must be able to fail: a property false for bodies containing 'z'
        Throwable failure = null;
        try {
            Fuzz.checkBytes("self-check", 200, List.of("aaaazaaaa".getBytes(StandardCharsets.US_ASCII)),
                    DropBodies::bytes, body -> assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain("z"));
        } catch (AssertionError e) {
            failure = e;
        }
        assertThat(failure).isNotNull().hasMessageContaining("edge case 0").hasMessageContaining("shrunk to 1 bytes: \"z\"");
    }
}
