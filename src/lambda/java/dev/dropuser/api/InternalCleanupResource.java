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
import jakarta.ws.rs.core.Response;
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

    private final StaleSessionSweep sweep;
    private final boolean enabled;

    InternalCleanupResource(StaleSessionSweep sweep, DropuserConfig config) {
        this.sweep = sweep;
        this.enabled = config.cleanup().internalRoute();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> run(@Context APIGatewayV2HTTPEvent event) {
        String requestId = Responses.newRequestId();
        if (!enabled) {
            return Uni.createFrom().item(Responses.framework(Response.Status.NOT_FOUND.getStatusCode(), requestId));
        }
        if (event == null) {
            // Not a Lambda invocation at all: nothing here to tell the schedule from anyone else.
            return Uni.createFrom().item(Responses.framework(Response.Status.NOT_FOUND.getStatusCode(), requestId));
        }
        String apiId = event.getRequestContext() == null ? null : event.getRequestContext().getApiId();
        if (apiId != null && !apiId.isEmpty()) {
            LOG.warnf("requestId=%s /internal/cleanup refused: the event came through API Gateway %s; only the schedule may"
                    + " use this route (does the HTTP API have a catch-all route?)", requestId, apiId);
            return Uni.createFrom().item(Responses.framework(Response.Status.NOT_FOUND.getStatusCode(), requestId));
        }
        return Uni.createFrom().completionStage(sweep::run)
                .invoke(report -> LOG.infof("requestId=%s scheduled cleanup: roomsClosed=%d retried=%d ghostsRemoved=%d",
                        requestId, report.roomsClosed(), report.retried(), report.ghostsRemoved()))
                .map(report -> RestResponse.<Object>ok(CleanupResource.SweepBody.of(report)))
                .onFailure().invoke(failure -> LOG.warnf("requestId=%s scheduled cleanup failed: %s", requestId, failure.getMessage()))
                .onFailure().recoverWithItem(failure -> Responses.error(failure, requestId));
    }
}
