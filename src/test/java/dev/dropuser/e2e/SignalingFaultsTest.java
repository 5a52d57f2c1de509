package dev.dropuser.e2e;

import static dev.dropuser.testing.Participants.assertDropped;
import static dev.dropuser.testing.Participants.assertUntouched;
import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.Participants;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingNodeProcess;
import dev.dropuser.testing.SocketIoParticipant;
import dev.dropuser.testing.TcpProxy;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bad network between one signaling node and Redis, and a node that dies for good: drops are never lost,
 * they are retried by the cleanup or swept as ghosts (CONTRACT §2 statuses, §8).
 */
@QuarkusTest
@TestProfile(SignalingFaultsTest.QuickRetries.class)
class SignalingFaultsTest {

    public static class QuickRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.cleanup.retry-interval", "1s");
        }
    }

    @Inject
    RedisDataSource redis;

    RoomFixture registry;
    Participants participants;
    String room;
    SignalingNodeProcess healthy;
    SignalingNodeProcess flaky;
    TcpProxy link;

    @BeforeEach
    void startNodes() {
        registry = new RoomFixture(redis);
        participants = new Participants(registry);
        room = "faults-" + UUID.randomUUID();
        link = new TcpProxy(TestRedis.server().port());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        healthy = SignalingNodeProcess.start("sig-healthy-" + tag, TestRedis.server().url(), "classic");
        flaky = SignalingNodeProcess.start("sig-flaky-" + tag, link.redisUrl(), "classic");
    }

    @AfterEach
    void stopNodes() {
        participants.close();
        healthy.close();
        flaky.close();
        link.close();
    }

    Response drop(String body) {
        return given().header("Authorization", bearer(Tokens.moderator(room, "u-mod")))
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/rooms/{room}/drop", room);
    }

    static Response cleanup() {
        return given().header("Authorization", bearer(Tokens.service("ops"))).when().post("/v1/cleanup");
    }

    @Test
    void givenNodeCutOffFromRedis_drop_isPendingThenTheCleanupRetryDropsIt() {
        SocketIoParticipant moderator = participants.join(healthy, room, "mod", "u-mod", "moderator");
        SocketIoParticipant victim = participants.join(flaky, room, "victim", "u-v", "participant");
        participants.awaitRegistered(room, "mod", "victim");

        link.cut();
        Participants.pause(200);
        drop("{\"clientIds\":[\"victim\"]}").then().statusCode(200)
                .body("clients", equalTo(List.of(Map.of("clientId", "victim", "status", "pending"))));
        assertThat(victim.connected()).as("the message was lost on the way").isTrue();
        assertThat(registry.dropping(room)).containsKey("victim");

        link.restore();
        // The node reconnects by itself, with its own backoff; the cleanup retries every run (mark older than 1 s)
        // until the disconnect gets through, as it would in production.
        long deadline = System.currentTimeMillis() + 15_000;
        int retried = 0;
        while (victim.connected() && System.currentTimeMillis() < deadline) {
            Participants.pause(1_100);
            retried += cleanup().then().statusCode(200).extract().jsonPath().getInt("retried");
        }
        assertThat(retried).isPositive();

        assertDropped(victim, "disconnected-by-moderator");
        Participants.awaitTrue(() -> !registry.liveEntries(room).containsKey("victim"));
        Participants.pause(1_100);
        cleanup().then().statusCode(200);
        assertThat(registry.dropping(room)).isEmpty();
        assertUntouched(moderator);
    }

    @Test
    void givenNodeDeadForGood_itsClientsAreGhostRemovedOnDropAndSweptByTheCleanup() {
        participants.join(healthy, room, "mod", "u-mod", "moderator");
        participants.join(flaky, room, "orphan-1", "u-1", "participant");
        participants.join(flaky, room, "orphan-2", "u-2", "participant");
        participants.awaitRegistered(room, "mod", "orphan-1", "orphan-2");

        flaky.kill();
        redis.key(String.class).del("dropuser:node:" + flaky.nodeId()); // its heartbeat expires (TTL ≤ 15 s)

        drop("{\"clientIds\":[\"orphan-1\"]}").then().statusCode(200)
                .body("clients", equalTo(List.of(Map.of("clientId", "orphan-1", "status", "ghost-removed"))));
        cleanup().then().statusCode(200).body("ghostsRemoved", equalTo(1));

        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod");
        assertThat(registry.dropping(room)).isEmpty();
    }
}
