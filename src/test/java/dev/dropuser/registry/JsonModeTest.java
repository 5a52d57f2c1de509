package dev.dropuser.registry;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The json signaling mode: one versioned message per node (CONTRACT §6). */
@QuarkusTest
@TestProfile(JsonModeTest.JsonMode.class)
class JsonModeTest {
    static final String ROOM = "r1";

    public static class JsonMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.signaling.mode", "json");
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    RoomFixture room;
    PublishedMessages bus;
    FakeSignalingNode node1;
    FakeSignalingNode node2;

    @BeforeEach
    void setUp() {
        room = new RoomFixture(redis);
        room.reset();
        bus = PublishedMessages.subscribe(vertx, TestRedis.server().url());
        node1 = new FakeSignalingNode("sig-1", room, bus, vertx, TestRedis.server().url());
        node2 = new FakeSignalingNode("sig-2", room, bus, vertx, TestRedis.server().url());
    }

    @AfterEach
    void tearDown() {
        node1.close();
        node2.close();
        bus.close();
    }

    @Test
    void givenClientsOnTwoNodes_drop_publishesOneMessagePerNodeAndBothConfirm() throws Exception {
        node1.join(ROOM, "a", "u-a", "participant");
        node1.join(ROOM, "b", "u-b", "participant");
        node2.join(ROOM, "c", "u-c", "participant");
        long before = System.currentTimeMillis();

        String requestId = given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod")))
                .contentType(ContentType.JSON).body("{\"clientIds\":[\"a\",\"b\",\"c\"],\"reason\":\"closing\"}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200)
                .body("clients.status", org.hamcrest.Matchers.contains("dropped", "dropped", "dropped"))
                .extract().path("requestId");

        List<PublishedMessages.Message> messages = bus.await(m -> true, 2, Duration.ofSeconds(2));
        assertThat(messages).extracting(PublishedMessages.Message::channel)
                .containsExactly("dropuser:signal:sig-1", "dropuser:signal:sig-2");

        JsonNode first = new ObjectMapper().readTree(messages.get(0).payload());
        assertThat(first.get("v").isInt()).isTrue();
        assertThat(first.get("at").asLong()).isBetween(before, System.currentTimeMillis());
        ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove("at");
        assertThat(first).isEqualTo(new ObjectMapper().readTree("{\"v\":1,\"type\":\"drop\",\"requestId\":\"" + requestId
                + "\",\"roomId\":\"r1\",\"clientIds\":[\"a\",\"b\"],\"event\":\"room-disconnected\","
                + "\"payload\":{\"cause\":{\"code\":4501,\"msg\":\"disconnected-by-moderator\"},\"reason\":\"closing\","
                + "\"roomId\":\"r1\",\"requestId\":\"" + requestId + "\"},\"by\":\"u-mod\"}"));
        assertThat(new ObjectMapper().readTree(messages.get(1).payload()).get("clientIds").toString()).isEqualTo("[\"c\"]");
    }

    @Test
    void givenEntryWithoutSid_jsonMode_stillDropsIt() {
        room.putRaw(ROOM, "a", "{\"node\":\"sig-1\",\"userRef\":\"u-a\"}");

        given().header("Authorization", bearer(Tokens.service("svc")))
                .contentType(ContentType.JSON).body("{\"clientIds\":[\"a\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200)
                .body("clients[0].status", org.hamcrest.Matchers.equalTo("dropped"));
    }
}
