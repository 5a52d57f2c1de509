package dev.dropuser.registry;

import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropAttempt;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropReport;
import dev.dropuser.drop.ParticipantRegistry;
import io.vertx.mutiny.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The live-session registry in Redis (CONTRACT §4): every drop is one script call, whatever its size; its
 * confirmation waits on the signaling tier's acks (§13) and reads the registry with one more script.
 */
final class RedisParticipantRegistry implements ParticipantRegistry {
    private static final LuaScript CONFIRM = LuaScript.load("confirm.lua");
    private static final LuaScript REMEMBER = LuaScript.load("remember.lua");
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

    private final Redis redis;
    private final RegistryKeys keys;
    private final DropScript dropScript;
    private final DropAcks acks;
    private final Duration timeout;

    /**
     * @param timeout how long one Redis call may take before the registry counts as unavailable
     */
    RedisParticipantRegistry(Redis redis, RegistryKeys keys, DropScript dropScript, DropAcks acks, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.dropScript = dropScript;
        this.acks = acks;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<DropAttempt> drop(DropOrder order) {
        return dropScript.run(order).subscribeAsCompletionStage();
    }

    @Override
    public Optional<CompletionStage<List<String>>> awaitAcks(String roomId, String requestId, int most, Duration wait) {
        return acks.await(roomId, requestId, most, wait);
    }

    @Override
    public CompletionStage<Set<String>> confirmGone(
            String roomId, String requestId, Collection<String> acked, Collection<String> others) {
        List<String> args = new ArrayList<>(2 + acked.size() + others.size());
        args.add(requestId);
        args.add(String.valueOf(acked.size()));
        args.addAll(acked);
        args.addAll(others);
        var call = CONFIRM.run(redis, List.of(keys.live(roomId), keys.dropping(roomId)), args);
        return RedisCalls.guarded(call, timeout)
                .map(reply -> {
                    Set<String> gone = new LinkedHashSet<>();
                    reply.forEach(id -> gone.add(id.toString()));
                    return gone;
                })
                .subscribeAsCompletionStage();
    }

    /** Turns the confirmed clients of the stored answer into {@code dropped}; nothing to do when none was confirmed. */
    @Override
    public CompletionStage<Void> remember(DropOrder.ScopedIdempotencyKey scoped, DropReport report) {
        List<Object> args = new ArrayList<>(List.of(scoped.key().fingerprint(), IDEMPOTENCY_TTL.toMillis()));
        for (int i = 0; i < report.clients().size(); i++) {
            if (report.clients().get(i).status() == ClientStatus.DROPPED) {
                args.add(i + 1);
            }
        }
        if (args.size() == 2) {
            return CompletableFuture.completedFuture(null);
        }
        String key = keys.idempotency(report.roomId(), scoped.userRef(), scoped.key().key());
        return RedisCalls.guarded(REMEMBER.run(redis, List.of(key), args), timeout).replaceWithVoid().subscribeAsCompletionStage();
    }
}
