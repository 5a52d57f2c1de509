package dev.dropuser.startup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.DedicatedRedis;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readiness while the priming runs: not ready, so that a load balancer waits; ready when it ends, even failed. */
@QuarkusTest
@TestProfile(DedicatedRedis.Profile.class)
class WarmUpReadinessTest {
    @Inject
    Priming priming;

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void whilePrimingWaitsForRedis_notReady_thenReadyWhenItEnds() throws Exception {
        readiness(200, "UP");

        DedicatedRedis.server().pause();
        CompletableFuture<Void> primed;
        try {
            primed = priming.prime().toCompletableFuture();
            readiness(503, "DOWN");
        } finally {
            DedicatedRedis.server().resume();
        }

        primed.handle((ok, failure) -> null).get(30, TimeUnit.SECONDS);
        readiness(200, "UP");
    }

    private void readiness(int status, String warmUp) {
        given().when().get(management.toString().replaceAll("/+$", "").replaceAll("/q$", "") + "/q/health/ready")
                .then().statusCode(status)
                .body("checks.find { it.name == 'dropuser-warm-up' }.status", equalTo(warmUp));
    }
}
