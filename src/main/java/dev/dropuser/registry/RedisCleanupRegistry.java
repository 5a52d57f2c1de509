package dev.dropuser.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.cleanup.CleanupRegistry;
import dev.dropuser.cleanup.RetriedClient;
import dev.dropuser.cleanup.RetryOrder;
import dev.dropuser.cleanup.UnconfirmedDrop;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * The cleanup's view of the Redis registry. The keyspace walk is {@code SCAN MATCH <prefix>room:* COUNT 1000}:
 * one round trip per 1000 keys of the whole database, whatever they are, so a run costs O(keys in Redis).
 * On a Redis Cluster every master is walked, each through a connection of its own.
 */
final class RedisCleanupRegistry implements CleanupRegistry {
    static final int SCAN_BATCH = 1000;

    private static final LuaScript NODES = LuaScript.load("nodes.lua");

    private final Redis redis;
    private final RegistryKeys keys;
    private final RetryScript retryScript;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Heartbeats heartbeats;
    private final GhostScript ghosts;
    private final Optional<ClusterMasters> masters;

    /** @param masters present on a Redis Cluster: how to reach each master */
    RedisCleanupRegistry(Redis redis, RegistryKeys keys, RetryScript retryScript, ObjectMapper json, Duration timeout,
            Heartbeats heartbeats, GhostScript ghosts, Optional<ClusterMasters> masters) {
        this.redis = redis;
        this.keys = keys;
        this.retryScript = retryScript;
        this.json = json;
        this.timeout = timeout;
        this.heartbeats = heartbeats;
        this.ghosts = ghosts;
        this.masters = masters;
    }

    @Override
    public CompletionStage<List<EndedRoom>> roomsEndedBy(long now, int limit) {
        Request range = Request.cmd(Command.ZRANGEBYSCORE).arg(keys.roomEnds()).arg("-inf").arg(now)
                .arg("WITHSCORES").arg("LIMIT").arg(0).arg(limit);
        return send(range).map(reply -> {
            List<EndedRoom> rooms = new ArrayList<>();
            boolean pairs = reply.size() > 0 && reply.get(0).type() == io.vertx.redis.client.ResponseType.MULTI;
            int step = pairs ? 1 : 2;
            for (int i = 0; i + step - 1 < reply.size(); i += step) {
                // RESP3 answers [[member, score], ...], RESP2 a flat [member, score, ...]
                Response member = pairs ? reply.get(i).get(0) : reply.get(i);
                Response score = pairs ? reply.get(i).get(1) : reply.get(i + 1);
                rooms.add(new EndedRoom(member.toString(), (long) Double.parseDouble(score.toString())));
            }
            return rooms;
        }).subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Void> forgetRoomEnd(String roomId) {
        return send(Request.cmd(Command.ZREM).arg(keys.roomEnds()).arg(roomId)).replaceWithVoid().subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<RoomScan> scanRooms() {
        Set<String> live = new TreeSet<>();
        Set<String> dropping = new TreeSet<>();
        Uni<Boolean> walked = masters.isEmpty()
                ? scan(redis, "0", live, dropping)
                : masters.get().each(master -> scan(master, "0", live, dropping));
        return walked.map(done -> new RoomScan(List.copyOf(live), List.copyOf(dropping))).subscribeAsCompletionStage();
    }

    private Uni<Boolean> scan(Redis server, String cursor, Set<String> live, Set<String> dropping) {
        Request next = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(keys.roomPattern()).arg("COUNT").arg(SCAN_BATCH);
        return RedisCalls.guarded(server.send(next), timeout).flatMap(reply -> {
            for (Response key : reply.get(1)) {
                keys.roomOf(key.toString(), "live").ifPresent(live::add);
                keys.roomOf(key.toString(), "dropping").ifPresent(dropping::add);
            }
            String following = reply.get(0).toString();
            return "0".equals(following) ? Uni.createFrom().item(true) : scan(server, following, live, dropping);
        });
    }

    @Override
    public CompletionStage<List<UnconfirmedDrop>> unconfirmedDrops(String roomId) {
        return send(Request.cmd(Command.HGETALL).arg(keys.dropping(roomId))).map(reply -> {
            List<UnconfirmedDrop> drops = new ArrayList<>();
            for (String clientId : reply.getKeys()) {
                DroppingMark.read(json, clientId, reply.get(clientId).toString()).ifPresent(drops::add);
            }
            return drops;
        }).subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<List<RetriedClient>> retry(RetryOrder order) {
        return retryScript.run(order).subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Integer> removeGhosts(String roomId) {
        Uni<List<String>> removed = masters.isEmpty()
                ? ghosts.removeAll(roomId)
                : RedisCalls.guarded(NODES.run(redis, List.of(keys.live(roomId)), List.of()), timeout)
                        .map(reply -> {
                            Set<String> nodes = new TreeSet<>();
                            reply.forEach(node -> nodes.add(node.toString()));
                            return nodes;
                        })
                        .flatMap(heartbeats::deadAmong)
                        .flatMap(dead -> ghosts.removeOf(roomId, dead));
        return removed.map(List::size).subscribeAsCompletionStage();
    }

    private Uni<Response> send(Request request) {
        return RedisCalls.guarded(redis.send(request), timeout);
    }
}
