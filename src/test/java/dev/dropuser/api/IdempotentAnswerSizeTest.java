package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.dropuser.testing.SignalingHarness;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an idempotent answer costs the shared Redis (CONTRACT §12): a moderator sending a new key with hundreds of
 * made-up ids on every request must not fill it.
 */
@QuarkusTest
class IdempotentAnswerSizeTest {
    static final String ROOM = "r1";

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    SignalingHarness stage;
    String moderator;

    @BeforeEach
    void setUp() {
        stage = SignalingHarness.start(redis, vertx);
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
    void givenManyMadeUpIds_storedAnswer_takesAtMost16BytesPerId() {
        String longId = "x".repeat(100);
        String many = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "\"" + longId + "-" + (1000 + i) + "-made-up\"")
                .collect(java.util.stream.Collectors.joining(",", "{\"clientIds\":[", "]}"));
        drop(moderator, "one", "{\"clientIds\":[\"" + longId + "-0999-made-up\"]}").then().statusCode(200);
        drop(moderator, "many", many).then().statusCode(200).body("clients", hasSize(500))
                .body("clients[499].clientId", equalTo(longId + "-1499-made-up")).body("clients[499].status", equalTo("not-found"));

        List<Long> sizes = new ArrayList<>();
        redis.key().keys("dropuser:room:{" + ROOM + "}:idempotency:*")
                .forEach(key -> sizes.add(redis.value(String.class).strlen(key)));
        Collections.sort(sizes);

        assertThat(sizes).hasSize(2);
        // CONTRACT §12: the fingerprint pins the ids, so the answer stores their statuses only.
        assertThat((sizes.get(1) - sizes.get(0)) / 499.0).isLessThanOrEqualTo(16.0);
        // And a repeat still answers every id.
        drop(moderator, "many", many).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("clients", hasSize(500)).body("clients[499].clientId", equalTo(longId + "-1499-made-up"));
    }
}
