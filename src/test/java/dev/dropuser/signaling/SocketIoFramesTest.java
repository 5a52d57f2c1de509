package dev.dropuser.signaling;

import static dev.dropuser.signaling.WireValues.json;
import static dev.dropuser.signaling.WireValues.msgpack;
import static dev.dropuser.signaling.WireValues.msgpackAsJson;
import static dev.dropuser.signaling.WireValues.quoted;
import static dev.dropuser.signaling.WireValues.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropuser.drop.DropCause;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The classic Socket.IO Redis adapter frames of CONTRACT §6, checked against the appendix vector. */
class SocketIoFramesTest {
    /** CONTRACT appendix: what {@code @socket.io/redis-emitter} 5.1.0 publishes for the same emit. */
    static final String EMITTER_HEX = "93a7656d697474657283a47479706502a46461746192b1726f6f6d2d646973636f6e6e65637465"
            + "6481a5636175736581a36d7367b9646973636f6e6e65637465642d62792d6d6f64657261746f72a36e7370a12f83a5726f6f"
            + "6d7391b4534f434b45544944303030303030303030303031a5666c61677380a665786365707490";
    static final String APPENDIX_SID = "SOCKETID000000000001";

    static final SocketIoFrames FRAMES = new SocketIoFrames("socket.io", "/", new com.fasterxml.jackson.databind.ObjectMapper());
    static final DisconnectMessage WITH_REASON =
            new DisconnectMessage(DropCause.BY_MODERATOR, Optional.of("spam"), "r1", "req-1");
    static final DisconnectMessage WITHOUT_REASON =
            new DisconnectMessage(DropCause.BY_SERVICE, Optional.empty(), "r1", "req-1");

    @Test
    void givenAppendixEmit_eventFrame_isByteForByteTheOfficialEmitters() {
        byte[] frame = Frames.eventFrame("/", Map.of("cause", Map.of("msg", "disconnected-by-moderator")), APPENDIX_SID);

        assertThat(HexFormat.of().formatHex(frame)).isEqualTo(EMITTER_HEX);
    }

    @Test
    void givenDefaults_channels_areTheAdaptersChannels() {
        assertThat(Frames.eventChannel("socket.io", "/", APPENDIX_SID)).isEqualTo("socket.io#/#SOCKETID000000000001#");
        assertThat(FRAMES.requestChannel()).isEqualTo("socket.io-request#/#");
    }

    @Test
    void givenSid_disconnectRequest_isTheEmittersJsonWithItsTypes() {
        JsonNode request = tree(Frames.disconnectRequest("sid-1"));

        assertThat(request).isEqualTo(
                tree("{'uid':'emitter','type':4,'opts':{'rooms':['sid-1'],'except':[]},'close':true}"));
        assertThat(request.get("type").isIntegralNumber()).isTrue();
        assertThat(request.get("close").isBoolean()).isTrue();
        assertThat(request.at("/opts/except").isArray()).isTrue();
    }

    /** 31 is the longest fixstr, 32 the shortest str8, 128 the longest id the contract allows. */
    @ParameterizedTest
    @ValueSource(ints = {1, 31, 32, 128})
    void givenIdsOfLength_filledEventFrameTemplate_equalsEventFrame(int length) {
        String clientId = "c".repeat(length);
        String sid = "S".repeat(length);
        for (DisconnectMessage message : new DisconnectMessage[] {WITH_REASON, WITHOUT_REASON}) {
            byte[] filled = Frames.fill(FRAMES.eventFrameTemplate(message), msgpack(clientId), msgpack(sid));

            assertThat(filled).isEqualTo(Frames.eventFrame("/", message.forClient(clientId), sid));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 31, 32, 128})
    void givenSidOfLength_filledDisconnectRequestTemplate_equalsDisconnectRequest(int length) {
        String sid = "S".repeat(length);

        assertThat(Frames.fill(FRAMES.disconnectRequestTemplate(), json(sid))).isEqualTo(Frames.disconnectRequest(sid));
    }

    @Test
    void givenMessageWithReason_eventFrame_decodesToContractPayload() {
        byte[] frame = Frames.eventFrame("/", WITH_REASON.forClient("c1"), "sid-1");

        assertThat(msgpackAsJson(frame)).isEqualTo(quoted("['emitter',{'type':2,'data':['room-disconnected',"
                + "{'cause':{'code':4501,'msg':'disconnected-by-moderator'},'reason':'spam','roomId':'r1',"
                + "'requestId':'req-1','clientId':'c1'}],'nsp':'/'},{'rooms':['sid-1'],'flags':{},'except':[]}]"));
    }

    @Test
    void givenMessageWithoutReason_eventFrame_decodesToPayloadWithoutReason() {
        byte[] frame = Frames.eventFrame("/", WITHOUT_REASON.forClient("c1"), "sid-1");

        assertThat(msgpackAsJson(frame)).isEqualTo(quoted("['emitter',{'type':2,'data':['room-disconnected',"
                + "{'cause':{'code':4502,'msg':'disconnected-by-service'},'roomId':'r1',"
                + "'requestId':'req-1','clientId':'c1'}],'nsp':'/'},{'rooms':['sid-1'],'flags':{},'except':[]}]"));
    }

    @Test
    void givenCustomKeyAndNamespace_frames_useThemInChannelsAndPacket() {
        SocketIoFrames custom = new SocketIoFrames("myapp", "/rooms", new com.fasterxml.jackson.databind.ObjectMapper());

        assertThat(Frames.eventChannel("myapp", "/rooms", "sid-1")).isEqualTo("myapp#/rooms#sid-1#");
        assertThat(custom.requestChannel()).isEqualTo("myapp-request#/rooms#");
        JsonNode frame = tree(msgpackAsJson(Frames.eventFrame("/rooms", WITH_REASON.forClient("c1"), "sid-1")));
        assertThat(frame.at("/1/nsp").asText()).isEqualTo("/rooms");
        assertThat(frame.at("/2/rooms/0").asText()).isEqualTo("sid-1");
    }
}
