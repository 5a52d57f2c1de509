package dev.dropuser.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.dropuser.testing.FakeSignalingNode;
import dev.dropuser.testing.PublishedMessages;
import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.SignalingHarness;
import dev.dropuser.webhook.WebhookSender;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signed webhook trigger (CONTRACT §7), with the secrets configured for tests (one current, one rotated). */
@QuarkusTest
class WebhookApiTest {
    static final String ROOM = "r1";
    static final String BODY = "{\"roomId\":\"r1\",\"clientIds\":[\"c1\"],\"reason\":\"billing ended\"}";
    static final WebhookSender CURRENT = new WebhookSender("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final WebhookSender ROTATED = new WebhookSender("whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=");
    static final WebhookSender UNKNOWN = new WebhookSender("whsec_dW5rbm93bi1zZWNyZXQtdmFsdWUtMTIzNA==");

    @Inject
    RedisDataSource redis;
    @Inject
    Vertx vertx;

    SignalingHarness stage;
    RoomFixture room;
    PublishedMessages bus;
    FakeSignalingNode node;

    @BeforeEach
    void setUp() {
        stage = SignalingHarness.start(redis, vertx);
        room = stage.registry();
        bus = stage.bus();
        node = stage.node();
        node.join(ROOM, "c1", "u-1", "participant");
    }

    @AfterEach
    void tearDown() {
        stage.close();
    }

    static Response send(String id, long timestamp, String signature, String body) {
        return given().header("webhook-id", id).header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", signature)
                .contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/webhooks/drop");
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static String id() {
        return "msg_" + UUID.randomUUID();
    }

    @Test
    void givenValidSignature_webhook_dropsWithServiceCause() {
        String id = id();
        long at = now();

        send(id, at, CURRENT.sign(id, at, BODY.getBytes(StandardCharsets.UTF_8)), BODY)
                .then().statusCode(200).body("result", equalTo(0))
                .body("clients[0].status", equalTo("dropped"));

        assertThat(bus.await(m -> m.channel().startsWith("socket.io#/#"), 1, Duration.ofSeconds(2)))
                .singleElement().satisfies(frame -> assertThat(frame.text())
                        .contains("disconnected-by-service", "billing ended").doesNotContain("disconnected-by-moderator"));
    }

    @Test
    void givenSignatureWithRotatedSecret_webhook_isAccepted() {
        String id = id();
        long at = now();
        send(id, at, ROTATED.sign(id, at, BODY.getBytes(StandardCharsets.UTF_8)), BODY)
                .then().statusCode(200).body("result", equalTo(0));
    }

    @Test
    void givenRepeatedWebhookId_webhook_returnsFirstAnswerAndPublishesNothing() {
        String id = id();
        long at = now();
        String signature = CURRENT.sign(id, at, BODY.getBytes(StandardCharsets.UTF_8));
        Response first = send(id, at, signature, BODY);
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        int published = bus.await(m -> true, 2, Duration.ofSeconds(2)).size();
        node.join(ROOM, "c1", "u-1", "participant");

        Response again = send(id, at, signature, BODY);

        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(bus.await(m -> true, published + 1, Duration.ofMillis(300))).hasSize(published);
        assertThat(room.liveEntries(ROOM)).containsKey("c1");
    }

    @Test
    void givenRefusedSignatures_webhook_answersInvalidSignatureAndChangesNothing() {
        var before = room.snapshot();
        String id = id();
        long at = now();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String tampered = BODY.replace("c1", "c2");

        assertInvalidSignature(send(id, at, CURRENT.sign(id, at, body), tampered));
        assertInvalidSignature(send(id, at, UNKNOWN.sign(id, at, body), BODY));
        assertInvalidSignature(send(id, at - 305, CURRENT.sign(id, at - 305, body), BODY));
        assertInvalidSignature(send(id, at + 305, CURRENT.sign(id, at + 305, body), BODY));
        assertInvalidSignature(given().contentType(ContentType.JSON).body(BODY).when().post("/v1/webhooks/drop"));

        assertThat(room.snapshot()).isEqualTo(before);
        assertThat(bus.await(m -> true, 1, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void givenBadJsonAfterValidSignature_webhook_answersInvalidRequest() {
        var before = room.snapshot();
        for (String bad : List.of("{\"roomId\":\"r1\",\"clientIds\":[\"c1\"", "{\"clientIds\":[\"c1\"]}",
                "{\"roomId\":\"r1\"}", "{\"roomId\":\"r1\",\"clientIds\":[\"c1\"],\"extra\":1}")) {
            String id = id();
            long at = now();
            send(id, at, CURRENT.sign(id, at, bad.getBytes(StandardCharsets.UTF_8)), bad)
                    .then().statusCode(400).body("result", equalTo(1002));
        }
        assertThat(room.snapshot()).isEqualTo(before);
    }

    private static void assertInvalidSignature(Response response) {
        response.then().statusCode(401).contentType(ContentType.JSON)
                .body("result", equalTo(1003)).body("msg", equalTo("Invalid Signature"));
    }
}
