package dev.dropuser.registry;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Leaves out Vert.x' per-connection Redis client metrics. Quarkus' Micrometer binder registers their gauges once per
 * connection under one name per client (every client created without a Quarkus name shares {@code <default>}), so
 * each connection after a client's first was not counted and logged "This Gauge has been already registered" (the
 * dev-mode demo's clients did at every start). What they measured is counted per pool ({@code redis_pool_*}, one
 * pool per event loop, see {@link LoopLocalRedis}) and per command by Quarkus' Redis metrics.
 */
class RedisConnectionMetricsOff {
    @Produces
    @Singleton
    MeterFilter withoutRedisConnectionMetrics() {
        return MeterFilter.deny(id -> "redis".equals(id.getTag("clientType")));
    }
}
