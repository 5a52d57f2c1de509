package dev.dropuser;

import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.drop.DropParticipants;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.drop.Sleeper;
import dev.dropuser.registry.RedisParticipantRegistry;
import dev.dropuser.registry.RegistryKeys;
import dev.dropuser.signaling.JsonSignal;
import dev.dropuser.signaling.SignalTemplates;
import dev.dropuser.signaling.SocketIoFrames;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Assembles the framework-free use cases from configuration: the one place that knows both sides. */
@ApplicationScoped
class Wiring {
    /** How long an idempotency key stays "in progress" beyond the confirm timeout if its answer is never stored. */
    private static final Duration IN_PROGRESS_MARGIN = Duration.ofSeconds(30);

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    RegistryKeys registryKeys(DropuserConfig config) {
        return new RegistryKeys(config.keyPrefix());
    }

    /** Built at startup, so that an unusable signaling mode stops the service instead of its first request. */
    @Produces
    @ApplicationScoped
    @io.quarkus.runtime.Startup
    SignalTemplates signalTemplates(DropuserConfig config) {
        DropuserConfig.SocketIo socketIo = config.signaling().socketio();
        return new SignalTemplates(config.signaling().mode(),
                new SocketIoFrames(socketIo.key(), socketIo.namespace()), new JsonSignal(config.keyPrefix()));
    }

    @Produces
    @ApplicationScoped
    ParticipantRegistry participantRegistry(
            Redis redis, Clock clock, RegistryKeys keys, SignalTemplates signals, DropuserConfig config,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration redisTimeout) {
        return new RedisParticipantRegistry(redis, clock, keys, signals, redisTimeout,
                config.confirmTimeout().plus(IN_PROGRESS_MARGIN));
    }

    @Produces
    @ApplicationScoped
    Sleeper sleeper(Vertx vertx) {
        return delay -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> done.complete(null));
            return done;
        };
    }

    @Produces
    @ApplicationScoped
    DropParticipants dropParticipants(ParticipantRegistry registry, Sleeper sleeper, Clock clock, DropuserConfig config) {
        return new DropParticipants(registry, sleeper, clock, config.confirmTimeout());
    }

    @Produces
    @ApplicationScoped
    CallerAuthentication callerAuthentication(
            JWTParser parser, Clock clock, @ConfigProperty(name = "mp.jwt.verify.clock.skew") int skewSeconds) {
        return new CallerAuthentication(parser, clock, Duration.ofSeconds(skewSeconds));
    }
}
