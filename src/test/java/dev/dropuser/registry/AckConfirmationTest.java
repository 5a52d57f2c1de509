package dev.dropuser.registry;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingHarness;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confirmation without polling (CONTRACT §13), over HTTP with a real Redis: a tier that acks, one that does not,
 * an ack that never comes, and a late ack of an earlier request. The acking tier runs the reference node's own
 * removal script, read from examples/socketio-signaling/server.js.
 */
@QuarkusTest
class AckConfirmationTest {
    static final String ROOM = "r-acks";
    static final String ACKING_NODE = "sig-acks";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    SignalingHarness stage;
    RoomFixture room;
    Redis commands;
    /** What the stand-in node does after removing an entry, e.g. let the client join again. */
    volatile boolean rejoinAtOnce;

    @BeforeEach
    void setUp() {
        stage = SignalingHarness.start(redis, vertx);
        room = stage.registry();
        commands = Redis.createClient(vertx, TestRedis.server().url());
        room.heartbeat(ACKING_NODE);
    }

    @AfterEach
    void tearDown() {
        commands.close();
        stage.close();
    }

    @Test
    void givenTierThatAcks_drop_isDroppedAndItsAcksAreConsumed() throws Exception {
        actAsReferenceNode(stage.bus());
        room.join(ROOM, "c1", ACKING_NODE, "sid-c1", "u-1", "participant");
        room.join(ROOM, "c2", ACKING_NODE, "sid-c2", "u-2", "participant");

        String requestId = dropAndExpect(List.of("c1", "c2"), "dropped");

        assertThat(room.liveEntries(ROOM)).isEmpty();
        assertThat(redis.key().exists(acks(requestId))).isFalse();
        awaitNoMarks();
    }

    @Test
    void givenTierThatAcks_clientJoiningAgainAtOnce_isStillDroppedAndItsMarkCleared() throws Exception {
        // Only the ack can tell: the registry holds the client's new entry by the time dropuser reads it.
        rejoinAtOnce = true;
        actAsReferenceNode(stage.bus());
        room.join(ROOM, "c1", ACKING_NODE, "sid-c1", "u-1", "participant");

        dropAndExpect(List.of("c1"), "dropped");

        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("c1");
        awaitNoMarks();
    }

    @Test
    void givenTierThatDoesNotAck_drop_isDroppedByReadingTheRegistry() {
        stage.node().join(ROOM, "c1", "u-1", "participant");

        String requestId = dropAndExpect(List.of("c1"), "dropped");

        assertThat(room.liveEntries(ROOM)).isEmpty();
        assertThat(room.dropping(ROOM)).isEmpty();
        assertThat(redis.key().exists(acks(requestId))).isFalse();
    }

    @Test
    void givenAckThatNeverComes_drop_endsPendingAtTheTimeoutWithItsMark() {
        room.join(ROOM, "c1", ACKING_NODE, "sid-c1", "u-1", "participant");

        String requestId = dropAndExpect(List.of("c1"), "pending");

        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("c1");
        assertThat(room.dropping(ROOM).get("c1")).contains("\"requestId\":\"" + requestId + "\"");
    }

    @Test
    void givenLateAckOfAnEarlierRequest_drop_doesNotConfirmTheNewerOne() {
        room.join(ROOM, "c1", ACKING_NODE, "sid-c1", "u-1", "participant");
        redis.list(String.class).rpush(acks("req-earlier"), "c1");

        dropAndExpect(List.of("c1"), "pending");

        assertThat(redis.list(String.class).lrange(acks("req-earlier"), 0, -1)).containsExactly("c1");
        assertThat(room.dropping(ROOM)).containsKey("c1");
    }

    /** Posts the drop, checks every client has {@code status}, and returns the request id. */
    String dropAndExpect(List<String> clientIds, String status) {
        String body = "{\"clientIds\":[" + String.join(",", clientIds.stream().map(id -> "\"" + id + "\"").toList()) + "]}";
        return given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod")))
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200)
                .body("clients", equalTo(clientIds.stream().map(id -> Map.of("clientId", id, "status", status)).toList()))
                .extract().path("requestId");
    }

    /** After every ack the answer goes first and the marks are cleared right after it. */
    void awaitNoMarks() {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!room.dropping(ROOM).isEmpty() && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        assertThat(room.dropping(ROOM)).isEmpty();
    }

    static String acks(String requestId) {
        return "dropuser:room:{" + ROOM + "}:acks:" + requestId;
    }

    /** On each disconnect request, runs the reference node's removal script for that socket, as its node would. */
    void actAsReferenceNode(PublishedMessages bus) throws IOException {
        String script = referenceRemovalScript();
        bus.onMessage(message -> {
            if (!message.channel().equals("socket.io-request#/#")) {
                return;
            }
            try {
                JsonNode request = JSON.readTree(message.payload());
                for (JsonNode sid : request.path("opts").path("rooms")) {
                    String clientId = sid.asText().substring("sid-".length());
                    commands.send(Request.cmd(Command.EVAL).arg(script).arg(4).arg(RoomFixture.live(ROOM))
                                    .arg("dropuser:room:{" + ROOM + "}:users")
                                    .arg("dropuser:room:{" + ROOM + "}:dropping").arg("dropuser:room:{" + ROOM + "}:acks:")
                                    .arg(clientId).arg(sid.asText()))
                            .compose(removed -> rejoinAtOnce
                                    ? commands.send(Request.cmd(Command.HSET).arg(RoomFixture.live(ROOM)).arg(clientId)
                                            .arg("{\"node\":\"" + ACKING_NODE + "\",\"sid\":\"sid-again\",\"userRef\":\"u-1\",\"role\":\"participant\",\"joinedAt\":1}"))
                                    : io.vertx.core.Future.succeededFuture());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The reference node's removal script, as server.js runs it: its users-index library in front. */
    static String referenceRemovalScript() throws IOException {
        String server = Files.readString(Path.of("examples", "socketio-signaling", "server.js"));
        return scriptNamed(server, "REMOVE_IF_OWNER").replace("${INDEX_LIB}", scriptNamed(server, "INDEX_LIB"));
    }

    private static String scriptNamed(String server, String name) {
        Matcher script = Pattern.compile("const " + name + " = `(.*?)`;", Pattern.DOTALL).matcher(server);
        assertThat(script.find()).as(name + " in server.js").isTrue();
        return script.group(1);
    }
}
