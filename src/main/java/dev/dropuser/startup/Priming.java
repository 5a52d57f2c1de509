package dev.dropuser.startup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.DropuserConfig;
import dev.dropuser.api.DropBodyParser;
import dev.dropuser.auth.Caller;
import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.auth.IssuerKeys;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropOutcome;
import dev.dropuser.drop.DropParticipants;
import dev.dropuser.drop.ParticipantRegistry;
import dev.dropuser.drop.RequestIds;
import dev.dropuser.drop.Sleeper;
import dev.dropuser.drop.Trigger;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.ImageMode;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Does before any caller waits for it what the first drops would otherwise pay for: loading and connecting
 * (the token check, the body parser, the registry's connections and scripts on every event loop), then the JIT's
 * warm-up, by running the drop path {@code dropuser.startup.warm-up-drops} times.
 * Without the warm-up, a drop after a start takes two to three times as long as one after a few thousand
 * (docs/BENCHMARKS.md, "First drops after a start").
 *
 * <p>The drops are real but touch nothing of anyone's: room {@value #ROOM}, client {@value #CLIENT}, which no
 * signaling node registers, so the script finds no live entry, publishes nothing and marks nothing. They run
 * through a {@link DropParticipants} of their own without rate limits (they would otherwise use up the priming
 * caller's window after a few), as {@link Trigger#PRIMING}, which the audit trail does not record.
 * The token is checked by the service's own parser, which must refuse it (it was signed by a key only this
 * class knows; this loads the configured key and runs the refusal path), and, for every drop, by a parser that
 * trusts only the priming key, which runs the acceptance path through {@link CallerAuthentication}. The priming
 * key's private half was thrown away after signing {@code priming.jwt}: the service never accepts that token.
 *
 * <p>In the packaged service this runs in the background from startup on, and the readiness check
 * ({@link WarmUpReadiness}) says so until it is done ({@code dropuser.startup.priming=false} turns it off; in dev
 * and test mode it is off unless set to true); on Lambda with SnapStart, {@code dev.dropuser.lambda.SnapStartHooks}
 * runs it before the snapshot instead, so that every restored instance starts warm.
 */
@ApplicationScoped
public class Priming {
    private static final Logger LOG = Logger.getLogger(Priming.class);
    static final String ROOM = "dropuser-priming";
    static final String CLIENT = "dropuser-priming";
    private static final String ISSUER = "urn:dropuser:priming";
    private static final byte[] BODY = ("{\"clientIds\":[\"" + CLIENT + "\"],\"reason\":\"priming\",\"banSeconds\":0}")
            .getBytes(StandardCharsets.UTF_8);
    private static final String TOKEN = resource("priming.jwt").strip();
    private static final String AUTHORIZATION = "Bearer " + TOKEN;

    private final JWTParser serviceParser;
    private final DropParticipants drops;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Clock clock;
    private final boolean onStartup;
    private final int warmUpDrops;
    private CompletableFuture<Void> priming;

    Priming(JWTParser serviceParser, ParticipantRegistry participants, Sleeper sleeper,
            ObjectMapper json, Vertx vertx, Clock clock, DropuserConfig config) {
        this.serviceParser = serviceParser;
        this.drops = new DropParticipants(participants, sleeper, clock, config.confirmTimeout(), DropOrder.RateLimits.NONE);
        this.json = json;
        this.vertx = vertx;
        this.clock = clock;
        // Tests count what reaches Redis: there it runs only when a test asks for it.
        this.onStartup = config.startup().priming().orElse(LaunchMode.current() == LaunchMode.NORMAL);
        // A native executable has no JIT to warm: loading and connecting is all there is to do.
        this.warmUpDrops = ImageMode.current() == ImageMode.NATIVE_RUN ? 1 : Math.max(1, config.startup().warmUpDrops());
    }

    /** Early among the startup observers, so that it overlaps the rest of the startup on another core. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (onStartup) {
            prime();
        }
    }

    /** Whether no priming runs now: none was started, or it has ended, well or not. */
    boolean idle() {
        CompletableFuture<Void> running;
        synchronized (this) {
            running = priming;
        }
        return running == null || running.isDone();
    }

    /**
     * Primes once: the first call starts it, later calls (the SnapStart hook after the startup's) get the same
     * priming. Completes when it is done; a failure is logged here and costs only the first drops' speed.
     */
    public synchronized CompletionStage<Void> prime() {
        if (priming == null) {
            long started = System.nanoTime();
            priming = run().whenComplete((primed, failure) -> {
                if (failure != null) {
                    LOG.warnf("priming failed (the first drops pay for it instead): %s", rootCause(failure));
                } else {
                    LOG.infof("primed: %d warm-up drops in %d ms", warmUpDrops, (System.nanoTime() - started) / 1_000_000);
                }
            }).toCompletableFuture();
        }
        return priming;
    }

    /**
     * Checks the token and the body on a thread of its own, then runs the warm-up drops, shared out over the event
     * loops (each loop one drop after another, as a caller's requests come).
     */
    private CompletionStage<Void> run() {
        CompletableFuture<CallerAuthentication> checked = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                checked.complete(checkTokenAndBody());
            } catch (Throwable failure) {
                checked.completeExceptionally(failure);
            }
        }, "dropuser-priming");
        thread.setDaemon(true);
        thread.start();
        return checked.thenCompose(this::warmUpOnEveryLoop);
    }

    /** The slowest first steps, off the event loops: loading the keys, both token checks, the body parser. */
    private CallerAuthentication checkTokenAndBody() throws Exception {
        try {
            serviceParser.parse(TOKEN);
            throw new IllegalStateException("the service accepted the priming token: its key must not be trusted");
        } catch (ParseException expected) {
            // The configured key is loaded and the refusal path has run.
        }
        CallerAuthentication authentication = primingAuthentication();
        authentication.authenticate(AUTHORIZATION);
        DropBodyParser.forRoom(ROOM, BODY);
        return authentication;
    }

    private CallerAuthentication primingAuthentication() {
        PublicKey key;
        try {
            key = KeyUtils.decodePublicKey(resource("priming-public.pem"), SignatureAlgorithm.RS256);
        } catch (Exception e) {
            throw new IllegalStateException("the priming key cannot be read", e);
        }
        JWTAuthContextInfo trustsPrimingKeyOnly = new JWTAuthContextInfo(key, ISSUER);
        trustsPrimingKeyOnly.setExpectedAudience(Set.of(ISSUER));
        trustsPrimingKeyOnly.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        return new CallerAuthentication(new DefaultJWTParser(trustsPrimingKeyOnly), IssuerKeys.none(), clock,
                Duration.ofSeconds(30));
    }

    private CompletionStage<Void> warmUpOnEveryLoop(CallerAuthentication authentication) {
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        VertxInternal internal = (VertxInternal) vertx;
        List<EventExecutor> executors = new ArrayList<>();
        vertx.nettyEventLoopGroup().forEach(executors::add);
        for (int i = 0; i < executors.size(); i++) {
            int share = warmUpDrops / executors.size() + (i < warmUpDrops % executors.size() ? 1 : 0);
            ContextInternal context = internal.createEventLoopContext((EventLoop) executors.get(i), null,
                    Thread.currentThread().getContextClassLoader());
            CompletableFuture<Void> loop = new CompletableFuture<>();
            // The first drop on a loop opens its connection and loads the script: at startup the machine is busy,
            // and it may outlast the Redis timeout once; the drops after it find the connection open.
            context.runOnContext(ignored -> dropsInTurn(context, authentication, Math.max(1, share), 1, loop));
            loops.add(loop);
        }
        return CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new));
    }

    /** {@code left} drops on {@code context}, each once the one before it is answered, as a caller's requests come. */
    private void dropsInTurn(ContextInternal context, CallerAuthentication authentication, int left, int retries,
            CompletableFuture<Void> loop) {
        CompletionStage<DropOutcome> drop;
        try {
            Caller caller = authentication.authenticate(AUTHORIZATION);
            drop = drops.drop(caller, DropBodyParser.forRoom(ROOM, BODY), Optional.empty(), RequestIds.next(),
                    Trigger.PRIMING);
        } catch (Throwable failure) {
            loop.completeExceptionally(failure);
            return;
        }
        drop.thenAccept(this::writeAnswer).whenComplete((ok, failure) -> context.runOnContext(next -> {
            if (failure != null && retries == 0) {
                loop.completeExceptionally(failure);
            } else if (failure != null) {
                dropsInTurn(context, authentication, left, retries - 1, loop);
            } else if (left > 1) {
                dropsInTurn(context, authentication, left - 1, retries, loop);
            } else {
                loop.complete(null);
            }
        }));
    }

    private void writeAnswer(DropOutcome outcome) {
        try {
            json.writeValueAsBytes(outcome.report());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String rootCause(Throwable failure) {
        StringBuilder causes = new StringBuilder(String.valueOf(failure));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            causes.append(" <- ").append(cause);
        }
        return causes.toString();
    }

    private static String resource(String name) {
        try (InputStream in = Priming.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
