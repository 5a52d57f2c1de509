package dev.dropuser.registry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * On a Redis Cluster, what a room's script cannot do inside the room's slot: send the SPUBLISH / XADD it handed
 * back (one pipelined batch, in order), ask the heartbeats of the nodes involved, and, only if one is dead, remove
 * that node's entries with the ghost script.
 *
 * <p>The script's changes (marks, bans, the idempotent answer) stand whatever happens here, so a failure here is
 * not "nothing changed" (CONTRACT §3, 2001): the clients stay {@code pending}, and the cleanup's retry publishes
 * again what may not have gone out. Late, never lost.
 */
final class ClusterFollowUp {
    private static final System.Logger LOG = System.getLogger(ClusterFollowUp.class.getName());
    private final Redis redis;
    private final Duration timeout;
    private final Heartbeats heartbeats;
    private final GhostScript ghosts;

    ClusterFollowUp(Redis redis, Duration timeout, Heartbeats heartbeats, GhostScript ghosts) {
        this.redis = redis;
        this.timeout = timeout;
        this.heartbeats = heartbeats;
        this.ghosts = ghosts;
    }

    /**
     * Sends {@code deferred}, then removes the entries of the dead among {@code nodes}; returns their client ids.
     * On a failure, returns none: every published client stays pending, for the cleanup to retry.
     */
    Uni<List<String>> finish(String roomId, List<Request> deferred, Set<String> nodes) {
        Uni<?> sent = deferred.isEmpty() ? Uni.createFrom().voidItem() : RedisCalls.guarded(redis.batch(deferred), timeout);
        return sent.flatMap(ignored -> heartbeats.deadAmong(nodes))
                .flatMap(dead -> ghosts.removeOf(roomId, dead))
                .onFailure().recoverWithItem(failure -> {
                    LOG.log(System.Logger.Level.WARNING, "room={0}: the script applied, what follows it failed ({1});"
                            + " its clients stay pending for the cleanup to retry", roomId, failure.getMessage());
                    return List.of();
                });
    }
}
