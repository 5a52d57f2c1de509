package dev.dropuser.registry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The ghost script ({@code ghosts.lua}): removes a room's live entries of nodes without a heartbeat. */
final class GhostScript {
    private static final LuaScript SCRIPT = LuaScript.load("ghosts.lua");

    private final Redis redis;
    private final RegistryKeys keys;
    private final Duration timeout;

    GhostScript(Redis redis, RegistryKeys keys, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.timeout = timeout;
    }

    /** Checks the heartbeats itself (single Redis): every entry of a dead node goes. */
    Uni<List<String>> removeAll(String roomId) {
        return run(roomId, List.of());
    }

    /** Entries of the given dead nodes go (the caller checked the heartbeats, as on a cluster). */
    Uni<List<String>> removeOf(String roomId, Set<String> deadNodes) {
        return deadNodes.isEmpty() ? Uni.createFrom().item(List.of()) : run(roomId, List.copyOf(deadNodes));
    }

    private Uni<List<String>> run(String roomId, List<String> deadNodes) {
        List<Object> args = new ArrayList<>();
        args.add(keys.nodePrefix());
        args.addAll(deadNodes);
        return RedisCalls.guarded(SCRIPT.run(redis, List.of(keys.live(roomId), keys.dropping(roomId)), args), timeout)
                .map(reply -> {
                    List<String> removed = new ArrayList<>();
                    reply.forEach(id -> removed.add(id.toString()));
                    return removed;
                });
    }
}
