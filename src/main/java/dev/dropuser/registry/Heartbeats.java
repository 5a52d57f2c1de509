package dev.dropuser.registry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which signaling nodes have no heartbeat, asked outside any script: on a Redis Cluster the heartbeat keys
 * live in other slots than the room's, so a room's script cannot read them.
 */
final class Heartbeats {
    private final Redis redis;
    private final RegistryKeys keys;
    private final Duration timeout;

    Heartbeats(Redis redis, RegistryKeys keys, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.timeout = timeout;
    }

    /** The nodes among {@code nodes} whose heartbeat key is gone, asked in parallel (one EXISTS each). */
    Uni<Set<String>> deadAmong(Set<String> nodes) {
        if (nodes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> ordered = List.copyOf(nodes);
        List<Uni<Boolean>> checks = ordered.stream()
                .map(node -> RedisCalls.guarded(redis.send(Request.cmd(Command.EXISTS).arg(keys.node(node))), timeout)
                        .map(reply -> reply.toInteger() == 0))
                .toList();
        return Uni.join().all(checks).andFailFast().map(dead -> {
            Set<String> gone = new TreeSet<>();
            for (int i = 0; i < ordered.size(); i++) {
                if (dead.get(i)) {
                    gone.add(ordered.get(i));
                }
            }
            return gone;
        });
    }
}
