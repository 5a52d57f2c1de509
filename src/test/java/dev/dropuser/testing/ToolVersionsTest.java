package dev.dropuser.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolVersionsTest {
    private static final String DEBIAN_12_REDIS =
            "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0";
    private static final String EMBEDDED_REDIS =
            "Redis server v=6.2.6 sha=00000000:0 malloc=jemalloc-5.1.0 bits=64 build=2f3c5b8d4b1b3a7c";

    @Test
    void givenRedis7_refusal_isNone() {
        assertThat(ToolVersions.REDIS_SERVER.refusal(Optional.of(DEBIAN_12_REDIS))).isEmpty();
        assertThat(ToolVersions.REDIS_SERVER.refusal(Optional.of("Redis server v=8.2.1 sha=0 bits=64"))).isEmpty();
    }

    @Test
    void givenRedis6_refusal_namesThePackageAndTheVersionFound() {
        assertThat(ToolVersions.REDIS_SERVER.refusal(Optional.of(EMBEDDED_REDIS)))
                .contains("redis-server 7 or newer is required (apt-get install redis-server); found 6.2.6");
    }

    @Test
    void givenNoRedisServer_refusal_saysNoneWasFound() {
        assertThat(ToolVersions.REDIS_SERVER.refusal(Optional.empty()))
                .contains("redis-server 7 or newer is required (apt-get install redis-server); found none on the PATH");
    }

    @Test
    void givenUnreadableVersion_refusal_quotesTheFirstLine() {
        assertThat(ToolVersions.REDIS_SERVER.refusal(Optional.of("Segmentation fault\ncore dumped")))
                .hasValueSatisfying(line -> assertThat(line).endsWith("found no version in `redis-server --version`: Segmentation fault")
                        .doesNotContain("\n"));
    }

    @Test
    void givenNode20OrNewer_refusal_isNone() {
        assertThat(ToolVersions.NODE.refusal(Optional.of("v20.20.2"))).isEmpty();
        assertThat(ToolVersions.NODE.refusal(Optional.of("v24.11.0\n"))).isEmpty();
    }

    @Test
    void givenNode18_refusal_namesThePackageAndTheVersionFound() {
        assertThat(ToolVersions.NODE.refusal(Optional.of("v18.20.4")))
                .contains("Node.js 20 or newer is required (apt-get install nodejs, version 20 or newer); found 18.20.4");
    }

    @Test
    void givenVersionsOnThisMachine_requireAll_passes() {
        ToolVersions.requireAll();
        assertThat(ToolVersions.redisServer()).endsWith("/redis-server");
    }
}
