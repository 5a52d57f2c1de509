package dev.dropuser.cluster;

import static dev.dropuser.testing.Participants.assertDropped;
import static dev.dropuser.testing.Participants.assertUntouched;
import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.Participants;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingNodeProcess;
import dev.dropuser.testing.SocketIoParticipant;
import dev.dropuser.testing.TestRedisCluster;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
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
 * Two signaling nodes on the sharded Socket.IO adapter over a three-master Redis Cluster: the room's script
 * stays in the room's slot, the SPUBLISHes go to the shard channel's master, and the nodes get them.
 */
@QuarkusTest
@TestProfile(ClusterShardedEndToEndTest.ShardedOnCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterShardedEndToEndTest {

    public static class ShardedOnCluster extends TestRedisCluster.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("dropuser.signaling.mode", "socketio-sharded");
            return overrides;
        }
    }

    @Inject
    RedisDataSource redis;

    SignalingNodeProcess nodeA;
    SignalingNodeProcess nodeB;
    Participants participants;
    RoomFixture registry;
    String room;

    @BeforeAll
    void startNodes() {
        String seeds = TestRedisCluster.cluster().hosts();
        nodeA = SignalingNodeProcess.startOnCluster("sig-cl-a", seeds, "sharded");
        nodeB = SignalingNodeProcess.startOnCluster("sig-cl-b", seeds, "sharded");
    }

    @AfterAll
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @BeforeEach
    void newRoom() {
        registry = new RoomFixture(redis);
        participants = new Participants(registry);
        room = "cluster-" + UUID.randomUUID();
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

    @Test
    void givenClientsOnBothNodes_dropOneAndThenAll_overTheCluster() {
        SocketIoParticipant moderator = participants.join(nodeA, room, "mod", "u-mod", "moderator");
        SocketIoParticipant a1 = participants.join(nodeA, room, "a1", "u-a1", "participant");
        SocketIoParticipant b1 = participants.join(nodeB, room, "b1", "u-b1", "participant");
        SocketIoParticipant b2 = participants.join(nodeB, room, "b2", "u-b2", "participant");
        participants.awaitRegistered(room, "mod", "a1", "b1", "b2");

        Response one = drop("{\"clientIds\":[\"b1\"]}");
        one.then().statusCode(200);
        assertThat(one.jsonPath().getList("clients", Map.class)).containsExactly(Map.of("clientId", "b1", "status", "dropped"));
        assertDropped(b1, "disconnected-by-moderator");
        assertUntouched(a1);

        Response all = drop("{\"clientIds\":[]}");
        all.then().statusCode(200);
        assertThat(all.jsonPath().getList("clients.status")).containsOnly("dropped").hasSize(2);
        List.of(a1, b2).forEach(p -> assertDropped(p, "disconnected-by-moderator"));
        Participants.pause(300);
        assertUntouched(moderator);
        assertThat(registry.liveEntries(room)).containsOnlyKeys("mod");
    }
}
