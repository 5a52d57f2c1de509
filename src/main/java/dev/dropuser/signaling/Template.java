package dev.dropuser.signaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A message with holes: {@code parts[0] ‖ value0 ‖ parts[1] ‖ value1 ‖ … ‖ parts[n]}. The drop script
 * fills the holes with per-client values (socket id, client id) it only learns inside Redis, so a message
 * is encoded once per request in Java and never re-encoded in Lua.
 */
public record Template(List<byte[]> parts) {

    public Template {
        parts = List.copyOf(parts);
    }

    /** Cuts {@code whole} at each marker, in order; each marker must occur exactly where expected, once. */
    static Template cut(byte[] whole, byte[]... markers) {
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        for (byte[] marker : markers) {
            int at = indexOf(whole, marker, from);
            if (at < 0 || indexOf(whole, marker, at + 1) >= 0) {
                throw new IllegalStateException("template marker must occur once");
            }
            parts.add(Arrays.copyOfRange(whole, from, at));
            from = at + marker.length;
        }
        parts.add(Arrays.copyOfRange(whole, from, whole.length));
        return new Template(parts);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
