package dev.dropuser.api;

import dev.dropuser.drop.ClientReport;
import dev.dropuser.drop.DropOutcome;
import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
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
        for (ClientReport client : outcome.report().clients()) {
            Counter.builder("dropuser.clients").description("Clients named by drop answers, by status")
                    .tag("status", client.status().wire()).register(registry).increment();
        }
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
        Timer.builder("dropuser.requests").description("Requests by endpoint and result code")
                .tag("endpoint", endpoint).tag("result", String.valueOf(code.number()))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
