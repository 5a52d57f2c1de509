package dev.dropuser.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * A Redis for one test class alone, which it may kill and start again on the same port (fault tests),
 * without disturbing the Redis every other test shares.
 */
public class DedicatedRedis implements QuarkusTestResourceLifecycleManager {
    private static volatile RedisServerProcess server;
    private static volatile int port;

    public static RedisServerProcess server() {
        return server;
    }

    /** Kills the server (SIGKILL): connections drop, nothing is saved. */
    public static void kill() {
        server.kill();
    }

    /** Starts a fresh, empty server on the same port. */
    public static void restart() {
        server = RedisServerProcess.startOn(port);
    }

    @Override
    public Map<String, String> start() {
        server = RedisServerProcess.start();
        port = server.port();
        return Map.of("quarkus.redis.hosts", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The profile of tests that break their Redis on purpose. */
    public static class Profile implements QuarkusTestProfile, UsesOwnRedis {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DedicatedRedis.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.confirm-timeout", "0s", "dropuser.rate-limit.room", "0",
                    "dropuser.rate-limit.caller", "0");
        }
    }
}
