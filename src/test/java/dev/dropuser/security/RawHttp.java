package dev.dropuser.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket to the service under test, so that header bytes reach it exactly as an attacker
 * writes them (no client-side validation, trimming or re-encoding).
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed answer. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /**
     * POSTs {@code body} to {@code path} on 127.0.0.1:{@code port}; {@code authorization} is the header value's raw
     * bytes, or null for no header.
     */
    static Reply post(int port, String path, byte[] authorization, String contentType, byte[] body) {
        return post(port, path, authorization, contentType, Map.of(), body);
    }

    /** {@link #post(int, String, byte[], String, byte[])} with more headers. */
    static Reply post(int port, String path, byte[] authorization, String contentType, Map<String, String> headers,
            byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (authorization != null) {
            request.writeBytes("Authorization: ".getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(authorization);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (contentType != null) {
            request.writeBytes(("Content-Type: " + contentType + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        headers.forEach((name, value) -> request.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        request.writeBytes(("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("request to 127.0.0.1:" + port + path + " failed", e);
        }
    }

    /**
     * Writes {@code head} (request line and headers, ending in an empty line), then {@code body} in pieces, and
     * reads the answer. The server may answer and close before the whole body is written: writing then stops, and
     * the answer is read all the same.
     */
    static Reply exchange(int port, String head, byte[]... body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                for (byte[] piece : body) {
                    out.write(piece);
                }
                out.flush();
            } catch (IOException refusedMidBody) {
                // the server answered early and closed its side: its answer is still there to read
            }
            return parse(readAnswer(socket.getInputStream()));
        } catch (IOException e) {
            throw new AssertionError("request to 127.0.0.1:" + port + " failed", e);
        }
    }

    /** Reads until the server closes, or until the read times out after something arrived (then the answer is in). */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                answer.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            if (answer.size() == 0) {
                throw e;
            }
        }
        return answer.toByteArray();
    }

    /** One chunk of a chunked body. */
    static byte[] chunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static Reply parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new IOException("no complete HTTP head in " + raw.length + " bytes: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(new java.io.ByteArrayInputStream(rest));
        }
        return new Reply(status, headers, rest);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.writeBytes(in.readNBytes(size));
            in.read();
            in.read();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
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
