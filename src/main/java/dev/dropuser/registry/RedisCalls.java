package dev.dropuser.registry;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.List;

/** The one rule for Redis failures: bounded by the timeout, and "unavailable" told apart from a bug. */
final class RedisCalls {
    /**
     * Redis errors that mean "this request is wrong" (a bug of ours, 2500). Every other error reply means
     * "not now" (BUSY, LOADING, MASTERDOWN, CLUSTERDOWN, TRYAGAIN, READONLY, and the client's own
     * CONNECTION_CLOSED when Redis dies mid-call): the registry is unavailable and the request may be retried.
     */
    private static final List<String> BUGS = List.of("ERR", "WRONGTYPE", "NOSCRIPT", "NOPERM", "NOAUTH");

    private RedisCalls() {
    }

    static <T> Uni<T> guarded(Uni<T> call, Duration timeout) {
        return call.ifNoItem().after(timeout).fail()
                .onFailure(failure -> !(failure instanceof DropuserException))
                .transform(RedisCalls::classify);
    }

    private static Throwable classify(Throwable failure) {
        if (failure instanceof ErrorType error && BUGS.stream().anyMatch(error::is)) {
            return failure;
        }
        return new DropuserException(ResultCode.REGISTRY_UNAVAILABLE, "the session registry is unavailable", failure);
    }
}
