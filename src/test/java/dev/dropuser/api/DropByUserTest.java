package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dropping a user everywhere, and who may ban whom (CONTRACT §11.1, §11.2), over HTTP with a real Redis. */
@QuarkusTest
class DropByUserTest {
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

    static Response drop(String token, String body) {
        return given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", ROOM);
    }

    static String moderator() {
        return Tokens.moderator(ROOM, "u-mod");
    }

    static Map<String, Object> item(String clientId, String userRef, String status) {
        return Map.of("clientId", clientId, "userRef", userRef, "status", status);
    }

    @Test
    void givenUserWithTwoSessions_dropByUserRef_dropsBothAndKeepsTheOtherUser() {
        node.join(ROOM, "tab-1", "u-1", "participant");
        node.join(ROOM, "tab-2", "u-1", "participant");
        node.join(ROOM, "c2", "u-2", "participant");

        Response answer = drop(moderator(), "{\"userRefs\":[\"u-1\"]}");

        answer.then().statusCode(200).body("result", equalTo(0));
        assertThat(answer.jsonPath().getList("clients", Map.class)).containsExactlyInAnyOrder(
                item("tab-1", "u-1", "dropped"), item("tab-2", "u-1", "dropped"));
        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("c2");
    }

    @Test
    void givenSignalingIndex_dropByUserRef_findsSessionsThroughItAndIgnoresStaleIds() {
        node.join(ROOM, "tab-1", "u-1", "participant");
        node.join(ROOM, "reused", "u-2", "participant");
        room.indexUser(ROOM, "u-1", "tab-1", "gone", "reused");
        room.indexUser(ROOM, "u-2", "reused");

        drop(moderator(), "{\"userRefs\":[\"u-1\"]}")
                .then().statusCode(200)
                .body("clients", equalTo(List.of(item("tab-1", "u-1", "dropped"))));

        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("reused");
    }

    @Test
    void givenClientIdsAndUserRefs_drop_reportsEachClientOnceAndUnknownUserAsNotFound() {
        node.join(ROOM, "tab-1", "u-1", "participant");
        node.join(ROOM, "c2", "u-2", "participant");

        drop(moderator(), "{\"clientIds\":[\"tab-1\",\"c2\"],\"userRefs\":[\"u-1\",\"u-9\"]}")
                .then().statusCode(200)
                .body("clients", equalTo(List.of(item("tab-1", "u-1", "dropped"),
                        Map.of("clientId", "c2", "status", "dropped"),
                        Map.of("userRef", "u-9", "status", "not-found"))));
    }

    @Test
    void givenUserRefsAndABan_repeatWithTheSameKey_returnsTheFirstAnswerItemForItem() {
        node.join(ROOM, "tab-1", "u-1", "participant");
        node.join(ROOM, "c2", "u-2", "participant");
        String body = "{\"clientIds\":[\"c2\",\"nobody\"],\"userRefs\":[\"u-1\",\"u-9\"],\"banSeconds\":60}";
        Response first = given().header("Authorization", bearer(Tokens.service("backend"))).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(body).when().post("/v1/rooms/{room}/drop", ROOM);
        first.then().statusCode(200).body("clients", hasSize(4));

        Response repeat = given().header("Authorization", bearer(Tokens.service("backend"))).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(body).when().post("/v1/rooms/{room}/drop", ROOM);

        // The stored answer keeps plain items as status words and items with a userRef or a ban whole (lib.lua).
        repeat.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(repeat.asString()).isEqualTo(first.asString());
    }

    @Test
    void givenEveryoneAndAUserWithoutSession_drop_dropsEveryoneAndBansTheAbsentUserAhead() {
        node.join(ROOM, "c1", "u-1", "participant");
        long before = System.currentTimeMillis();

        Response answer = drop(Tokens.service("backend"), "{\"clientIds\":[],\"userRefs\":[\"u-9\"],\"banSeconds\":60}");

        answer.then().statusCode(200);
        List<Map<String, Object>> clients = answer.jsonPath().getList("clients");
        assertThat(clients).hasSize(2);
        assertThat(clients.get(0)).containsEntry("clientId", "c1").containsEntry("userRef", "u-1").containsKey("banUntil");
        assertThat(clients.get(1)).containsEntry("userRef", "u-9").containsEntry("status", "not-found")
                .doesNotContainKey("clientId");
        long banUntil = ((Number) clients.get(1).get("banUntil")).longValue();
        assertThat(banUntil).isBetween(before + 60_000, System.currentTimeMillis() + 60_000);
        assertThat(room.bans(ROOM)).extracting(b -> b.value()).containsExactlyInAnyOrder("u-1", "u-9");
    }

