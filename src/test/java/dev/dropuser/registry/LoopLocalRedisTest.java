package dev.dropuser.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.RedisServerProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which Redis connection a call takes, seen from Redis ({@code CLIENT ID}): one per event loop, kept. */
class LoopLocalRedisTest {
    private RedisServerProcess server;
    private Vertx vertx;
    private Redis shared;
    private LoopLocalRedis redis;
    private Context loopA;
    private Context loopB;

    @BeforeEach
    void start() {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        RedisOptions options = new RedisOptions().setConnectionString(server.url()).setMaxPoolSize(8);
        shared = Redis.createClient(vertx, options);
        redis = new LoopLocalRedis(vertx, options, shared);
        // Each new event-loop context goes to the next event loop.
        loopA = ((VertxInternal) vertx).createEventLoopContext();
        loopB = ((VertxInternal) vertx).createEventLoopContext();
        assertThat(loop(loopA)).isNotSameAs(loop(loopB));
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
        shared.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void eachEventLoopKeepsAConnectionOfItsOwn() throws Exception {
        long a1 = clientIdFrom(loopA);
        long a2 = clientIdFrom(loopA);
        long b1 = clientIdFrom(loopB);
        long b2 = clientIdFrom(loopB);

        assertThat(a2).isEqualTo(a1);
        assertThat(b2).isEqualTo(b1);
        assertThat(b1).isNotEqualTo(a1);
    }

    @Test
    void callsOffTheEventLoopsUseTheSharedClient() throws Exception {
        long sharedId = await(() -> shared.send(clientId()));

        long offLoop = await(() -> redis.send(clientId()));

        assertThat(offLoop).isEqualTo(sharedId);
        assertThat(clientIdFrom(loopA)).isNotEqualTo(sharedId);
    }

    @Test
    void aLoopsClientReconnectsAfterRedisComesBack() throws Exception {
        long before = clientIdFrom(loopA);
        int port = server.port();
        server.kill();
        server = RedisServerProcess.startOn(port);

        long after = -1;
        for (int attempt = 0; attempt < 50 && after < 0; attempt++) {
            try {
                after = clientIdFrom(loopA);
            } catch (Exception stillClosed) {
                Thread.sleep(100);
            }
        }

        assertThat(after).as("a call from the loop succeeds again").isPositive();
        assertThat(before).isPositive();
    }

    @Test
    void closingClosesTheLoopsConnections() throws Exception {
        clientIdFrom(loopA);
        clientIdFrom(loopB);
        int open = connectedClients();

        redis.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (connectedClients() > open - 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(connectedClients()).isEqualTo(open - 2);
    }

    private long clientIdFrom(Context loop) throws Exception {
        // Quarkus serves each request on a duplicate of the loop's context: do the same.
        return await(() -> {
            var done = io.vertx.core.Promise.<Long>promise();
            ((ContextInternal) loop).duplicate().runOnContext(v -> {
                assertThat(Context.isOnEventLoopThread()).isTrue();
                redis.send(clientId()).map(r -> r.toLong()).onComplete(done);
            });
            return done.future();
        });
    }

    private int connectedClients() {
        String info = server.command("INFO", "clients");
        return info.lines().filter(l -> l.startsWith("connected_clients:"))
                .map(l -> Integer.parseInt(l.substring("connected_clients:".length()).trim()))
                .findFirst().orElseThrow();
    }

    private static Request clientId() {
        return Request.cmd(Command.CLIENT).arg("ID");
    }

    private static Object loop(Context context) {
        return ((ContextInternal) context).nettyEventLoop();
    }

    private static <T> long await(Supplier<Future<T>> call) throws Exception {
        Object reply = call.get().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return reply instanceof io.vertx.redis.client.Response r ? r.toLong() : ((Number) reply).longValue();
    }
}
