package dev.dropuser.api;

import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.result.ResultCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the HTTP API counts (Micrometer, scraped at {@code /q/metrics} on the management port): requests by
 * endpoint and result code with a latency histogram, clients named by answers by status, and Redis failures.
 * Called by {@link Answers} only.
 */
@Singleton
class DropMetrics {
    private final MeterRegistry registry;
    private final Counter registryErrors;
    /** Meters are looked up once each, not on every request (a registry lookup per client added up for N=1000). */
    private final Map<ClientStatus, Counter> clients = new ConcurrentHashMap<>();
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();

    DropMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.registryErrors = Counter.builder("dropuser.registry.errors")
                .description("Requests answered 2001 because Redis failed or was too slow")
                .register(registry);
    }

    void answered(String endpoint, List<ClientReport> reports, long started) {
        time(endpoint, ResultCode.SUCCESS, started);
        Map<ClientStatus, Long> byStatus = new EnumMap<>(ClientStatus.class);
        for (ClientReport client : reports) {
            byStatus.merge(client.status(), 1L, Long::sum);
        }
        byStatus.forEach((status, count) -> clients.computeIfAbsent(status, this::clientCounter).increment(count));
    }

    void refused(String endpoint, ResultCode code, long started) {
        if (code == ResultCode.REGISTRY_UNAVAILABLE) {
            registryErrors.increment();
        }
        time(endpoint, code, started);
    }

    private void time(String endpoint, ResultCode code, long started) {
        requests.computeIfAbsent(endpoint + " " + code.number(), key -> requestTimer(endpoint, code))
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private Counter clientCounter(ClientStatus status) {
        return Counter.builder("dropuser.clients").description("Clients named by drop answers, by status")
                .tag("status", status.wire()).register(registry);
    }

    private Timer requestTimer(String endpoint, ResultCode code) {
        return Timer.builder("dropuser.requests").description("Requests by endpoint and result code")
                .tag("endpoint", endpoint).tag("result", String.valueOf(code.number()))
                .publishPercentileHistogram()
                .register(registry);
    }
}
