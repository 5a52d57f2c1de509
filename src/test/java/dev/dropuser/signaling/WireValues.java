package dev.dropuser.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/** Encodes and decodes wire values in the tests, independently of the production {@code Encoding}. */
final class WireValues {
    static final ObjectMapper JSON = new ObjectMapper();

    private WireValues() {
    }

    /** A MessagePack string, as the drop script fills a hole with it. */
    static byte[] msgpack(String text) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packString(text);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MessagePack bytes as compact JSON text, map keys in wire order. */
    static String msgpackAsJson(byte[] bytes) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            String json = unpacker.unpackValue().toJson();
            if (unpacker.hasNext()) {
                throw new AssertionError("trailing bytes after the first MessagePack value");
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON written with single quotes, to keep expectations readable. */
    static String quoted(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode tree(String singleQuoted) {
        return tree(quoted(singleQuoted).getBytes(StandardCharsets.UTF_8));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
