package dev.dropuser.lambda;

import dev.dropuser.registry.RedisRegistry;
import dev.dropuser.startup.Priming;
import dev.dropuser.drop.RequestIds;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * Lambda SnapStart (deploy/lambda/template.yaml): before the snapshot, prime the first drop and close the
 * Redis connections; after each restore, give the request ids fresh entropy. A snapshot is taken once per
 * published version and restored into many instances, on other hosts, minutes or days later: a connection
 * kept in it would be a dead socket, and a random generator kept in it would repeat in every instance.
 * The connections come back by themselves: the registry's per-event-loop clients are created again on first
 * use. Outside a CRaC-capable runtime (the HTTP service, tests) nothing calls these hooks.
 */
@Singleton
public class SnapStartHooks implements Resource {
    private static final Logger LOG = Logger.getLogger(SnapStartHooks.class);
    private static final Duration PRIMING_LIMIT = Duration.ofSeconds(60);
    private static final Duration CLOSING_LIMIT = Duration.ofSeconds(5);

    private final Priming priming;
    private final RedisRegistry registry;

    SnapStartHooks(Priming priming, RedisRegistry registry) {
        this.priming = priming;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
        long started = System.nanoTime();
        try {
            priming.prime().toCompletableFuture().get(PRIMING_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception failure) {
            // A snapshot without priming still works: the first drop after restore pays for it.
            LOG.warnf("priming before the snapshot failed: %s", Priming.rootCause(failure));
        }
        try {
            registry.closeConnections().toCompletableFuture().get(CLOSING_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception failure) {
            // A socket still closing in the snapshot is dead after the restore, and no client refers to it any more.
            LOG.warnf("closing the Redis connections before the snapshot did not end: %s", Priming.rootCause(failure));
        }
        LOG.infof("ready for the snapshot in %d ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        RequestIds.reseedAfterRestore();
    }
}
