package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limits per room and per caller, counted in Redis (CONTRACT §3, 1029). */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitTest {
    static final String ROOM = "r1";

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.rate-limit.room", "3", "dropuser.rate-limit.caller", "2",
                    "dropuser.rate-limit.window", "2s");
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    RoomFixture room;
    PublishedMessages bus;

    @BeforeEach
    void setUp() {
        room = new RoomFixture(redis);
        room.reset();
        room.heartbeat("sig-1");
        room.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
        bus = PublishedMessages.subscribe(vertx, TestRedis.server().url());
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    static Response drop(String token, String clientId) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON)
                .body("{\"clientIds\":[\"" + clientId + "\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM);
    }

    static void assertLimited(Response response) {
        response.then().statusCode(429).contentType(ContentType.JSON)
                .body("result", equalTo(1029)).body("msg", equalTo("Too Many Requests"));
        int retryAfter = Integer.parseInt(response.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 2);
    }

    @Test
    void givenCallerOverItsLimit_drop_isRefusedButAnotherCallerIsNot() {
        String first = Tokens.moderator(ROOM, "u-mod-1");
        drop(first, "nobody").then().statusCode(200);
        drop(first, "nobody").then().statusCode(200);

        assertLimited(drop(first, "c1"));
        assertThat(room.dropping(ROOM)).isEmpty();
        assertThat(bus.await(m -> true, 1, Duration.ofMillis(200))).isEmpty();

        drop(Tokens.moderator(ROOM, "u-mod-2"), "nobody").then().statusCode(200);
    }

    @Test
    void givenModeratorsUsedTheRoomBudget_drop_isRefusedForModeratorsOnly() {
        drop(Tokens.moderator(ROOM, "a"), "nobody").then().statusCode(200);
        drop(Tokens.moderator(ROOM, "a"), "nobody").then().statusCode(200);
        drop(Tokens.moderator(ROOM, "b"), "nobody").then().statusCode(200);

        assertLimited(drop(Tokens.moderator(ROOM, "c"), "c1"));
        assertThat(room.liveEntries(ROOM)).containsKey("c1");
        // CONTRACT §12: a trust-and-safety backend is never starved by moderators.
        drop(Tokens.service("t-and-s"), "c1").then().statusCode(200).body("clients[0].status", equalTo("pending"));
    }

    @Test
    void givenServiceDrops_drop_leavesTheRoomBudgetToModerators() {
        drop(Tokens.service("s1"), "nobody").then().statusCode(200);
        drop(Tokens.service("s2"), "nobody").then().statusCode(200);
        drop(Tokens.service("s3"), "nobody").then().statusCode(200);

        drop(Tokens.moderator(ROOM, "a"), "nobody").then().statusCode(200);
    }

    @Test
    void givenWindowOver_drop_isAllowedAgain() throws InterruptedException {
        String token = Tokens.moderator(ROOM, "u-mod");
        drop(token, "nobody").then().statusCode(200);
        drop(token, "nobody").then().statusCode(200);
        assertLimited(drop(token, "nobody"));

        Thread.sleep(2_100);

        drop(token, "nobody").then().statusCode(200).body("result", equalTo(0));
    }

    @Test
    void givenARepeatWithTheSameIdempotencyKey_drop_countsAgainstTheCallerOnly() {
        String token = Tokens.moderator(ROOM, "u-mod");
        String first = dropOnce(token, "k-1").then().statusCode(200).extract().path("requestId");

        // CONTRACT §12: a replay counts against the caller's limit (2), so one key cannot be replayed forever.
        dropOnce(token, "k-1").then().statusCode(200).header("Idempotent-Replayed", "true").body("requestId", equalTo(first));
        assertLimited(dropOnce(token, "k-1"));
        // It is still not a new request for the room (3): two more moderators pass.
        drop(Tokens.moderator(ROOM, "u-other"), "nobody").then().statusCode(200);
        drop(Tokens.moderator(ROOM, "u-third"), "nobody").then().statusCode(200);
    }

    static Response dropOnce(String token, String key) {
        return given().header("Authorization", bearer(token)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body("{\"clientIds\":[\"nobody\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM);
    }

    @Test
    void givenCountFromAnotherInstance_drop_seesItInRedis() {
        redis.value(Long.class).setex("dropuser:room:{" + ROOM + "}:rate", 2, 3L);

        assertLimited(drop(Tokens.moderator(ROOM, "u-mod"), "c1"));
    }
}
