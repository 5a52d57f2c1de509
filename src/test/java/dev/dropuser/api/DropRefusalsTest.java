package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal is the contract's JSON and leaves Redis exactly as it was (CONTRACT §1–§3). */
@QuarkusTest
class DropRefusalsTest {
    static final String ROOM = "r1";

    @Inject
    RedisDataSource redis;

    RoomFixture room;
    Map<String, String> before;

    @BeforeEach
    void seed() {
        room = new RoomFixture(redis);
        room.reset();
        room.heartbeat("sig-1");
        room.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
        room.join(ROOM, "c2", "sig-1", "sid-2", "u-2", "participant");
        before = room.snapshot();
    }

    static Stream<Arguments> invalidBodies() {
        String thousandAndOne = IntStream.rangeClosed(1, 1001).mapToObj(i -> "\"c" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        return Stream.of(
                Arguments.of("malformed JSON", "{\"clientIds\":[\"c1\""),
                Arguments.of("not an object", "[\"c1\"]"),
                Arguments.of("empty body", ""),
                Arguments.of("missing clientIds", "{}"),
                Arguments.of("null clientIds", "{\"clientIds\":null}"),
                Arguments.of("clientIds as a string", "{\"clientIds\":\"c1\"}"),
                Arguments.of("a number as id", "{\"clientIds\":[1]}"),
                Arguments.of("unknown field", "{\"clientIds\":[\"c1\"],\"force\":true}"),
                Arguments.of("duplicate field", "{\"clientIds\":[\"c1\"],\"clientIds\":[]}"),
                Arguments.of("trailing tokens", "{\"clientIds\":[\"c1\"]} {}"),
                Arguments.of("id with {", "{\"clientIds\":[\"c{1\"]}"),
                Arguments.of("id with }", "{\"clientIds\":[\"c}1\"]}"),
                Arguments.of("id with a space", "{\"clientIds\":[\"c 1\"]}"),
                Arguments.of("empty id", "{\"clientIds\":[\"\"]}"),
                Arguments.of("id of 129 characters", "{\"clientIds\":[\"" + "a".repeat(129) + "\"]}"),
                Arguments.of("1001 ids", "{\"clientIds\":" + thousandAndOne + "}"),
                Arguments.of("reason of 121 bytes", "{\"clientIds\":[\"c1\"],\"reason\":\"" + "r".repeat(121) + "\"}"),
                Arguments.of("reason of 61 two-byte characters", "{\"clientIds\":[\"c1\"],\"reason\":\"" + "é".repeat(61) + "\"}"),
                Arguments.of("reason with a control character", "{\"clientIds\":[\"c1\"],\"reason\":\"a\\u0007b\"}"),
                Arguments.of("reason as a number", "{\"clientIds\":[\"c1\"],\"reason\":5}"),
                Arguments.of("banSeconds -1", "{\"clientIds\":[\"c1\"],\"banSeconds\":-1}"),
                Arguments.of("banSeconds 86401", "{\"clientIds\":[\"c1\"],\"banSeconds\":86401}"),
                Arguments.of("banSeconds as a string", "{\"clientIds\":[\"c1\"],\"banSeconds\":\"60\"}"),
                Arguments.of("banSeconds as a fraction", "{\"clientIds\":[\"c1\"],\"banSeconds\":1.5}"),
                Arguments.of("banSeconds beyond int", "{\"clientIds\":[\"c1\"],\"banSeconds\":99999999999}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void givenInvalidBody_drop_returnsInvalidRequestAndChangesNothing(String what, String body) {
        given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod")))
                .contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("result", equalTo(1002))
                .body("msg", equalTo("Invalid Request"))
                .body("error", not(emptyOrNullString()))
                .body("requestId", not(emptyOrNullString()));

        assertThat(room.snapshot()).isEqualTo(before);
    }

    @Test
    void givenInvalidRoomIdInPath_drop_returnsInvalidRequest() {
        given().header("Authorization", bearer(Tokens.service("svc"))).urlEncodingEnabled(false)
                .contentType(ContentType.JSON).body("{\"clientIds\":[\"c1\"]}")
                .when().post("/v1/rooms/bad%20room%7B1%7D/drop")
                .then().statusCode(400).body("result", equalTo(1002));

        assertThat(room.snapshot()).isEqualTo(before);
    }

    @Test
    void givenWrongMethodOrUnknownPath_answer_isStillTheContractJson() {
        given().header("Authorization", bearer(Tokens.service("svc")))
                .when().get("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(405).contentType(ContentType.JSON)
                .body("result", equalTo(1002)).body("requestId", not(emptyOrNullString()));
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/v1/no-such-thing")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("result", equalTo(1002)).body("msg", equalTo("Invalid Request"));
    }

    /** CONTRACT §12: management endpoints are not on the API port, where /q/* is an unknown path like any other. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/q/metrics", "/q/health", "/q/health/ready", "/q/openapi", "/q/swagger-ui", "/q/anything"})
    void givenManagementPath_onTheApiPort_answersLikeAnUnknownPath(String path) {
        given().when().get(path)
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("result", equalTo(1002)).body("msg", equalTo("Invalid Request"))
                .body("error", not(emptyOrNullString())).body("requestId", not(emptyOrNullString()));
    }

    @Test
    void givenBodyOver64KiB_drop_returnsPayloadTooLarge() {
        byte[] body = ("{\"clientIds\":[\"c1\"]}" + " ".repeat(65_537)).getBytes(StandardCharsets.UTF_8);

        given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod")))
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(413).contentType(ContentType.JSON)
                .body("result", equalTo(1005))
                .body("msg", equalTo("Payload Too Large"));

        assertThat(room.snapshot()).isEqualTo(before);
    }

    @Test
    void givenBodyOfExactly64KiB_drop_isAccepted() {
        String json = "{\"clientIds\":[\"nobody\"]}";
        byte[] body = (json + " ".repeat(65_536 - json.length())).getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(65_536);

        given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod")))
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200).body("result", equalTo(0));
    }

    static Stream<Arguments> invalidTokens() throws Exception {
        long now = Instant.now().getEpochSecond();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"dropuser\",\"sub\":\"u-mod\",\"groups\":[\"service\"],"
                        + "\"iat\":" + now + ",\"exp\":" + (now + 300) + "}").getBytes(StandardCharsets.UTF_8));
        String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("no Authorization header", null),
                Arguments.of("not a Bearer scheme", "Basic dTpw"),
                Arguments.of("garbage", "Bearer not.a.jwt"),
                Arguments.of("alg none", "Bearer " + noneHeader + "." + payload + "."),
                Arguments.of("signed by another key", bearer(Tokens.claims("u-mod", "service")
                        .sign(KeyUtils.readPrivateKey("test-keys/otherPrivateKey.pem")))),
                Arguments.of("1024-bit RSA key", bearer(Tokens.signRaw(Tokens.serviceClaimsJson(now, now + 300),
                        KeyUtils.readPrivateKey("test-keys/weak1024PrivateKey.pem"), "RS256"))),
                Arguments.of("HS256", bearer(Tokens.claims("u-mod", "service")
                        .signWithSecret("a-shared-secret-that-is-long-enough-for-hs256"))),
                Arguments.of("expired 31 s ago", bearer(Tokens.claims("u-mod", "service")
                        .issuedAt(now - 600).expiresAt(now - 31).sign())),
                Arguments.of("iat 60 s in the future", bearer(Tokens.claims("u-mod", "service")
                        .issuedAt(now + 60).expiresAt(now + 600).sign())),
                Arguments.of("wrong issuer", bearer(Tokens.claims("u-mod", "service").issuer("https://evil.test").sign())),
                Arguments.of("wrong audience", bearer(Tokens.claims("u-mod", "service").audience("other").sign())),
                Arguments.of("moderator without room", bearer(Tokens.claims("u-mod", "moderator").sign())),
                Arguments.of("room claim as an array", bearer(Tokens.claims("u-mod", "moderator")
                        .claim("room", java.util.List.of(ROOM)).sign())),
                Arguments.of("room claim as a number", bearer(Tokens.claims("u-mod", "moderator").claim("room", 7).sign())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void givenInvalidToken_drop_returnsInvalidTokenAndChangesNothing(String what, String authorization) {
        var request = given().contentType(ContentType.JSON).body("{\"clientIds\":[\"c1\"]}");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(401).contentType(ContentType.JSON)
                .body("result", equalTo(1001))
                .body("msg", equalTo("Invalid Token"))
                .body("error", not(emptyOrNullString()))
                .body("requestId", not(emptyOrNullString()));

        assertThat(room.snapshot()).isEqualTo(before);
    }

    @Test
    void givenTokenExpiredWithinTheSkew_drop_isAccepted() {
        long now = Instant.now().getEpochSecond();
        String token = Tokens.claims("u-mod", "moderator").claim("room", ROOM).issuedAt(now - 600).expiresAt(now - 20).sign();

        given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body("{\"clientIds\":[\"nobody\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200).body("result", equalTo(0));
    }

    @Test
    void givenTokenWithoutIat_drop_returnsInvalidToken() throws Exception {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"dropuser\",\"sub\":\"svc\","
                + "\"groups\":[\"service\"],\"exp\":" + (now + 300) + "}";
        String token = Tokens.signRaw(claims, KeyUtils.readPrivateKey("test-keys/privateKey.pem"), "RS256");

        given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body("{\"clientIds\":[\"c1\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(401).body("result", equalTo(1001));
    }
}
