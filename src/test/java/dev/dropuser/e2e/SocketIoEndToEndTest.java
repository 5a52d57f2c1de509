package dev.dropuser.e2e;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.Participants;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingNodeProcess;
import dev.dropuser.testing.SocketIoParticipant;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path with real peers: the HTTP API, Redis, the reference Socket.IO signaling node with the
 * classic Redis adapter, and real socket.io clients.
 */
@QuarkusTest
class SocketIoEndToEndTest {
    static final Duration PATIENCE = Participants.PATIENCE;
    static SignalingNodeProcess signaling;

    @Inject
    RedisDataSource redis;

    RoomFixture registry;
    Participants participants;
    String room;

    @BeforeAll
    static void startSignalingNode() {
        signaling = SignalingNodeProcess.start("sig-e2e-1", TestRedis.server().url(), "classic");
    }

    @AfterAll
    static void stopSignalingNode() {
        signaling.close();
    }

    @BeforeEach
    void newRoom() {
        registry = new RoomFixture(redis);
        participants = new Participants(registry);
        room = "e2e-" + UUID.randomUUID();
    }

    @AfterEach
    void leave() {
        participants.close();
    }

    SocketIoParticipant join(String clientId, String userRef, String role) {
        return participants.join(signaling, room, clientId, userRef, role);
    }

    void awaitRegistered(String... clientIds) {
        participants.awaitRegistered(room, clientIds);
    }

    Response drop(String body) {
        return given().header("Authorization", bearer(Tokens.moderator(room, "u-mod")))
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", room);
    }

    @Test
    void givenThreeParticipants_dropOne_onlyItGetsTheEventThenIsDisconnectedForGood() {
        SocketIoParticipant moderator = join("mod-1", "u-mod", "moderator");
        SocketIoParticipant alice = join("alice", "u-alice", "participant");
        SocketIoParticipant bob = join("bob", "u-bob", "participant");
        SocketIoParticipant carol = join("carol", "u-carol", "participant");
        awaitRegistered("mod-1", "alice", "bob", "carol");

        Response response = drop("{\"clientIds\":[\"bob\"],\"reason\":\"spam\"}");

        response.then().statusCode(200);
        assertThat(response.jsonPath().getInt("result")).isZero();
        assertThat(response.jsonPath().getList("clients", Map.class))
                .containsExactly(Map.of("clientId", "bob", "status", "dropped"));
        assertThat(bob.await(events -> events.contains("disconnect:io server disconnect"), PATIENCE))
                .as("bob's events: %s", bob.events()).isTrue();
        assertThat(bob.events()).containsExactly("connect", "room-disconnected", "disconnect:io server disconnect");

        var payload = bob.disconnectPayload();
        assertThat(payload.path("cause").path("code").asInt()).isEqualTo(4501);
        assertThat(payload.path("cause").path("msg").asText()).isEqualTo("disconnected-by-moderator");
        assertThat(payload.path("reason").asText()).isEqualTo("spam");
        assertThat(payload.path("roomId").asText()).isEqualTo(room);
        assertThat(payload.path("clientId").asText()).isEqualTo("bob");
        assertThat(payload.path("requestId").asText()).isEqualTo(response.jsonPath().getString("requestId"));

        Participants.pause(500);
        assertThat(bob.connected()).isFalse();
        assertThat(bob.events()).as("no reconnection").containsOnlyOnce("connect");
        for (SocketIoParticipant untouched : List.of(moderator, alice, carol)) {
            assertThat(untouched.connected()).isTrue();
            assertThat(untouched.events()).containsExactly("connect");
        }
        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod-1", "alice", "carol");
        assertThat(registry.dropping(room)).isEmpty();
    }

    @Test
    void givenModeratorAndParticipants_dropAll_keepsTheModeratorOnly() {
        SocketIoParticipant moderator = join("mod-1", "u-mod", "moderator");
        List<SocketIoParticipant> others = List.of(
                join("alice", "u-alice", "participant"), join("bob", "u-bob", "participant"));
        awaitRegistered("mod-1", "alice", "bob");

        Response response = drop("{\"clientIds\":[]}");

        response.then().statusCode(200);
        assertThat(response.jsonPath().getList("clients", Map.class)).containsExactlyInAnyOrder(
                Map.of("clientId", "alice", "status", "dropped"), Map.of("clientId", "bob", "status", "dropped"));
        for (SocketIoParticipant dropped : others) {
            assertThat(dropped.await(events -> events.contains("disconnect:io server disconnect"), PATIENCE)).isTrue();
            assertThat(dropped.disconnectPayload().path("cause").path("msg").asText())
                    .isEqualTo("disconnected-by-moderator");
        }
        Participants.pause(300);
        assertThat(moderator.connected()).isTrue();
        assertThat(moderator.events()).containsExactly("connect");
        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod-1");
    }

    @Test
    void givenBan_droppedUserRejoining_isRefusedByTheSignalingNode() {
        join("mod-1", "u-mod", "moderator");
        SocketIoParticipant bob = join("bob", "u-bob", "participant");
        awaitRegistered("mod-1", "bob");

        drop("{\"clientIds\":[\"bob\"],\"banSeconds\":600}").then().statusCode(200);
        assertThat(bob.await(events -> events.contains("disconnect:io server disconnect"), PATIENCE)).isTrue();

        SocketIoParticipant bobAgain = join("bob-2", "u-bob", "participant");
        assertThat(bobAgain.await(events -> events.contains("connect_error:banned"), PATIENCE))
                .as("events: %s", bobAgain.events()).isTrue();
        assertThat(registry.liveEntries(room)).doesNotContainKey("bob-2");
    }
}
