package dev.dropuser.signaling;

import static dev.dropuser.signaling.WireValues.json;
import static dev.dropuser.signaling.WireValues.msgpack;
import static dev.dropuser.signaling.WireValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropuser.drop.DropCause;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The parts the drop script reassembles must give exactly the frames and messages of each mode. */
class SignalTemplatesTest {
    static final long AT = 1_764_230_400_000L;
    static final SocketIoFrames FRAMES = new SocketIoFrames("myapp", "/rooms");
    static final JsonSignal JSON_SIGNAL = new JsonSignal("dropuser:");
    static final DisconnectMessage MESSAGE =
            new DisconnectMessage(DropCause.BY_MODERATOR, Optional.of("spam"), "r1", "req-1");

    @Test
    void givenSocketIoMode_parts_reassembleIntoChannelsFrameAndRequest() {
        SignalTemplates templates = templates(SignalingMode.SOCKETIO);
        List<byte[]> parts = templates.parts(MESSAGE, "u-mod", AT);

        assertThat(parts).hasSize(8);
        assertThat(utf8(parts.get(0)) + "sid-1" + utf8(parts.get(1))).isEqualTo(FRAMES.eventChannel("sid-1"));
        assertThat(new Template(parts.subList(2, 5)).fill(msgpack("c1"), msgpack("sid-1")))
                .isEqualTo(FRAMES.eventFrame(MESSAGE.forClient("c1"), "sid-1"));
        assertThat(utf8(parts.get(5))).isEqualTo(FRAMES.requestChannel());
        assertThat(new Template(parts.subList(6, 8)).fill(json("sid-1")))
                .isEqualTo(FRAMES.disconnectRequest("sid-1"));
        assertThat(templates.scriptMode()).isEqualTo("socketio");
        assertThat(templates.needsSocketId()).isTrue();
    }

    @Test
    void givenJsonMode_parts_reassembleIntoChannelAndMessage() {
        SignalTemplates templates = templates(SignalingMode.JSON);
        List<byte[]> parts = templates.parts(MESSAGE, "u-mod", AT);

        assertThat(parts).hasSize(3);
        assertThat(utf8(parts.get(0)) + "sig-1").isEqualTo(JSON_SIGNAL.channel("sig-1"));
        assertThat(new Template(parts.subList(1, 3)).fill(json(List.of("c1", "c2"))))
                .isEqualTo(JSON_SIGNAL.message(MESSAGE, List.of("c1", "c2"), "u-mod", AT));
        assertThat(templates.scriptMode()).isEqualTo("json");
        assertThat(templates.needsSocketId()).isFalse();
    }

    /** CONTRACT §6 names these modes, but they are not implemented yet. */
    @ParameterizedTest
    @EnumSource(value = SignalingMode.class, names = {"SOCKETIO_SHARDED", "SOCKETIO_STREAMS"})
    void givenUnimplementedMode_construct_isRefused(SignalingMode mode) {
        assertThatThrownBy(() -> templates(mode)).isInstanceOf(IllegalArgumentException.class);
    }

    static SignalTemplates templates(SignalingMode mode) {
        return new SignalTemplates(mode, FRAMES, JSON_SIGNAL);
    }
}
