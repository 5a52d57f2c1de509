package dev.dropuser.e2e;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** Two nodes on {@code @socket.io/redis-streams-adapter} (XADD), dropuser in {@code socketio-streams}. */
@QuarkusTest
@TestProfile(StreamsAdapterTwoNodesTest.Streams.class)
class StreamsAdapterTwoNodesTest extends TwoNodesEndToEnd {

    public static class Streams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.signaling.mode", "socketio-streams");
        }
    }

    @Override
    String adapterMode() {
        return "streams";
    }
}
