package dev.dropuser.api;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * With the management interface on a port of its own, Quarkus registers its per-server gauges (Vert.x' current and
 * max connections, the HTTP binder's active connections and requests) once per HTTP server under one name: the
 * second of each was dropped with "This Gauge has been already registered" at every start (quarkusio/quarkus#50040).
 * The API's own meters count requests per endpoint and result; those gauges go.
 */
class ManagementPortMeters {
    @Produces
    @Singleton
    MeterFilter withoutPerServerGauges() {
        return MeterFilter.deny(id -> id.getName().startsWith("vertx.http.connections.")
                || id.getName().startsWith("http.server.active."));
    }
}
