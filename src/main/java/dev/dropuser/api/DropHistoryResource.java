package dev.dropuser.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.dropuser.api.Answers.Answer;
import dev.dropuser.auth.Caller;
import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.moderation.AuditEntry;
import dev.dropuser.moderation.ReadDropHistory;
import dev.dropuser.result.ResultCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code GET /v1/rooms/{roomId}/drops?after=&limit=}: the room's audit trail, oldest first (CONTRACT §11.4). */
@Path("/v1/rooms/{roomId}/drops")
public class DropHistoryResource {
    static final String ENDPOINT = "drops";

    private final CallerAuthentication authentication;
    private final ReadDropHistory history;
    private final Answers answers;

    DropHistoryResource(CallerAuthentication authentication, ReadDropHistory history, Answers answers) {
        this.authentication = authentication;
        this.history = history;
        this.answers = answers;
    }

    /** {@code next} is written as JSON null on the last page. */
    @RegisterForReflection
    record HistoryBody(int result, String msg, String roomId, List<EntryBody> drops, String next) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EntryBody(String id, String requestId, long at, String by, String trigger, Integer cause, String reason,
            int banSeconds, @JsonRawValue String clients) {
        static EntryBody of(AuditEntry entry) {
            return new EntryBody(entry.id(), entry.requestId(), entry.at(), entry.by(), entry.trigger(),
                    entry.cause().isPresent() ? entry.cause().getAsInt() : null, entry.reason(), entry.banSeconds(),
                    entry.clients());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> page(@RestPath String roomId, @Context UriInfo uri,
            @RestHeader("Authorization") String authorization) {
        return answers.answer(ENDPOINT, requestId -> {
            Caller caller = authentication.authenticate(authorization);
            return Uni.createFrom().completionStage(() -> history.page(caller, roomId, query(uri, "after"), query(uri, "limit")))
                    .map(page -> Answer.ok(new HistoryBody(ResultCode.SUCCESS.number(), ResultCode.SUCCESS.msg(),
                            page.roomId(), page.drops().stream().map(EntryBody::of).toList(), page.next().orElse(null)),
                            String.format("room=%s sub=%s drops=%d", roomId, caller.userRef(), page.drops().size())));
        });
    }

    /** A query parameter as sent, {@code ""} included (so {@code ?limit=} is refused, not taken as absent). */
    private static Optional<String> query(UriInfo uri, String name) {
        var values = uri.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
