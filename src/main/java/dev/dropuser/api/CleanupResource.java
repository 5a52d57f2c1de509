package dev.dropuser.api;

import dev.dropuser.auth.Caller;
import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.auth.Role;
import dev.dropuser.cleanup.StaleSessionSweep;
import dev.dropuser.cleanup.SweepReport;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code POST /v1/cleanup}: a {@code service} token runs the cleanup now (CONTRACT §8). */
@Path("/v1/cleanup")
public class CleanupResource {
    static final String ENDPOINT = "cleanup";

    private final CallerAuthentication authentication;
    private final StaleSessionSweep sweep;
    private final DropMetrics metrics;

    CleanupResource(CallerAuthentication authentication, StaleSessionSweep sweep, DropMetrics metrics) {
        this.authentication = authentication;
        this.sweep = sweep;
        this.metrics = metrics;
    }

    @RegisterForReflection
    record SweepBody(int result, String msg, int roomsClosed, int retried, int ghostsRemoved) {
        static SweepBody of(SweepReport report) {
            return new SweepBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(),
                    report.roomsClosed(), report.retried(), report.ghostsRemoved());
        }
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> run(@RestHeader("Authorization") String authorization) {
        String requestId = Responses.newRequestId();
        long started = DropMetrics.start();
        return Uni.createFrom().deferred(() -> {
                    Caller caller = authentication.authenticate(authorization);
                    if (caller.role() != Role.SERVICE) {
                        throw new DropuserException(ResultCode.UNAUTHORIZED_ACCESS, "only a service token may run the cleanup");
                    }
                    return Uni.createFrom().completionStage(sweep::run);
                })
                .map(report -> {
                    metrics.answered(ENDPOINT, ResultCode.SUCCESS, started);
                    return RestResponse.<Object>ok(SweepBody.of(report));
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.refused(ENDPOINT, requestId, failure, started);
                    return Responses.error(failure, requestId);
                });
    }
}
