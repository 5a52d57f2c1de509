package dev.dropuser.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.RedisServerProcess;
import dev.dropuser.testing.TestRedisCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The startup priming on a three-master Redis Cluster: its drops run, and write no key of its room anywhere. */
@QuarkusTest
@TestProfile(PrimingOnClusterTest.PrimedOnCluster.class)
class PrimingOnClusterTest {
    static final int WARM_UP_DROPS = 100;

    public static class PrimedOnCluster extends TestRedisCluster.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return PrimingTest.primedAtStartup(super.getConfigOverrides(), WARM_UP_DROPS);
        }
    }

    @Inject
    Priming priming;

    @Test
    void startupPriming_onACluster_runsItsDrops_leavesNoKeyOnAnyMaster() throws Exception {
        priming.prime().toCompletableFuture().get(60, TimeUnit.SECONDS);

        long scripts = 0;
        for (RedisServerProcess master : TestRedisCluster.cluster().masters()) {
            scripts += PrimingTest.calls(master.command("INFO", "commandstats"), "evalsha");
            assertThat(master.command("KEYS", "dropuser:room:{" + Priming.ROOM + "}*"))
                    .as("keys of the priming room on master %d", master.port())
                    .isEqualTo("*0\r\n");
        }
        assertThat(scripts).as("one drop script per warm-up drop").isGreaterThanOrEqualTo(WARM_UP_DROPS);
    }
}
