package dev.dropuser.registry;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;

/**
 * Keeps a copy of the options Quarkus builds from {@code quarkus.redis.*} for its default client (hosts, client
 * type, pool, TLS), so that {@link LoopLocalRedis} creates its clients from exactly the same configuration.
 * Quarkus calls customizers while it creates its clients at startup, before any bean of ours uses Redis.
 */
@Singleton
public class RedisOptionsCapture implements RedisOptionsCustomizer {
    /** The name Quarkus gives its default client. */
    private static final String DEFAULT_CLIENT = "<default>";

    private volatile RedisOptions options;

    @Override
    public void customize(String clientName, RedisOptions options) {
        if (DEFAULT_CLIENT.equals(clientName)) {
            this.options = new RedisOptions(options);
        }
    }

    public RedisOptions options() {
        RedisOptions captured = options;
        if (captured == null) {
            throw new IllegalStateException("Quarkus has not created its default Redis client yet");
        }
        return captured;
    }
}
