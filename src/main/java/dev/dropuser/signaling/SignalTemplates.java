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

    public SignalTemplates(SignalingMode mode, SocketIoFrames socketIo, JsonSignal json) {
        this.mode = mode;
        this.socketIo = socketIo;
        this.json = json;
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
     *   <li>socketio-streams: stream; namespace; broadcast data parts (3); disconnect data parts (2)</li>
     *   <li>json: channel prefix; message parts (2)</li>
     * </ul>
     */
    public List<byte[]> parts(DisconnectMessage message, String by, long at) {
        List<byte[]> parts = new ArrayList<>();
        switch (mode) {
            case SOCKETIO -> {
                parts.add(utf8(socketIo.eventChannelPrefix()));
                parts.add(utf8("#"));
                parts.addAll(socketIo.eventFrameTemplate(message).parts());
                parts.add(utf8(socketIo.requestChannel()));
                parts.addAll(socketIo.disconnectRequestTemplate().parts());
            }
            case SOCKETIO_SHARDED -> {
                parts.add(utf8(socketIo.eventChannelPrefix()));
                parts.addAll(socketIo.shardedBroadcastTemplate(message).parts());
                parts.addAll(socketIo.shardedDisconnectTemplate().parts());
            }
            case SOCKETIO_STREAMS -> {
                parts.add(utf8(socketIo.streamName()));
                parts.add(utf8(socketIo.namespace()));
                parts.addAll(socketIo.streamBroadcastDataTemplate(message).parts());
                parts.addAll(socketIo.streamDisconnectDataTemplate().parts());
            }
            case JSON -> {
                parts.add(utf8(json.channelPrefix()));
                parts.addAll(json.messageTemplate(message, by, at).parts());
            }
        }
        return parts;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
