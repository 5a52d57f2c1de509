package dev.dropuser.registry;

import dev.dropuser.DropuserConfig;
import dev.dropuser.cleanup.CleanupRegistry;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.signaling.SignalTemplates;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
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

    @Produces
    @ApplicationScoped
    DropScript dropScript(Redis redis, Clock clock, RegistryKeys keys, SignalTemplates signals, DropuserConfig config) {
        return new DropScript(redis, clock, keys, signals, timeout, config.confirmTimeout().plus(IN_PROGRESS_MARGIN), cluster);
    }

    @Produces
    @ApplicationScoped
    ParticipantRegistry participantRegistry(Redis redis, RegistryKeys keys, DropScript dropScript) {
        return new RedisParticipantRegistry(redis, keys, dropScript, timeout);
    }

    @Produces
    @ApplicationScoped
    CleanupRegistry cleanupRegistry(Redis redis, RegistryKeys keys, DropScript dropScript, Vertx vertx) {
        Optional<ClusterMasters> masters = cluster
                ? Optional.of(new ClusterMasters(vertx, redis, URI.create(hosts.orElseThrow().split(",")[0].trim()), timeout))
                : Optional.empty();
        return new RedisCleanupRegistry(redis, keys, dropScript, timeout, masters);
    }
}
