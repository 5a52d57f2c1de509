package dev.dropuser.registry;

import dev.dropuser.DropuserConfig;
import dev.dropuser.cleanup.CleanupRegistry;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.signaling.SignalTemplates;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the Redis adapters of the use cases' ports from configuration. */
@ApplicationScoped
class RegistryBeans {
    /** How long an idempotency key stays "in progress" beyond the confirm timeout if its answer is never stored. */
    private static final Duration IN_PROGRESS_MARGIN = Duration.ofSeconds(30);

    private final Duration timeout;
    private final boolean cluster;
    private final Optional<String> hosts;

    RegistryBeans(@ConfigProperty(name = "quarkus.redis.timeout") Duration timeout,
            @ConfigProperty(name = "quarkus.redis.client-type") Optional<String> clientType,
            @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts) {
        this.timeout = timeout;
        this.cluster = clientType.map("cluster"::equalsIgnoreCase).orElse(false);
        this.hosts = hosts;
    }

    @Produces
    @ApplicationScoped
    RegistryKeys registryKeys(DropuserConfig config) {
        return new RegistryKeys(config.keyPrefix());
    }

    /**
     * The client every adapter uses: Quarkus' configuration, one client per event loop. The parameter is
     * Quarkus' own client: injecting it makes sure Quarkus has built it (and its options) first.
     */
    @Produces
    @Singleton
    @Typed(LoopLocalRedis.class) // not a second candidate for Redis injection points
    LoopLocalRedis loopLocalRedis(io.vertx.core.Vertx vertx, io.vertx.redis.client.Redis quarkusClient,
            RedisOptionsCapture captured) {
        return new LoopLocalRedis(vertx, captured.options(), quarkusClient);
    }

    void closeLoopClients(@Disposes LoopLocalRedis redis) {
        redis.close();
    }

    @Produces
    @ApplicationScoped
    DropScript dropScript(LoopLocalRedis loopLocal, Clock clock, RegistryKeys keys, SignalTemplates signals, DropuserConfig config) {
        return new DropScript(Redis.newInstance(loopLocal), clock, keys, signals, timeout, config.confirmTimeout().plus(IN_PROGRESS_MARGIN), cluster);
    }

    @Produces
    @ApplicationScoped
    ParticipantRegistry participantRegistry(LoopLocalRedis loopLocal, RegistryKeys keys, DropScript dropScript) {
        return new RedisParticipantRegistry(Redis.newInstance(loopLocal), keys, dropScript, timeout);
    }

    @Produces
    @ApplicationScoped
    CleanupRegistry cleanupRegistry(LoopLocalRedis loopLocal, RegistryKeys keys, DropScript dropScript, Vertx vertx) {
        Redis redis = Redis.newInstance(loopLocal);
        Optional<ClusterMasters> masters = cluster
                ? Optional.of(new ClusterMasters(vertx, redis, URI.create(hosts.orElseThrow().split(",")[0].trim()), timeout))
                : Optional.empty();
        return new RedisCleanupRegistry(redis, keys, dropScript, timeout, masters);
    }
}
