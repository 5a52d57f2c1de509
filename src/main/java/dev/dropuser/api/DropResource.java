package dev.dropuser.api;

import dev.dropuser.api.Answers.Answer;
import dev.dropuser.auth.Caller;
import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.drop.DropParticipants;
import dev.dropuser.drop.DropRequest;
import dev.dropuser.drop.IdempotencyKey;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code POST /v1/rooms/{roomId}/drop}: a moderator or service drops participants (CONTRACT §2). */
@Path("/v1/rooms/{roomId}/drop")
public class DropResource {
    static final String ENDPOINT = "drop";

    private final CallerAuthentication authentication;
    private final DropParticipants dropParticipants;
    private final Answers answers;

    DropResource(CallerAuthentication authentication, DropParticipants dropParticipants, Answers answers) {
        this.authentication = authentication;
        this.dropParticipants = dropParticipants;
        this.answers = answers;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> drop(
            @RestPath String roomId,
            @RestHeader("Authorization") String authorization,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            byte[] body) {
        return answers.answer(ENDPOINT, requestId -> {
            Caller caller = authentication.authenticate(authorization);
            DropRequest request = DropBodyParser.forRoom(roomId, body);
            Optional<IdempotencyKey> key = Optional.ofNullable(idempotencyKey)
                    .map(k -> new IdempotencyKey(k, Fingerprint.of(roomId, body)));
            return Uni.createFrom().completionStage(() -> dropParticipants.drop(caller, request, key, requestId))
                    .map(outcome -> Answer.dropped(outcome, caller.userRef()));
        });
    }
}
