package dev.dropuser.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.signaling.DisconnectMessage;
import dev.dropuser.signaling.SignalTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The one place that writes what drop.lua reads: its keys, and its settings by name (drop.lua's header lists them). */
final class DropScriptArgs {
    private final RegistryKeys keys;
    private final SignalTemplates signals;
    private final ObjectMapper json;
    private final boolean cluster;
    private final Duration answerTtl;
    private final Duration auditRetention;

    /**
     * @param answerTtl      how long an idempotent request's answer is kept
     * @param auditRetention how long audit entries are kept
     */
    DropScriptArgs(RegistryKeys keys, SignalTemplates signals, ObjectMapper json, boolean cluster, Duration answerTtl,
            Duration auditRetention) {
        this.keys = keys;
        this.signals = signals;
        this.json = json;
        this.cluster = cluster;
        this.answerTtl = answerTtl;
        this.auditRetention = auditRetention;
    }

    /** The call for {@code order}, run at {@code now}; past {@code deadline} the script changes nothing. */
    ScriptCall of(DropOrder order, long now, long deadline) {
        String room = order.roomId();
        List<String> scriptKeys = new ArrayList<>(List.of(keys.live(room), keys.dropping(room), keys.bans(room),
                keys.roomRate(room), keys.callerRate(room, order.by()), keys.audit(room), keys.users(room)));
        order.idempotency().ifPresent(scoped -> scriptKeys.add(keys.idempotency(room, scoped.userRef(), scoped.key().key())));

        var settings = json.createObjectNode()
                .put("nodePrefix", keys.nodePrefix())
                .put("mode", signals.scriptMode())
                .put("cluster", cluster)
                .put("deadline", deadline)
                .put("now", now)
                .put("requestId", order.requestId())
                .put("cause", order.cause().code())
                .put("by", order.by())
                .put("banUntil", order.banUntil())
                .put("keepUser", order.keepUserRef().orElse(""))
                .put("fingerprint", order.idempotency().map(scoped -> scoped.key().fingerprint()).orElse(""))
                .put("answerTtl", answerTtl.toMillis())
                .put("roomLimit", order.limits().perRoom())
                .put("callerLimit", order.limits().perCaller())
                .put("window", order.limits().window())
                .put("everyone", order.dropsEveryone())
                .put("mayBanModerators", order.mayBanModerators())
                .put("trigger", order.trigger().word())
                .put("audit", order.trigger().audited())
                .put("banSeconds", order.banSeconds())
                .put("auditMinId", now - auditRetention.toMillis());
        var userRefs = settings.putArray("userRefs");
        order.userRefs().forEach(userRefs::add);
        order.reason().ifPresent(reason -> settings.put("reason", reason));

        DisconnectMessage message = new DisconnectMessage(order.cause(), order.reason(), room, order.requestId());
        return new ScriptCall(scriptKeys, settings, signals.parts(message, order.by(), order.at()), order.clientIds());
    }
}
