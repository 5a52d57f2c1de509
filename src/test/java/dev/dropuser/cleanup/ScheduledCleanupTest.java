package dev.dropuser.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.RoomFixture;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In the HTTP service the cleanup runs by itself every {@code dropuser.cleanup.every}. */
@QuarkusTest
@TestProfile(ScheduledCleanupTest.EverySecond.class)
class ScheduledCleanupTest {

    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.cleanup.every", "1s");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void givenGhostEntry_withinTwoPeriods_theScheduleRemovesIt() throws InterruptedException {
        RoomFixture room = new RoomFixture(redis);
        room.reset();
        room.join("r1", "ghost", "sig-dead", "sid-g", "u-g", "participant");

        long deadline = System.currentTimeMillis() + 5_000;
        while (!room.liveEntries("r1").isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        assertThat(room.liveEntries("r1")).isEmpty();
    }
}
