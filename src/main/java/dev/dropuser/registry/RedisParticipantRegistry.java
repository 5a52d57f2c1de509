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
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import dev.dropuser.signaling.DisconnectMessage;
import dev.dropuser.signaling.SignalTemplates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Clock;
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
public final class RedisParticipantRegistry implements ParticipantRegistry {
    private static final LuaScript DROP = LuaScript.load("drop.lua");
    private static final LuaScript CONFIRM = LuaScript.load("confirm.lua");
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    /** Redis errors that mean "not now" rather than "wrong": the request may be retried unchanged. */
    private static final List<String> TRANSIENT_ERRORS =
            List.of("BUSY", "LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY");

    private final Redis redis;
    private final Clock clock;
    private final RegistryKeys keys;
    private final SignalTemplates signals;
    private final Duration timeout;
    private final Duration markerTtl;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param clock     must agree with the Redis server's clock to well within {@code timeout} (NTP)
     * @param timeout   how long one Redis call may take before the registry counts as unavailable
     * @param markerTtl how long an idempotency key stays "in progress" if its final answer is never stored
     */
    public RedisParticipantRegistry(Redis redis, Clock clock, RegistryKeys keys, SignalTemplates signals,
            Duration timeout, Duration markerTtl) {
        this.redis = redis;
        this.clock = clock;
        this.keys = keys;
        this.signals = signals;
        this.timeout = timeout;
        this.markerTtl = markerTtl;
    }

    @Override
    public CompletionStage<DropAttempt> drop(DropOrder order) {
        String room = order.roomId();
        List<String> scriptKeys = new ArrayList<>(List.of(keys.live(room), keys.dropping(room), keys.bans(room)));
        order.idempotency().ifPresent(scoped ->
                scriptKeys.add(keys.idempotency(room, scoped.userRef(), scoped.key().key())));

        DisconnectMessage message = new DisconnectMessage(order.cause(), order.reason(), room, order.requestId());
        List<byte[]> templates = signals.parts(message, order.by(), order.at());
        List<Object> args = new ArrayList<>(List.of(
                keys.nodePrefix(),
                droppingMark(order),
                order.banUntil(),
                order.keepUserRef().orElse(""),
                order.idempotency().map(scoped -> scoped.key().fingerprint()).orElse(""),
                markerTtl.toMillis(),
                signals.scriptMode(),
                clock.millis() + timeout.toMillis(),
                templates.size()));
        args.addAll(templates);
        args.addAll(order.clientIds());

        return guarded(DROP.run(redis, scriptKeys, args)).map(this::attempt).subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Set<String>> confirmGone(String roomId, Collection<String> clientIds) {
        return guarded(CONFIRM.run(redis, List.of(keys.live(roomId), keys.dropping(roomId)), List.copyOf(clientIds)))
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
        return guarded(redis.send(set)).replaceWithVoid().subscribeAsCompletionStage();
    }

    private String droppingMark(DropOrder order) {
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put("requestId", order.requestId());
        mark.put("cause", order.cause().code());
        mark.put("at", order.at());
        mark.put("attempts", 1);
        return write(mark);
    }

    private DropAttempt attempt(Response reply) {
        String kind = reply.get(0).toString();
        switch (kind) {
            case "applied" -> {
                List<ClientReport> clients = new ArrayList<>(reply.size() / 2);
                for (int i = 1; i < reply.size(); i += 2) {
                    clients.add(new ClientReport(reply.get(i).toString(), status(reply.get(i + 1).toString())));
                }
                return new DropAttempt.Applied(clients);
            }
            case "replay" -> {
                return new DropAttempt.Replayed(report(reply.get(1).toString()));
            }
            case "conflict" -> {
                return new DropAttempt.Conflict("this Idempotency-Key was used with a different request");
            }
            case "busy" -> {
                return new DropAttempt.Conflict("the first request with this Idempotency-Key is still running");
            }
            case "expired" -> throw new DropuserException(ResultCode.REGISTRY_UNAVAILABLE,
                    "the session registry answered too late; nothing was changed");
            default -> throw new IllegalStateException("unexpected drop script reply " + kind);
        }
    }

    private static ClientStatus status(String code) {
        return switch (code) {
            case "p" -> ClientStatus.PENDING;
            case "n" -> ClientStatus.NOT_FOUND;
            case "g" -> ClientStatus.GHOST_REMOVED;
            case "i" -> ClientStatus.INVALID_ENTRY;
            default -> throw new IllegalStateException("unexpected client status " + code);
        };
    }

    private String reportJson(DropReport report) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("requestId", report.requestId());
        stored.put("roomId", report.roomId());
        stored.put("clients", report.clients().stream()
                .map(c -> Map.of("clientId", c.clientId(), "status", c.status().name()))
                .toList());
        return write(stored);
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

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bounds a Redis call by the timeout and tells "registry unavailable" apart from a bug. */
    private <T> Uni<T> guarded(Uni<T> call) {
        return call.ifNoItem().after(timeout).fail()
                .onFailure(failure -> !(failure instanceof DropuserException))
                .transform(RedisParticipantRegistry::classify);
    }

    private static Throwable classify(Throwable failure) {
        if (failure instanceof ErrorType error && TRANSIENT_ERRORS.stream().noneMatch(error::is)) {
            return failure;
        }
        return new DropuserException(ResultCode.REGISTRY_UNAVAILABLE, "the session registry is unavailable", failure);
    }
}
