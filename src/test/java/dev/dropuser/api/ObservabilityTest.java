package dev.dropuser.api;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metrics, logs and health, as an operator sees them (issue: logs and metrics). */
@QuarkusTest
class ObservabilityTest {
    static final String ROOM = "r1";

    @Inject
    RedisDataSource redis;

    /** The management interface (CONTRACT §12), on its own random port in tests. */
    @TestHTTPResource(value = "", management = true)
    URL management;

    String management(String path) {
        return management.toString().replaceAll("/+$", "").replaceAll("/q$", "") + path;
    }

    final List<String> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null || record.getParameters().length == 0
                    ? record.getMessage()
                    : String.format(record.getMessage().replace("{0}", "%s"), record.getParameters());
            logged.add(String.valueOf(message) + " " + java.util.Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        RoomFixture room = new RoomFixture(redis);
        room.reset();
        room.heartbeat("sig-1");
        room.join(ROOM, "c1", "sig-1", "sid-1", "u-1", "participant");
        Logger.getLogger("dev.dropuser").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("dev.dropuser").removeHandler(capture);
    }

    @Test
    void givenDropsAndRefusals_metrics_countThemByResultAndStatus() {
        String token = Tokens.moderator(ROOM, "u-mod");
        given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body("{\"clientIds\":[\"nobody\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM).then().statusCode(200);
        given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/rooms/{room}/drop", ROOM).then().statusCode(400);

        String metrics = given().when().get(management("/q/metrics")).then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern("dropuser_requests_seconds_count\\{[^}]*endpoint=\"drop\"[^}]*result=\"0\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("dropuser_requests_seconds_count\\{[^}]*endpoint=\"drop\"[^}]*result=\"1002\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("dropuser_requests_seconds_bucket\\{[^}]*endpoint=\"drop\"");
        assertThat(metrics).containsPattern("dropuser_clients_total\\{[^}]*status=\"not-found\"[^}]*} [1-9]");
    }

    @Test
    void givenRedisFrozen_aDropAnswered2001_growsTheRegistryErrorsCounterByOne() {
        String token = Tokens.moderator(ROOM, "u-mod");
        double before = counter("dropuser_registry_errors_total");

        TestRedis.server().pause();
        try {
            given().header("Authorization", bearer(token)).contentType(ContentType.JSON).body("{\"clientIds\":[\"c1\"]}")
                    .when().post("/v1/rooms/{room}/drop", ROOM).then().statusCode(503).body("result", equalTo(2001));
        } finally {
            TestRedis.server().resume();
        }

        assertThat(counter("dropuser_registry_errors_total") - before).isEqualTo(1.0);
    }

    private double counter(String name) {
        String metrics = given().when().get(management("/q/metrics")).then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not exported"));
    }

    @Test
    void givenADropOfThreeUnknownClients_theNotFoundCounter_growsByThree() {
        String token = Tokens.moderator(ROOM, "u-mod");
        double before = notFoundCount();

        given().header("Authorization", bearer(token)).contentType(ContentType.JSON)
                .body("{\"clientIds\":[\"ghost-a\",\"ghost-b\",\"ghost-c\"]}")
                .when().post("/v1/rooms/{room}/drop", ROOM).then().statusCode(200);

        assertThat(notFoundCount() - before).isEqualTo(3.0);
    }

    private double notFoundCount() {
        String metrics = given().when().get(management("/q/metrics")).then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("dropuser_clients_total{") && line.contains("status=\"not-found\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }

    @Test
    void givenADropWithReason_logs_carryRequestIdRoomAndCallerButNeverTokenOrReason() {
        String token = Tokens.moderator(ROOM, "u-mod");
        String reason = "private-reason-text-7f3a";

        String requestId = given().header("Authorization", bearer(token)).contentType(ContentType.JSON)
                .body("{\"clientIds\":[\"c1\"],\"reason\":\"" + reason + "\"}")
                .when().post("/v1/rooms/{room}/drop", ROOM).then().statusCode(200).extract().path("requestId");
        given().header("Authorization", bearer(token + "x")).contentType(ContentType.JSON).body("{\"clientIds\":[]}")
                .when().post("/v1/rooms/{room}/drop", ROOM).then().statusCode(401);

        assertThat(logged).anySatisfy(line -> assertThat(line).contains(requestId, "room=" + ROOM, "sub=u-mod", "result=0"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("result=1001"));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(reason));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(token.substring(token.lastIndexOf('.') + 1)));
    }

    @Test
    void givenRedisUpThenFrozen_readiness_followsIt() {
        given().when().get(management("/q/health/live")).then().statusCode(200);
        given().when().get(management("/q/health/ready")).then().statusCode(200)
                .body("status", equalTo("UP")).body(containsString("Redis"));

        TestRedis.server().pause();
        try {
            given().when().get(management("/q/health/ready")).then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            TestRedis.server().resume();
        }
        given().when().get(management("/q/health/ready")).then().statusCode(200);
    }
}
