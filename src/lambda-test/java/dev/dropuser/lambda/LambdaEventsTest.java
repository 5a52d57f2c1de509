package dev.dropuser.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.TestRedis;
import dev.dropuser.testing.Tokens;
import dev.dropuser.webhook.WebhookSender;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every trigger of the Lambda deployment (CONTRACT §9), fed as the sample events of deploy/lambda/events
 * through Quarkus' mock Lambda event server, with the settings the SAM template gives the function.
 */
@QuarkusTest
@TestProfile(LambdaEventsTest.LambdaDeployment.class)
class LambdaEventsTest {
    static final String ROOM = "r1";
    static final WebhookSender CURRENT = new WebhookSender("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final WebhookSender UNKNOWN = new WebhookSender("whsec_dW5rbm93bi1zZWNyZXQtdmFsdWUtMTIzNA==");
    static final ObjectMapper JSON = new ObjectMapper();

    /** What deploy/lambda/template.yaml sets for the Lambda path. */
    public static class LambdaDeployment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dropuser.cleanup.internal-route", "true", "quarkus.scheduler.enabled", "false");
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;
    @Inject
    Scheduler scheduler;

    RoomFixture room;
    PublishedMessages bus;
    FakeSignalingNode node;

    @BeforeEach
    void setUp() {
        room = new RoomFixture(redis);
        room.reset();
        bus = PublishedMessages.subscribe(vertx, TestRedis.server().url());
        node = new FakeSignalingNode("sig-1", room, bus, vertx, TestRedis.server().url());
    }

    @AfterEach
    void tearDown() {
        node.close();
        bus.close();
    }

    @Test
    void givenDropEventFromApiGateway_function_dropsAndAnswersPerClientStatus() {
        node.join(ROOM, "c1", "u-1", "participant");

        LambdaEvent.Answer answer = LambdaEvent.sample("drop.json")
                .fill(Map.of("MODERATOR_TOKEN", Tokens.moderator(ROOM, "u-mod"), "IDEMPOTENCY_KEY", UUID.randomUUID().toString()))
                .invoke();

        assertThat(answer.statusCode()).as(answer::toString).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.body().path("result").asInt(-1)).isZero();
        assertThat(answer.body().path("msg").asText()).isEqualTo("Success");
        assertThat(answer.body().path("roomId").asText()).isEqualTo(ROOM);
        assertThat(answer.body().path("requestId").asText()).isNotEmpty();
        assertThat(answer.body().path("clients").toString())
                .isEqualTo("[{\"clientId\":\"c1\",\"status\":\"dropped\"},{\"clientId\":\"c2\",\"status\":\"not-found\"}]");
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sig-1-c1#"), 1, Duration.ofSeconds(2)))
                .singleElement().satisfies(frame -> assertThat(frame.text())
                        .contains("disconnected-by-moderator", "disruptive behaviour"));
        assertThat(room.liveEntries(ROOM)).isEmpty();
    }

    @Test
    void givenIdempotencyKeysThatDifferAfterAComma_dropEvents_areTwoRequestsNotAReplay() {
        node.join(ROOM, "c1", "u-1", "participant");
        String token = Tokens.moderator(ROOM, "u-mod");

        LambdaEvent.Answer first = LambdaEvent.sample("drop.json")
                .fill(Map.of("MODERATOR_TOKEN", token, "IDEMPOTENCY_KEY", "batch-7,a")).invoke();
        LambdaEvent.Answer second = LambdaEvent.sample("drop.json")
                .fill(Map.of("MODERATOR_TOKEN", token, "IDEMPOTENCY_KEY", "batch-7,b")).invoke();
        LambdaEvent.Answer again = LambdaEvent.sample("drop.json")
                .fill(Map.of("MODERATOR_TOKEN", token, "IDEMPOTENCY_KEY", "batch-7,b")).invoke();

        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(second.header("Idempotent-Replayed")).as("a different key is a new request").isNull();
        assertThat(second.body().path("requestId").asText()).isNotEqualTo(first.body().path("requestId").asText());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(second.body());
    }

    @Test
    void givenDropEventWithoutToken_function_answersInvalidToken() {
        LambdaEvent.Answer answer = LambdaEvent.sample("drop.json")
                .fill(Map.of("MODERATOR_TOKEN", "not-a-jwt", "IDEMPOTENCY_KEY", UUID.randomUUID().toString()))
                .invoke();

        assertThat(answer.statusCode()).as(answer::toString).isEqualTo(401);
        assertThat(answer.body().path("result").asInt()).isEqualTo(1001);
        assertThat(answer.body().path("msg").asText()).isEqualTo("Invalid Token");
    }

