package dev.dropuser.security;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dropuser.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.util.KeyUtils;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The issuer's keys from a JWKS URL (issue 14 item 13), served by a local key server on a free port: fetched at
 * startup, never on a request's thread, and kept through an outage for at most dropuser.jwks.max-stale.
 */
@QuarkusTest
@TestProfile(JwksTest.FromJwks.class)
class JwksTest {
    static final String ROOM = "jwks";
    /** The profile's bound: the last good keys serve this long after they were fetched, and no longer. */
    static final long MAX_STALE_MILLIS = 6_000;
    static final AtomicInteger CALLS = new AtomicInteger();

    public static class FromJwks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.jwks.refresh", "1s", "dropuser.jwks.max-stale", MAX_STALE_MILLIS + "ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeyServer.class));
        }
    }

    /** Serves the test issuer's public key as a JWKS; it can fail, or hang, on demand. */
    public static class KeyServer implements QuarkusTestResourceLifecycleManager {
        static final AtomicInteger REQUESTS = new AtomicInteger();
        static final AtomicReference<String> MODE = new AtomicReference<>("up");
        static volatile CountDownLatch release = new CountDownLatch(0);
        static HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                RsaJsonWebKey key = new RsaJsonWebKey((RSAPublicKey) KeyUtils.readPublicKey("test-keys/publicKey.pem"));
                key.setKeyId("k1");
                key.setUse("sig");
                key.setAlgorithm("RS256");
                byte[] jwks = ("{\"keys\":[" + key.toJson() + "]}").getBytes(StandardCharsets.UTF_8);
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.setExecutor(Executors.newCachedThreadPool());
                server.createContext("/jwks", exchange -> {
                    REQUESTS.incrementAndGet();
                    try {
                        if (MODE.get().equals("hang")) {
                            release.await(20, TimeUnit.SECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    boolean up = !MODE.get().equals("down");
                    byte[] body = up ? jwks : "issuer down".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(up ? 200 : 503, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                server.start();
                return Map.of("mp.jwt.verify.publickey.location", "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            release.countDown();
            server.stop(0);
        }
    }

    @AfterEach
    void issuerBackUp() {
        KeyServer.MODE.set("up");
        KeyServer.release.countDown();
    }

    /**
     * What the token check says of a genuine service token: the body ({@code {}}, no clientIds) is checked only
     * after the token, and touches no Redis, so 1002 means "token accepted" and 1001 "token refused", whatever
     * the load on Redis.
     */
    static int drop() {
        int call = CALLS.incrementAndGet();
        return given().header("Authorization", bearer(Tokens.service("svc-" + call))).contentType(ContentType.JSON)
                .body("{}")
                .when().post("/v1/rooms/{room}/drop", ROOM).then().extract().path("result");
    }

    static final int ACCEPTED = 1002;
    static final int REFUSED = 1001;

    @Test
    void givenJwksUrl_keysAreFetchedAtStartup_andVerifyTokens() {
        // The key server has been asked before any request of this test, during startup.
        assertThat(KeyServer.REQUESTS.get()).isPositive();

        assertThat(drop()).isEqualTo(ACCEPTED);
    }

    @Test
    void givenIssuerOutage_theLastGoodKeysServeAtMostMaxStale_thenTokensAreRefused_untilTheIssuerIsBack() throws Exception {
        awaitResult(ACCEPTED, 5_000);
        KeyServer.MODE.set("down");
        long outageStarted = System.currentTimeMillis();
        int failedBefore = KeyServer.REQUESTS.get();

        assertThat(drop()).as("right after the outage began, the last good keys still verify").isEqualTo(ACCEPTED);
        long refusedAt = awaitResult(REFUSED, MAX_STALE_MILLIS + 5_000);
        assertThat(KeyServer.REQUESTS.get()).as("fetches tried during the outage").isGreaterThan(failedBefore);
        // The last success was at most one refresh (1 s) before the outage: refusals start within max-stale of it.
        assertThat(refusedAt - outageStarted).isBetween(MAX_STALE_MILLIS - 1_500, MAX_STALE_MILLIS + 2_500);

        KeyServer.MODE.set("up");
        awaitResult(ACCEPTED, 10_000);
    }

    /** A fetch that hangs holds the fetcher's thread only: requests keep being answered at once meanwhile. */
    @Test
    void givenHangingKeyServer_requestsAreStillAnsweredAtOnce() throws Exception {
        awaitResult(ACCEPTED, 5_000);
        KeyServer.release = new CountDownLatch(1);
        KeyServer.MODE.set("hang");
        int before = KeyServer.REQUESTS.get();
        long until = System.currentTimeMillis() + 5_000;
        while (KeyServer.REQUESTS.get() == before) {
            assertThat(System.currentTimeMillis()).as("a refresh reached the key server").isLessThan(until);
            Thread.sleep(20);
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> timings = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                timings.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    assertThat(drop()).isEqualTo(ACCEPTED);
                    return (System.nanoTime() - started) / 1_000_000;
                }));
            }
            for (Future<Long> took : timings) {
                assertThat(took.get(10, TimeUnit.SECONDS)).as("ms for a drop while a key fetch hangs").isLessThan(2_000);
            }
        } finally {
            pool.shutdownNow();
            KeyServer.release.countDown();
        }
    }

    /** Polls until a drop answers {@code result}; returns when (epoch ms). */
    static long awaitResult(int result, long withinMillis) throws InterruptedException {
        long until = System.currentTimeMillis() + withinMillis;
        int last;
        while ((last = drop()) != result) {
            assertThat(System.currentTimeMillis()).as("drop still answered %d, waiting for %d", last, result).isLessThan(until);
            Thread.sleep(200);
        }
        return System.currentTimeMillis();
    }

}
