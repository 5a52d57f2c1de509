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
        if (mode != SignalingMode.SOCKETIO && mode != SignalingMode.JSON) {
            throw new IllegalArgumentException("signaling mode " + mode + " is not supported yet");
        }
        this.mode = mode;
        this.socketIo = socketIo;
        this.json = json;
    }

    /** The mode as the drop script names it. */
    public String scriptMode() {
        return mode == SignalingMode.JSON ? "json" : "socketio";
    }

    /** Whether the mode addresses sockets, so that a live entry without {@code sid} cannot be dropped. */
    public boolean needsSocketId() {
        return mode != SignalingMode.JSON;
    }

    /**
     * The script's template arguments.
     * <ul>
     *   <li>socketio: event channel prefix, suffix; event frame parts (3); request channel; request parts (2)</li>
     *   <li>json: channel prefix; message parts (2)</li>
     * </ul>
     */
    public List<byte[]> parts(DisconnectMessage message, String by, long at) {
        List<byte[]> parts = new ArrayList<>();
        if (mode == SignalingMode.JSON) {
            parts.add(utf8(json.channelPrefix()));
            parts.addAll(json.messageTemplate(message, by, at).parts());
        } else {
            parts.add(utf8(socketIo.eventChannelPrefix()));
            parts.add(utf8("#"));
            parts.addAll(socketIo.eventFrameTemplate(message).parts());
            parts.add(utf8(socketIo.requestChannel()));
            parts.addAll(socketIo.disconnectRequestTemplate().parts());
        }
        return parts;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
