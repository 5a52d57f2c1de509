package dev.dropuser.registry;

import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis client that keeps each request's Redis traffic on the event loop that serves the request.
 *
 * <p>A Vert.x Redis client does all its pooling and I/O on the one event loop it was created on. Shared by
 * every HTTP event loop, each call from another loop hops threads four times (acquire, send, reply, release),
 * and each hop is a wake-up that may wait for a core: 6 to 10 thread wake-ups per drop instead of 2 on the
 * bench machine (docs/BENCHMARKS.md). So each event loop gets a client of its own, created on that loop, with
 * the options Quarkus built from {@code quarkus.redis.*} (pool size and waiting queue apply per loop). Calls
 * made off the event loops (the scheduled cleanup runs on a worker thread) use the shared client.
 */
final class LoopLocalRedis implements Redis {
    private final Vertx vertx;
    private final RedisOptions options;
    private final Redis shared;
    private final Map<EventLoop, Redis> perLoop = new ConcurrentHashMap<>();
    private final AtomicInteger loops = new AtomicInteger();

    LoopLocalRedis(Vertx vertx, RedisOptions options, Redis shared) {
        this.vertx = vertx;
        this.options = new RedisOptions(options);
        this.shared = shared;
    }

    @Override
    public Future<RedisConnection> connect() {
        return client().connect();
    }

    @Override
    public Future<Response> send(Request command) {
        return client().send(command);
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
        return client().batch(commands);
    }

    /** Closes the clients of the event loops; the shared client belongs to Quarkus. */
    @Override
    public void close() {
        perLoop.values().forEach(Redis::close);
        perLoop.clear();
    }

    private Redis client() {
        ContextInternal context = ContextInternal.current();
        if (context == null || !context.isEventLoopContext()) {
            return shared;
        }
        return perLoop.computeIfAbsent(context.nettyEventLoop(), loop -> createOn(context.unwrap()));
    }

    /** A client created while the loop's own context is current binds its pool and connections to that loop. */
    private Redis createOn(ContextInternal loopContext) {
        RedisOptions loopOptions = optionsOfLoop(options, loops.getAndIncrement());
        Redis[] created = new Redis[1];
        loopContext.dispatch(() -> created[0] = Redis.createClient(vertx, loopOptions));
        return created[0];
    }

    /**
     * Quarkus' options with metrics names of the loop's own, {@code <pool>@loop-<n>} for the pool and the TCP client:
     * under the shared client's names their gauges were dropped (Micrometer keeps the first gauge of a name and
     * logs a warning for the others).
     */
    private static RedisOptions optionsOfLoop(RedisOptions quarkus, int loop) {
        String suffix = "@loop-" + loop;
        NetClientOptions tcp = new NetClientOptions(quarkus.getNetClientOptions());
        if (!tcp.getMetricsName().isEmpty()) {
            tcp.setMetricsName(tcp.getMetricsName() + suffix);
        }
        return new RedisOptions(quarkus).setPoolName(quarkus.getPoolName() + suffix).setNetClientOptions(tcp);
    }
}
