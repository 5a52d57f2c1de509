package dev.dropuser.api;

import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.moderation.Ban;
import dev.dropuser.moderation.LiftBan;
import dev.dropuser.moderation.ListBans;
import dev.dropuser.result.ResultCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code GET /v1/rooms/{roomId}/bans} and {@code DELETE /v1/rooms/{roomId}/bans/{userRef}}: a moderator of the room
 * or a service lists the bans in force and lifts one (CONTRACT §11.3).
 */
@Path("/v1/rooms/{roomId}/bans")
public class BansResource {
    private static final Logger LOG = Logger.getLogger(BansResource.class);
    static final String LIST_ENDPOINT = "bans";
    static final String LIFT_ENDPOINT = "unban";

    private final CallerAuthentication authentication;
    private final ListBans listBans;
    private final LiftBan liftBan;
    private final DropMetrics metrics;

    BansResource(CallerAuthentication authentication, ListBans listBans, LiftBan liftBan, DropMetrics metrics) {
        this.authentication = authentication;
        this.listBans = listBans;
        this.liftBan = liftBan;
        this.metrics = metrics;
    }

    @RegisterForReflection
    record BansBody(int result, String msg, String roomId, List<BanBody> bans) {
    }

    @RegisterForReflection
    record BanBody(String userRef, long until) {
        static BanBody of(Ban ban) {
            return new BanBody(ban.userRef(), ban.until());
        }
    }

    @RegisterForReflection
    record LiftedBody(int result, String msg, String roomId, String userRef, boolean lifted) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> list(@RestPath String roomId, @RestHeader("Authorization") String authorization) {
        String requestId = Responses.newRequestId();
        long started = DropMetrics.start();
        return Uni.createFrom().deferred(() -> {
                    var caller = authentication.authenticate(authorization);
                    return Uni.createFrom().completionStage(() -> listBans.list(caller, roomId));
                })
                .map(bans -> {
                    metrics.answered(LIST_ENDPOINT, ResultCode.SUCCESS, started);
                    return RestResponse.<Object>ok(new BansBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(), roomId,
                            bans.stream().map(BanBody::of).toList()));
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.refused(LIST_ENDPOINT, requestId, failure, started);
                    return Responses.error(failure, requestId);
                });
    }

    @DELETE
    @Path("/{userRef}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> lift(@RestPath String roomId, @RestPath String userRef,
            @RestHeader("Authorization") String authorization) {
        String requestId = Responses.newRequestId();
        long started = DropMetrics.start();
        return Uni.createFrom().deferred(() -> {
                    var caller = authentication.authenticate(authorization);
                    return Uni.createFrom().completionStage(() -> liftBan.lift(caller, roomId, userRef, requestId))
                            .invoke(lifted -> LOG.infof("requestId=%s room=%s sub=%s unban=%s lifted=%s result=0",
                                    requestId, roomId, caller.userRef(), userRef, lifted));
                })
                .map(lifted -> {
                    metrics.answered(LIFT_ENDPOINT, ResultCode.SUCCESS, started);
                    return RestResponse.<Object>ok(new LiftedBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(), roomId,
                            userRef, lifted));
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.refused(LIFT_ENDPOINT, requestId, failure, started);
                    return Responses.error(failure, requestId);
                });
    }
}
