package dev.dropuser.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.cleanup.RetryOrder;
import dev.dropuser.signaling.DisconnectMessage;
import dev.dropuser.signaling.SignalTemplates;
import java.time.Duration;
import java.util.List;

/** The one place that writes what retry.lua reads: its keys, and its settings by name (retry.lua's header lists them). */
final class RetryScriptArgs {
    private final RegistryKeys keys;
    private final SignalTemplates signals;
    private final ObjectMapper json;
    private final boolean cluster;
    private final Duration auditRetention;

    /** @param auditRetention how long audit entries are kept */
    RetryScriptArgs(RegistryKeys keys, SignalTemplates signals, ObjectMapper json, boolean cluster, Duration auditRetention) {
        this.keys = keys;
        this.signals = signals;
        this.json = json;
        this.cluster = cluster;
        this.auditRetention = auditRetention;
    }

    /** The call for {@code order}, run at {@code now}; past {@code deadline} the script changes nothing. */
    ScriptCall of(RetryOrder order, long now, long deadline) {
        String room = order.roomId();
        var settings = json.createObjectNode()
                .put("nodePrefix", keys.nodePrefix())
                .put("mode", signals.scriptMode())
                .put("cluster", cluster)
                .put("deadline", deadline)
                .put("now", now)
                .put("requestId", order.requestId())
                .put("cutoff", order.cutoff())
                .put("maxAttempts", order.maxAttempts())
                .put("cause", order.cause().code())
                .put("by", order.by())
                .put("trigger", order.trigger().word())
                .put("auditMinId", now - auditRetention.toMillis());
        order.reason().ifPresent(reason -> settings.put("reason", reason));
        DisconnectMessage message = new DisconnectMessage(order.cause(), order.reason(), room, order.requestId());
        return new ScriptCall(List.of(keys.live(room), keys.dropping(room), keys.audit(room)), settings,
                signals.parts(message, order.by(), now), order.clientIds());
    }
}
