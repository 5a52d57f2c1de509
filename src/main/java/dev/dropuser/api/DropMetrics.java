package dev.dropuser.api;

import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropOutcome;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What the HTTP API counts (Micrometer, scraped at {@code /q/metrics}): requests by endpoint and result code
 * with a latency histogram, dropped clients by status, and Redis failures. Refusals are logged here with
 * their requestId and result, never with the token, a secret or the reason text.
 */
@Singleton
class DropMetrics {
    private static final Logger LOG = Logger.getLogger(DropMetrics.class);
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

    /** Marks when a request started. */
    static long start() {
        return System.nanoTime();
    }

    void answered(String endpoint, DropOutcome outcome, long started) {
        time(endpoint, ResultCode.SUCCESS, started);
        Map<ClientStatus, Long> byStatus = new EnumMap<>(ClientStatus.class);
        for (ClientReport client : outcome.report().clients()) {
            byStatus.merge(client.status(), 1L, Long::sum);
        }
        byStatus.forEach((status, count) -> clients.computeIfAbsent(status, this::clientCounter).increment(count));
    }

    void answered(String endpoint, ResultCode code, long started) {
        time(endpoint, code, started);
    }

    void refused(String endpoint, String requestId, Throwable failure, long started) {
        ResultCode code = failure instanceof DropuserException refusal ? refusal.code() : ResultCode.INTERNAL_ERROR;
        if (code == ResultCode.REGISTRY_UNAVAILABLE) {
            registryErrors.increment();
        }
        LOG.infof("requestId=%s endpoint=%s result=%d", requestId, endpoint, code.number());
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
