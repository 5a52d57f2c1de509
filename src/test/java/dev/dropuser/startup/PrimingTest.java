package dev.dropuser.startup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.DedicatedRedis;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The startup priming as the packaged service runs it: its warm-up drops reach Redis, write nothing (no audit
 * entry either: CONTRACT §11.4 audits drop requests, and nobody asked for these), and the readiness check says
 * ready once they are done.
 */
@QuarkusTest
@TestProfile(PrimingTest.PrimedAtStartup.class)
class PrimingTest {
    static final int WARM_UP_DROPS = 300;

    public static class PrimedAtStartup extends DedicatedRedis.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return primedAtStartup(super.getConfigOverrides(), WARM_UP_DROPS);
        }
    }

    /** {@code profile}'s settings, with the startup priming on and running {@code warmUpDrops} drops. */
    static Map<String, String> primedAtStartup(Map<String, String> profile, int warmUpDrops) {
        Map<String, String> config = new HashMap<>(profile);
        config.put("dropuser.startup.priming", "true");
        config.put("dropuser.startup.warm-up-drops", String.valueOf(warmUpDrops));
        return config;
    }

    @Inject
    Priming priming;

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void startupPriming_runsEveryWarmUpDrop_leavesNoKey_thenIsReady() throws Exception {
        priming.prime().toCompletableFuture().get(60, TimeUnit.SECONDS);

        String stats = DedicatedRedis.server().command("INFO", "commandstats");
        assertThat(calls(stats, "evalsha")).as("one drop script per warm-up drop").isGreaterThanOrEqualTo(WARM_UP_DROPS);
        assertThat(calls(stats, "xadd")).as("no drop request asked for them: they are not audited").isZero();
        assertThat(DedicatedRedis.server().command("KEYS", "dropuser:room:{" + Priming.ROOM + "}*"))
                .as("nothing of the priming room is written")
                .isEqualTo("*0\r\n");
        given().when().get(management("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'dropuser-warm-up' }.status", equalTo("UP"));
    }

    private String management(String path) {
        return management.toString().replaceAll("/+$", "").replaceAll("/q$", "") + path;
    }

    static long calls(String commandstats, String command) {
        Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandstats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
