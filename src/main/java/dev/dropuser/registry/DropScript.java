package dev.dropuser.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropAttempt;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a {@link DropOrder} through drop.lua: on a single Redis that is the whole drop, one round trip; on a Redis
 * Cluster the {@link ClusterFollowUp} finishes what lies outside the room's slot.
 */
final class DropScript {
    private static final LuaScript SCRIPT = LuaScript.load("drop.lua");

    private final Redis redis;
    private final Clock clock;
    private final Duration timeout;
    private final DropScriptArgs args;
    private final StoredAnswer answers;
    private final ObjectMapper json;
    private final Optional<ClusterFollowUp> cluster;

    DropScript(Redis redis, Clock clock, Duration timeout, DropScriptArgs args, StoredAnswer answers, ObjectMapper json,
            Optional<ClusterFollowUp> cluster) {
        this.json = json;
        this.redis = redis;
        this.clock = clock;
        this.timeout = timeout;
        this.args = args;
        this.answers = answers;
        this.cluster = cluster;
    }

    Uni<DropAttempt> run(DropOrder order) {
        long now = clock.millis();
        return RedisCalls.guarded(args.of(order, now, now + timeout.toMillis()).run(SCRIPT, redis), timeout)
                .map(DropScriptReply::read)
                .flatMap(reply -> attempt(order, reply));
    }

    private Uni<DropAttempt> attempt(DropOrder order, DropScriptReply reply) {
        if (reply instanceof DropScriptReply.Applied applied) {
            return applied(order.roomId(), applied);
        }
        if (reply instanceof DropScriptReply.Replay replay) {
            return Uni.createFrom().item(new DropAttempt.Replayed(answers.read(replay.answer(), order)));
        }
        if (reply instanceof DropScriptReply.Conflict) {
            return Uni.createFrom().item(new DropAttempt.Conflict("this Idempotency-Key was used with a different request"));
        }
        if (reply instanceof DropScriptReply.Limited limited) {
            return Uni.createFrom().item(new DropAttempt.RateLimited(limited.retryAfterMillis()));
        }
        return Uni.createFrom().failure(new DropuserException(ResultCode.REGISTRY_UNAVAILABLE,
                "the session registry answered too late; nothing was changed"));
    }

    private Uni<DropAttempt> applied(String roomId, DropScriptReply.Applied reply) {
        List<ClientReport> clients;
        try {
            clients = ReportItems.read(json.readTree(reply.items()));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("unreadable drop script report", e));
        }
        if (cluster.isEmpty()) {
            return Uni.createFrom().item(new DropAttempt.Applied(clients));
        }
        Set<String> nodes = new TreeSet<>();
        reply.clients().forEach(published -> nodes.add(published.node()));
        return cluster.get().finish(roomId, reply.deferred(), nodes).map(removed -> new DropAttempt.Applied(clients.stream()
                .map(c -> c.clientId() != null && removed.contains(c.clientId()) ? c.withStatus(ClientStatus.GHOST_REMOVED) : c)
                .toList()));
    }
}
