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
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The drop script ({@code drop.lua}): how a {@link DropOrder} becomes its keys and arguments, and how its
 * reply becomes a {@link DropAttempt}. The drop API and the cleanup's retries both run it.
 *
 * <p>On a single Redis that is the whole drop, one round trip. On a Redis Cluster the script can only touch
 * the room's slot, so it is followed by what lives elsewhere: the SPUBLISH / XADD it handed back (one
 * pipelined batch, in order), the heartbeats of the nodes involved (one EXISTS each, in parallel) and, only if
 * one is dead, the ghost script. A crash between the script and its batch leaves a dropping mark without its
 * publish; the cleanup's retry publishes it then: late, never lost.
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
    private final boolean cluster;
    private final Heartbeats heartbeats;
    private final GhostScript ghosts;

    DropScript(Redis redis, Clock clock, RegistryKeys keys, SignalTemplates signals, Duration timeout,
            Duration markerTtl, boolean cluster) {
        this.redis = redis;
        this.clock = clock;
        this.keys = keys;
        this.signals = signals;
        this.timeout = timeout;
        this.markerTtl = markerTtl;
        this.cluster = cluster;
        this.heartbeats = new Heartbeats(redis, keys, timeout);
        this.ghosts = new GhostScript(redis, keys, timeout);
    }

    /** Runs the order; {@code readAnswer} turns a stored idempotent answer back into a report. */
    Uni<DropAttempt> run(DropOrder order, Retry retry, Function<String, DropAttempt> readAnswer) {
        String room = order.roomId();
        List<String> scriptKeys = new ArrayList<>(List.of(keys.live(room), keys.dropping(room), keys.bans(room),
                keys.roomRate(room), keys.callerRate(room, order.by())));
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
                cluster ? "cluster" : "single",
                order.limits().perRoom(),
                order.limits().perCaller(),
                order.limits().window(),
                templates.size()));
        args.addAll(templates);
        args.addAll(order.clientIds());

        return RedisCalls.guarded(SCRIPT.run(redis, scriptKeys, args), timeout).flatMap(reply -> switch (reply.get(0).toString()) {
            case "applied" -> applied(room, reply);
            case "replay" -> Uni.createFrom().item(readAnswer.apply(reply.get(1).toString()));
            case "conflict" -> Uni.createFrom().item(new DropAttempt.Conflict("this Idempotency-Key was used with a different request"));
            case "busy" -> Uni.createFrom().item(new DropAttempt.Conflict("the first request with this Idempotency-Key is still running"));
            case "limited" -> Uni.createFrom().item(new DropAttempt.RateLimited(reply.get(1).toLong()));
            case "expired" -> Uni.createFrom().failure(new DropuserException(ResultCode.REGISTRY_UNAVAILABLE,
                    "the session registry answered too late; nothing was changed"));
            default -> Uni.createFrom().failure(new IllegalStateException("unexpected drop script reply " + reply.get(0)));
        });
    }

    /** Reads {@code applied, k, (id, status, node) × k, (argc, args…)…}; on a cluster, finishes the drop. */
    private Uni<DropAttempt> applied(String roomId, Response reply) {
        int count = reply.get(1).toInteger();
        List<ClientReport> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(new ClientReport(reply.get(2 + 3 * i).toString(), status(reply.get(3 + 3 * i).toString())));
        }
        if (!cluster) {
            return Uni.createFrom().item(new DropAttempt.Applied(clients));
        }
        Map<String, String> nodeOf = new HashMap<>();
        for (int i = 0; i < count; i++) {
            nodeOf.put(clients.get(i).clientId(), reply.get(4 + 3 * i).toString());
        }
        List<Request> deferred = new ArrayList<>();
        for (int i = 2 + 3 * count; i < reply.size(); ) {
            int argc = reply.get(i).toInteger();
            Request request = Request.cmd(Command.create(reply.get(i + 1).toString()));
            for (int a = 2; a <= argc; a++) {
                request.arg(reply.get(i + a).toBytes());
            }
            deferred.add(request);
            i += 1 + argc;
        }
        Uni<?> sent = deferred.isEmpty() ? Uni.createFrom().voidItem() : RedisCalls.guarded(redis.batch(deferred), timeout);
        Set<String> nodes = clients.stream().filter(c -> c.status() == ClientStatus.PENDING)
                .map(c -> nodeOf.get(c.clientId())).collect(Collectors.toCollection(TreeSet::new));
        return sent.flatMap(ignored -> heartbeats.deadAmong(nodes))
                .flatMap(dead -> ghosts.removeOf(roomId, dead))
                .map(removed -> new DropAttempt.Applied(clients.stream()
                        .map(c -> removed.contains(c.clientId()) ? c.withStatus(ClientStatus.GHOST_REMOVED) : c)
                        .toList()));
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
