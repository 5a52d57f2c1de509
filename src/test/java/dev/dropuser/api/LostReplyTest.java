package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RedisServerProcess;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TcpProxy;
import dev.dropuser.testing.Tokens;
import dev.dropuser.testing.UsesOwnRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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

/**
 * A lost answer (CONTRACT §12): Redis applied the drop script, but its reply never reached the service. The
 * caller's retry with the same Idempotency-Key and body gets the applied request's answer, and nothing is
 * published twice. The test itself reaches Redis directly (the "direct" client).
 */
@QuarkusTest
@TestProfile(LostReplyTest.BehindProxy.class)
class LostReplyTest {
    static final String ROOM = "r1";
    static final String BODY = "{\"clientIds\":[\"c1\"]}";


    /** The service reaches its Redis through a proxy that can lose replies; the test talks to Redis directly. */
    public static class BehindProxy implements QuarkusTestProfile, UsesOwnRedis {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedRedis.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.confirm-timeout", "0s");
        }
    }

    public static class ProxiedRedis implements QuarkusTestResourceLifecycleManager {
        static volatile RedisServerProcess server;
        static volatile TcpProxy proxy;

        @Override
        public Map<String, String> start() {
            server = RedisServerProcess.start();
            proxy = new TcpProxy(server.port());
            return Map.of("quarkus.redis.hosts", proxy.redisUrl(), "quarkus.redis.direct.hosts", server.url());
        }

        @Override
        public void stop() {
            proxy.close();
            server.close();
        }
    }

    @Inject
    Vertx vertx;
    @Inject
    @RedisClientName("direct")
    RedisDataSource direct;

    RoomFixture room;
    PublishedMessages bus;

    @BeforeEach
    void setUp() {
        ProxiedRedis.proxy.restore();
        room = new RoomFixture(direct);
        room.reset();
        room.heartbeat("sig-1");
        room.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
        bus = PublishedMessages.subscribe(vertx, ProxiedRedis.server.url());
    }

    @AfterEach
    void tearDown() {
        ProxiedRedis.proxy.restore();
        bus.close();
    }

    static Response drop(String key) {
        return given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod"))).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(BODY).when().post("/v1/rooms/{room}/drop", ROOM);
    }

    static Response dropWithoutKey(String clientId) {
        return given().header("Authorization", bearer(Tokens.moderator(ROOM, "u-mod"))).contentType(ContentType.JSON)
                .body("{\"clientIds\":[\"" + clientId + "\"]}").when().post("/v1/rooms/{room}/drop", ROOM);
    }

    @Test
    void givenTheScriptsReplyWasLost_retryWithTheSameKey_returnsTheAppliedAnswerAndPublishesOnce() {
        // Redis knows the script and the service holds a connection: what is lost next is the script's own reply.
        dropWithoutKey("nobody").then().statusCode(200);
        ProxiedRedis.proxy.loseReplies();
        drop("lost-1").then().statusCode(503).body("result", equalTo(2001));
        assertThat(ProxiedRedis.proxy.lostAReply()).isTrue();
        // The script did run: the disconnect went out once, and the client is marked.
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-1#"), 1, Duration.ofSeconds(2))).hasSize(1);
        ProxiedRedis.proxy.restore();

        drop("lost-1").then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("result", equalTo(0)).body("clients[0].clientId", equalTo("c1"))
                .body("clients[0].status", equalTo("pending"));

        // A later drop's frame comes after anything the repeat published (one Redis, one order): then count.
        room.join(ROOM, "c2", "sig-1", "sid-2", "u-2", "participant");
        dropWithoutKey("c2").then().statusCode(200);
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-2#"), 1, Duration.ofSeconds(2))).hasSize(1);
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sid-1#"), 1, Duration.ZERO)).hasSize(1);
    }
}
