package dev.dropuser.cleanup;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the cleanup every {@code dropuser.cleanup.every} in the HTTP service (on Lambda: EventBridge does). */
@ApplicationScoped
class CleanupSchedule {
    private static final Logger LOG = Logger.getLogger(CleanupSchedule.class);
    private final StaleSessionSweep sweep;

    CleanupSchedule(StaleSessionSweep sweep) {
        this.sweep = sweep;
    }

    @Scheduled(identity = "dropuser-cleanup", every = "{dropuser.cleanup.every}", delayed = "{dropuser.cleanup.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return Uni.createFrom().completionStage(sweep::run)
                .invoke(report -> LOG.infof("cleanup: roomsClosed=%d retried=%d ghostsRemoved=%d",
                        report.roomsClosed(), report.retried(), report.ghostsRemoved()))
                .onFailure().invoke(failure -> LOG.warnf("cleanup run failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
