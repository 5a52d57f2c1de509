package dev.dropuser.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dropuser.cleanup.SweepReport;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.DropOutcome;
import dev.dropuser.drop.RequestIds;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Renders every answer of the HTTP API, success or error, as the contract's JSON (CONTRACT §2, §3, §8), with
 * {@link ApiJson}. Renders only: what is logged and counted is decided by {@link Answers}.
 */
final class Responses {
    static final String JSON = "application/json";

    private Responses() {
    }

    static String newRequestId() {
        return RequestIds.next();
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

    /** The body of a cleanup run. */
    @RegisterForReflection
    record SweepBody(int result, String msg, int roomsClosed, int retried, int ghostsRemoved) {
    }

    /** The body of every refusal. */
    @RegisterForReflection
    record ErrorBody(int result, String msg, String error, String requestId) {
    }

    static RestResponse<Object> dropped(DropOutcome outcome) {
        var report = outcome.report();
        var body = new DropBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(), report.requestId(),
                report.roomId(), report.clients().stream().map(ClientBody::of).toList());
        var response = RestResponse.ResponseBuilder.<Object>ok(ApiJson.write(body), JSON);
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /** A success with {@code body}, one of the API's records. */
    static RestResponse<Object> ok(Object body) {
        return RestResponse.ResponseBuilder.<Object>ok(ApiJson.write(body), JSON).build();
    }

    static RestResponse<Object> swept(SweepReport report) {
        var body = new SweepBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(),
                report.roomsClosed(), report.retried(), report.ghostsRemoved());
        return RestResponse.ResponseBuilder.<Object>ok(ApiJson.write(body), JSON).build();
    }

    /** The error body as JSON text, for answers written below the REST layer as well as above it. */
    static String errorJson(DropuserException refusal, String requestId) {
        ResultCode code = refusal.code();
        return ApiJson.write(new ErrorBody(code.number(), code.msg(), refusal.getMessage(), requestId));
    }

    static RestResponse<Object> error(DropuserException refusal, String requestId) {
        ResultCode code = refusal.code();
        var response = RestResponse.ResponseBuilder.<Object>create(code.httpStatus())
                .entity(errorJson(refusal, requestId))
                .type(JSON);
        if (code.isRetryable()) {
            response.header("Retry-After", String.valueOf(retryAfterSeconds(refusal)));
        }
        return response.build();
    }

    static long retryAfterSeconds(DropuserException refusal) {
        return Math.max(1, (refusal.retryAfter().toMillis() + 999) / 1000);
    }

    /**
     * A refusal by the HTTP layer itself (unknown path, wrong method): 404 or 405 with result 1002, the one
     * exception to §3's status column (CONTRACT §12).
     */
    static RestResponse<Object> framework(int status, String requestId) {
        return RestResponse.ResponseBuilder.<Object>create(status)
                .entity(errorJson(noSuchEndpoint(), requestId))
                .type(JSON)
                .build();
    }

    static DropuserException noSuchEndpoint() {
        return DropuserException.invalidRequest("no such endpoint or method");
    }
}
