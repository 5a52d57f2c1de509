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
 * that node's entries with the ghost script. A crash between the script and this leaves a dropping mark without
 * its publish; the cleanup's retry publishes it then: late, never lost.
 */
final class ClusterFollowUp {
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

    /** Sends {@code deferred}, then removes the entries of the dead among {@code nodes}; returns their client ids. */
    Uni<List<String>> finish(String roomId, List<Request> deferred, Set<String> nodes) {
        Uni<?> sent = deferred.isEmpty() ? Uni.createFrom().voidItem() : RedisCalls.guarded(redis.batch(deferred), timeout);
        return sent.flatMap(ignored -> heartbeats.deadAmong(nodes))
                .flatMap(dead -> ghosts.removeOf(roomId, dead));
    }
}
