package dev.multisession.redis;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A local Redis Sentinel setup for tests: one master {@link RedisServerProcess}, optionally a
 * replica of it, and one sentinel monitoring it under {@link #MASTER}, ready once the sentinel
 * names the master (and knows the replica); {@link #failOver()} kills the master and has the
 * replica promoted; {@link #close()} stops them all.
 *
 * <pre>{@code
 * static RedisSentinelProcesses sentinel = RedisSentinelProcesses.start();
 * ... new RedisSessionStore(sentinel.settings(), config) ...
 * sentinel.close();
 * }</pre>
 */
final class RedisSentinelProcesses implements AutoCloseable {
    static final String MASTER = "msmaster";
    private static final Duration READY_WAIT = Duration.ofSeconds(30);

    private final List<RedisServerProcess> processes = new ArrayList<>();
    private RedisServerProcess master;
    private RedisServerProcess replica;
    private RedisServerProcess sentinel;

    private RedisSentinelProcesses() {
    }

    static RedisSentinelProcesses start() {
        return start(null, false);
    }

    /** A setup whose master's default user needs {@code masterPassword} (null for none); the sentinel needs none. */
    static RedisSentinelProcesses start(String masterPassword) {
        return start(masterPassword, false);
    }

    /** A setup whose master has a replica the sentinel can promote (see {@link #failOver()}). */
    static RedisSentinelProcesses startWithReplica() {
        return start(null, true);
    }

    private static RedisSentinelProcesses start(String masterPassword, boolean withReplica) {
        RedisSentinelProcesses setup = new RedisSentinelProcesses();
        try {
            setup.master = setup.add(masterPassword == null ? RedisServerProcess.start()
                    : RedisServerProcess.startWithPassword(masterPassword));
            if (withReplica) {
                setup.replica = setup.add(RedisServerProcess.startReplicaOf(setup.master.port()));
            }
            setup.sentinel = setup.add(RedisServerProcess.startSentinel(MASTER, setup.master.port(), masterPassword));
            setup.awaitMaster(setup.master);
            if (withReplica) {
                setup.awaitReplica();
            }
            return setup;
        } catch (RuntimeException | Error e) {
            setup.close();
            throw e;
        }
    }

    private RedisServerProcess add(RedisServerProcess p) {
        processes.add(p);
        return p;
    }

    private void awaitMaster(RedisServerProcess expected) {
        RedisServerProcess.await("the sentinel names " + expected.hostAndPort() + " as the master", READY_WAIT, () -> {
            try (Jedis j = sentinel.client()) {
                return List.of(RedisServerProcess.HOST, Integer.toString(expected.port()))
                        .equals(j.sentinelGetMasterAddrByName(MASTER));
            }
        });
    }

    private void awaitReplica() {
        RedisServerProcess.await("the replica in sync", READY_WAIT, () -> {
            try (Jedis j = replica.client()) {
                return j.info("replication").contains("master_link_status:up");
            }
        });
        RedisServerProcess.await("the sentinel knows the replica", READY_WAIT, () -> {
            try (Jedis j = sentinel.client()) {
                return j.sentinelReplicas(MASTER).stream().anyMatch(r -> Integer.toString(replica.port()).equals(r.get("port"))
                        && !r.get("flags").contains("down") && !r.get("flags").contains("disconnected"));
            }
        });
    }

    /** Kills the master (SIGKILL), has the sentinel promote the replica, and waits until it names the replica. */
    void failOver() {
        master.kill();
        try (Jedis j = sentinel.client()) {
            j.sentinelFailover(MASTER);
        }
        awaitMaster(replica);
    }

    RedisServerProcess replica() {
        return replica;
    }

    RedisServerProcess master() {
        return master;
    }

    RedisServerProcess sentinel() {
        return sentinel;
    }

    Set<HostAndPort> sentinels() {
        return Set.of(sentinel.hostAndPort());
    }

    /** Settings of the Sentinel form on this setup. */
    RedisSettings settings() {
        return RedisSettings.sentinel(MASTER, sentinels());
    }

    @Override
    public void close() {
        for (RedisServerProcess p : processes) {
            p.close();
        }
    }
}
