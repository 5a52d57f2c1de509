package dev.dropuser.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.cleanup.CleanupRegistry;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.moderation.ModerationRecords;
import dev.dropuser.signaling.SignalTemplates;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Redis adapters of the use cases' ports, built from settings the composition root hands over. Every
 * adapter shares one client that keeps each request's traffic on its own event loop ({@link LoopLocalRedis}).
 */
public final class RedisRegistry implements AutoCloseable {
    private final LoopLocalRedis loopLocal;
    private final DropAcks acks;
    private final ParticipantRegistry participants;
    private final CleanupRegistry cleanup;
    private final ModerationRecords moderation;
    private final EventLoopGroup eventLoops;

    /**
     * How the registry is reached and how long it may take.
     *
     * @param timeout     how long one Redis call may take before the registry counts as unavailable
     * @param clusterSeed   on a Redis Cluster, a node's URL (the keyspace walk finds the masters from it)
     * @param auditRetention how long audit entries are kept (CONTRACT §11.4)
     */
    public record Settings(Duration timeout, Optional<URI> clusterSeed, Duration auditRetention) {
    }

    /**
     * @param options Quarkus' options for its default client ({@link RedisOptionsCapture})
     * @param shared  Quarkus' default client, for calls made off the event loops
     */
    public RedisRegistry(Vertx vertx, RedisOptions options, io.vertx.redis.client.Redis shared, RegistryKeys keys,
            SignalTemplates signals, ObjectMapper json, Clock clock, Settings settings) {
        this.loopLocal = new LoopLocalRedis(vertx.getDelegate(), options, shared);
        Redis redis = Redis.newInstance(loopLocal);
        this.eventLoops = vertx.getDelegate().nettyEventLoopGroup();
        Duration timeout = settings.timeout();
        boolean cluster = settings.clusterSeed().isPresent();
        Heartbeats heartbeats = new Heartbeats(redis, keys, timeout);
        GhostScript ghosts = new GhostScript(redis, keys, timeout);
        Optional<ClusterFollowUp> followUp = cluster
                ? Optional.of(new ClusterFollowUp(redis, timeout, heartbeats, ghosts))
                : Optional.empty();
        StoredAnswer answers = new StoredAnswer(json);
        DropScript drop = new DropScript(redis, clock, timeout,
                new DropScriptArgs(keys, signals, json, cluster, RedisParticipantRegistry.IDEMPOTENCY_TTL,
                        settings.auditRetention()), answers, json, followUp);
        RetryScript retry = new RetryScript(redis, clock, timeout,
                new RetryScriptArgs(keys, signals, json, cluster, settings.auditRetention()), followUp);
        this.acks = new DropAcks(vertx.getDelegate(), options, shared, keys);
        this.participants = new RedisParticipantRegistry(redis, keys, drop, acks, timeout);
        this.moderation = new RedisModerationRecords(redis, keys, json, timeout, settings.auditRetention());
        this.cleanup = new RedisCleanupRegistry(redis, keys, retry, json, timeout, heartbeats, ghosts,
                settings.clusterSeed().map(seed -> new ClusterMasters(vertx, redis, seed, timeout)));
    }

    public ParticipantRegistry participants() {
        return participants;
    }

    public CleanupRegistry cleanup() {
        return cleanup;
    }

    public ModerationRecords moderation() {
        return moderation;
    }

    /** The client every adapter shares. */
    LoopLocalRedis loopLocal() {
        return loopLocal;
    }

    /**
     * Closes every connection the registry opened (before a Lambda SnapStart snapshot); the next call on an event
     * loop opens new ones. Completes once the sockets are closed: the clients close their connections on the event
     * loops, so it waits, twice over, until every loop has run what was queued on it before.
     */
    public CompletionStage<Void> closeConnections() {
        loopLocal.close();
        acks.close();
        return eachLoopDrained().thenCompose(ignored -> eachLoopDrained());
    }

    private CompletionStage<Void> eachLoopDrained() {
        List<CompletableFuture<Void>> drained = new ArrayList<>();
        for (EventExecutor loop : eventLoops) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.execute(() -> done.complete(null));
            drained.add(done);
        }
        return CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new));
    }

    /** Closes the per-event-loop connections, the blocking ones too. */
    @Override
    public void close() {
        loopLocal.close();
        acks.close();
    }
}
