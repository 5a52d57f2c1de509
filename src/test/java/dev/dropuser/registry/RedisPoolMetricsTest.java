package dev.dropuser.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis gauges in /q/metrics: each event loop's client has a pool of its own, so each shows its own gauges, and
 * no gauge is registered once per connection. Both were registered twice under one name: Micrometer kept the first,
 * ignored the others and logged "This Gauge has been already registered" (dev mode at every start).
 */
@QuarkusTest
class RedisPoolMetricsTest {
    @Inject
    RedisRegistry redisRegistry;
    LoopLocalRedis redis;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void setUp() {
        redis = redisRegistry.loopLocal();
    }

    @Test
    void givenCallsFromTwoEventLoops_poolGauges_showAPoolPerLoopBesideQuarkusOwn() throws Exception {
        Context loopA = ((VertxInternal) vertx).createEventLoopContext();
        Context loopB = ((VertxInternal) vertx).createEventLoopContext();

        pingFrom(loopA);
        pingFrom(loopB);

        Set<String> pools = registry.find("redis.pool.active").gauges().stream()
                .map(gauge -> gauge.getId().getTag("pool.name")).collect(Collectors.toSet());
        assertThat(pools).contains("<default>");
        assertThat(pools).filteredOn(name -> name.startsWith("<default>@loop-")).hasSizeGreaterThanOrEqualTo(2);
        Set<String> tcpClients = registry.find("redis.active.connections").gauges().stream()
                .map(gauge -> gauge.getId().getTag("clientName")).collect(Collectors.toSet());
        assertThat(tcpClients).filteredOn(name -> name.startsWith("<default>@loop-")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void givenSeveralConnections_registry_hasNoPerConnectionRedisMeters() throws Exception {
        Context loop = ((VertxInternal) vertx).createEventLoopContext();
        Promise<Object> done = Promise.promise();
        loop.runOnContext(ignored -> redis.connect().compose(first -> redis.connect().onComplete(second -> {
            first.close();
            second.result().close();
        })).onComplete(connected -> done.handle(connected.map(c -> (Object) c))));
        done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(registry.find(".queue.size").meters()).isEmpty();
        assertThat(registry.find("redis.queue.size").meters()).isEmpty();
        assertThat(registry.getMeters()).noneMatch(meter -> "redis".equals(meter.getId().getTag("clientType")));
    }

    private void pingFrom(Context loop) throws Exception {
        Promise<Object> done = Promise.promise();
        loop.runOnContext(ignored -> redis.send(Request.cmd(Command.PING)).onComplete(reply -> done.handle(reply.map(r -> (Object) r))));
        done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
