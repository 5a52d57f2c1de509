package dev.dropuser.cleanup;

import static dev.dropuser.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.RoomFixture;
import dev.dropuser.testing.Tokens;
import dev.dropuser.webhook.WebhookSender;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a drop happens leaves one audit entry naming its trigger, written by the script that made the change
 * (CONTRACT §11.4): a webhook, the cleanup closing a room, and the cleanup's retry.
 */
@QuarkusTest
class AuditTrailTriggersTest {
    static final long MINUTE = 60_000;

    @Inject
    RedisDataSource redis;

    RoomFixture room;

    @BeforeEach
    void setUp() {
        room = new RoomFixture(redis);
        room.reset();
        room.heartbeat("sig-silent");
    }

    static void cleanupNow() {
        given().header("Authorization", bearer(Tokens.service("ops"))).when().post("/v1/cleanup").then().statusCode(200);
    }

    @Test
    void givenWebhookDropByUser_audit_recordsTriggerWebhookByWebhookAndCause4502() {
        room.join("r1", "c1", "sig-silent", "sid-1", "u-1", "participant");
        String body = "{\"roomId\":\"r1\",\"userRefs\":[\"u-1\"],\"banSeconds\":60}";
        String id = "msg_" + UUID.randomUUID();
        long at = System.currentTimeMillis() / 1000;
        WebhookSender signer = new WebhookSender("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        given().header("webhook-id", id).header("webhook-timestamp", String.valueOf(at))
                .header("webhook-signature", signer.sign(id, at, body.getBytes(StandardCharsets.UTF_8)))
                .contentType(ContentType.JSON).body(body).when().post("/v1/webhooks/drop")
                .then().statusCode(200);

        assertThat(room.audit("r1")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("trigger", "webhook").containsEntry("by", "webhook").containsEntry("cause", "4502")
                .containsEntry("banSeconds", "60").containsEntry("reason", "")
                .hasEntrySatisfying("clients", clients -> assertThat(clients)
                        .startsWith("[{\"clientId\":\"c1\",\"userRef\":\"u-1\",\"status\":\"pending\",\"banUntil\":")));
    }

    @Test
    void givenRoomPastItsEnd_cleanup_auditsTheCloseOnceWithTriggerCleanup() {
        room.join("ended", "c1", "sig-silent", "sid-1", "u-1", "participant");
        redis.sortedSet(String.class).zadd("dropuser:rooms:ends", System.currentTimeMillis() - MINUTE, "ended");

        cleanupNow();
        cleanupNow();

        assertThat(room.audit("ended")).filteredOn(e -> e.get("trigger").equals("cleanup")).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("by", "cleanup").containsEntry("cause", "4503")
                        .containsEntry("clients", "[{\"clientId\":\"c1\",\"status\":\"pending\"}]"));
    }

    @Test
    void givenOldUnconfirmedDrop_cleanup_auditsTheRetryWithTheFirstRequestsIdCauseAndAuthor() {
        room.join("r1", "c1", "sig-silent", "sid-1", "u-1", "participant");
        redis.hash(String.class).hset("dropuser:room:{r1}:dropping", "c1", "{\"requestId\":\"req-first\",\"cause\":4501,\"at\":"
                + (System.currentTimeMillis() - MINUTE) + ",\"attempts\":1,\"reason\":\"spam\",\"by\":\"u-mod\"}");

        cleanupNow();

        List<Map<String, String>> audit = room.audit("r1");
        assertThat(audit).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("trigger", "retry").containsEntry("requestId", "req-first").containsEntry("by", "u-mod")
                .containsEntry("cause", "4501").containsEntry("reason", "spam")
                .containsEntry("clients", "[{\"clientId\":\"c1\",\"status\":\"republished\"}]"));
    }

    @Test
    void givenUnconfirmedDropWhoseClientLeft_cleanup_auditsTheMarksRemovalAsGone() {
        redis.hash(String.class).hset("dropuser:room:{r1}:dropping", "c1", "{\"requestId\":\"req-first\",\"cause\":4501,\"at\":"
                + (System.currentTimeMillis() - MINUTE) + ",\"attempts\":1}");
        room.join("r1", "c2", "sig-silent", "sid-2", "u-2", "participant");

        cleanupNow();

        assertThat(room.audit("r1")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("clients", "[{\"clientId\":\"c1\",\"status\":\"gone\"}]"));
    }
}