    @Test
    void givenModeratorListingItself_drop_dropsNothingOfItsOwnAndReportsNotFound() {
        node.join(ROOM, "mod-tab", "u-mod", "moderator");
        node.join(ROOM, "c1", "u-1", "participant");

        drop(moderator(), "{\"userRefs\":[\"u-mod\",\"u-1\"],\"banSeconds\":60}")
                .then().statusCode(200)
                .body("clients[0].clientId", equalTo("c1"))
                .body("clients[1]", equalTo(Map.of("userRef", "u-mod", "status", "not-found")));

        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("mod-tab");
        assertThat(room.bans(ROOM)).extracting(b -> b.value()).containsExactly("u-1");
    }

    @Test
    void givenModeratorBanningAnotherModerator_drop_dropsButDoesNotBanIt() {
        node.join(ROOM, "co-mod", "u-comod", "moderator");
        node.join(ROOM, "c1", "u-1", "participant");

        Response answer = drop(moderator(), "{\"userRefs\":[\"u-comod\",\"u-1\"],\"banSeconds\":600}");

        answer.then().statusCode(200);
        assertThat(answer.jsonPath().getMap("clients[0]")).isEqualTo(item("co-mod", "u-comod", "dropped"));
        assertThat(answer.jsonPath().getMap("clients[1]")).containsKey("banUntil");
        assertThat(room.liveEntries(ROOM)).isEmpty();
        assertThat(room.bans(ROOM)).extracting(b -> b.value()).containsExactly("u-1");
    }

    @Test
    void givenServiceBanningAModerator_drop_bansIt() {
        node.join(ROOM, "co-mod", "u-comod", "moderator");

        drop(Tokens.service("backend"), "{\"clientIds\":[\"co-mod\"],\"banSeconds\":600}")
                .then().statusCode(200)
                .body("clients[0].userRef", equalTo("u-comod"))
                .body("clients[0].banUntil", org.hamcrest.Matchers.notNullValue());

        assertThat(room.bans(ROOM)).extracting(b -> b.value()).containsExactly("u-comod");
    }

    @Test
    void givenBan_drop_prunesExpiredBansAndExpiresTheSetWithItsLatestBan() {
        room.ban(ROOM, "u-old", System.currentTimeMillis() - 1_000);
        node.join(ROOM, "c1", "u-1", "participant");

        long banUntil = drop(moderator(), "{\"userRefs\":[\"u-1\"],\"banSeconds\":600}")
                .then().statusCode(200).extract().jsonPath().getLong("clients[0].banUntil");

        assertThat(room.bans(ROOM)).extracting(b -> b.value()).containsExactly("u-1");
        assertThat(room.expiresAt(RoomFixture.bansKey(ROOM))).isEqualTo(banUntil);
    }

    @Test
    void givenNeitherClientIdsNorUserRefs_drop_isInvalidRequest() {
        drop(moderator(), "{\"reason\":\"x\"}").then().statusCode(400).body("result", equalTo(1002));
        drop(moderator(), "{\"userRefs\":[]}").then().statusCode(400).body("result", equalTo(1002));
    }

    @Test
    void givenBadOrTooManyUserRefs_drop_isInvalidRequest() {
        String many = IntStream.rangeClosed(1, 101).mapToObj(i -> "\"u-" + i + "\"").collect(Collectors.joining(","));
        drop(moderator(), "{\"userRefs\":[" + many + "]}").then().statusCode(400).body("result", equalTo(1002));
        drop(moderator(), "{\"userRefs\":[\"bad user\"]}").then().statusCode(400).body("result", equalTo(1002));
        drop(moderator(), "{\"userRefs\":\"u-1\"}").then().statusCode(400).body("result", equalTo(1002));
    }
}
