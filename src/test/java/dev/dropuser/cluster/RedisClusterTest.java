package dev.dropuser.cluster;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedisCluster;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dropuser against a real three-master Redis Cluster ({@code quarkus.redis.client-type=cluster}). */
@QuarkusTest
@TestProfile(TestRedisCluster.Profile.class)
class RedisClusterTest {
    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    RoomFixture registry;
    PublishedMessages bus;
    FakeSignalingNode node;
    String room;

    @BeforeEach
    void setUp() {
        registry = new RoomFixture(redis);
        room = "cl-" + UUID.randomUUID();
        String anyMaster = TestRedisCluster.cluster().masters().get(0).url();
        bus = PublishedMessages.subscribe(vertx, anyMaster);
        node = new FakeSignalingNode("sig-" + room, registry, bus, TestRedisCluster.cluster().client(vertx));
    }

    @AfterEach
    void tearDown() {
        node.close();
        bus.close();
    }

    @Test
    void givenLiveAndGhostClients_dropAll_dropsTheLiveOneAndRemovesTheGhost() {
        node.join(room, "c1", "u-1", "participant");
        registry.join(room, "ghost", "sig-dead-" + room, "sid-ghost", "u-g", "participant");

        var response = given().header("Authorization", bearer(Tokens.service("svc"))).contentType(ContentType.JSON)
                .body("{\"clientIds\":[\"c1\",\"ghost\",\"nobody\"],\"banSeconds\":60}")
                .when().post("/v1/rooms/{room}/drop", room);

        response.then().statusCode(200).body("result", equalTo(0));
        assertThat(response.jsonPath().getList("clients.clientId")).containsExactly("c1", "ghost", "nobody");
        assertThat(response.jsonPath().getList("clients.status")).containsExactly("dropped", "ghost-removed", "not-found");
        // Banned users' items name the user and the ban's end (CONTRACT §11.2).
        List<Map> clients = response.jsonPath().getList("clients", Map.class);
        assertThat(clients).extracting(c -> c.get("userRef")).containsExactly("u-1", "u-g", null);
        assertThat(clients).extracting(c -> c.containsKey("banUntil")).containsExactly(true, true, false);
        assertThat(registry.liveEntries(room)).isEmpty();
        assertThat(registry.bans(room)).extracting(b -> b.value()).containsExactlyInAnyOrder("u-1", "u-g");
    }

    @Test
    void givenGhostsAndAnEndedRoom_cleanup_scansEveryMaster() {
        List<String> rooms = List.of(room + "-a", room + "-b", room + "-c", room + "-d", room + "-e", room + "-f");
        rooms.forEach(r -> registry.join(r, "ghost", "sig-dead-" + room, "sid-" + r, "u-g", "participant"));

        given().header("Authorization", bearer(Tokens.service("ops"))).when().post("/v1/cleanup")
                .then().statusCode(200).body("ghostsRemoved", equalTo(rooms.size()));

        rooms.forEach(r -> assertThat(registry.liveEntries(r)).isEmpty());
    }

    @Test
    void givenPublishOnOneMaster_subscribersOnAnotherMaster_receiveIt() {
        node.join(room, "c1", "u-1", "participant");
        String otherMaster = TestRedisCluster.cluster().masters().get(2).url();
        try (PublishedMessages elsewhere = PublishedMessages.subscribe(vertx, otherMaster)) {
            given().header("Authorization", bearer(Tokens.service("svc"))).contentType(ContentType.JSON)
                    .body("{\"clientIds\":[\"c1\"]}")
                    .when().post("/v1/rooms/{room}/drop", room)
                    .then().statusCode(200);

            assertThat(elsewhere.await(m -> m.channel().equals("socket.io-request#/#"), 1, Duration.ofSeconds(2))).hasSize(1);
        }
    }
}
