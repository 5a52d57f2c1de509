package dev.dropuser.registry;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;

/** What a drop publishes in the default socketio mode, decoded as the adapter decodes it (CONTRACT §6). */
@QuarkusTest
class PublishedMessagesTest {
    static final String ROOM = "r1";

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
        bus = PublishedMessages.subscribe(vertx, TestRedis.server().url());
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    @Test
    void givenTwoClients_drop_publishesOneEventFrameThenOneDisconnectRequestPerSocket() throws Exception {
        room.heartbeat("sig-1");
        room.join(ROOM, "c1", "sig-1", "SOCKETID000000000001", "u-1", "participant");
        room.join(ROOM, "c2", "sig-1", "SOCKETID000000000002", "u-2", "participant");

        String requestId = given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod")))
                .contentType(ContentType.JSON).body("{\"clientIds\":[\"c1\",\"c2\"],\"reason\":\"bye\"}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200).extract().path("requestId");

        List<PublishedMessages.Message> messages = bus.await(m -> true, 4, Duration.ofSeconds(2));
        assertThat(messages).extracting(PublishedMessages.Message::channel).containsExactly(
                "socket.io#/#SOCKETID000000000001#", "socket.io-request#/#",
                "socket.io#/#SOCKETID000000000002#", "socket.io-request#/#");

        String frame = MessagePack.newDefaultUnpacker(messages.get(0).payload()).unpackValue().toJson();
        assertThat(frame).isEqualTo("[\"emitter\",{\"type\":2,\"data\":[\"room-disconnected\","
                + "{\"cause\":{\"code\":4501,\"msg\":\"disconnected-by-moderator\"},\"reason\":\"bye\",\"roomId\":\"r1\","
                + "\"requestId\":\"" + requestId + "\",\"clientId\":\"c1\"}],\"nsp\":\"/\"},"
                + "{\"rooms\":[\"SOCKETID000000000001\"],\"flags\":{},\"except\":[]}]");

        var request = new ObjectMapper().readTree(messages.get(1).payload());
        assertThat(request).isEqualTo(new ObjectMapper().readTree(
                "{\"uid\":\"emitter\",\"type\":4,\"opts\":{\"rooms\":[\"SOCKETID000000000001\"],\"except\":[]},\"close\":true}"));
    }

    @Test
    void givenClientIdOf128Characters_drop_publishesAFrameThatDecodesToIt() {
        String longId = "c".repeat(128);
        room.heartbeat("sig-1");
        room.join(ROOM, longId, "sig-1", "s".repeat(40), "u-1", "participant");

        given().header("Authorization", bearer(Tokens.service("svc")))
                .contentType(ContentType.JSON).body("{\"clientIds\":[\"" + longId + "\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200);

        var frame = bus.await(m -> m.channel().startsWith("socket.io#/#"), 1, Duration.ofSeconds(2)).get(0);
        assertThat(frame.channel()).isEqualTo("socket.io#/#" + "s".repeat(40) + "#");
        assertThat(decode(frame.payload())).contains("\"clientId\":\"" + longId + "\"", "\"rooms\":[\"" + "s".repeat(40) + "\"]");
    }

    @Test
    void givenEntryWithoutSid_drop_reportsInvalidEntryAndStillDropsTheOthers() {
        room.heartbeat("sig-1");
        room.putRaw(ROOM, "broken", "{\"node\":\"sig-1\",\"userRef\":\"u-9\"}");
        room.putRaw(ROOM, "garbage", "not json");
        room.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");

        given().header("Authorization", bearer(Tokens.service("svc")))
                .contentType(ContentType.JSON).body("{\"clientIds\":[\"broken\",\"garbage\",\"c1\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200)
                .body("clients.status", org.hamcrest.Matchers.contains("invalid-entry", "invalid-entry", "pending"));

        assertThat(room.liveEntries(ROOM)).containsKeys("broken", "garbage");
    }

    private static String decode(byte[] frame) {
        try {
            return MessagePack.newDefaultUnpacker(frame).unpackValue().toJson();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
