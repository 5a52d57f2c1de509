package dev.dropuser.registry;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.List;

/** The one rule for Redis failures: bounded by the timeout, and "unavailable" told apart from a bug. */
final class RedisCalls {
    /** Redis errors that mean "not now" rather than "wrong": the request may be retried unchanged. */
    private static final List<String> TRANSIENT_ERRORS =
            List.of("BUSY", "LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY");

    private RedisCalls() {
    }

    static <T> Uni<T> guarded(Uni<T> call, Duration timeout) {
        return call.ifNoItem().after(timeout).fail()
                .onFailure(failure -> !(failure instanceof DropuserException))
                .transform(RedisCalls::classify);
    }

    private static Throwable classify(Throwable failure) {
        if (failure instanceof ErrorType error && TRANSIENT_ERRORS.stream().noneMatch(error::is)) {
            return failure;
        }
        return new DropuserException(ResultCode.REGISTRY_UNAVAILABLE, "the session registry is unavailable", failure);
    }
}
