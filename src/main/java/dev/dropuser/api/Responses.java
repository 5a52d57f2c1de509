package dev.dropuser.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.DropOutcome;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/** Renders every answer of the HTTP API, success or error, as the contract's JSON (CONTRACT §2, §3). */
final class Responses {
    private static final Logger LOG = Logger.getLogger(Responses.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private Responses() {
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** The body of a successful drop. */
    @RegisterForReflection
    record DropBody(int result, String msg, String requestId, String roomId, List<ClientBody> clients) {
    }

    /** One item: userRef and banUntil only when they apply, clientId absent for a listed user without a session. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClientBody(String clientId, String userRef, String status, Long banUntil) {
        static ClientBody of(ClientReport report) {
            return new ClientBody(report.clientId(), report.userRef().orElse(null), report.status().wire(),
                    report.banUntil().isPresent() ? report.banUntil().getAsLong() : null);
        }
    }

    /** The body of every refusal. */
    @RegisterForReflection
    record ErrorBody(int result, String msg, String error, String requestId) {
    }

    static RestResponse<Object> dropped(DropOutcome outcome) {
        var report = outcome.report();
        var body = new DropBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(), report.requestId(),
                report.roomId(), report.clients().stream().map(ClientBody::of).toList());
        var response = RestResponse.ResponseBuilder.<Object>ok(body, "application/json");
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /** The error body as JSON text, for answers written below the REST layer. */
    static String errorJson(DropuserException refusal, String requestId) {
        ResultCode code = refusal.code();
        try {
            return JSON.writeValueAsString(new ErrorBody(code.number(), code.msg(), refusal.getMessage(), requestId));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static RestResponse<Object> error(Throwable failure, String requestId) {
        DropuserException refusal = failure instanceof DropuserException known
                ? known
                : new DropuserException(ResultCode.INTERNAL_ERROR, "unexpected error; see the service log for this requestId");
        if (refusal != failure) {
            LOG.errorf(failure, "requestId=%s unexpected failure", requestId);
        } else if (refusal.code() == ResultCode.REGISTRY_UNAVAILABLE) {
            LOG.warnf("requestId=%s registry unavailable: %s", requestId, String.valueOf(refusal.getCause()));
        }
        ResultCode code = refusal.code();
        var response = RestResponse.ResponseBuilder.<Object>create(code.httpStatus())
                .entity(new ErrorBody(code.number(), code.msg(), refusal.getMessage(), requestId))
                .type("application/json");
        if (code.isRetryable()) {
            long seconds = Math.max(1, (refusal.retryAfter().toMillis() + 999) / 1000);
            response.header("Retry-After", String.valueOf(seconds));
        }
        return response.build();
    }

    /** A refusal by the HTTP layer itself (unknown path, wrong method, body over the server's limit). */
    static RestResponse<Object> framework(int status, String requestId) {
        if (status == ResultCode.PAYLOAD_TOO_LARGE.httpStatus()) {
            return error(DropBodyParser.tooLarge(), requestId);
        }
        ResultCode code = ResultCode.INVALID_REQUEST;
        return RestResponse.ResponseBuilder.<Object>create(status)
                .entity(new ErrorBody(code.number(), code.msg(), "no such endpoint or method", requestId))
                .type("application/json")
                .build();
    }
}
