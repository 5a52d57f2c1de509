package dev.dropuser.signaling;

import static dev.dropuser.signaling.WireValues.json;
import static dev.dropuser.signaling.WireValues.msgpack;
import static dev.dropuser.signaling.WireValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.drop.DropCause;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts the drop script reassembles must give exactly the frames and messages of each mode. */
class SignalTemplatesTest {
    static final long AT = 1_764_230_400_000L;
    static final SocketIoFrames FRAMES = new SocketIoFrames("myapp", "/rooms", new com.fasterxml.jackson.databind.ObjectMapper());
    static final JsonSignal JSON_SIGNAL = new JsonSignal("dropuser:", new com.fasterxml.jackson.databind.ObjectMapper());
    static final DisconnectMessage MESSAGE =
            new DisconnectMessage(DropCause.BY_MODERATOR, Optional.of("spam"), "r1", "req-1");

    @Test
    void givenSocketIoMode_parts_reassembleIntoChannelsFrameAndRequest() {
        SignalTemplates templates = templates(SignalingMode.SOCKETIO);
        List<byte[]> parts = templates.parts(MESSAGE, "u-mod", AT);

        assertThat(parts).hasSize(8);
        assertThat(utf8(parts.get(0)) + "sid-1" + utf8(parts.get(1))).isEqualTo(Frames.eventChannel("myapp", "/rooms", "sid-1"));
        assertThat(Frames.fill(new Template(parts.subList(2, 5)), msgpack("c1"), msgpack("sid-1")))
                .isEqualTo(Frames.eventFrame("/rooms", MESSAGE.forClient("c1"), "sid-1"));
        assertThat(utf8(parts.get(5))).isEqualTo(FRAMES.requestChannel());
        assertThat(Frames.fill(new Template(parts.subList(6, 8)), json("sid-1")))
                .isEqualTo(Frames.disconnectRequest("sid-1"));
        assertThat(templates.scriptMode()).isEqualTo("socketio");
        assertThat(templates.needsSocketId()).isTrue();
    }

    @Test
    void givenJsonMode_parts_reassembleIntoChannelAndMessage() {
        SignalTemplates templates = templates(SignalingMode.JSON);
        List<byte[]> parts = templates.parts(MESSAGE, "u-mod", AT);

        assertThat(parts).hasSize(3);
        assertThat(utf8(parts.get(0)) + "sig-1").isEqualTo("dropuser:signal:sig-1");
        assertThat(Frames.fill(new Template(parts.subList(1, 3)), json(List.of("c1", "c2"))))
                .isEqualTo(Frames.jsonMessage(MESSAGE, List.of("c1", "c2"), "u-mod", AT));
        assertThat(templates.scriptMode()).isEqualTo("json");
        assertThat(templates.needsSocketId()).isFalse();
    }

    @Test
    void givenOneTemplatesForManyDrops_eachDropsPartsCarryItsOwnMessage() {
        SignalTemplates templates = templates(SignalingMode.SOCKETIO);
        DisconnectMessage second = new DisconnectMessage(DropCause.BY_MODERATOR, Optional.empty(), "r2", "req-2");

        List<byte[]> first = templates.parts(MESSAGE, "u-mod", AT);
        List<byte[]> next = templates.parts(second, "u-mod", AT);

        assertThat(Frames.fill(new Template(next.subList(2, 5)), msgpack("c9"), msgpack("sid-9")))
                .isEqualTo(Frames.eventFrame("/rooms", second.forClient("c9"), "sid-9"));
        assertThat(Frames.fill(new Template(first.subList(2, 5)), msgpack("c1"), msgpack("sid-1")))
                .isEqualTo(Frames.eventFrame("/rooms", MESSAGE.forClient("c1"), "sid-1"));
        assertThat(Frames.fill(new Template(next.subList(6, 8)), json("sid-9")))
                .isEqualTo(Frames.disconnectRequest("sid-9"));
    }

    static final String PAYLOAD = "{'cause':{'code':4501,'msg':'disconnected-by-moderator'},'reason':'spam',"
            + "'roomId':'r1','requestId':'req-1','clientId':'c1'}";

    @Test
    void givenShardedMode_parts_reassembleIntoClusterEnvelopesOnTheShardChannel() {
        SignalTemplates templates = templates(SignalingMode.SOCKETIO_SHARDED);
        List<byte[]> parts = templates.parts(MESSAGE, "u-mod", AT);

        assertThat(parts).hasSize(6);
        assertThat(utf8(parts.get(0))).isEqualTo("myapp#/rooms#");
        byte[] broadcast = Frames.fill(new Template(parts.subList(1, 4)), msgpack("c1"), msgpack("sid-1"));
        assertThat(WireValues.tree(WireValues.msgpackAsJson(broadcast).getBytes())).isEqualTo(tree(
                "{'uid':'emitter','nsp':'/rooms','type':3,'data':{'packet':{'type':2,'data':['room-disconnected',"
                        + PAYLOAD + "],'nsp':'/rooms'},'opts':{'rooms':['sid-1'],'flags':{},'except':[]}}}"));
        assertThat(WireValues.tree(Frames.fill(new Template(parts.subList(4, 6)), json("sid-1")))).isEqualTo(tree(
                "{'uid':'emitter','nsp':'/rooms','type':6,'data':{'opts':{'rooms':['sid-1'],'except':[]},'close':true}}"));
        assertThat(templates.scriptMode()).isEqualTo("socketio-sharded");
        assertThat(templates.needsSocketId()).isTrue();
    }

    @Test
    void givenStreamsMode_parts_reassembleIntoStreamEntryFields() {
        SignalTemplates templates = templates(SignalingMode.SOCKETIO_STREAMS);
        List<byte[]> parts = templates.parts(MESSAGE, "u-mod", AT);

        assertThat(parts).hasSize(28);
        assertThat(utf8(parts.get(0))).isEqualTo("myapp");
        assertThat(parts.subList(1, 12).stream().map(part -> utf8(part)))
                .containsExactly("MAXLEN", "~", "10000", "*", "uid", "emitter", "nsp", "/rooms", "type", "3", "data");
        assertThat(WireValues.tree(Frames.fill(new Template(parts.subList(12, 15)), json("c1"), json("sid-1")))).isEqualTo(tree(
                "{'packet':{'type':2,'data':['room-disconnected'," + PAYLOAD + "],'nsp':'/rooms'},"
                        + "'opts':{'rooms':['sid-1'],'flags':{},'except':[]}}"));
        assertThat(parts.subList(15, 26).stream().map(part -> utf8(part)))
                .containsExactly("MAXLEN", "~", "10000", "*", "uid", "emitter", "nsp", "/rooms", "type", "6", "data");
        assertThat(WireValues.tree(Frames.fill(new Template(parts.subList(26, 28)), json("sid-1")))).isEqualTo(tree(
                "{'opts':{'rooms':['sid-1'],'except':[]},'close':true}"));
        assertThat(templates.scriptMode()).isEqualTo("socketio-streams");
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String singleQuoted) {
        return WireValues.tree(singleQuoted);
    }

    static SignalTemplates templates(SignalingMode mode) {
        return new SignalTemplates(mode, FRAMES, JSON_SIGNAL);
    }
}
