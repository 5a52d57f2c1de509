package dev.dropuser.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow clients (issue 14 item 5): many sockets that send their headers and then trickle, or stop sending, a body
 * hold a connection and a body buffer each. The read timeout answers each one (408, the §3 JSON) and frees both;
 * the connection limit refuses the sockets past it. Figures are printed for the closing note.
 */
@QuarkusTest
@TestProfile(SlowClientsTest.Limits.class)
class SlowClientsTest {
    static final int SLOW = 200;
    static final ObjectMapper JSON = new ObjectMapper();

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.read-timeout", "5s", "quarkus.http.idle-timeout", "8s",
                    "quarkus.http.limits.max-connections", "250");
        }
    }

    @Test
    void givenManySlowUploads_eachIsAnswered408WithinTheReadTimeout_andTheirConnectionsAndBuffersAreFreed() throws Exception {
        String token = Tokens.moderator("slow", "u-mod");
        byte[] head = ("POST /v1/rooms/slow/drop HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] part = new byte[60_000];
        java.util.Arrays.fill(part, (byte) ' ');
        long heapBefore = usedHeap();
        int connectionsBefore = establishedTo(RestAssured.port);

        List<Socket> sockets = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < SLOW; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head);
            socket.getOutputStream().write(part); // 60 000 of the 65 536 announced bytes, then nothing more
            sockets.add(socket);
        }
        int connectionsHeld = establishedTo(RestAssured.port);
        long heapHeld = usedHeap();

        List<Integer> statuses = new ArrayList<>();
        for (Socket socket : sockets) {
            byte[] answer = readUntilClosed(socket.getInputStream());
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertThat(text).as("answer %d of %d", statuses.size() + 1, SLOW).startsWith("HTTP/1.1 ");
            statuses.add(Integer.parseInt(text.split(" ")[1]));
            assertThat(text.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
            JsonNode body = JSON.readTree(text.substring(text.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("result").asInt()).isEqualTo(1002);
            socket.close();
        }
        long answeredMillis = (System.nanoTime() - started) / 1_000_000;
        long heapAfter = usedHeap();
        int connectionsAfter = establishedTo(RestAssured.port);

        System.out.printf("slow clients: %d sockets; server-side connections before %d, held %d, after %d; "
                        + "used heap before %d KiB, held %d KiB, after %d KiB; all answered in %d ms%n",
                SLOW, connectionsBefore, connectionsHeld, connectionsAfter, heapBefore / 1024, heapHeld / 1024,
                heapAfter / 1024, answeredMillis);
        assertThat(statuses).hasSize(SLOW).containsOnly(408);
        assertThat(connectionsAfter).isLessThanOrEqualTo(connectionsBefore);
    }

    /** Each socket asks for an unknown path: the ones within the limit get an answer, the others are closed. */
    @Test
    void givenMoreConnectionsThanTheLimit_theOnesPastItAreClosed() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
                socket.setSoTimeout(10_000);
                sockets.add(socket);
            }
            int answered = 0;
            int closed = 0;
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write("GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (socket.getInputStream().read() == -1) {
                        closed++;
                    } else {
                        answered++;
                    }
                } catch (java.net.SocketException reset) {
                    closed++;
                }
            }
            assertThat(answered).as("connections within the limit of 250").isEqualTo(250);
            assertThat(closed).as("connections past the limit, closed by the server").isEqualTo(50);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Server-side established TCP connections on {@code port}, from /proc/net (Linux; -1 elsewhere). */
    static int establishedTo(int port) throws IOException {
        String local = String.format(":%04X ", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                return -1;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && (fields[1] + " ").endsWith(local) && fields[3].equals("01")) {
                    count++;
                }
            }
        }
        return count;
    }
}
