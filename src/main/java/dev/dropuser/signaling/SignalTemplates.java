package dev.dropuser.signaling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one drop's {@link DisconnectMessage} into what the drop script publishes for the configured
 * {@link SignalingMode}: the mode's name and the template parts, in the order the script reads them.
 */
public final class SignalTemplates {
    private final SignalingMode mode;
    private final SocketIoFrames socketIo;
    private final JsonSignal json;
    /** The parts before the message's own: the same for every drop, so encoded once. */
    private final List<byte[]> before;
    /** The parts after the message's own, encoded once too. */
    private final List<byte[]> after;

    public SignalTemplates(SignalingMode mode, SocketIoFrames socketIo, JsonSignal json) {
        this.mode = mode;
        this.socketIo = socketIo;
        this.json = json;
        this.before = switch (mode) {
            case SOCKETIO -> List.of(utf8(socketIo.eventChannelPrefix()), utf8("#"));
            case SOCKETIO_SHARDED -> List.of(utf8(socketIo.eventChannelPrefix()));
            case SOCKETIO_STREAMS -> concat(List.of(utf8(socketIo.streamName())),
                    utf8(socketIo.streamEntryHead(SocketIoFrames.CLUSTER_BROADCAST)));
            case JSON -> List.of(utf8(json.channelPrefix()));
        };
        this.after = switch (mode) {
            case SOCKETIO -> concat(List.of(utf8(socketIo.requestChannel())), socketIo.disconnectRequestTemplate().parts());
            case SOCKETIO_SHARDED -> socketIo.shardedDisconnectTemplate().parts();
            case SOCKETIO_STREAMS -> concat(utf8(socketIo.streamEntryHead(SocketIoFrames.CLUSTER_DISCONNECT_SOCKETS)),
                    socketIo.streamDisconnectDataTemplate().parts());
            case JSON -> List.of();
        };
    }

    /** The mode as the drop script names it: the configuration's own word. */
    public String scriptMode() {
        return switch (mode) {
            case SOCKETIO -> "socketio";
            case SOCKETIO_SHARDED -> "socketio-sharded";
            case SOCKETIO_STREAMS -> "socketio-streams";
            case JSON -> "json";
        };
    }

    /** Whether the mode addresses sockets, so that a live entry without {@code sid} cannot be dropped. */
    public boolean needsSocketId() {
        return mode != SignalingMode.JSON;
    }

    /**
     * The script's template arguments.
     * <ul>
     *   <li>socketio: event channel prefix, suffix; event frame parts (3); request channel; request parts (2)</li>
     *   <li>socketio-sharded: shard channel; broadcast envelope parts (3); disconnect envelope parts (2)</li>
     *   <li>socketio-streams: stream; the broadcast's XADD arguments up to its data (11); broadcast data parts (3);
     *       the disconnect's XADD arguments (11); disconnect data parts (2)</li>
     *   <li>json: channel prefix; message parts (2)</li>
     * </ul>
     * Only the parts that carry the message are encoded per drop; the arrays returned are shared and must not
     * be written to.
     */
    public List<byte[]> parts(DisconnectMessage message, String by, long at) {
        Template own = switch (mode) {
            case SOCKETIO -> socketIo.eventFrameTemplate(message);
            case SOCKETIO_SHARDED -> socketIo.shardedBroadcastTemplate(message);
            case SOCKETIO_STREAMS -> socketIo.streamBroadcastDataTemplate(message);
            case JSON -> json.messageTemplate(message, by, at);
        };
        List<byte[]> parts = new ArrayList<>(before.size() + own.parts().size() + after.size());
        parts.addAll(before);
        parts.addAll(own.parts());
        parts.addAll(after);
        return parts;
    }

    private static List<byte[]> concat(List<byte[]> first, List<byte[]> second) {
        List<byte[]> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static List<byte[]> utf8(List<String> texts) {
        return texts.stream().map(SignalTemplates::utf8).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
