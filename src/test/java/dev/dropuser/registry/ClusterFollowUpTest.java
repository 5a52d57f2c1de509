package dev.dropuser.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.auth.Caller;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropAttempt;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropRequest;
import dev.dropuser.drop.Trigger;
import dev.dropuser.signaling.JsonSignal;
import dev.dropuser.signaling.SignalTemplates;
import dev.dropuser.signaling.SignalingMode;
import dev.dropuser.signaling.SocketIoFrames;
import dev.dropuser.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a Redis Cluster, a failure after the drop script (its SPUBLISH batch, the heartbeats) does not answer
 * "registry unavailable, nothing changed" (CONTRACT §3): the script's marks stand, so its clients are pending.
 */
class ClusterFollowUpTest {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    RedisServerProcess server;
    Vertx vertx;
    Redis redis;

    @BeforeEach
    void setUp() {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, server.url());
    }

    @AfterEach
    void tearDown() {
        redis.close();
        vertx.closeAndAwait();
        server.close();
    }

    @Test
    void givenTheBatchAfterTheScriptFails_drop_answersPendingAndKeepsTheMark() {
        RegistryKeys keys = new RegistryKeys("dropuser:");
        redis.sendAndAwait(Request.cmd(io.vertx.mutiny.redis.client.Command.HSET).arg(keys.live("r1")).arg("c1")
                .arg("{\"node\":\"sig-1\",\"sid\":\"sid-1\",\"userRef\":\"u-1\",\"role\":\"participant\"}"));
        Redis batchFails = Redis.newInstance(new BatchFails(redis.getDelegate()));
        SignalTemplates signals = new SignalTemplates(SignalingMode.SOCKETIO_SHARDED,
                new SocketIoFrames("socket.io", "/", new com.fasterxml.jackson.databind.ObjectMapper()), new JsonSignal("dropuser:", new com.fasterxml.jackson.databind.ObjectMapper()));
        ObjectMapper json = new ObjectMapper();
        ClusterFollowUp followUp = new ClusterFollowUp(batchFails, TIMEOUT, new Heartbeats(redis, keys, TIMEOUT),
                new GhostScript(redis, keys, TIMEOUT));
        DropScript script = new DropScript(redis, Clock.systemUTC(), TIMEOUT,
                new DropScriptArgs(keys, signals, json, true, Duration.ofHours(24), Duration.ofDays(30)), new StoredAnswer(json), json, Optional.of(followUp));
        DropOrder order = DropOrder.request("req-1", Caller.service("svc"), new DropRequest("r1", List.of("c1"), Optional.empty(), 0),
                System.currentTimeMillis(), Optional.empty(), DropOrder.RateLimits.NONE, Trigger.API);

        DropAttempt attempt = script.run(order).await().atMost(Duration.ofSeconds(5));

        assertThat(attempt).isEqualTo(new DropAttempt.Applied(List.of(new ClientReport("c1", ClientStatus.PENDING))));
        assertThat(redis.sendAndAwait(Request.cmd(io.vertx.mutiny.redis.client.Command.HGET).arg(keys.dropping("r1")).arg("c1"))
                .toString()).contains("\"requestId\":\"req-1\"");
    }

    /** A Redis whose pipelined batches never arrive; every other call goes through. */
    record BatchFails(io.vertx.redis.client.Redis delegate) implements io.vertx.redis.client.Redis {
        @Override
        public Future<RedisConnection> connect() {
            return delegate.connect();
        }

        @Override
        public void close() {
        }

        @Override
        public Future<Response> send(io.vertx.redis.client.Request command) {
            return delegate.send(command);
        }

        @Override
        public Future<List<Response>> batch(List<io.vertx.redis.client.Request> commands) {
            return Future.failedFuture(new IOException("the link to the shard's master went down"));
        }
    }
}
