package dev.dropuser.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of three masters of the tests' own, on free loopback ports (each port and its cluster
 * bus port, +10000), created with {@code redis-cli --cluster create}, and stopped at the end.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private final List<RedisServerProcess> masters;
    private final Path directory;

    private RedisClusterProcess(List<RedisServerProcess> masters, Path directory) {
        this.masters = masters;
        this.directory = directory;
    }

    public static RedisClusterProcess start() {
        try {
            Path directory = Files.createTempDirectory("dropuser-test-cluster-");
            List<RedisServerProcess> masters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int port = portWithFreeBus();
                masters.add(RedisServerProcess.startOn(port, "--cluster-enabled", "yes",
                        "--cluster-config-file", directory.resolve("nodes-" + port + ".conf").toString(),
                        "--dir", directory.toString(), "--cluster-node-timeout", "2000"));
            }
            RedisClusterProcess cluster = new RedisClusterProcess(masters, directory);
            cluster.create();
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Redis Cluster", e);
        }
    }

    /** The seeds, as {@code quarkus.redis.hosts} takes them. */
    public String hosts() {
        return masters.stream().map(RedisServerProcess::url).collect(Collectors.joining(","));
    }

    /** A Vert.x cluster client of the test's own, for code that runs on the event loop. */
    public io.vertx.redis.client.Redis client(io.vertx.core.Vertx vertx) {
        io.vertx.redis.client.RedisOptions options = new io.vertx.redis.client.RedisOptions()
                .setType(io.vertx.redis.client.RedisClientType.CLUSTER);
        masters.forEach(m -> options.addConnectionString(m.url()));
        return io.vertx.redis.client.Redis.createClient(vertx, options);
    }

    public List<RedisServerProcess> masters() {
        return List.copyOf(masters);
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        masters.forEach(m -> command.add("127.0.0.1:" + m.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process create = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!create.waitFor(30, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (masters.stream().allMatch(m -> m.command("CLUSTER", "INFO").contains("cluster_state:ok"))) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the cluster did not reach cluster_state:ok");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int portWithFreeBus() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = RedisServerProcess.freePort();
            if (port + 10000 <= 65535 && isFree(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        masters.forEach(RedisServerProcess::close);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}
