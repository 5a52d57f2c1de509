package dev.dropuser.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.DedicatedRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hooks as Lambda runs them around a snapshot, with Redis restarted in between (a restored
 * instance meets a Redis that never saw its connections), through the mock Lambda event server.
 */
@QuarkusTest
@TestProfile(DedicatedRedis.Profile.class)
class SnapStartHooksTest {
    static final String ROOM = "r1";

    @Inject
    SnapStartHooks hooks;

    @Test
    void givenRedisRestartedBetweenCheckpointAndRestore_dropAfterRestore_succeeds() throws Exception {
        assertThat(drop().statusCode()).as("a drop before the snapshot opens the registry's connections").isEqualTo(200);

        hooks.beforeCheckpoint(null);
        assertThat(clientsAfterTheirCloseReachedRedis())
                .as("no connection that ran the drop script is left open for the snapshot")
                .doesNotContain("cmd=evalsha", "cmd=eval ");
        DedicatedRedis.kill();
        DedicatedRedis.restart();
        seedLiveClient();
        hooks.afterRestore(null);

        LambdaEvent.Answer answer = drop();
        assertThat(answer.statusCode()).as(answer::toString).isEqualTo(200);
        assertThat(answer.body().path("result").asInt(-1)).isZero();
        assertThat(answer.body().path("clients").toString()).isEqualTo(
                "[{\"clientId\":\"c1\",\"status\":\"pending\"},{\"clientId\":\"c2\",\"status\":\"not-found\"}]");
    }

    @Test
    void beforeCheckpoint_primesWithoutTouchingAnyRoom() throws Exception {
        DedicatedRedis.server().command("DEL", "dropuser:room:{" + ROOM + "}:dropping");
        seedLiveClient();

        hooks.beforeCheckpoint(null);

        assertThat(DedicatedRedis.server().command("HLEN", "dropuser:room:{" + ROOM + "}:live")).isEqualTo(":1\r\n");
        assertThat(DedicatedRedis.server().command("EXISTS", "dropuser:room:{" + ROOM + "}:dropping")).isEqualTo(":0\r\n");
        assertThat(DedicatedRedis.server().command("KEYS", "dropuser:room:{dropuser-priming}*"))
                .as("the warm-up drops write nothing of the priming room, no audit entry either")
                .isEqualTo("*0\r\n");
    }

    /**
     * Redis' client list once the closes the hook waited for have reached it: Redis drops a client when it reads
     * the closed socket, a moment after the service closed it (up to 2 s here, for a loaded CI machine).
     */
    private static String clientsAfterTheirCloseReachedRedis() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        String clients = DedicatedRedis.server().command("CLIENT", "LIST");
        while ((clients.contains("cmd=evalsha") || clients.contains("cmd=eval ")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            clients = DedicatedRedis.server().command("CLIENT", "LIST");
        }
        return clients;
    }

    private static void seedLiveClient() {
        DedicatedRedis.server().command("SET", "dropuser:node:sig-1", "alive", "EX", "60");
        DedicatedRedis.server().command("HSET", "dropuser:room:{" + ROOM + "}:live", "c1",
                "{\"node\":\"sig-1\",\"sid\":\"sid-1\",\"userRef\":\"u-1\",\"role\":\"participant\",\"joinedAt\":1}");
    }

    private static LambdaEvent.Answer drop() {
        return LambdaEvent.sample("drop.json")
                .fill(Map.of("MODERATOR_TOKEN", Tokens.moderator(ROOM, "u-mod"), "IDEMPOTENCY_KEY", UUID.randomUUID().toString()))
                .invoke();
    }
}
