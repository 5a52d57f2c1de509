package dev.dropuser.registry;

import dev.dropuser.cleanup.RetriedClient;
import dev.dropuser.cleanup.RetryOrder;
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

/** Runs a {@link RetryOrder} through retry.lua, finished on a Redis Cluster like a drop ({@link ClusterFollowUp}). */
final class RetryScript {
    private static final LuaScript SCRIPT = LuaScript.load("retry.lua");

    private final Redis redis;
    private final Clock clock;
    private final Duration timeout;
    private final RetryScriptArgs args;
    private final Optional<ClusterFollowUp> cluster;

    RetryScript(Redis redis, Clock clock, Duration timeout, RetryScriptArgs args, Optional<ClusterFollowUp> cluster) {
        this.redis = redis;
        this.clock = clock;
        this.timeout = timeout;
        this.args = args;
        this.cluster = cluster;
    }

    Uni<List<RetriedClient>> run(RetryOrder order) {
        long now = clock.millis();
        return RedisCalls.guarded(args.of(order, now, now + timeout.toMillis()).run(SCRIPT, redis), timeout)
                .map(DropScriptReply::read)
                .flatMap(reply -> {
                    if (!(reply instanceof DropScriptReply.Applied applied)) {
                        return Uni.createFrom().failure(new DropuserException(ResultCode.REGISTRY_UNAVAILABLE,
                                "the session registry answered too late; nothing was changed"));
                    }
                    return applied(order.roomId(), applied);
                });
    }

    private Uni<List<RetriedClient>> applied(String roomId, DropScriptReply.Applied reply) {
        List<RetriedClient> clients = reply.clients().stream()
                .map(c -> new RetriedClient(c.clientId(), RetriedClient.Outcome.ofWord(c.word())))
                .toList();
        if (cluster.isEmpty()) {
            return Uni.createFrom().item(clients);
        }
        Set<String> nodes = new TreeSet<>();
        reply.clients().stream().filter(c -> RetriedClient.Outcome.REPUBLISHED.word().equals(c.word()))
                .forEach(c -> nodes.add(c.node()));
        return cluster.get().finish(roomId, reply.deferred(), nodes).map(removed -> clients.stream()
                .map(c -> removed.contains(c.clientId()) ? new RetriedClient(c.clientId(), RetriedClient.Outcome.GHOST_REMOVED) : c)
                .toList());
    }
}
