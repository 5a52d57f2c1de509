package dev.dropuser;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.auth.IssuerKeys;
import dev.dropuser.cleanup.CleanupRegistry;
import dev.dropuser.cleanup.StaleSessionSweep;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropParticipants;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.drop.Sleeper;
import dev.dropuser.moderation.LiftBan;
import dev.dropuser.moderation.ListBans;
import dev.dropuser.moderation.ModerationRecords;
import dev.dropuser.moderation.ReadDropHistory;
import dev.dropuser.registry.RedisOptionsCapture;
import dev.dropuser.registry.RedisRegistry;
import dev.dropuser.registry.RegistryKeys;
import dev.dropuser.signaling.JsonSignal;
import dev.dropuser.signaling.SignalTemplates;
import dev.dropuser.signaling.SocketIoFrames;
import dev.dropuser.webhook.WebhookSignature;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The composition root: the one place that reads configuration and assembles the framework-free use cases and
 * their adapters. Adapters take plain settings from here; none of them reads the app's configuration.
 */
@ApplicationScoped
class Wiring {
    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Built at startup, so that an unusable signaling mode stops the service instead of its first request. */
    @Produces
    @ApplicationScoped
    @io.quarkus.runtime.Startup
    SignalTemplates signalTemplates(DropuserConfig config, ObjectMapper json) {
        DropuserConfig.SocketIo socketIo = config.signaling().socketio();
        return new SignalTemplates(config.signaling().mode(),
                new SocketIoFrames(socketIo.key(), socketIo.namespace(), json), new JsonSignal(config.keyPrefix(), json));
    }

    @Produces
    @ApplicationScoped
    RegistryKeys registryKeys(DropuserConfig config) {
        return new RegistryKeys(config.keyPrefix());
    }

    /**
     * The Redis registry, on Quarkus' own client configuration ({@code quarkus.redis.*}). Injecting Quarkus' client
     * makes sure Quarkus has built it, and so captured its options, first.
     */
    @Produces
    @Singleton
    RedisRegistry redisRegistry(io.vertx.mutiny.core.Vertx vertx, io.vertx.redis.client.Redis quarkusClient,
            RedisOptionsCapture options, RegistryKeys keys, SignalTemplates signals, ObjectMapper json, Clock clock,
            DropuserConfig config, @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout,
            @ConfigProperty(name = "quarkus.redis.client-type") Optional<String> clientType,
            @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts) {
        Optional<URI> clusterSeed = clientType.filter("cluster"::equalsIgnoreCase)
                .map(cluster -> URI.create(hosts.orElseThrow().split(",")[0].trim()));
        return new RedisRegistry(vertx, options.options(), quarkusClient, keys, signals, json, clock,
                new RedisRegistry.Settings(timeout, clusterSeed, config.audit().retention()));
    }

    void closeRegistry(@Disposes RedisRegistry registry) {
        registry.close();
    }

    @Produces
    @ApplicationScoped
    ParticipantRegistry participantRegistry(RedisRegistry registry) {
        return registry.participants();
    }

    @Produces
    @ApplicationScoped
    CleanupRegistry cleanupRegistry(RedisRegistry registry) {
        return registry.cleanup();
    }

    @Produces
    @ApplicationScoped
    ModerationRecords moderationRecords(RedisRegistry registry) {
        return registry.moderation();
    }

    @Produces
    @ApplicationScoped
    ListBans listBans(ModerationRecords records, Clock clock) {
        return new ListBans(records, clock);
    }

    @Produces
    @ApplicationScoped
    LiftBan liftBan(ModerationRecords records, Clock clock) {
        return new LiftBan(records, clock);
    }

    @Produces
    @ApplicationScoped
    ReadDropHistory readDropHistory(ModerationRecords records) {
        return new ReadDropHistory(records);
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
        DropuserConfig.RateLimit limit = config.rateLimit();
        return new DropParticipants(registry, sleeper, clock, config.confirmTimeout(),
                new DropOrder.RateLimits(limit.room(), limit.caller(), limit.window().toMillis()));
    }

    @Produces
    @ApplicationScoped
    StaleSessionSweep staleSessionSweep(ParticipantRegistry drops, CleanupRegistry registry, Clock clock, DropuserConfig config) {
        return new StaleSessionSweep(drops, registry, clock, config.cleanup().retryInterval());
    }

    /** Built at startup, so that a malformed DROPUSER_WEBHOOK_SECRETS stops the service instead of failing a webhook. */
    @Produces
    @ApplicationScoped
    @io.quarkus.runtime.Startup
    WebhookSignature webhookSignature(DropuserConfig config) {
        return new WebhookSignature(config.webhook().secrets().orElse(List.of()));
    }

    @Produces
    @ApplicationScoped
    CallerAuthentication callerAuthentication(JWTParser parser, IssuerKeys issuerKeys, Clock clock,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew") int skewSeconds) {
        return new CallerAuthentication(parser, issuerKeys, clock, Duration.ofSeconds(skewSeconds));
    }
}
