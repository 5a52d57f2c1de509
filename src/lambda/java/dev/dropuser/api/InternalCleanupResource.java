package dev.dropuser.api;

import dev.dropuser.DropuserConfig;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.dropuser.cleanup.StaleSessionSweep;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /internal/cleanup}, Lambda build only: the EventBridge Scheduler's invocation runs the cleanup
 * (CONTRACT §8, §9). The schedule's target {@code Input} is an API Gateway payload-2.0-shaped event for this
 * path, so the HTTP extension routes it here like any request.
 *
 * <p>No public caller can reach it, for three independent reasons: the HTTP API has explicit routes only and
 * none for this path; it answers only where {@code dropuser.cleanup.internal-route=true}, which only the
 * Lambda deployment sets; and it refuses every event that came through an API Gateway, which always carries
 * {@code requestContext.apiId}, as do Lambda function URLs (the schedule's event has none). A refusal looks
 * exactly like an unknown path.
 * Whoever may call {@code lambda:InvokeFunction} directly can run the cleanup: that is an IAM decision.
 */
@Path("/internal/cleanup")
public class InternalCleanupResource {
    private static final Logger LOG = Logger.getLogger(InternalCleanupResource.class);

    static final String ENDPOINT = "scheduled-cleanup";

    private final StaleSessionSweep sweep;
    private final boolean enabled;
    private final Answers answers;

    InternalCleanupResource(StaleSessionSweep sweep, DropuserConfig config, Answers answers) {
        this.sweep = sweep;
        this.enabled = config.cleanup().internalRoute();
        this.answers = answers;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> run(@Context APIGatewayV2HTTPEvent event) {
        if (!enabled || event == null) {
            // Off, or not a Lambda invocation at all: nothing here to tell the schedule from anyone else.
            return Uni.createFrom().item(answers.notFound(Responses.newRequestId()));
        }
        String apiId = event.getRequestContext() == null ? null : event.getRequestContext().getApiId();
        if (apiId != null && !apiId.isEmpty()) {
            String requestId = Responses.newRequestId();
            LOG.warnf("requestId=%s /internal/cleanup refused: the event came through API Gateway %s; only the schedule may"
                    + " use this route (does the HTTP API have a catch-all route?)", requestId, apiId);
            return Uni.createFrom().item(answers.notFound(requestId));
        }
        return answers.answer(ENDPOINT, requestId -> Uni.createFrom().completionStage(sweep::run).map(Answers.Answer::swept));
    }
}
