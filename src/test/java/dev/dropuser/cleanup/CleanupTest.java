package dev.dropuser.cleanup;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduled cleanup's three duties, run on demand (CONTRACT §8). */
@QuarkusTest
class CleanupTest {
    static final long MINUTE = 60_000;

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;
    @Inject
    StaleSessionSweep sweep;

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

    static Response cleanupNow(String token) {
        return given().header("Authorization", bearer(token)).when().post("/v1/cleanup");
    }

    void endSession(String roomId, long endedAt) {
        redis.sortedSet(String.class).zadd("dropuser:rooms:ends", endedAt, roomId);
    }

    void markDropping(String roomId, String clientId, String requestId, long at, int attempts) {
        redis.hash(String.class).hset("dropuser:room:{" + roomId + "}:dropping", clientId,
                "{\"requestId\":\"" + requestId + "\",\"cause\":4501,\"at\":" + at + ",\"attempts\":" + attempts + "}");
    }

    @Test
    void givenRoomPastItsEnd_cleanup_dropsEveryoneWithSessionExpiredAndForgetsTheRoom() {
        room.heartbeat("sig-1");
        room.join("ended", "c1", "sig-1", "sid-1", "u-1", "participant");
        room.join("ended", "mod", "sig-1", "sid-m", "u-mod", "moderator");
        room.join("running", "c9", "sig-1", "sid-9", "u-9", "participant");
        endSession("ended", System.currentTimeMillis() - MINUTE);
        endSession("running", System.currentTimeMillis() + 60 * MINUTE);

        cleanupNow(Tokens.service("ops")).then().statusCode(200)
                .body("result", equalTo(0)).body("msg", equalTo("Success"))
                .body("roomsClosed", equalTo(1)).body("retried", equalTo(0)).body("ghostsRemoved", equalTo(0));

        var frames = bus.await(m -> m.channel().startsWith("socket.io#/#sid-"), 2, Duration.ofSeconds(2));
        assertThat(frames).extracting(PublishedMessages.Message::channel)
                .containsExactlyInAnyOrder("socket.io#/#sid-1#", "socket.io#/#sid-m#");
        assertThat(frames).allSatisfy(frame -> assertThat(frame.text()).contains("session-expired"));
        assertThat(room.dropping("ended")).containsOnlyKeys("c1", "mod");
        assertThat(redis.sortedSet(String.class).zrange("dropuser:rooms:ends", 0, -1)).containsExactly("running");
        assertThat(room.dropping("running")).isEmpty();
    }

    @Test
    void givenOldUnconfirmedDropOnLiveNode_cleanup_publishesAgainWithOneMoreAttempt() {
        room.heartbeat("sig-1");
        room.join("r1", "c1", "sig-1", "sid-1", "u-1", "participant");
        markDropping("r1", "c1", "req-1", System.currentTimeMillis() - MINUTE, 1);

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("retried", equalTo(1));

        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-1#"), 1, Duration.ofSeconds(2)))
                .singleElement().satisfies(frame -> assertThat(frame.text()).contains("req-1", "disconnected-by-moderator"));
        assertThat(room.dropping("r1").get("c1")).contains("\"requestId\":\"req-1\"", "\"attempts\":2");
    }

    @Test
    void givenUnconfirmedDropWithAReason_cleanup_republishesTheFirstPayload() throws Exception {
        room.heartbeat("sig-1");
        room.join("r1", "c1", "sig-1", "sid-1", "u-1", "participant");
        String requestId = given().header("Authorization", bearer(Tokens.moderator("r1", "u-mod")))
                .contentType("application/json").body("{\"clientIds\":[\"c1\"],\"reason\":\"spam\"}")
                .when().post("/v1/rooms/r1/drop")
                .then().statusCode(200).body("clients[0].status", equalTo("pending"))
                .extract().path("requestId");
        bus.await(m -> m.channel().equals("socket.io#/#sid-1#"), 1, Duration.ofSeconds(2));
        ageMark("r1", "c1");

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("retried", equalTo(1));

        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-1#"), 2, Duration.ofSeconds(2)))
                .hasSize(2).extracting(PublishedMessages.Message::text).allSatisfy(frame -> assertThat(frame)
                        .contains(requestId, "disconnected-by-moderator", "spam"));
        assertThat(room.dropping("r1").get("c1")).contains("\"by\":\"u-mod\"", "\"reason\":\"spam\"", "\"attempts\":2");
    }

    @Test
    void givenMarkWithAnUnknownCause_cleanup_leavesItAloneInsteadOfGuessingOne() {
        room.heartbeat("sig-1");
        room.join("r1", "c1", "sig-1", "sid-1", "u-1", "participant");
        redis.hash(String.class).hset("dropuser:room:{r1}:dropping", "c1",
                "{\"requestId\":\"req-1\",\"cause\":4999,\"at\":" + (System.currentTimeMillis() - MINUTE) + ",\"attempts\":1}");

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("retried", equalTo(0));

        assertThat(room.dropping("r1").get("c1")).contains("\"cause\":4999", "\"attempts\":1");
        assertThat(redis.key().exists("dropuser:room:{r1}:live")).isTrue();
    }

