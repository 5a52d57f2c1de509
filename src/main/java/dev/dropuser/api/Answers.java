package dev.dropuser.api;

import dev.dropuser.cleanup.SweepReport;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.DropOutcome;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Answers every request of the HTTP API the one way: the outcome or the refusal becomes the contract's JSON
 * (CONTRACT §3, via {@link Responses}), one log line, and the request's metrics. Logs carry the requestId, the
 * endpoint, the room, the caller's {@code sub} and the result, never a token, a secret or a reason text.
 */
@Singleton
class Answers {
    private static final Logger LOG = Logger.getLogger(Answers.class);
    /** Refusals by the HTTP layer itself, before any endpoint runs. */
    static final String HTTP = "http";

    private final DropMetrics metrics;

    Answers(DropMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * What a request did, as its answer needs it.
     *
     * @param logged the facts of the log line, {@code name=value} pairs chosen here and nowhere else
     */
    record Answer(RestResponse<Object> response, List<ClientReport> clients, String logged) {

        static Answer dropped(DropOutcome outcome, String by) {
            var report = outcome.report();
            return new Answer(Responses.dropped(outcome), report.clients(), String.format("room=%s sub=%s clients=%d replayed=%s",
                    report.roomId(), by, report.clients().size(), outcome.replayed()));
        }

        static Answer swept(SweepReport report) {
            return new Answer(Responses.swept(report), List.of(), String.format("roomsClosed=%d retried=%d ghostsRemoved=%d",
                    report.roomsClosed(), report.retried(), report.ghostsRemoved()));
        }

        /** A success that reports no clients: {@code body} as JSON, and the facts of the log line. */
        static Answer ok(Object body, String logged) {
            return new Answer(Responses.ok(body), List.of(), logged);
        }

        /** The same answer, its log line naming one more fact. */
        Answer noting(String name, String value) {
            return new Answer(response, clients, logged + " " + name + "=" + value);
        }
    }

    /**
     * Runs {@code work} for one request of {@code endpoint} and answers it. {@code work} gets the request's id;
     * whatever it throws or fails with is answered as a refusal.
     */
    Uni<RestResponse<Object>> answer(String endpoint, Function<String, Uni<Answer>> work) {
        String requestId = Responses.newRequestId();
        long started = System.nanoTime();
        return Uni.createFrom().deferred(() -> work.apply(requestId))
                .map(answer -> {
                    LOG.infof("requestId=%s endpoint=%s %s result=0", requestId, endpoint, answer.logged());
                    metrics.answered(endpoint, answer.clients(), started);
                    return answer.response();
                })
                .onFailure().recoverWithItem(failure -> refused(endpoint, requestId, failure, started));
    }

    /** Whatever escaped a resource or the REST layer (see {@link UnexpectedFailures}). */
    RestResponse<Object> unexpected(Throwable failure) {
        String requestId = Responses.newRequestId();
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            if (status == ResultCode.PAYLOAD_TOO_LARGE.httpStatus()) {
                return refused(HTTP, requestId, DropBodyParser.tooLarge(), System.nanoTime());
            }
            LOG.infof("requestId=%s endpoint=%s status=%d result=%d", requestId, HTTP, status, ResultCode.INVALID_REQUEST.number());
            return Responses.framework(status, requestId);
        }
        return refused(HTTP, requestId, failure, System.nanoTime());
    }

    /** A path the API does not serve, or a route that hides itself: answered like any unknown path. */
    RestResponse<Object> notFound(String requestId) {
        LOG.infof("requestId=%s endpoint=%s status=404 result=%d", requestId, HTTP, ResultCode.INVALID_REQUEST.number());
        return Responses.framework(404, requestId);
    }

    /**
     * A refusal written below the REST layer (a body or header section over its limit, a request without a
     * token): logged and counted here, the JSON text returned for the caller to write.
     */
    String refusedJson(String endpoint, DropuserException refusal) {
        String requestId = Responses.newRequestId();
        log(endpoint, requestId, refusal);
        metrics.refused(endpoint, refusal.code(), System.nanoTime());
        return Responses.errorJson(refusal, requestId);
    }

    private RestResponse<Object> refused(String endpoint, String requestId, Throwable failure, long started) {
        DropuserException refusal = failure instanceof DropuserException known
                ? known
                : new DropuserException(ResultCode.INTERNAL_ERROR, "unexpected error; see the service log for this requestId");
        if (refusal != failure) {
            LOG.errorf(failure, "requestId=%s endpoint=%s unexpected failure", requestId, endpoint);
        }
        log(endpoint, requestId, refusal);
        metrics.refused(endpoint, refusal.code(), started);
        return Responses.error(refusal, requestId);
    }

    private static void log(String endpoint, String requestId, DropuserException refusal) {
        if (refusal.code() == ResultCode.REGISTRY_UNAVAILABLE) {
            LOG.warnf("requestId=%s endpoint=%s result=%d registry unavailable: %s", requestId, endpoint,
                    refusal.code().number(), String.valueOf(refusal.getCause()));
        } else {
            LOG.infof("requestId=%s endpoint=%s result=%d", requestId, endpoint, refusal.code().number());
        }
    }
}
