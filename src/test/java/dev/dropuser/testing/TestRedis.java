package dev.dropuser.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the tests' own Redis before the application and stops it after; the app is pointed at it. */
public class TestRedis implements QuarkusTestResourceLifecycleManager {
    private static volatile RedisServerProcess server;
    private boolean wanted = true;

    /** The running test Redis. */
    public static RedisServerProcess server() {
        return server;
    }

    @Override
    public void setContext(Context context) {
        String profile = context.testProfile();
        if (profile != null) {
            try {
                wanted = !UsesOwnRedis.class.isAssignableFrom(Class.forName(profile, false, TestRedis.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                wanted = true;
            }
        }
    }

    @Override
    public Map<String, String> start() {
        if (!wanted) {
            return Map.of();
        }
        server = RedisServerProcess.start();
        return Map.of("quarkus.redis.hosts", server.url());
    }

    @Override
    public void stop() {
        if (wanted && server != null) {
            server.close();
            server = null;
        }
    }
}
