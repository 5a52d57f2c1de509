package dev.dropuser.auth;

import dev.dropuser.DropuserConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * The issuer's keys when {@code mp.jwt.verify.publickey.location} is a JWKS URL (CONTRACT §1): fetched at startup
 * and then every {@code dropuser.jwks.refresh} on a thread of their own, never on a request's thread (SmallRye
 * would fetch them on the event loop, on first use and at every refresh). During an issuer outage the last good
 * set stays in use for at most {@code dropuser.jwks.max-stale} after it was fetched; past that, tokens are
 * refused (1001) until the issuer answers again. With a PEM key this class does nothing.
 */
@Singleton
public class IssuerKeys {
    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
    /** After a failed fetch, the next one comes sooner than a refresh, but not in a tight loop. */
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Optional<URI> jwks;
    private final JWTAuthContextInfo settings;
    private final Duration refresh;
    private final Duration maxStale;
    private final Clock clock;
    private final HttpClient http;
    private ScheduledExecutorService fetcher;
    private volatile KeySet current;

    /** One fetched key set, with the parser that verifies against it alone. */
    private record KeySet(String json, long fetchedAtMillis, JWTParser parser) {
    }

    @Inject
    IssuerKeys(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location,
            JWTAuthContextInfo settings,
            DropuserConfig config, Clock clock) {
        this.jwks = location.filter(value -> value.startsWith("http://") || value.startsWith("https://")).map(URI::create);
        this.settings = settings;
        this.refresh = config.jwks().refresh();
        this.maxStale = config.jwks().maxStale();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Keys that are never fetched: the parser handed to {@link CallerAuthentication} verifies every token alone. */
    public static IssuerKeys none() {
        return new IssuerKeys(Optional.empty(), null, Duration.ZERO, Duration.ZERO, Clock.systemUTC());
    }

    private IssuerKeys(Optional<URI> jwks, JWTAuthContextInfo settings, Duration refresh, Duration maxStale, Clock clock) {
        this.jwks = jwks;
        this.settings = settings;
        this.refresh = refresh;
        this.maxStale = maxStale;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Whether tokens are verified against keys fetched here (a JWKS URL is configured). */
    public boolean remote() {
        return jwks.isPresent();
    }

    /** The parser for the last good key set, unless there is none or it is older than the bound. */
    Optional<JWTParser> parser() {
        KeySet keys = current;
        if (keys == null || clock.millis() - keys.fetchedAtMillis() > maxStale.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(keys.parser());
    }

    void onStart(@Observes StartupEvent event) {
        if (jwks.isEmpty()) {
            return;
        }
        fetcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dropuser-jwks");
            thread.setDaemon(true);
            return thread;
        });
        // Warm before the first request: at startup, on this thread, once; then on the fetcher's thread.
        schedule(fetch() ? refresh : RETRY);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (fetcher != null) {
            fetcher.shutdownNow();
        }
    }

    private void schedule(Duration delay) {
        fetcher.schedule(() -> schedule(fetch() ? refresh : RETRY), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean fetch() {
        URI location = jwks.orElseThrow();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            String json = response.body();
            if (new JsonWebKeySet(json).getJsonWebKeys().isEmpty()) {
                throw new IllegalStateException("the key set is empty");
            }
            KeySet previous = current;
            current = new KeySet(json, clock.millis(),
                    previous != null && previous.json().equals(json) ? previous.parser() : parserFor(json));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            KeySet last = current;
            LOG.warnf("the issuer's keys could not be fetched from %s (%s); %s", location, e.getMessage(), last == null
                    ? "tokens are refused until they can be"
                    : "the last good keys, fetched at " + java.time.Instant.ofEpochMilli(last.fetchedAtMillis())
                            + ", are used for at most " + maxStale + " after that");
            return false;
        }
    }

    /** A parser of its own for each key set: SmallRye's parser keeps the keys it resolved first. */
    private JWTParser parserFor(String json) {
        JWTAuthContextInfo withKeys = new JWTAuthContextInfo(settings);
        withKeys.setPublicKeyLocation(null);
        withKeys.setPublicKeyContent(json);
        return new DefaultJWTParser(withKeys, new DefaultJWTCallerPrincipalFactory());
    }
}