    @Test
    void givenWebhookEventWithValidSignature_function_dropsWithServiceCause() {
        node.join(ROOM, "c1", "u-1", "participant");
        LambdaEvent sample = LambdaEvent.sample("webhook.json");
        String id = "msg_" + UUID.randomUUID();
        long at = System.currentTimeMillis() / 1000;
        String signature = CURRENT.sign(id, at, sample.body().getBytes(StandardCharsets.UTF_8));

        LambdaEvent.Answer answer = sample.fill(Map.of("WEBHOOK_ID", id, "WEBHOOK_TIMESTAMP", String.valueOf(at),
                "WEBHOOK_SIGNATURE", signature)).invoke();

        assertThat(answer.statusCode()).as(answer::toString).isEqualTo(200);
        assertThat(answer.body().path("result").asInt(-1)).isZero();
        assertThat(answer.body().path("clients").toString()).isEqualTo("[{\"clientId\":\"c1\",\"status\":\"dropped\"}]");
        assertThat(bus.await(m -> m.channel().equals("socket.io#/#sig-1-c1#"), 1, Duration.ofSeconds(2)))
                .singleElement().satisfies(frame -> assertThat(frame.text())
                        .contains("disconnected-by-service", "billing ended").doesNotContain("disconnected-by-moderator"));
    }

    @Test
    void givenWebhookEventWithBadSignature_function_answersInvalidSignatureAndChangesNothing() {
        node.join(ROOM, "c1", "u-1", "participant");
        var before = room.snapshot();
        LambdaEvent sample = LambdaEvent.sample("webhook.json");
        String id = "msg_" + UUID.randomUUID();
        long at = System.currentTimeMillis() / 1000;
        String signature = UNKNOWN.sign(id, at, sample.body().getBytes(StandardCharsets.UTF_8));

        LambdaEvent.Answer answer = sample.fill(Map.of("WEBHOOK_ID", id, "WEBHOOK_TIMESTAMP", String.valueOf(at),
                "WEBHOOK_SIGNATURE", signature)).invoke();

        assertThat(answer.statusCode()).as(answer::toString).isEqualTo(401);
        assertThat(answer.body().path("result").asInt()).isEqualTo(1003);
        assertThat(answer.body().path("msg").asText()).isEqualTo("Invalid Signature");
        assertThat(room.snapshot()).isEqualTo(before);
        assertThat(bus.await(m -> true, 1, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void givenScheduleInput_function_runsTheCleanupAndAnswersItsReport() throws IOException {
        room.heartbeat("sig-1");
        room.join(ROOM, "alive", "sig-1", "sid-a", "u-a", "participant");
        room.join(ROOM, "ghost", "sig-dead", "sid-g", "u-g", "participant");

        LambdaEvent.Answer answer = LambdaEvent.sample("schedule-cleanup.json").invoke();

        assertThat(answer.statusCode()).as(answer::toString).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(JSON.readTree(
                "{\"result\":0,\"msg\":\"Success\",\"roomsClosed\":0,\"retried\":0,\"ghostsRemoved\":1}"));
        assertThat(room.liveEntries(ROOM)).containsOnlyKeys("alive");
    }

    @Test
    void givenScheduleInputThatCameThroughApiGateway_function_refusesItLikeAnUnknownPath() {
        room.join(ROOM, "ghost", "sig-dead", "sid-g", "u-g", "participant");
        var before = room.snapshot();

        LambdaEvent.Answer refused = LambdaEvent.sample("schedule-cleanup.json")
                .with(event -> ((ObjectNode) event.get("requestContext")).put("apiId", "abcdef1234"))
                .invoke();
        LambdaEvent.Answer unknown = LambdaEvent.sample("schedule-cleanup.json")
                .with(event -> event.put("rawPath", "/internal/no-such-thing"))
                .invoke();

        assertThat(refused.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
        assertThat(withoutRequestId(refused)).isEqualTo(withoutRequestId(unknown));
        assertThat(refused.body().path("result").asInt()).isEqualTo(1002);
        assertThat(room.snapshot()).isEqualTo(before);
    }

    @Test
    void givenTheLambdaDeploymentsSettings_theServicesOwnCleanupTimer_isOff() {
        assertThat(scheduler.isRunning()).isFalse();
    }

    private static String withoutRequestId(LambdaEvent.Answer answer) {
        ObjectNode body = answer.body().deepCopy();
        body.remove("requestId");
        return body.toString();
    }
}
