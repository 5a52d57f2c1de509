package dev.dropuser.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the browser client (clients/web) and its test page on a free loopback port, the way a platform would
 * serve its own moderator UI: a different origin from dropuser's. It serves only the files listed here, and
 * answers under {@code /proxy-error/} with the HTML 502 page a broken proxy would send.
 */
public final class PageServer implements AutoCloseable {
    static final Path CLIENT = Path.of("clients", "web");
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final Map<String, Path> FILES = Map.of(
            "/room.html", CLIENT.resolve("test/pages/room.html"),
            "/moderation.html", CLIENT.resolve("test/pages/moderation.html"),
            "/dropuser-room.js", CLIENT.resolve("dropuser-room.js"),
            "/vendor/socket.io.esm.min.js", CLIENT.resolve("node_modules/socket.io-client/dist/socket.io.esm.min.js"));
    private static final String PROXY_ERROR_PAGE = "<html><body><h1>502 Bad Gateway</h1></body></html>";

    private final HttpServer server;

    private PageServer(HttpServer server) {
        this.server = server;
    }

    public static PageServer start() {
        FILES.values().stream().filter(file -> !Files.isReadable(file)).findFirst().ifPresent(missing -> {
            throw new IllegalStateException("missing " + missing + " (run `npm ci` in " + CLIENT
                    + "; ./mvnw test does it on a fresh clone)");
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", PageServer::serveFile);
            server.createContext("/proxy-error/", exchange -> send(exchange, 502, "text/html; charset=utf-8",
                    PROXY_ERROR_PAGE.getBytes(StandardCharsets.UTF_8)));
            server.start();
            return new PageServer(server);
        } catch (IOException e) {
            throw new IllegalStateException("page server did not start", e);
        }
    }

    /** The origin the pages have in the browser, e.g. {@code http://127.0.0.1:41234}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void serveFile(HttpExchange exchange) throws IOException {
        Path file = FILES.get(exchange.getRequestURI().getPath());
        if (file == null || !exchange.getRequestMethod().equals("GET")) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String type = file.toString().endsWith(".html") ? "text/html; charset=utf-8" : JAVASCRIPT;
        send(exchange, 200, type, Files.readAllBytes(file));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
