package dev.dropuser.registry;

import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropAttempt;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import dev.dropuser.signaling.DisconnectMessage;
import dev.dropuser.signaling.SignalTemplates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The drop script ({@code drop.lua}): how a {@link DropOrder} becomes its keys and arguments, and how its
 * reply becomes a {@link DropAttempt}. The drop API and the cleanup's retries both run it.
 */
final class DropScript {
    private static final LuaScript SCRIPT = LuaScript.load("drop.lua");
    /** No retry: a new drop. */
    static final Retry NEW_DROP = new Retry(0, 0);

    /**
     * Retry mode: only clients whose dropping mark is at or before {@code cutoff} are published again,
     * and a drop that already had {@code maxAttempts} attempts is given up.
     */
    record Retry(long cutoff, int maxAttempts) {
    }

    private final Redis redis;
    private final Clock clock;
    private final RegistryKeys keys;
    private final SignalTemplates signals;
    private final Duration timeout;
    private final Duration markerTtl;

    DropScript(Redis redis, Clock clock, RegistryKeys keys, SignalTemplates signals, Duration timeout, Duration markerTtl) {
        this.redis = redis;
        this.clock = clock;
        this.keys = keys;
        this.signals = signals;
        this.timeout = timeout;
        this.markerTtl = markerTtl;
    }

    /** Runs the order; {@code readAnswer} turns a stored idempotent answer back into a report. */
    Uni<DropAttempt> run(DropOrder order, Retry retry, Function<String, DropAttempt> readAnswer) {
        String room = order.roomId();
        List<String> scriptKeys = new ArrayList<>(List.of(keys.live(room), keys.dropping(room), keys.bans(room)));
        order.idempotency().ifPresent(scoped ->
                scriptKeys.add(keys.idempotency(room, scoped.userRef(), scoped.key().key())));

        DisconnectMessage message = new DisconnectMessage(order.cause(), order.reason(), room, order.requestId());
        List<byte[]> templates = signals.parts(message, order.by(), order.at());
        long now = clock.millis();
        List<Object> args = new ArrayList<>(List.of(
                keys.nodePrefix(),
                DroppingMark.first(order),
                order.banUntil(),
                order.keepUserRef().orElse(""),
                order.idempotency().map(scoped -> scoped.key().fingerprint()).orElse(""),
                markerTtl.toMillis(),
                signals.scriptMode(),
                now + timeout.toMillis(),
                retry.cutoff(),
                retry.maxAttempts(),
                now,
                templates.size()));
        args.addAll(templates);
        args.addAll(order.clientIds());

        return RedisCalls.guarded(SCRIPT.run(redis, scriptKeys, args), timeout).map(reply -> attempt(reply, readAnswer));
    }

    private static DropAttempt attempt(Response reply, Function<String, DropAttempt> readAnswer) {
        String kind = reply.get(0).toString();
        return switch (kind) {
            case "applied" -> {
                List<ClientReport> clients = new ArrayList<>(reply.size() / 2);
                for (int i = 1; i < reply.size(); i += 2) {
                    clients.add(new ClientReport(reply.get(i).toString(), status(reply.get(i + 1).toString())));
                }
                yield new DropAttempt.Applied(clients);
            }
            case "replay" -> readAnswer.apply(reply.get(1).toString());
            case "conflict" -> new DropAttempt.Conflict("this Idempotency-Key was used with a different request");
            case "busy" -> new DropAttempt.Conflict("the first request with this Idempotency-Key is still running");
            case "expired" -> throw new DropuserException(ResultCode.REGISTRY_UNAVAILABLE,
                    "the session registry answered too late; nothing was changed");
            default -> throw new IllegalStateException("unexpected drop script reply " + kind);
        };
    }

    private static ClientStatus status(String code) {
        return switch (code) {
            case "p" -> ClientStatus.PENDING;
            case "n" -> ClientStatus.NOT_FOUND;
            case "g" -> ClientStatus.GHOST_REMOVED;
            case "i" -> ClientStatus.INVALID_ENTRY;
            case "x" -> ClientStatus.GIVEN_UP;
            default -> throw new IllegalStateException("unexpected client status " + code);
        };
    }
}
