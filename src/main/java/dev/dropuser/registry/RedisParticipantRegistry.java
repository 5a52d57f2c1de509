package dev.dropuser.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropAttempt;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropReport;
import dev.dropuser.drop.ParticipantRegistry;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The live-session registry in Redis (CONTRACT §4): every drop is one script call, whatever its size. */
final class RedisParticipantRegistry implements ParticipantRegistry {
    private static final LuaScript CONFIRM = LuaScript.load("confirm.lua");
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

    private final Redis redis;
    private final RegistryKeys keys;
    private final DropScript dropScript;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param timeout how long one Redis call may take before the registry counts as unavailable
     */
    RedisParticipantRegistry(Redis redis, RegistryKeys keys, DropScript dropScript, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.dropScript = dropScript;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<DropAttempt> drop(DropOrder order) {
        return dropScript.run(order, DropScript.NEW_DROP, stored -> new DropAttempt.Replayed(report(stored)))
                .subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Set<String>> confirmGone(String roomId, Collection<String> clientIds) {
        var call = CONFIRM.run(redis, List.of(keys.live(roomId), keys.dropping(roomId)), List.copyOf(clientIds));
        return RedisCalls.guarded(call, timeout)
                .map(reply -> {
                    Set<String> gone = new LinkedHashSet<>();
                    reply.forEach(id -> gone.add(id.toString()));
                    return gone;
                })
                .subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Void> remember(DropOrder.ScopedIdempotencyKey scoped, DropReport report) {
        String key = keys.idempotency(report.roomId(), scoped.userRef(), scoped.key().key());
        String value = scoped.key().fingerprint() + "\n" + reportJson(report);
        Request set = Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(IDEMPOTENCY_TTL.toMillis());
        return RedisCalls.guarded(redis.send(set), timeout).replaceWithVoid().subscribeAsCompletionStage();
    }

    private String reportJson(DropReport report) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("requestId", report.requestId());
        stored.put("roomId", report.roomId());
        stored.put("clients", report.clients().stream()
                .map(c -> Map.of("clientId", c.clientId(), "status", c.status().name()))
                .toList());
        try {
            return json.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private DropReport report(String stored) {
        try {
            JsonNode node = json.readTree(stored);
            List<ClientReport> clients = new ArrayList<>();
            node.get("clients").forEach(c -> clients.add(new ClientReport(
                    c.get("clientId").asText(), ClientStatus.valueOf(c.get("status").asText()))));
            return new DropReport(node.get("requestId").asText(), node.get("roomId").asText(), clients);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable idempotent answer", e);
        }
    }
}
