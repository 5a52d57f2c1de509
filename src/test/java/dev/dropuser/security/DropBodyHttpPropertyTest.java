package dev.dropuser.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropuser.result.ResultCode;
import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random bodies over HTTP to the drop endpoint with a genuine moderator token (CONTRACT §2, §3): never a 5xx, always
 * the contract's JSON with {@code result} and {@code msg} and the HTTP status that goes with the result, and a
 * refused request never changes Redis.
 */
@QuarkusTest
class DropBodyHttpPropertyTest {
    static final String ROOM = "r1";
    static final int TRIES = Fuzz.httpTries(200);

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    RoomFixture fixture;
    PublishedMessages bus;
    FakeSignalingNode node;
    int successes;

    /** One request: the body, its content type (or none) and an Idempotency-Key (or none). */
    record Request(byte[] body, String contentType, String idempotencyKey) {
        String show() {
            return "content-type=" + contentType + " idempotency-key=" + idempotencyKey + " body=" + Fuzz.show(body);
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new RoomFixture(redis);
        bus = PublishedMessages.subscribe(vertx, TestRedis.server().url());
        node = new FakeSignalingNode("sig-1", fixture, bus, vertx, TestRedis.server().url());
        seed();
    }

    @AfterEach
    void tearDown() {
        node.close();
        bus.close();
    }

    private void seed() {
        fixture.reset();
        fixture.heartbeat("sig-1");
        for (String id : DropBodies.LIVE_IDS) {
            node.join(ROOM, id, "u-" + id, "participant");
        }
    }

    @Test
    void givenRandomBodies_drop_answersContractJsonNever5xxAndRefusalsChangeNothing() {
        String token = Tokens.moderator(ROOM, "u-mod");
        Fuzz.check("drop over HTTP (random bodies)", TRIES, java.util.List.of(), this::request, request -> {
            Map<String, String> before = fixture.snapshot();

            RawHttp.Reply reply = RawHttp.post(RestAssured.port, "/v1/rooms/" + ROOM + "/drop",
                    ("Bearer " + token).getBytes(StandardCharsets.US_ASCII), request.contentType(),
                    request.idempotencyKey() == null ? Map.of() : Map.of("Idempotency-Key", request.idempotencyKey()),
                    request.body());

            assertThat(reply.status()).as("HTTP status, body %s", reply.text()).isLessThan(500);
            assertThat(reply.headers().get("content-type")).startsWith("application/json");
            JsonNode body = reply.json();
            assertThat(body.path("result").isInt()).as("result in %s", reply.text()).isTrue();
            assertThat(body.path("msg").isTextual()).as("msg in %s", reply.text()).isTrue();
            ResultCode code = Arrays.stream(ResultCode.values()).filter(c -> c.number() == body.get("result").asInt())
                    .findFirst().orElseThrow(() -> new AssertionError("unknown result " + reply.text()));
            assertThat(reply.status()).isEqualTo(code.httpStatus());
            assertThat(body.get("msg").asText()).isEqualTo(code.msg());
            assertThat(code).isIn(ResultCode.SUCCESS, ResultCode.INVALID_REQUEST, ResultCode.PAYLOAD_TOO_LARGE);
            if (code == ResultCode.SUCCESS) {
                successes++;
                seed();
            } else {
                assertThat(fixture.snapshot()).as("registry after a refusal").isEqualTo(before);
            }
        }, Request::show);
        System.out.printf("[fuzz] drop over HTTP: %d of %d requests were valid and succeeded%n", successes, TRIES);
        assertThat(successes).as("some generated bodies are valid, so the success path is fuzzed too").isPositive();
    }

    private Request request(Random random) {
        byte[] body = random.nextInt(3) == 0 ? DropBodies.nearValid(random, false).body() : DropBodies.anyBody(random, false);
        String contentType = Fuzz.oneOf(random, "application/json", "application/json", "application/json; charset=utf-8",
                "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", null);
        String key = null;
        if (random.nextInt(4) == 0) {
            int length = Fuzz.oneOf(random, 1, 16, 255, 256, 300);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) (0x21 + random.nextInt(0x5e)));
            }
            key = text.toString();
        }
        return new Request(body, contentType, key);
    }
}
