package dev.dropuser;

import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.auth.IssuerKeys;
import dev.dropuser.cleanup.CleanupRegistry;
import dev.dropuser.cleanup.StaleSessionSweep;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropParticipants;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.drop.Sleeper;
import dev.dropuser.signaling.JsonSignal;
import dev.dropuser.signaling.SignalTemplates;
import dev.dropuser.signaling.SocketIoFrames;
import dev.dropuser.webhook.WebhookSignature;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Assembles the framework-free use cases from configuration: the one place that knows both sides. */
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
    SignalTemplates signalTemplates(DropuserConfig config) {
        DropuserConfig.SocketIo socketIo = config.signaling().socketio();
        return new SignalTemplates(config.signaling().mode(),
                new SocketIoFrames(socketIo.key(), socketIo.namespace()), new JsonSignal(config.keyPrefix()));
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
