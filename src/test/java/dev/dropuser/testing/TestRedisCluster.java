package dev.dropuser.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** A three-master Redis Cluster of the tests' own, and the application pointed at it as a cluster client. */
public class TestRedisCluster implements QuarkusTestResourceLifecycleManager {
    private static volatile RedisClusterProcess cluster;

    public static RedisClusterProcess cluster() {
        return cluster;
    }

    @Override
    public Map<String, String> start() {
        cluster = RedisClusterProcess.start();
        return Map.of("quarkus.redis.hosts", cluster.hosts(), "quarkus.redis.client-type", "cluster");
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** The profile of tests that run against the cluster. */
    public static class Profile implements QuarkusTestProfile, UsesOwnRedis {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TestRedisCluster.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.cleanup.retry-interval", "1s");
        }
    }
}
