package dev.dropuser.api;

import dev.dropuser.api.Answers.Answer;
import dev.dropuser.auth.Caller;
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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code GET /v1/rooms/{roomId}/bans} and {@code DELETE /v1/rooms/{roomId}/bans/{userRef}}: a moderator of the room
 * or a service lists the bans in force and lifts one (CONTRACT §11.3).
 */
@Path("/v1/rooms/{roomId}/bans")
public class BansResource {
    static final String LIST_ENDPOINT = "bans";
    static final String LIFT_ENDPOINT = "unban";

    private final CallerAuthentication authentication;
    private final ListBans listBans;
    private final LiftBan liftBan;
    private final Answers answers;

    BansResource(CallerAuthentication authentication, ListBans listBans, LiftBan liftBan, Answers answers) {
        this.authentication = authentication;
        this.listBans = listBans;
        this.liftBan = liftBan;
        this.answers = answers;
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
        return answers.answer(LIST_ENDPOINT, requestId -> {
            Caller caller = authentication.authenticate(authorization);
            return Uni.createFrom().completionStage(() -> listBans.list(caller, roomId))
                    .map(bans -> Answer.ok(new BansBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(), roomId,
                            bans.stream().map(BanBody::of).toList()),
                            String.format("room=%s sub=%s bans=%d", roomId, caller.userRef(), bans.size())));
        });
    }

    @DELETE
    @Path("/{userRef}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> lift(@RestPath String roomId, @RestPath String userRef,
            @RestHeader("Authorization") String authorization) {
        return answers.answer(LIFT_ENDPOINT, requestId -> {
            Caller caller = authentication.authenticate(authorization);
            return Uni.createFrom().completionStage(() -> liftBan.lift(caller, roomId, userRef, requestId))
                    .map(lifted -> Answer.ok(new LiftedBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(), roomId,
                            userRef, lifted), String.format("room=%s sub=%s unban=%s lifted=%s", roomId, caller.userRef(),
                            userRef, lifted)));
        });
    }
}
