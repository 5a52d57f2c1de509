package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingHarness;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key}: replay without a second publish, conflict on a different body (CONTRACT §2). */
@QuarkusTest
class IdempotencyTest {
    static final String ROOM = "r1";
    static final String BODY = "{\"clientIds\":[\"c1\"]}";

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    SignalingHarness stage;
    RoomFixture room;
    PublishedMessages bus;
    FakeSignalingNode node;
    String moderator;

    @BeforeEach
    void setUp() {
        stage = SignalingHarness.start(redis, vertx);
        room = stage.registry();
        bus = stage.bus();
        node = stage.node();
        node.join(ROOM, "c1", "u-1", "participant");
        moderator = Tokens.moderator(ROOM, "u-mod");
    }

    @AfterEach
    void tearDown() {
        stage.close();
    }

    Response drop(String token, String key, String body) {
        return given().header("Authorization", bearer(token)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", ROOM);
    }

    @Test
    void givenSameKeyAndBody_repeat_returnsFirstAnswerAndPublishesNothingAgain() {
        Response first = drop(moderator, "key-1", BODY);
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("clients[0].status", equalTo("dropped"));
        int publishedByFirst = bus.await(m -> true, 2, Duration.ofSeconds(2)).size();

        node.join(ROOM, "c1", "u-1", "participant");
        Response repeat = drop(moderator, "key-1", BODY);

        repeat.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(repeat.asString()).isEqualTo(first.asString());
        assertThat(bus.await(m -> true, publishedByFirst + 1, Duration.ofMillis(300))).hasSize(publishedByFirst);
        assertThat(room.liveEntries(ROOM)).containsKey("c1");
    }

    @Test
    void givenSameKeyWithDifferentBody_repeat_isRefusedWithIdempotencyConflict() {
        drop(moderator, "key-2", BODY).then().statusCode(200);

        drop(moderator, "key-2", "{\"clientIds\":[\"c1\"],\"banSeconds\":60}")
                .then().statusCode(409).contentType(ContentType.JSON)
                .body("result", equalTo(1004))
                .body("msg", equalTo("Idempotency Conflict"));

        assertThat(room.bans(ROOM)).isEmpty();
    }

    @Test
    void givenSameKeyFromAnotherCaller_request_isIndependent() {
        drop(moderator, "key-3", BODY).then().statusCode(200);

        drop(Tokens.moderator(ROOM, "u-other-mod"), "key-3", "{\"clientIds\":[\"nobody\"]}")
                .then().statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("clients[0].status", equalTo("not-found"));
    }

    @Test
    void givenKeyOf256Characters_drop_returnsInvalidRequestAndChangesNothing() {
        var before = room.snapshot();

        drop(moderator, "k".repeat(256), BODY).then().statusCode(400).body("result", equalTo(1002));

        assertThat(room.snapshot()).isEqualTo(before);
    }

    @Test
    void givenKeyOf255PrintableCharacters_drop_isAccepted() {
        drop(moderator, "k ~!{}".repeat(42) + "abc", BODY).then().statusCode(200).body("result", equalTo(0));
    }
}