    /** Moves a mark's time a minute back, as if its drop had waited that long for a confirmation. */
    void ageMark(String roomId, String clientId) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var mark = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(room.dropping(roomId).get(clientId));
        mark.put("at", System.currentTimeMillis() - MINUTE);
        redis.hash(String.class).hset("dropuser:room:{" + roomId + "}:dropping", clientId, mark.toString());
    }

    @Test
    void givenRecentUnconfirmedDrop_cleanup_leavesItForLater() {
        room.heartbeat("sig-1");
        room.join("r1", "c1", "sig-1", "sid-1", "u-1", "participant");
        markDropping("r1", "c1", "req-1", System.currentTimeMillis(), 1);

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("retried", equalTo(0));

        assertThat(room.dropping("r1").get("c1")).contains("\"attempts\":1");
        assertThat(bus.await(m -> true, 1, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void givenUnconfirmedDropWhoseClientLeft_cleanup_removesTheMark() {
        room.heartbeat("sig-1");
        markDropping("r1", "gone", "req-1", System.currentTimeMillis() - MINUTE, 1);

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("retried", equalTo(0));

        assertThat(room.dropping("r1")).isEmpty();
    }

    @Test
    void givenUnconfirmedDropWhoseEntryBecameUnusable_cleanup_removesTheMarkAndLeavesTheEntry() {
        room.heartbeat("sig-1");
        room.putRaw("r1", "odd", "not json");
        markDropping("r1", "odd", "req-1", System.currentTimeMillis() - MINUTE, 1);

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("retried", equalTo(0));

        assertThat(room.dropping("r1")).isEmpty();
        assertThat(room.liveEntries("r1")).containsEntry("odd", "not json");
        assertThat(bus.await(m -> true, 1, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void givenDropUnconfirmedAfterFiveAttempts_cleanup_givesUp() {
        room.heartbeat("sig-1");
        room.join("r1", "stuck", "sig-1", "sid-s", "u-1", "participant");
        markDropping("r1", "stuck", "req-1", System.currentTimeMillis() - MINUTE, 5);

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("retried", equalTo(0));

        assertThat(room.dropping("r1")).isEmpty();
        assertThat(room.liveEntries("r1")).containsKey("stuck");
        assertThat(bus.await(m -> true, 1, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void givenUnconfirmedDropOnDeadNode_cleanup_removesTheGhost() {
        room.join("r1", "c1", "sig-dead", "sid-1", "u-1", "participant");
        markDropping("r1", "c1", "req-1", System.currentTimeMillis() - MINUTE, 2);

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("ghostsRemoved", equalTo(1));

        assertThat(room.liveEntries("r1")).isEmpty();
        assertThat(room.dropping("r1")).isEmpty();
    }

    @Test
    void givenEntriesOfDeadAndLiveNodes_cleanup_removesOnlyTheDeadNodesEntries() {
        room.heartbeat("sig-alive");
        room.join("r1", "a", "sig-alive", "sid-a", "u-a", "participant");
        room.join("r1", "b", "sig-dead", "sid-b", "u-b", "participant");
        room.join("r2", "c", "sig-dead", "sid-c", "u-c", "participant");
        room.putRaw("r2", "junk", "not json");

        cleanupNow(Tokens.service("ops")).then().statusCode(200).body("ghostsRemoved", equalTo(2));

        assertThat(room.liveEntries("r1")).containsOnlyKeys("a");
        assertThat(room.liveEntries("r2")).containsOnlyKeys("junk");
    }

    @Test
    void givenTwoRunsAtOnce_cleanup_doesEachThingOnce() {
        room.heartbeat("sig-1");
        room.join("ended", "c1", "sig-1", "sid-1", "u-1", "participant");
        endSession("ended", System.currentTimeMillis() - MINUTE);
        room.join("r1", "c2", "sig-1", "sid-2", "u-2", "participant");
        markDropping("r1", "c2", "req-2", System.currentTimeMillis() - MINUTE, 1);
        room.join("r1", "ghost", "sig-dead", "sid-g", "u-g", "participant");

        CompletableFuture<SweepReport> one = sweep.run().toCompletableFuture();
        CompletableFuture<SweepReport> two = sweep.run().toCompletableFuture();
        SweepReport a = one.join();
        SweepReport b = two.join();

        assertThat(a.roomsClosed() + b.roomsClosed()).isEqualTo(1);
        assertThat(a.retried() + b.retried()).isEqualTo(1);
        assertThat(a.ghostsRemoved() + b.ghostsRemoved()).isEqualTo(1);
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-1#"), 2, Duration.ofMillis(500))).hasSize(1);
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-2#"), 2, Duration.ofMillis(300))).hasSize(1);
    }

    @Test
    void givenACleanRun_runningAgain_changesNothing() {
        room.heartbeat("sig-1");
        room.join("ended", "c1", "sig-1", "sid-1", "u-1", "participant");
        endSession("ended", System.currentTimeMillis() - MINUTE);
        room.join("r1", "ghost", "sig-dead", "sid-g", "u-g", "participant");
        sweep.run().toCompletableFuture().join();
        var after = room.snapshot();

        SweepReport again = sweep.run().toCompletableFuture().join();

        assertThat(again).isEqualTo(new SweepReport(0, 0, 0));
        assertThat(room.snapshot()).isEqualTo(after);
    }

    @Test
    void givenAnyRun_cleanup_walksTheKeyspaceWithScanNeverKeys() {
        room.join("r1", "ghost", "sig-dead", "sid-g", "u-g", "participant");
        redis.execute("CONFIG", "RESETSTAT");

        sweep.run().toCompletableFuture().join();

        String stats = redis.execute("INFO", "commandstats").toString();
        assertThat(stats).contains("cmdstat_scan:").doesNotContain("cmdstat_keys:");
    }

    @Test
    void givenModeratorOrNoToken_cleanup_isRefused() {
        cleanupNow(Tokens.moderator("r1", "u-mod")).then().statusCode(403).body("result", equalTo(5116));
        given().when().post("/v1/cleanup").then().statusCode(401).body("result", equalTo(1001));
    }
}
