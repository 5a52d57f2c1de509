package dev.dropuser.startup;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the startup priming runs ({@code /q/health/ready} on the management port), so that a load
 * balancer sends callers to a warm instance. Drops are served all the same; a failed priming ends the wait too.
 */
@Readiness
@ApplicationScoped
class WarmUpReadiness implements HealthCheck {
    private final Priming priming;

    WarmUpReadiness(Priming priming) {
        this.priming = priming;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dropuser-warm-up").status(priming.idle()).build();
    }
}
