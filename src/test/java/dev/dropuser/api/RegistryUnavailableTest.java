package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A frozen Redis answers 2001 fast, and a script that runs late changes nothing (CONTRACT §3, 2001). */
@QuarkusTest
class RegistryUnavailableTest {
    static final String ROOM = "r1";

    @Inject
    RedisDataSource redis;

    @Test
    void givenFrozenRedis_drop_returnsRegistryUnavailableWithinTimeoutAndNothingChangesLater() throws Exception {
        RoomFixture room = new RoomFixture(redis);
        room.reset();
        room.heartbeat("sig-1");
        room.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
        String token = Tokens.moderator(ROOM, "u-mod");
        dropNobody(token);
        var before = room.snapshot();

        long scriptsBefore = scriptsRun();
        TestRedis.server().pause();
        long started = System.nanoTime();
        try {
            given().header("Authorization", bearer(token)).contentType(ContentType.JSON)
                    .body("{\"clientIds\":[\"c1\"],\"banSeconds\":60}")
                    .when().post("/v1/rooms/{room}/drop", ROOM)
                    .then().statusCode(503).contentType(ContentType.JSON)
                    .header("Retry-After", "1")
                    .body("result", equalTo(2001))
                    .body("msg", equalTo("Registry Unavailable"));
        } finally {
            TestRedis.server().resume();
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        // generous: the point is "bounded by the client timeout", not a benchmark
        assertThat(tookMillis).isLessThan(2500);

        // The frozen request's script is still queued in Redis and runs once it resumes: wait until Redis has
        // run it (its script count grew), then check it changed nothing.
        awaitScriptsRun(scriptsBefore + 1);
        assertThat(room.snapshot()).isEqualTo(before);

        dropNobody(token);
    }

    /** Scripts Redis has run so far (EVAL, EVALSHA, FCALL), from INFO commandstats. */
    private static long scriptsRun() {
        long calls = 0;
        for (String line : TestRedis.server().command("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_eval") || line.startsWith("cmdstat_fcall")) {
                calls += Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
            }
        }
        return calls;
    }

    private static void awaitScriptsRun(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (scriptsRun() < atLeast) {
            assertThat(System.nanoTime()).as("Redis never ran the frozen request's script; %s %s",
                    TestRedis.server().command("INFO", "commandstats"), TestRedis.server().command("CLIENT", "LIST"))
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A request that must succeed: also warms the path up, so that the timing above measures Redis only. */
    private static void dropNobody(String token) {
        given().header("Authorization", bearer(token)).contentType(ContentType.JSON)
                .body("{\"clientIds\":[\"nobody\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM)
                .then().statusCode(200).body("result", equalTo(0));
    }
}
