package dev.dropuser.api;

import dev.dropuser.api.Answers.Answer;
import dev.dropuser.auth.Caller;
import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.auth.Role;
import dev.dropuser.cleanup.StaleSessionSweep;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
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
    private final Answers answers;

    CleanupResource(CallerAuthentication authentication, StaleSessionSweep sweep, Answers answers) {
        this.authentication = authentication;
        this.sweep = sweep;
        this.answers = answers;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> run(@RestHeader("Authorization") String authorization) {
        return answers.answer(ENDPOINT, requestId -> {
            Caller caller = authentication.authenticate(authorization);
            if (caller.role() != Role.SERVICE) {
                throw new DropuserException(ResultCode.UNAUTHORIZED_ACCESS, "only a service token may run the cleanup");
            }
            return Uni.createFrom().completionStage(sweep::run)
                    .map(report -> Answer.swept(report).noting("sub", caller.userRef()));
        });
    }
}
