package dev.dropuser.api;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the strict body parser with Jazzer (CONTRACT §2, §7), the same property as
 * {@link DropBodyParserPropertyTest#assertParsesOrRefuses}: whatever the bytes, {@code forRoom} and {@code withRoom}
 * each return a valid {@code DropRequest} (ids match the id rule, at most 1000 distinct ids, a reason of at most 120
 * UTF-8 bytes without control characters, {@code banSeconds} in 0..86400) or throw {@code DropuserException} 1002,
 * or 1005 exactly when the body is over 64 KiB, with a short printable sentence; never anything else.
 *
 * <p>Under {@code ./mvnw test} this runs in Jazzer's regression mode: once per seed file in
 * {@code src/test/resources/dev/dropuser/api/DropBodyParserFuzzTestInputs/givenFuzzedBody_forRoomAndWithRoom_returnValidRequestOrRefuse/}
 * (and on the empty input), in milliseconds. {@code JAZZER_FUZZ=1} fuzzes it instead (docs/SECURITY.md).
 */
class DropBodyParserFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void givenFuzzedBody_forRoomAndWithRoom_returnValidRequestOrRefuse(byte[] body) {
        DropBodyParserPropertyTest.assertParsesOrRefuses(() -> DropBodyParser.forRoom("r1", body), body);
        DropBodyParserPropertyTest.assertParsesOrRefuses(() -> DropBodyParser.withRoom(body), body);
    }
}
