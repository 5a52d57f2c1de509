package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingHarness;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bans you can list and lift, and the audit trail (CONTRACT §11.3, §11.4), over HTTP with a real Redis. */
@QuarkusTest
class ModerationRecordsApiTest {
    static final String ROOM = "r1";

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    SignalingHarness stage;
    RoomFixture room;
    FakeSignalingNode node;

    @BeforeEach
    void setUp() {
        stage = SignalingHarness.start(redis, vertx);
        room = stage.registry();
        node = stage.node();
    }

    @AfterEach
    void tearDown() {
        stage.close();
    }

    static String moderator() {
        return Tokens.moderator(ROOM, "u-mod");
    }

    static Response drop(String token, String body) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", ROOM);
    }

    static Response bans(String token, String room) {
        return given().header("Authorization", bearer(token)).when().get("/v1/rooms/{room}/bans", room);
    }

    static Response lift(String token, String room, String userRef) {
        return given().header("Authorization", bearer(token)).when().delete("/v1/rooms/{room}/bans/{user}", room, userRef);
    }

    static Response drops(String token, String query) {
        return given().header("Authorization", bearer(token)).when().get("/v1/rooms/" + ROOM + "/drops" + query);
    }

    @Test
    void givenBansInForceAndExpired_listBans_showsOnlyThoseInForceSoonestFirst() {
        long now = System.currentTimeMillis();
        room.ban(ROOM, "u-late", now + 600_000);
        room.ban(ROOM, "u-soon", now + 60_000);
        room.ban(ROOM, "u-over", now - 1_000);

        bans(moderator(), ROOM).then().statusCode(200).contentType(ContentType.JSON)
                .body("result", equalTo(0)).body("msg", equalTo("Success")).body("roomId", equalTo(ROOM))
                .body("bans.userRef", equalTo(List.of("u-soon", "u-late")))
                .body("bans[0].until", equalTo(now + 60_000));
    }

    @Test
    void givenBanInForce_liftBan_removesItAuditsItAndTheUserIsNoLongerListed() {
        long now = System.currentTimeMillis();
        room.ban(ROOM, "u-1", now + 600_000);
        room.ban(ROOM, "u-2", now + 60_000);

        lift(moderator(), ROOM, "u-1").then().statusCode(200)
                .body("result", equalTo(0)).body("roomId", equalTo(ROOM)).body("userRef", equalTo("u-1"))
                .body("lifted", equalTo(true));

        assertThat(room.bans(ROOM)).extracting(b -> b.value()).containsExactly("u-2");
        assertThat(room.expiresAt(RoomFixture.bansKey(ROOM))).isEqualTo(now + 60_000);
        List<Map<String, String>> audit = room.audit(ROOM);
        assertThat(audit).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("by", "u-mod").containsEntry("trigger", "unban").doesNotContainKey("cause")
                    .containsEntry("clients", "[{\"userRef\":\"u-1\",\"status\":\"lifted\"}]");
        });
    }

    @Test
    void givenNoBanInForce_liftBan_answersNotLiftedAndAuditsNothing() {
        room.ban(ROOM, "u-1", System.currentTimeMillis() - 1);

        lift(Tokens.service("backend"), ROOM, "u-1").then().statusCode(200).body("lifted", equalTo(false));

        assertThat(room.bans(ROOM)).isEmpty();
        assertThat(room.audit(ROOM)).isEmpty();
    }

    @Test
    void givenWrongCallers_moderationEndpoints_refuseWithContractCodes() {
        for (Response refused : List.of(
                given().when().get("/v1/rooms/r1/bans"),
                given().header("Authorization", "Bearer nope").when().delete("/v1/rooms/r1/bans/u-1"),
                given().when().get("/v1/rooms/r1/drops"))) {
            refused.then().statusCode(401).contentType(ContentType.JSON).body("result", equalTo(1001));
        }
        String otherRoom = Tokens.moderator("r2", "u-mod");
        String participant = Tokens.participant(ROOM, "u-1");
        for (String token : List.of(otherRoom, participant)) {
            bans(token, ROOM).then().statusCode(403).body("result", equalTo(5116));
            lift(token, ROOM, "u-1").then().statusCode(403).body("result", equalTo(5116));
            drops(token, "").then().statusCode(403).body("result", equalTo(5116));
        }
        bans(Tokens.service("backend"), "bad!room").then().statusCode(400).body("result", equalTo(1002));
        lift(moderator(), ROOM, "bad user").then().statusCode(400).body("result", equalTo(1002));
        for (String query : List.of("?limit=0", "?limit=101", "?limit=x", "?limit=", "?after=abc", "?after=1-2-3",
                "?after=99999999999999999999-0", "?after=")) {
            Response refused = drops(moderator(), query);
            assertThat(List.of(refused.statusCode(), refused.jsonPath().getInt("result"))).as(query).containsExactly(400, 1002);
        }
    }

    @Test
    void givenADrop_auditTrail_recordsOneEntryWithTheContractFields() {
        node.join(ROOM, "c1", "u-1", "participant");

        String requestId = drop(moderator(), "{\"userRefs\":[\"u-1\"],\"reason\":\"spam\",\"banSeconds\":600}")
                .then().statusCode(200).extract().path("requestId");

        Response page = drops(moderator(), "");
        page.then().statusCode(200).body("result", equalTo(0)).body("roomId", equalTo(ROOM))
                .body("next", nullValue())
                .body("drops[0].requestId", equalTo(requestId))
                .body("drops[0].by", equalTo("u-mod"))
                .body("drops[0].trigger", equalTo("api"))
                .body("drops[0].cause", equalTo(4501))
                .body("drops[0].reason", equalTo("spam"))
                .body("drops[0].banSeconds", equalTo(600))
                .body("drops[0].clients[0].clientId", equalTo("c1"))
                .body("drops[0].clients[0].userRef", equalTo("u-1"))
                .body("drops[0].clients[0].status", equalTo("pending"));
        assertThat(page.asString()).contains("\"next\":null");
        Map<String, Object> entry = page.jsonPath().getMap("drops[0]");
        assertThat(entry.get("id").toString()).matches("[0-9]+-[0-9]+");
        assertThat(((Number) entry.get("at")).longValue()).isPositive();
        assertThat(entry).containsKey("clients");
    }

    @Test
    void givenReplayAndRefusals_auditTrail_holdsOnlyTheProcessedRequest() {
        node.join(ROOM, "c1", "u-1", "participant");
        String body = "{\"clientIds\":[\"c1\"]}";
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", bearer(moderator())).header("Idempotency-Key", "once")
                    .contentType(ContentType.JSON).body(body).when().post("/v1/rooms/{room}/drop", ROOM)
                    .then().statusCode(200);
        }
        drop(Tokens.moderator("r2", "u-mod"), body).then().statusCode(403);
        drop(moderator(), "{\"clientIds\":\"c1\"}").then().statusCode(400);

        assertThat(room.audit(ROOM)).hasSize(1);
    }

    @Test
    void givenFiveDrops_dropHistory_pagesOldestFirstWithNext() {
        for (int i = 1; i <= 5; i++) {
            drop(Tokens.service("backend"), "{\"clientIds\":[\"c" + i + "\"]}").then().statusCode(200);
        }

        Response first = drops(moderator(), "?limit=2");
        first.then().statusCode(200).body("drops.clients.flatten().clientId", equalTo(List.of("c1", "c2")))
                .body("drops[0].trigger", equalTo("api")).body("drops[0].by", equalTo("backend"))
                .body("drops[0].cause", equalTo(4502));
        String next = first.jsonPath().getString("next");
        assertThat(next).isEqualTo(first.jsonPath().getString("drops[1].id"));

        Response second = drops(moderator(), "?limit=2&after=" + next);
        second.then().body("drops.clients.flatten().clientId", equalTo(List.of("c3", "c4")));
        Response last = drops(moderator(), "?limit=2&after=" + second.jsonPath().getString("next"));
        last.then().body("drops.clients.flatten().clientId", equalTo(List.of("c5"))).body("next", nullValue());

        drops(moderator(), "").then().body("drops.size()", equalTo(5)).body("next", nullValue());
    }
}
