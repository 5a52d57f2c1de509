package dev.dropuser.e2e;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** Two nodes on the sharded {@code @socket.io/redis-adapter} (Redis 7 SPUBLISH), dropuser in {@code socketio-sharded}. */
@QuarkusTest
@TestProfile(ShardedAdapterTwoNodesTest.Sharded.class)
class ShardedAdapterTwoNodesTest extends TwoNodesEndToEnd {

    public static class Sharded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.signaling.mode", "socketio-sharded");
        }
    }

    @Override
    String adapterMode() {
        return "sharded";
    }
}
