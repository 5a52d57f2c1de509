package dev.dropuser.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The reference signaling node (examples/socketio-signaling/server.js) as a child process of the test. */
public final class SignalingNodeProcess implements AutoCloseable {
    static final Path DIRECTORY = Path.of("examples", "socketio-signaling");
    /** The issuer's public key the node verifies join tokens with: the one {@link Tokens} signs with. */
    static final Path PUBLIC_KEY = Path.of("src", "test", "resources", "test-keys", "publicKey.pem");

    private final Process process;
    private final String nodeId;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private volatile int port;

    private SignalingNodeProcess(Process process, String nodeId) {
        this.process = process;
        this.nodeId = nodeId;
    }

    /** Starts a node on a free port; {@code adapterMode} is classic, sharded or streams. */
    public static SignalingNodeProcess start(String nodeId, String redisUrl, String adapterMode) {
        return start(nodeId, java.util.Map.of("REDIS_URL", redisUrl), adapterMode);
    }

    /** Starts a node that talks to a Redis Cluster through {@code seeds} (comma-separated URLs). */
    public static SignalingNodeProcess startOnCluster(String nodeId, String seeds, String adapterMode) {
        return start(nodeId, java.util.Map.of("REDIS_CLUSTER", seeds), adapterMode);
    }

    private static SignalingNodeProcess start(String nodeId, java.util.Map<String, String> redis, String adapterMode) {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules"))) {
            throw new IllegalStateException("run `npm ci` in " + DIRECTORY + " first (./mvnw test does it on a fresh clone)");
        }
        ProcessBuilder builder = new ProcessBuilder("node", "server.js")
                .directory(DIRECTORY.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(redis);
        builder.environment().put("NODE_ID", nodeId);
        builder.environment().put("ADAPTER_MODE", adapterMode);
        builder.environment().put("PORT", "0");
        builder.environment().put("JWT_PUBLIC_KEY", PUBLIC_KEY.toAbsolutePath().toString());
        builder.environment().put("JWT_ISSUER", Tokens.ISSUER);
        builder.environment().put("JWT_AUDIENCE", Tokens.AUDIENCE);
        try {
            Process process = builder.start();
            CompletableFuture<Integer> listening = new CompletableFuture<>();
            SignalingNodeProcess node = new SignalingNodeProcess(process, nodeId);
            Thread reader = new Thread(() -> node.read(listening), "signaling-" + nodeId);
            reader.setDaemon(true);
            reader.start();
            node.port = listening.get(20, TimeUnit.SECONDS);
            return node;
        } catch (Exception e) {
            throw new IllegalStateException("signaling node " + nodeId + " did not start", e);
        }
    }

    private void read(CompletableFuture<Integer> listening) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith("LISTENING ")) {
                    listening.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        listening.completeExceptionally(new IllegalStateException("exited before listening: " + output));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Everything the node printed so far, for failure messages. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** Kills the node without its shutdown (SIGKILL): its heartbeat and registry entries stay behind. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(8, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
