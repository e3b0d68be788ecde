package dev.multisession.redis;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A local Redis Cluster for tests: {@code masters} cluster-mode {@link RedisServerProcess}es
 * joined by {@code redis-cli --cluster create ... --cluster-replicas 0}, ready once every node
 * says {@code cluster_state:ok} with every slot covered; {@link #close()} stops them all.
 *
 * <pre>{@code
 * static RedisClusterProcesses cluster = RedisClusterProcesses.start(3);
 * ... new RedisSessionStore(cluster.settings(), config) ...
 * cluster.close();
 * }</pre>
 */
final class RedisClusterProcesses implements AutoCloseable {
    private static final Duration CREATE_WAIT = Duration.ofSeconds(60);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcesses(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    static RedisClusterProcesses start(int masters) {
        if (!Files.isExecutable(RedisServerProcess.CLI)) {
            fail(RedisServerProcess.CLI + " is missing: install Debian's redis-tools (redis-server depends on it)");
        }
        List<RedisServerProcess> nodes = new ArrayList<>();
        RedisClusterProcesses cluster = new RedisClusterProcesses(nodes);
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(RedisServerProcess.startClusterNode());
            }
            cluster.create();
            cluster.awaitReady();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(RedisServerProcess.CLI.toString(), "--cluster", "create"));
        nodes.forEach(n -> command.add(n.hostAndPort().toString()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = nodes.get(0).dir().resolve("cluster-create.log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(CREATE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("redis-cli --cluster create did not finish within " + CREATE_WAIT + "; see " + log);
            }
            if (p.exitValue() != 0) {
                fail("redis-cli --cluster create failed (code " + p.exitValue() + "): " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
    }

    private void awaitReady() {
        for (RedisServerProcess node : nodes) {
            RedisServerProcess.await("cluster_state:ok with every slot and node on " + node.hostAndPort(), READY_WAIT, () -> {
                try (Jedis j = node.client()) {
                    String info = j.clusterInfo();
                    return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384")
                            && info.contains("cluster_known_nodes:" + nodes.size());
                }
            });
        }
    }

    List<RedisServerProcess> nodes() {
        return nodes;
    }

    Set<HostAndPort> seeds() {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        nodes.forEach(n -> seeds.add(n.hostAndPort()));
        return seeds;
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}, as {@code multisession.redis.cluster-nodes} takes it. */
    String seedsValue() {
        return seeds().stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    }

    /** Settings of the Cluster form on these nodes. */
    RedisSettings settings() {
        return RedisSettings.cluster(seeds());
    }

    /** Empties every node. */
    void flushAll() {
        for (RedisServerProcess node : nodes) {
            try (Jedis j = node.client()) {
                j.flushAll();
            }
        }
    }

    /** The node serving the slot of {@code key}, as that node's own slot table says. */
    RedisServerProcess nodeOf(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        for (RedisServerProcess node : nodes) {
            try (Jedis j = node.client()) {
                String myself = j.clusterNodes().lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
                if (ownsSlot(myself, slot)) {
                    return node;
                }
            }
        }
        throw new AssertionError("no node serves slot " + slot);
    }

    /**
     * Gives an empty slot to another node (as a resharding would), on every node's word, and
     * waits until every node's slot table says so; a client's cached slot map is then stale.
     */
    void moveSlot(int slot, RedisServerProcess to) {
        String id;
        try (Jedis j = to.client()) {
            id = j.clusterMyId();
            j.clusterSetSlotNode(slot, id);      // the new owner first: it bumps its config epoch, so gossip agrees
        }
        for (RedisServerProcess node : nodes) {
            if (node != to) {
                try (Jedis j = node.client()) {
                    j.clusterSetSlotNode(slot, id);
                }
            }
        }
        for (RedisServerProcess node : nodes) {
            RedisServerProcess.await("slot " + slot + " moved, as " + node.hostAndPort() + " sees it", READY_WAIT, () -> {
                try (Jedis j = node.client()) {
                    return j.clusterNodes().lines().filter(l -> l.startsWith(id + " ")).anyMatch(l -> ownsSlot(l, slot));
                }
            });
        }
    }

    /** Whether a line of CLUSTER NODES lists {@code slot} among its node's slots. */
    private static boolean ownsSlot(String nodesLine, int slot) {
        String[] fields = nodesLine.split(" ");
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue;                       // a migrating slot
            }
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /** Calls of {@code command} (lower case, e.g. {@code evalsha}) on every node since the last {@link #resetStats()}. */
    long calls(String command) {
        return nodes.stream().mapToLong(n -> n.calls(command)).sum();
    }

    /** Calls of {@code command} that ran without an error (e.g. not NOSCRIPT) on every node since the last {@link #resetStats()}. */
    long succeeded(String command) {
        return nodes.stream().mapToLong(n -> n.succeeded(command)).sum();
    }

    /** CONFIG RESETSTAT on every node. */
    void resetStats() {
        nodes.forEach(RedisServerProcess::resetStats);
    }

    @Override
    public void close() {
        for (RedisServerProcess node : nodes) {
            node.close();
        }
    }
}
