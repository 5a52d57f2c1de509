package dev.dropuser.testing;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Vertx;

/**
 * The usual stage of an HTTP test: an emptied test Redis, a subscriber that records everything published,
 * and one fake signaling node {@code sig-1} with a heartbeat.
 */
public record SignalingHarness(RoomFixture registry, PublishedMessages bus, FakeSignalingNode node) implements AutoCloseable {

    public static SignalingHarness start(RedisDataSource redis, Vertx vertx) {
        RoomFixture registry = new RoomFixture(redis);
        registry.reset();
        PublishedMessages bus = PublishedMessages.subscribe(vertx, TestRedis.server().url());
        return new SignalingHarness(registry, bus, new FakeSignalingNode("sig-1", registry, bus, vertx, TestRedis.server().url()));
    }

    @Override
    public void close() {
        node.close();
        bus.close();
    }
}
