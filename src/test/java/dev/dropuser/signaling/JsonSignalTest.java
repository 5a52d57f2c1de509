package dev.dropuser.signaling;

import static dev.dropuser.signaling.WireValues.json;
import static dev.dropuser.signaling.WireValues.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropuser.drop.DropCause;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code json} signaling mode of CONTRACT §6. */
class JsonSignalTest {
    static final long AT = 1_764_230_400_000L;
    static final JsonSignal SIGNAL = new JsonSignal("dropuser:", new com.fasterxml.jackson.databind.ObjectMapper());
    static final DisconnectMessage MESSAGE =
            new DisconnectMessage(DropCause.BY_MODERATOR, Optional.of("spam"), "r1", "req-1");

    @Test
    void givenNode_channel_isPrefixedSignalChannel() {
        assertThat(SIGNAL.channelPrefix() + "sig-1").isEqualTo("dropuser:signal:sig-1");
        assertThat(new JsonSignal("app:", new com.fasterxml.jackson.databind.ObjectMapper()).channelPrefix() + "sig-1").isEqualTo("app:signal:sig-1");
    }

    @Test
    void givenMessage_message_hasContractShapeWithPayloadWithoutClientId() {
        JsonNode message = tree(Frames.jsonMessage(MESSAGE, List.of("c1", "c2"), "u-mod", AT));

        assertThat(message).isEqualTo(tree("{'v':1,'type':'drop','requestId':'req-1','roomId':'r1',"
                + "'clientIds':['c1','c2'],'event':'room-disconnected',"
                + "'payload':{'cause':{'code':4501,'msg':'disconnected-by-moderator'},'reason':'spam',"
                + "'roomId':'r1','requestId':'req-1'},'by':'u-mod','at':1764230400000}"));
        assertThat(message.get("v").isIntegralNumber()).isTrue();
        assertThat(message.get("at").isIntegralNumber()).isTrue();
        assertThat(message.get("payload").has("clientId")).isFalse();
    }

    @Test
    void givenNoReason_message_payloadHasNoReason() {
        DisconnectMessage silent = new DisconnectMessage(DropCause.BY_SERVICE, Optional.empty(), "r1", "req-1");

        JsonNode payload = tree(Frames.jsonMessage(silent, List.of("c1"), "svc", AT)).get("payload");

        assertThat(payload).isEqualTo(
                tree("{'cause':{'code':4502,'msg':'disconnected-by-service'},'roomId':'r1','requestId':'req-1'}"));
    }

    static Stream<List<String>> clientLists() {
        return Stream.of(List.of("c1"), List.of("c1", "c2", "c3"), List.of("x".repeat(128), "y".repeat(128)));
    }

    @ParameterizedTest
    @MethodSource("clientLists")
    void givenClientList_filledMessageTemplate_equalsMessage(List<String> clientIds) {
        byte[] filled = Frames.fill(SIGNAL.messageTemplate(MESSAGE, "u-mod", AT), json(clientIds));

        assertThat(filled).isEqualTo(Frames.jsonMessage(MESSAGE, clientIds, "u-mod", AT));
    }
}
