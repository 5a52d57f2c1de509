package dev.dropuser.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.auth.Caller;
import dev.dropuser.cleanup.RetriedClient;
import dev.dropuser.cleanup.RetryOrder;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropCause;
import dev.dropuser.drop.DropOrder;
import dev.dropuser.drop.DropRequest;
import dev.dropuser.drop.IdempotencyKey;
import dev.dropuser.drop.Trigger;
import dev.dropuser.moderation.LiftOrder;
import dev.dropuser.signaling.JsonSignal;
import dev.dropuser.signaling.SignalTemplates;
import dev.dropuser.signaling.SignalingMode;
import dev.dropuser.signaling.SocketIoFrames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The seam between Java and the registry scripts: the settings Java writes are exactly those the scripts read,
 * and every word a script answers with is one Java reads. Renaming either side breaks this test, not production.
 */
class ScriptSeamTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final RegistryKeys KEYS = new RegistryKeys("dropuser:");
    static final SignalTemplates SIGNALS = new SignalTemplates(SignalingMode.SOCKETIO,
            new SocketIoFrames("socket.io", "/", new com.fasterxml.jackson.databind.ObjectMapper()), new JsonSignal("dropuser:", new com.fasterxml.jackson.databind.ObjectMapper()));

    @Test
    void givenAnyDropOrder_dropScriptArgs_writeExactlyTheSettingsDropLuaReads() {
        DropOrder order = DropOrder.request("req-1", Caller.moderatorOf("r1", "u-mod"),
                new DropRequest("r1", List.of("c1"), Optional.of("spam"), 60), 1_000L,
                Optional.of(new IdempotencyKey("k", "fp")), new DropOrder.RateLimits(1, 2, 3), Trigger.API);
        ScriptCall call = new DropScriptArgs(KEYS, SIGNALS, JSON, false, Duration.ofSeconds(31), Duration.ofDays(30))
                .of(order, 1_000L, 1_500L);

        assertThat(written(call)).isEqualTo(read("drop.lua"));
        assertThat(call.keys()).hasSize(8);
    }

    @Test
    void givenAnyRetryOrder_retryScriptArgs_writeExactlyTheSettingsRetryLuaReads() {
        RetryOrder order = RetryOrder.of("req-1", "r1", List.of("c1"), DropCause.BY_MODERATOR, Optional.of("spam"),
                "u-mod", 500L, 5);
        ScriptCall call = new RetryScriptArgs(KEYS, SIGNALS, JSON, false, Duration.ofDays(30)).of(order, 1_000L, 1_500L);

        assertThat(written(call)).isEqualTo(read("retry.lua"));
    }

    @Test
    void givenAnyLiftOrder_unbanSettings_writeExactlyTheSettingsUnbanLuaReads() {
        var settings = RedisModerationRecords.unbanSettings(JSON, new LiftOrder("req-1", "r1", "u-1", "u-mod", 1_000L),
                Duration.ofDays(30));
        Set<String> written = new TreeSet<>();
        settings.fieldNames().forEachRemaining(written::add);

        assertThat(written).isEqualTo(matches(source("unban.lua"), Pattern.compile("\\bargs\\.(\\w+)")));
    }

    @Test
    void dropLua_answersOnlyClientStatusWireWords_andEveryWordButDroppedComesFromIt() {
        Set<String> answered = words("drop.lua", "status");
        answered.forEach(word -> assertThat(ClientStatus.ofWire(word).wire()).isEqualTo(word));
        Set<String> all = Arrays.stream(ClientStatus.values()).map(ClientStatus::wire).collect(Collectors.toCollection(TreeSet::new));
        all.remove(ClientStatus.DROPPED.wire()); // set by the confirmation, after the script
        assertThat(answered).isEqualTo(all);
    }

    @Test
    void retryLua_answersExactlyTheRetryOutcomeWords() {
        Set<String> all = Arrays.stream(RetriedClient.Outcome.values()).map(RetriedClient.Outcome::word)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(words("retry.lua", "outcome")).isEqualTo(all);
    }

    @Test
    void givenCallArguments_argv_isSettingsThenPartsThenClientIds() {
        ScriptCall call = new ScriptCall(List.of("k"), JSON.createObjectNode().put("a", 1),
                List.of(new byte[] {1}, new byte[] {2}), List.of("c1", "c2"));

        List<Object> argv = call.argv();

        assertThat(argv).hasSize(5);
        assertThat(argv.get(0)).isEqualTo("{\"a\":1,\"parts\":2}");
        assertThat(argv.subList(3, 5)).containsExactly("c1", "c2");
    }

    /** The settings names in a call's JSON, with {@code parts}, which lib.lua's read_args reads. */
    private static Set<String> written(ScriptCall call) {
        Set<String> names = new TreeSet<>();
        call.settings().fieldNames().forEachRemaining(names::add);
        names.add("parts");
        return names;
    }

    /** Every {@code args.<name>} a script reads, plus lib.lua's {@code args.parts}. */
    private static Set<String> read(String script) {
        Set<String> names = matches(source(script), Pattern.compile("\\bargs\\.(\\w+)"));
        names.add("parts");
        return names;
    }

    /** Every word assigned as {@code <variable> = '<word>'} in a script. */
    private static Set<String> words(String script, String variable) {
        return matches(source(script), Pattern.compile("\\b" + variable + " = '([a-z-]+)'"));
    }

    private static Set<String> matches(String text, Pattern pattern) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String source(String script) {
        try (InputStream in = LuaScript.class.getResourceAsStream(script)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
