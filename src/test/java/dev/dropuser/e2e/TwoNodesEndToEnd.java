package dev.dropuser.e2e;

import static dev.dropuser.testing.Participants.assertDropped;
import static dev.dropuser.testing.Participants.assertUntouched;
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
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A signaling cluster of two reference nodes sharing one Socket.IO Redis adapter, with real clients spread
 * across both and a bystander in another room. Each subclass runs it for one adapter mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodesEndToEnd {
    static final String MODERATOR_MSG = "disconnected-by-moderator";

    @Inject
    RedisDataSource redis;

    SignalingNodeProcess nodeA;
    SignalingNodeProcess nodeB;
    RoomFixture registry;
    Participants participants;
    String room;
    String otherRoom;

    /** The reference node's ADAPTER_MODE matching the dropuser mode of the subclass. */
    abstract String adapterMode();

    @BeforeAll
    void startNodes() {
        String tag = adapterMode() + "-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = SignalingNodeProcess.start("sig-a-" + tag, TestRedis.server().url(), adapterMode());
        nodeB = SignalingNodeProcess.start("sig-b-" + tag, TestRedis.server().url(), adapterMode());
    }

    @AfterAll
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @BeforeEach
    void newRooms() {
        registry = new RoomFixture(redis);
        participants = new Participants(registry);
        room = "room-" + UUID.randomUUID();
        otherRoom = "other-" + UUID.randomUUID();
    }

    @AfterEach
    void leave() {
        participants.close();
    }

    Response drop(String body) {
        return given().header("Authorization", bearer(Tokens.moderator(room, "u-mod")))
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", room);
    }

    static void assertAllDropped(Response response, String... clientIds) {
        response.then().statusCode(200);
        assertThat(response.jsonPath().getInt("result")).isZero();
        assertThat(response.jsonPath().getList("clients", Map.class)).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(clientIds).map(id -> Map.of("clientId", id, "status", "dropped")).toList());
    }

    @Test
    void givenClientsOnBothNodes_dropOneOnTheSecondNode_onlyItLeaves() {
        SocketIoParticipant moderator = participants.join(nodeA, room, "mod", "u-mod", "moderator");
        SocketIoParticipant a1 = participants.join(nodeA, room, "a1", "u-a1", "participant");
        SocketIoParticipant b1 = participants.join(nodeB, room, "b1", "u-b1", "participant");
        SocketIoParticipant b2 = participants.join(nodeB, room, "b2", "u-b2", "participant");
        SocketIoParticipant bystander = participants.join(nodeB, otherRoom, "b1", "u-x", "participant");
        participants.awaitRegistered(room, "mod", "a1", "b1", "b2");
        participants.awaitRegistered(otherRoom, "b1");

        assertAllDropped(drop("{\"clientIds\":[\"b1\"]}"), "b1");

        assertDropped(b1, MODERATOR_MSG);
        Participants.pause(300);
        List.of(moderator, a1, b2, bystander).forEach(Participants::assertUntouched);
        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod", "a1", "b2");
        assertThat(registry.liveEntries(otherRoom)).containsOnlyKeys("b1");
    }

    @Test
    void givenClientsOnBothNodes_dropSeveral_dropsThemOnEachNode() {
        participants.join(nodeA, room, "mod", "u-mod", "moderator");
        SocketIoParticipant a1 = participants.join(nodeA, room, "a1", "u-a1", "participant");
        SocketIoParticipant a2 = participants.join(nodeA, room, "a2", "u-a2", "participant");
        SocketIoParticipant b1 = participants.join(nodeB, room, "b1", "u-b1", "participant");
        SocketIoParticipant b2 = participants.join(nodeB, room, "b2", "u-b2", "participant");
        participants.awaitRegistered(room, "mod", "a1", "a2", "b1", "b2");

        assertAllDropped(drop("{\"clientIds\":[\"a1\",\"b2\",\"b1\"]}"), "a1", "b1", "b2");

        List.of(a1, b1, b2).forEach(p -> assertDropped(p, MODERATOR_MSG));
        assertUntouched(a2);
        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod", "a2");
    }

    @Test
    void givenModeratorWithTabsOnBothNodes_dropAll_keepsAllOfTheCallersTabs() {
        SocketIoParticipant tab1 = participants.join(nodeA, room, "mod-tab-1", "u-mod", "moderator");
        SocketIoParticipant tab2 = participants.join(nodeB, room, "mod-tab-2", "u-mod", "moderator");
        SocketIoParticipant a1 = participants.join(nodeA, room, "a1", "u-a1", "participant");
        SocketIoParticipant b1 = participants.join(nodeB, room, "b1", "u-b1", "participant");
        SocketIoParticipant bystander = participants.join(nodeA, otherRoom, "a1", "u-x", "participant");
        participants.awaitRegistered(room, "mod-tab-1", "mod-tab-2", "a1", "b1");
        participants.awaitRegistered(otherRoom, "a1");

        assertAllDropped(drop("{\"clientIds\":[]}"), "a1", "b1");

        List.of(a1, b1).forEach(p -> assertDropped(p, MODERATOR_MSG));
        Participants.pause(300);
        List.of(tab1, tab2, bystander).forEach(Participants::assertUntouched);
        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod-tab-1", "mod-tab-2");
    }

    @Test
    void givenBanOfTwoSeconds_droppedUser_isRefusedUntilTheBanEnds() {
        participants.join(nodeA, room, "mod", "u-mod", "moderator");
        SocketIoParticipant b1 = participants.join(nodeB, room, "b1", "u-b1", "participant");
        participants.awaitRegistered(room, "mod", "b1");

        Response banned = drop("{\"clientIds\":[\"b1\"],\"banSeconds\":2}");
        banned.then().statusCode(200);
        // A banned user's item names the user and the ban's end (CONTRACT §11.2).
        assertThat(banned.jsonPath().getMap("clients[0]")).containsEntry("clientId", "b1")
                .containsEntry("userRef", "u-b1").containsEntry("status", "dropped").containsKey("banUntil");
        assertDropped(b1, MODERATOR_MSG);

        SocketIoParticipant refused = participants.join(nodeA, room, "b1-again", "u-b1", "participant");
        assertThat(refused.await(events -> events.contains("connect_error:banned"), Participants.PATIENCE))
                .as("events: %s", refused.events()).isTrue();
        refused.close();

        Participants.pause(2_200);
        SocketIoParticipant back = participants.join(nodeB, room, "b1-later", "u-b1", "participant");
        participants.awaitRegistered(room, "b1-later");
        assertThat(back.connected()).isTrue();
    }

    @Test
    void givenUserWithTabsOnBothNodes_dropByUserRefWithBan_closesEveryTabAndRefusesRejoinUntilTheBanIsLifted() {
        participants.join(nodeA, room, "mod", "u-mod", "moderator");
        SocketIoParticipant tabA = participants.join(nodeA, room, "u1-tab-a", "u-1", "participant");
        SocketIoParticipant tabB = participants.join(nodeB, room, "u1-tab-b", "u-1", "participant");
        SocketIoParticipant other = participants.join(nodeB, room, "u2", "u-2", "participant");
        participants.awaitRegistered(room, "mod", "u1-tab-a", "u1-tab-b", "u2");

        Response answer = drop("{\"userRefs\":[\"u-1\"],\"banSeconds\":600}");

        answer.then().statusCode(200);
        assertThat(answer.jsonPath().getList("clients.clientId")).containsExactlyInAnyOrder("u1-tab-a", "u1-tab-b");
        assertThat(answer.jsonPath().getList("clients.status")).containsOnly("dropped");
        assertThat(answer.jsonPath().getList("clients.userRef")).containsOnly("u-1");
        List.of(tabA, tabB).forEach(tab -> assertDropped(tab, MODERATOR_MSG));
        Participants.pause(300);
        assertUntouched(other);
        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod", "u2");

        SocketIoParticipant refused = participants.join(nodeB, room, "u1-again", "u-1", "participant");
        assertThat(refused.await(events -> events.contains("connect_error:banned"), Participants.PATIENCE))
                .as("events: %s", refused.events()).isTrue();
        refused.close();

        given().header("Authorization", bearer(Tokens.moderator(room, "u-mod")))
                .when().delete("/v1/rooms/{room}/bans/{user}", room, "u-1")
                .then().statusCode(200).body("lifted", org.hamcrest.Matchers.equalTo(true));

        SocketIoParticipant back = participants.join(nodeA, room, "u1-back", "u-1", "participant");
        participants.awaitRegistered(room, "u1-back");
        assertThat(back.connected()).isTrue();
    }
}
