package dev.dropuser.api;

import dev.dropuser.api.Answers.Answer;
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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /v1/webhooks/drop}: a signed webhook drops participants, cause 4502 (CONTRACT §7). A repeated
 * {@code webhook-id} is answered with the first response and publishes nothing again.
 */
@Path("/v1/webhooks/drop")
public class WebhookResource {
    /** The caller the signaling tier and the logs see for webhook drops. */
    static final Caller WEBHOOK = Caller.service("webhook");

    static final String ENDPOINT = "webhook";

    private final WebhookSignature signature;
    private final DropParticipants dropParticipants;
    private final Clock clock;
    private final Answers answers;

    WebhookResource(WebhookSignature signature, DropParticipants dropParticipants, Clock clock, Answers answers) {
        this.signature = signature;
        this.dropParticipants = dropParticipants;
        this.clock = clock;
        this.answers = answers;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> receive(
            @RestHeader("webhook-id") String id,
            @RestHeader("webhook-timestamp") String timestamp,
            @RestHeader("webhook-signature") String signatures,
            byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        return answers.answer(ENDPOINT, requestId -> {
            DropBodyParser.checkSize(raw);
            signature.verify(id, timestamp, signatures, raw, clock.millis() / 1000);
            DropRequest request = DropBodyParser.withRoom(raw);
            IdempotencyKey once = new IdempotencyKey(id, Fingerprint.of(request.roomId(), raw));
            return Uni.createFrom().completionStage(() -> dropParticipants.drop(WEBHOOK, request, Optional.of(once), requestId, Trigger.WEBHOOK))
                    .map(outcome -> Answer.dropped(outcome, WEBHOOK.userRef()).noting("webhook", id));
        });
    }
}
