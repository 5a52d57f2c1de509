package dev.dropuser.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** MessagePack and JSON encodings of plain values (maps, lists, strings, numbers, booleans). */
final class Encoding {
    /** Frames are a few hundred bytes: the default 8 KiB first buffer was a quarter of a drop's allocation. */
    private static final MessagePack.PackerConfig SMALL_FRAMES = new MessagePack.PackerConfig().withBufferSize(512);
    private final ObjectMapper json;

    /** @param json the application's mapper: plain values encode the same with any configuration */
    Encoding(ObjectMapper json) {
        this.json = json;
    }

    /** The n-th hole of a {@link Template}: a value no id, sid or reason can contain. */
    static String hole(int n) {
        return "\u0000hole" + n + "\u0000";
    }

    byte[] json(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not encodable as JSON: " + value, e);
        }
    }

    byte[] msgpack(Object value) {
        try (MessageBufferPacker packer = SMALL_FRAMES.newBufferPacker()) {
            pack(packer, value);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pack(MessagePacker packer, Object value) throws IOException {
        if (value instanceof String text) {
            packer.packString(text);
        } else if (value instanceof Integer number) {
            packer.packInt(number);
        } else if (value instanceof Long number) {
            packer.packLong(number);
        } else if (value instanceof Boolean flag) {
            packer.packBoolean(flag);
        } else if (value instanceof List<?> list) {
            packer.packArrayHeader(list.size());
            for (Object item : list) {
                pack(packer, item);
            }
        } else if (value instanceof Map<?, ?> map) {
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                pack(packer, entry.getKey());
                pack(packer, entry.getValue());
            }
        } else {
            throw new IllegalArgumentException("not encodable as MessagePack: " + value);
        }
    }
}
