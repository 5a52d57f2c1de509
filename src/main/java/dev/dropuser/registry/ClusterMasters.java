package dev.dropuser.registry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The masters of a Redis Cluster, for work that must visit each of them (a keyspace walk): found with
 * {@code CLUSTER NODES}, reached through short-lived connections that reuse the configured URL's scheme and
 * credentials.
 */
final class ClusterMasters {
    private final Vertx vertx;
    private final Redis cluster;
    private final URI seed;
    private final Duration timeout;

    ClusterMasters(Vertx vertx, Redis cluster, URI seed, Duration timeout) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.seed = seed;
        this.timeout = timeout;
    }

    /** Runs {@code work} on every master, one after the other; every connection is closed afterwards. */
    Uni<Boolean> each(Function<Redis, Uni<Boolean>> work) {
        return RedisCalls.guarded(cluster.send(Request.cmd(Command.CLUSTER).arg("NODES")), timeout)
                .map(reply -> addresses(reply.toString()))
                .flatMap(addresses -> {
                    Uni<Boolean> chain = Uni.createFrom().item(true);
                    for (String address : addresses) {
                        chain = chain.flatMap(ignored -> {
                            Redis master = Redis.createClient(vertx, urlOf(address));
                            return work.apply(master).eventually(master::close);
                        });
                    }
                    return chain;
                });
    }

    /** {@code host:port} of every master that is not failing, from CLUSTER NODES' text. */
    static List<String> addresses(String clusterNodes) {
        List<String> masters = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 2 && fields[2].contains("master") && !fields[2].contains("fail")) {
                String address = fields[1].split("@")[0];
                masters.add(address);
            }
        }
        return masters;
    }

    private String urlOf(String address) {
        String userInfo = seed.getRawUserInfo() == null ? "" : seed.getRawUserInfo() + "@";
        return seed.getScheme() + "://" + userInfo + address;
    }
}
