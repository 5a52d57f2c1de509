package dev.dropuser;

import dev.dropuser.signaling.SignalingMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything operators set under {@code dropuser.*} (CONTRACT §10). */
@ConfigMapping(prefix = "dropuser")
public interface DropuserConfig {

    /** Prefix of every registry key and of the json-mode signal channels. */
    @WithDefault("dropuser:")
    String keyPrefix();

    /** How long a drop waits for the signaling tier to remove the live entries; 0 does not wait. */
    @WithDefault("1s")
    Duration confirmTimeout();

    /** How disconnects reach the signaling tier. */
    Signaling signaling();

    /** Signed webhook trigger. */
    Webhook webhook();

    /** Scheduled cleanup. */
    Cleanup cleanup();

    /** Rate limits, counted in Redis so that they hold across every instance of the function. */
    RateLimit rateLimit();

    /** The token issuer's keys, when mp.jwt.verify.publickey.location is a JWKS URL (auth.IssuerKeys). */
    Jwks jwks();

    interface Jwks {
        /** How often the key set is fetched again, off the request threads. */
        @WithDefault("10M")
        Duration refresh();

        /** During an issuer outage, how long after it was fetched the last good key set still verifies tokens. */
        @WithDefault("1H")
        Duration maxStale();
    }

    /** What the service does at startup. */
    Startup startup();

    interface Startup {
        /**
         * Run the first drops' work in the background at startup (token check, body parser, drops that touch nobody's
         * entry on every event loop, see warmUpDrops), so that no caller pays for it. Default: on in the packaged
         * service, off in dev and test mode. On Lambda with SnapStart the hooks prime before the snapshot instead.
         */
        Optional<Boolean> priming();

        /**
         * How many drops the priming runs, one after another on each event loop, so that the JIT has compiled the
         * drop path before callers come (startup.Priming); 1 loads and connects only.
         */
        @WithDefault("3000")
        int warmUpDrops();
    }

    /** The audit trail of drops and lifted bans (CONTRACT §11.4). */
    Audit audit();

    interface Audit {
        /** How long audit entries are kept; older ones are trimmed as new ones are added. */
        @WithDefault("30d")
        Duration retention();
    }

    interface Signaling {
        /** {@code socketio}, {@code socketio-sharded}, {@code socketio-streams} or {@code json}. */
        @WithDefault("socketio")
        SignalingMode mode();

        /** The Socket.IO Redis adapter the signaling tier runs. */
        SocketIo socketio();
    }

    interface SocketIo {
        /** The adapter's key prefix ({@code key} option of createAdapter). */
        @WithDefault("socket.io")
        String key();

        /** The Socket.IO namespace the participants are connected to. */
        @WithDefault("/")
        String namespace();
    }

    interface Webhook {
        /** Comma-separated {@code whsec_<base64>} secrets; none refuses every webhook. */
        Optional<List<String>> secrets();
    }

    interface Cleanup {
        /** Period of the cleanup job in the HTTP service. */
        @WithDefault("30s")
        Duration every();

        /** How old an unconfirmed drop must be before the cleanup publishes it again; keep it above confirm-timeout. */
        @WithDefault("10s")
        Duration retryInterval();

        /**
         * Answer {@code POST /internal/cleanup}, the EventBridge schedule's way to the cleanup (Lambda build only).
         * Only the Lambda deployment turns it on (deploy/lambda/template.yaml); off, the route answers like an
         * unknown path.
         */
        @WithDefault("false")
        boolean internalRoute();
    }

    interface RateLimit {
        /** Drop requests per window for one room, whoever sends them; 0 turns the limit off. */
        @WithDefault("120")
        int room();

        /** Drop requests per window for one caller ({@code sub}) in one room; 0 turns the limit off. */
        @WithDefault("30")
        int caller();

        /** The counting window (fixed windows, starting with a room's or caller's first request). */
        @WithDefault("10s")
        Duration window();
    }
}
