package dev.dropuser.e2e;

import io.quarkus.test.junit.QuarkusTest;

/** Two nodes on the classic {@code @socket.io/redis-adapter} (PUBLISH), dropuser in {@code socketio} mode. */
@QuarkusTest
class ClassicAdapterTwoNodesTest extends TwoNodesEndToEnd {
    @Override
    String adapterMode() {
        return "classic";
    }
}
