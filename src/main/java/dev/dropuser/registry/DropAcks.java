package dev.dropuser.registry;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the signaling tier's acks of a drop request (CONTRACT §13) with a blocking pop, {@code BLMPOP}, on
 * connections of their own: a blocking read holds its connection until an ack comes or its wait ends, and must
 * never take one that drops and scripts need. Each event loop has at most {@link #READS_PER_LOOP} reads in flight;
 * past that, and off the event loops, there is no blocking read and the caller reads the registry instead.
 *
 * <p>An ack only wakes the caller early: whatever a read loses (given up on, or failed) the caller's next registry
 * read finds, since a node pushes its ack in the same script as its HDEL of the live entry.
 */
final class DropAcks implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DropAcks.class.getName());
    /** Blocking reads in flight per event loop, and so the size of its pool of blocking connections. */
    static final int READS_PER_LOOP = 8;
    /**
     * How long past its wait a read is given up on without an answer: Redis ends a blocking read's wait at its
     * next tick ({@code hz}, 10 a second by default) when nothing else wakes it.
     */
    private static final long GIVE_UP_AFTER_MILLIS = 20;

    private final Vertx vertx;
    private final LoopLocalRedis connections;
    private final RegistryKeys keys;
    /** In-flight reads per event loop; each counter is only touched on its own loop. */
    private final Map<EventLoop, int[]> inFlight = new ConcurrentHashMap<>();
    /** False once Redis refused BLMPOP (before 7.0): from then on the caller always reads the registry. */
    private volatile boolean supported = true;

    /**
     * @param options Quarkus' options for its default client; the blocking connections get a pool of their own
     * @param shared  never used for a blocking read (reads happen only on the event loops), needed by LoopLocalRedis
     */
    DropAcks(Vertx vertx, RedisOptions options, Redis shared, RegistryKeys keys) {
        this.vertx = vertx;
        RedisOptions own = new RedisOptions(options).setMaxPoolSize(READS_PER_LOOP).setMaxPoolWaiting(READS_PER_LOOP);
        this.connections = new LoopLocalRedis(vertx, own, shared);
        this.keys = keys;
    }

    /** The acks popped (at most {@code most}), none after {@code wait}; empty when no blocking read is possible now. */
    Optional<CompletionStage<List<String>>> await(String roomId, String requestId, int most, Duration wait) {
        ContextInternal context = ContextInternal.current();
        if (!supported || context == null || !context.isEventLoopContext()) {
            return Optional.empty();
        }
        int[] reads = inFlight.computeIfAbsent(context.nettyEventLoop(), loop -> new int[1]);
        if (reads[0] >= READS_PER_LOOP) {
            return Optional.empty();
        }
        reads[0]++;
        // BLMPOP timeout <seconds> 1 <key> LEFT COUNT <most>; a timeout of 0 would block forever.
        Request pop = Request.cmd(Command.BLMPOP)
                .arg(String.format(Locale.ROOT, "%.3f", Math.max(1, wait.toMillis()) / 1000.0))
                .arg(1).arg(keys.acks(roomId, requestId)).arg("LEFT").arg("COUNT").arg(Math.max(1, most));
        CompletableFuture<List<String>> acked = new CompletableFuture<>();
        long giveUp = vertx.setTimer(wait.toMillis() + GIVE_UP_AFTER_MILLIS, id -> acked.complete(List.of()));
        connections.send(pop).onComplete(reply -> {
            reads[0]--;
            vertx.cancelTimer(giveUp);
            if (reply.failed()) {
                String why = String.valueOf(reply.cause().getMessage());
                supported = !why.startsWith("ERR unknown command");
                LOG.log(System.Logger.Level.WARNING, "blocking read for acks failed, reading the registry instead: " + why);
            }
            acked.complete(reply.succeeded() ? clientIds(reply.result()) : List.of());
        });
        return Optional.of(acked);
    }

    /** BLMPOP answers {@code [key, [id, ...]]}, or nil when its wait ended. */
    private static List<String> clientIds(Response reply) {
        if (reply == null || reply.size() < 2) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(reply.get(1).size());
        reply.get(1).forEach(id -> ids.add(id.toString()));
        return ids;
    }

    @Override
    public void close() {
        connections.close();
    }
}
