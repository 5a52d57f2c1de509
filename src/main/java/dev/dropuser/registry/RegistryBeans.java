package dev.dropuser.registry;

import dev.dropuser.DropuserConfig;
import dev.dropuser.cleanup.CleanupRegistry;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.signaling.SignalTemplates;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the Redis adapters of the use cases' ports from configuration. */
@ApplicationScoped
class RegistryBeans {
    /** How long an idempotency key stays "in progress" beyond the confirm timeout if its answer is never stored. */
    private static final Duration IN_PROGRESS_MARGIN = Duration.ofSeconds(30);

    private final Duration timeout;

    RegistryBeans(@ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        this.timeout = timeout;
    }

    @Produces
    @ApplicationScoped
    RegistryKeys registryKeys(DropuserConfig config) {
        return new RegistryKeys(config.keyPrefix());
    }

    @Produces
    @ApplicationScoped
    DropScript dropScript(Redis redis, Clock clock, RegistryKeys keys, SignalTemplates signals, DropuserConfig config) {
        return new DropScript(redis, clock, keys, signals, timeout, config.confirmTimeout().plus(IN_PROGRESS_MARGIN));
    }

    @Produces
    @ApplicationScoped
    ParticipantRegistry participantRegistry(Redis redis, RegistryKeys keys, DropScript dropScript) {
        return new RedisParticipantRegistry(redis, keys, dropScript, timeout);
    }

    @Produces
    @ApplicationScoped
    CleanupRegistry cleanupRegistry(Redis redis, RegistryKeys keys, DropScript dropScript) {
        return new RedisCleanupRegistry(redis, keys, dropScript, timeout);
    }
}
