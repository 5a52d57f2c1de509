package dev.dropuser.api;

import dev.dropuser.auth.Caller;
import dev.dropuser.drop.DropParticipants;
import dev.dropuser.drop.DropRequest;
import dev.dropuser.drop.IdempotencyKey;
import dev.dropuser.drop.Trigger;
import dev.dropuser.webhook.WebhookSignature;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /v1/webhooks/drop}: a signed webhook drops participants, cause 4502 (CONTRACT §7). A repeated
 * {@code webhook-id} is answered with the first response and publishes nothing again.
 */
@Path("/v1/webhooks/drop")
public class WebhookResource {
    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    /** The caller the signaling tier and the logs see for webhook drops. */
    static final Caller WEBHOOK = Caller.service("webhook");

    static final String ENDPOINT = "webhook";

    private final WebhookSignature signature;
    private final DropParticipants dropParticipants;
    private final Clock clock;
    private final DropMetrics metrics;

    WebhookResource(WebhookSignature signature, DropParticipants dropParticipants, Clock clock, DropMetrics metrics) {
        this.signature = signature;
        this.dropParticipants = dropParticipants;
        this.clock = clock;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> receive(
            @RestHeader("webhook-id") String id,
            @RestHeader("webhook-timestamp") String timestamp,
            @RestHeader("webhook-signature") String signatures,
            byte[] body) {
        String requestId = Responses.newRequestId();
        long started = DropMetrics.start();
        byte[] raw = body == null ? new byte[0] : body;
        return Uni.createFrom().deferred(() -> {
                    DropBodyParser.checkSize(raw);
                    signature.verify(id, timestamp, signatures, raw, clock.millis() / 1000);
                    DropRequest request = DropBodyParser.withRoom(raw);
                    IdempotencyKey once = new IdempotencyKey(id, Fingerprint.of(request.roomId(), raw));
                    return Uni.createFrom().completionStage(() -> dropParticipants.drop(WEBHOOK, request, Optional.of(once), requestId, Trigger.WEBHOOK))
                            .invoke(outcome -> LOG.infof("requestId=%s webhook=%s room=%s clients=%d replayed=%s result=0",
                                    requestId, id, request.roomId(), outcome.report().clients().size(), outcome.replayed()));
                })
                .map(outcome -> {
                    metrics.answered(ENDPOINT, outcome, started);
                    return Responses.dropped(outcome);
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.refused(ENDPOINT, requestId, failure, started);
                    return Responses.error(failure, requestId);
                });
    }
}
