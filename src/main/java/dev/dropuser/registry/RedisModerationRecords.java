package dev.dropuser.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropuser.moderation.AuditEntry;
import dev.dropuser.moderation.Ban;
import dev.dropuser.moderation.LiftOrder;
import dev.dropuser.moderation.ModerationRecords;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * A room's bans (sorted set) and audit trail (stream) in Redis (CONTRACT §11.3, §11.4). Reads are plain commands;
 * lifting a ban is unban.lua, which changes the set and appends its audit entry in one atomic step.
 */
final class RedisModerationRecords implements ModerationRecords {
    private static final LuaScript UNBAN = LuaScript.load("unban.lua");

    private final Redis redis;
    private final RegistryKeys keys;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Duration auditRetention;

    RedisModerationRecords(Redis redis, RegistryKeys keys, ObjectMapper json, Duration timeout, Duration auditRetention) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.timeout = timeout;
        this.auditRetention = auditRetention;
    }

    @Override
    public CompletionStage<List<Ban>> bansInForce(String roomId, long now) {
        Request range = Request.cmd(Command.ZRANGEBYSCORE).arg(keys.bans(roomId)).arg("(" + now).arg("+inf").arg("WITHSCORES");
        return RedisCalls.guarded(redis.send(range), timeout).map(reply -> {
            List<Ban> bans = new ArrayList<>();
            boolean pairs = reply.size() > 0 && reply.get(0).type() == ResponseType.MULTI;
            int step = pairs ? 1 : 2;
            for (int i = 0; i + step - 1 < reply.size(); i += step) {
                // RESP3 answers [[member, score], ...], RESP2 a flat [member, score, ...]
                Response member = pairs ? reply.get(i).get(0) : reply.get(i);
                Response score = pairs ? reply.get(i).get(1) : reply.get(i + 1);
                bans.add(new Ban(member.toString(), (long) Double.parseDouble(score.toString())));
            }
            return bans;
        }).subscribeAsCompletionStage();
    }

    /** The one place that writes what unban.lua reads (its header lists the settings). */
    static ObjectNode unbanSettings(ObjectMapper json, LiftOrder order, Duration auditRetention) {
        return json.createObjectNode()
                .put("now", order.at())
                .put("userRef", order.userRef())
                .put("requestId", order.requestId())
                .put("by", order.by())
                .put("auditMinId", order.at() - auditRetention.toMillis());
    }

    @Override
    public CompletionStage<Boolean> liftBan(LiftOrder order) {
        String settings = unbanSettings(json, order, auditRetention).toString();
        var call = UNBAN.run(redis, List.of(keys.bans(order.roomId()), keys.audit(order.roomId())), List.of(settings));
        return RedisCalls.guarded(call, timeout).map(reply -> reply.toInteger() == 1).subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<List<AuditEntry>> entries(String roomId, Optional<String> after, int count) {
        Request range = Request.cmd(Command.XRANGE).arg(keys.audit(roomId)).arg(after.map(id -> "(" + id).orElse("-"))
                .arg("+").arg("COUNT").arg(count);
        return RedisCalls.guarded(redis.send(range), timeout).map(reply -> {
            List<AuditEntry> entries = new ArrayList<>(reply.size());
            for (Response entry : reply) {
                entries.add(entry(entry.get(0).toString(), entry.get(1)));
            }
            return entries;
        }).subscribeAsCompletionStage();
    }

    /** Fields come as a flat [name, value, ...] list; the client reads it by name like a hash. */
    private static AuditEntry entry(String id, Response fields) {
        Map<String, String> f = new HashMap<>();
        fields.getKeys().forEach(name -> f.put(name, fields.get(name).toString()));
        return new AuditEntry(id, f.getOrDefault("requestId", ""), number(f.get("at")), f.getOrDefault("by", ""),
                f.getOrDefault("trigger", ""),
                f.containsKey("cause") ? OptionalInt.of((int) number(f.get("cause"))) : OptionalInt.empty(),
                f.getOrDefault("reason", ""), (int) number(f.get("banSeconds")), f.getOrDefault("clients", "[]"));
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
