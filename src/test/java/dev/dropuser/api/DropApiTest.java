package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drop API over HTTP with real tokens and a real Redis (CONTRACT §2–§4). */
@QuarkusTest
class DropApiTest {
    static final String ROOM = "r1";

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    SignalingHarness stage;
    RoomFixture room;
    PublishedMessages bus;
    FakeSignalingNode node;

    @BeforeEach
    void setUp() {
        stage = SignalingHarness.start(redis, vertx);
        room = stage.registry();
        bus = stage.bus();
        node = stage.node();
    }

    @AfterEach
    void tearDown() {
        stage.close();
    }

    static Response drop(String token, String room, String body) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", room);
    }

    @Test
    void givenLiveClientOnLiveNode_drop_returnsDroppedOnceSignalingRemovesIt() {
        node.join(ROOM, "c1", "u-1", "participant");
        node.join(ROOM, "c2", "u-2", "participant");

        drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"c1\"]}")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("result", equalTo(0))
                .body("msg", equalTo("Success"))
                .body("requestId", not(emptyOrNullString()))
                .body("roomId", equalTo(ROOM))
                .body("clients", equalTo(List.of(Map.of("clientId", "c1", "status", "dropped"))));

        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("c2");
        assertThat(room.dropping(ROOM)).isEmpty();
    }

    @Test
    void givenNodeThatNeverConfirms_drop_returnsPendingAndLeavesDroppingMark() {
        room.heartbeat("sig-silent");
        room.join(ROOM, "c1", "sig-silent", "sid-1", "u-1", "participant");

        String requestId = drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"c1\"]}")
                .then().statusCode(200)
                .body("clients", equalTo(List.of(Map.of("clientId", "c1", "status", "pending"))))
                .extract().path("requestId");

        assertThat(room.liveEntries(ROOM)).containsKey("c1");
        assertThat(room.dropping(ROOM).get("c1"))
                .contains("\"requestId\":\"" + requestId + "\"", "\"cause\":4501", "\"attempts\":1", "\"at\":");
    }

    @Test
    void givenUnknownClient_drop_returnsNotFoundAndPublishesNothing() {
        drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"nobody\"]}")
                .then().statusCode(200)
                .body("result", equalTo(0))
                .body("clients", equalTo(List.of(Map.of("clientId", "nobody", "status", "not-found"))));

        assertThat(bus.await(m -> true, 1, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void givenEntryOfNodeWithoutHeartbeat_drop_removesGhostAndStillPublishes() {
        room.join(ROOM, "c1", "sig-dead", "sid-ghost", "u-1", "participant");

        drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"c1\"]}")
                .then().statusCode(200)
                .body("clients", equalTo(List.of(Map.of("clientId", "c1", "status", "ghost-removed"))));

        assertThat(room.liveEntries(ROOM)).isEmpty();
        assertThat(room.dropping(ROOM)).isEmpty();
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-ghost#"), 1, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void givenModeratorAndTwoParticipants_dropAll_keepsCallerAndDropsOthers() {
        node.join(ROOM, "mod-tab-1", "u-mod", "moderator");
        node.join(ROOM, "mod-tab-2", "u-mod", "moderator");
        node.join(ROOM, "c1", "u-1", "participant");
        node.join(ROOM, "c2", "u-2", "participant");

        Response response = drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[]}");

        response.then().statusCode(200).body("result", equalTo(0));
        assertThat(response.jsonPath().getList("clients", Map.class)).containsExactlyInAnyOrder(
                Map.of("clientId", "c1", "status", "dropped"), Map.of("clientId", "c2", "status", "dropped"));
        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("mod-tab-1", "mod-tab-2");
    }

    @Test
    void givenServiceToken_dropAll_dropsEveryoneIncludingModerators() {
        node.join(ROOM, "mod-tab", "u-mod", "moderator");
        node.join(ROOM, "c1", "u-1", "participant");

        Response response = drop(Tokens.service("billing"), ROOM, "{\"clientIds\":[]}");

        response.then().statusCode(200);
        assertThat(response.jsonPath().getList("clients.status")).containsOnly("dropped").hasSize(2);
        assertThat(room.liveEntries(ROOM)).isEmpty();
        // One event frame per dropped client, each with the service's cause (an empty list would prove nothing).
        assertThat(bus.all().stream().filter(m -> m.channel().startsWith("socket.io#/#")).map(m -> new String(m.payload())).toList())
                .hasSize(2)
                .allSatisfy(frame -> assertThat(frame).contains("disconnected-by-service"));
    }

    @Test
    void givenModeratorOfRoomA_dropInRoomB_isRefusedAndChangesNothing() {
        node.join("room-b", "c1", "u-1", "participant");
        Map<String, String> before = room.snapshot();

        drop(Tokens.moderator("room-a", "u-mod"), "room-b", "{\"clientIds\":[\"c1\"]}")
                .then().statusCode(403)
                .body("result", equalTo(5116))
                .body("msg", equalTo("Unauthorized Access"))
                .body("error", not(emptyOrNullString()))
                .body("requestId", not(emptyOrNullString()));

        assertThat(room.snapshot()).isEqualTo(before);
    }

    @Test
    void givenParticipantToken_drop_returnsUnauthorizedAccess() {
        node.join(ROOM, "c1", "u-1", "participant");

        drop(Tokens.participant(ROOM, "u-2"), ROOM, "{\"clientIds\":[\"c1\"]}")
                .then().statusCode(403).body("result", equalTo(5116));

        assertThat(room.liveEntries(ROOM)).containsKey("c1");
    }

    @Test
    void givenBanSeconds_drop_bansUserUntilNowPlusBan() {
        node.join(ROOM, "c1", "u-1", "participant");
        long before = System.currentTimeMillis();

        drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"c1\"],\"banSeconds\":600}")
                .then().statusCode(200);

        long after = System.currentTimeMillis();
        var bans = room.bans(ROOM);
        assertThat(bans).hasSize(1);
        assertThat(bans.get(0).value()).isEqualTo("u-1");
        assertThat((long) bans.get(0).score()).isBetween(before + 600_000, after + 600_000);
    }

    @Test
    void givenNoBan_drop_leavesBansEmpty() {
        node.join(ROOM, "c1", "u-1", "participant");

        drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"c1\"]}").then().statusCode(200);

        assertThat(room.bans(ROOM)).isEmpty();
    }

    @Test
    void givenDuplicateIds_drop_reportsEachClientOnce() {
        node.join(ROOM, "c1", "u-1", "participant");

        drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"c1\",\"c1\",\"c1\"]}")
                .then().statusCode(200)
                .body("clients", equalTo(List.of(Map.of("clientId", "c1", "status", "dropped"))));
    }

    @Test
    void givenReasonText_drop_sendsItToTheDroppedClient() {
        node.join(ROOM, "c1", "u-1", "participant");

        drop(Tokens.moderator(ROOM, "u-mod"), ROOM, "{\"clientIds\":[\"c1\"],\"reason\":\"Off-topic, sorry ✋\"}")
                .then().statusCode(200);

        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sig-1-c1#"), 1, Duration.ofSeconds(2)))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).contains("Off-topic, sorry ✋"));
    }
}
