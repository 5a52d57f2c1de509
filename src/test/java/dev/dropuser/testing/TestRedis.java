package dev.dropuser.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the tests' own Redis before the application and stops it after; the app is pointed at it. */
public class TestRedis implements QuarkusTestResourceLifecycleManager {
    private static volatile RedisServerProcess server;

    /** The running test Redis. */
    public static RedisServerProcess server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = RedisServerProcess.start();
        return Map.of("quarkus.redis.hosts", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
