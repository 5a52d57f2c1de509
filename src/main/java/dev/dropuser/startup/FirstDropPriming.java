package dev.dropuser.startup;

import dev.dropuser.DropuserConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.api.DropBodyParser;
import dev.dropuser.auth.Caller;
import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.auth.IssuerKeys;
import dev.dropuser.drop.DropOutcome;
import dev.dropuser.drop.DropParticipants;
import dev.dropuser.drop.DropRequest;
import dev.dropuser.drop.RequestIds;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
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
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * Does once, before any caller waits for it, what the first drop would otherwise pay for: the token check, the
 * body parser, a drop through the registry on every event loop (Redis connection, script load, frames, reply
 * parsing) and the answer's JSON.
 *
 * <p>The drop is real but touches nothing of anyone's: room {@value #ROOM}, client {@value #CLIENT}, which no
 * signaling node registers, so the script finds no live entry, publishes nothing and marks nothing (with rate
 * limits on, it counts one request for that room and caller, which expires with the window). The token is
 * checked twice: by the service's own parser, which must refuse it (it was signed by a key only this class
 * knows; this loads the configured key and runs the refusal path), and by a parser that trusts only the
 * priming key, which runs the acceptance path through {@link CallerAuthentication}. The priming key's private
 * half was thrown away after signing {@code priming.jwt}: the service never accepts that token.
 *
 * <p>In the packaged service this runs in the background from startup on ({@code dropuser.startup.priming=false}
 * turns it off; in dev and test mode it is off unless set to true); on Lambda with SnapStart, {@code dev.dropuser.lambda.SnapStartHooks} runs it before the
 * snapshot instead.
 */
@ApplicationScoped
public class FirstDropPriming {
    private static final Logger LOG = Logger.getLogger(FirstDropPriming.class);
    static final String ROOM = "dropuser-priming";
    static final String CLIENT = "dropuser-priming";
    private static final String ISSUER = "urn:dropuser:priming";
    private static final byte[] BODY = ("{\"clientIds\":[\"" + CLIENT + "\"],\"reason\":\"priming\",\"banSeconds\":0}")
            .getBytes(StandardCharsets.UTF_8);

    private final JWTParser serviceParser;
    private final DropParticipants drops;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Clock clock;
    private final boolean onStartup;

    FirstDropPriming(JWTParser serviceParser, DropParticipants drops, ObjectMapper json, Vertx vertx, Clock clock,
            DropuserConfig config) {
        this.serviceParser = serviceParser;
        this.drops = drops;
        this.json = json;
        this.vertx = vertx;
        this.clock = clock;
        // Tests count what reaches Redis: there it runs only when a test asks for it.
        this.onStartup = config.startup().priming().orElse(LaunchMode.current() == LaunchMode.NORMAL);
    }

    /** Early among the startup observers, so that it overlaps the rest of the startup on another core. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (onStartup) {
            long started = System.nanoTime();
            prime().whenComplete((primed, failure) -> {
                if (failure != null) {
                    LOG.warnf("priming failed (the first drop pays for it instead): %s", rootCause(failure));
                } else {
                    LOG.debugf("primed in %d ms", (System.nanoTime() - started) / 1_000_000);
                }
            });
        }
    }

    /** Runs the priming on a thread of its own, then a drop on each event loop; completes when all are done. */
    public CompletionStage<Void> prime() {
        CompletableFuture<Caller> caller = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                caller.complete(checkTokenAndBody());
            } catch (Throwable failure) {
                caller.completeExceptionally(failure);
            }
        }, "dropuser-priming");
        thread.setDaemon(true);
        thread.start();
        // Once more if the first round fails: at startup the machine is busy, and the first Redis call on a loop
        // (connect, load the script) may outlast the Redis timeout; the second finds the connection open.
        return caller.thenCompose(primed -> dropOnEveryLoop(primed).exceptionallyCompose(first -> dropOnEveryLoop(primed)));
    }

    private Caller checkTokenAndBody() throws Exception {
        String token = resource("priming.jwt").strip();
        try {
            serviceParser.parse(token);
            throw new IllegalStateException("the service accepted the priming token: its key must not be trusted");
        } catch (ParseException expected) {
            // The configured key is loaded and the refusal path has run.
        }
        PublicKey key = KeyUtils.decodePublicKey(resource("priming-public.pem"), SignatureAlgorithm.RS256);
        JWTAuthContextInfo trustsPrimingKeyOnly = new JWTAuthContextInfo(key, ISSUER);
        trustsPrimingKeyOnly.setExpectedAudience(Set.of(ISSUER));
        trustsPrimingKeyOnly.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        Caller caller = new CallerAuthentication(new DefaultJWTParser(trustsPrimingKeyOnly), IssuerKeys.none(), clock,
                Duration.ofSeconds(30))
                .authenticate("Bearer " + token);
        parseBody();
        return caller;
    }

    private CompletionStage<Void> dropOnEveryLoop(Caller caller) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        VertxInternal internal = (VertxInternal) vertx;
        for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
            ContextInternal context = internal.createEventLoopContext((EventLoop) executor, null,
                    Thread.currentThread().getContextClassLoader());
            CompletableFuture<Void> one = new CompletableFuture<>();
            context.runOnContext(ignored -> {
                try {
                    DropRequest request = new DropRequest(ROOM, List.of(CLIENT), Optional.of("priming"), 0);
                    drops.drop(caller, request, Optional.empty(), RequestIds.next())
                            .thenAccept(this::writeAnswer)
                            .whenComplete((ok, failure) -> {
                                if (failure != null) {
                                    one.completeExceptionally(failure);
                                } else {
                                    one.complete(null);
                                }
                            });
                } catch (Throwable failure) {
                    one.completeExceptionally(failure);
                }
            });
            done.add(one);
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    private void writeAnswer(DropOutcome outcome) {
        try {
            json.writeValueAsBytes(outcome.report());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The drop body parser is package-private in {@code dev.dropuser.api}; it is reached by name so that this
     * package needs no change there. A missing or renamed parser only costs the priming of that step.
     */
    private static void parseBody() {
        try {
            Class<?> parser = Class.forName("dev.dropuser.api.DropBodyParser");
            MethodHandle forRoom = MethodHandles.privateLookupIn(parser, MethodHandles.lookup())
                    .findStatic(parser, "forRoom", MethodType.methodType(DropRequest.class, String.class, byte[].class));
            DropRequest unused = (DropRequest) forRoom.invokeExact(ROOM, BODY);
        } catch (Throwable notPrimed) {
            LOG.debugf("the body parser was not primed: %s", String.valueOf(notPrimed));
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
        try (InputStream in = FirstDropPriming.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
