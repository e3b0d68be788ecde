package dev.multisession.redis;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's ear for revocations by other nodes: a daemon thread SUBSCRIBEd to the store's
 * channel on a connection of its own. Messages are {@code "<origin> <sessionId>..."}; those of
 * this store's own origin were told locally already and are skipped.
 *
 * <p>Where it subscribes is asked anew before each (re)subscription (see
 * {@link RedisClients#subscriptionNodes}): the one server; on a Cluster any node (classic PUBLISH,
 * also from a script, reaches every node of the cluster), trying the next one when a node cannot
 * be reached, and the node where the subscription was last lost last; with Sentinel the master
 * the sentinels name at that moment.
 *
 * <p>When the subscription is lost (connection closed or killed, server restarted, no answer to
 * the keep-alive PING within the timeout plus twice {@value #KEEPALIVE_MILLIS} ms), every
 * listener is told {@code endedSessionsMayHaveBeenMissed()} at once, the thread resubscribes with
 * backoff (100 ms doubling to 5 s, after a round in which no node could be subscribed to), and
 * once subscribed again the listeners are told once more: revocations published while no
 * subscription was held are never delivered by Redis, and tokens verified in between must be
 * checked again.
 */
final class RevocationSubscriber {
    static final long KEEPALIVE_MILLIS = 1000;
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    private static final System.Logger LOG = System.getLogger(RevocationSubscriber.class.getName());

    private final RedisSettings settings;
    private final Supplier<List<HostAndPort>> nodes;
    private final String channel;
    private final String origin;
    private final Consumer<Set<String>> ended;
    private final Runnable missed;

    private final Object lock = new Object();
    private Thread thread;
    private ScheduledExecutorService keepAlive;
    private volatile boolean closed;
    private volatile Jedis connection;
    private volatile JedisPubSub pubSub;
    private volatile boolean subscribed;
    /** When the subscription last heard from Redis (subscribe confirmation, message or PONG). */
    private volatile long lastHeardNanos;
    private final long silenceLimitNanos;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);

    RevocationSubscriber(RedisSettings settings, Supplier<List<HostAndPort>> nodes, String channel, String origin,
                         Consumer<Set<String>> ended, Runnable missed) {
        this.settings = settings;
        this.nodes = nodes;
        this.channel = channel;
        this.origin = origin;
        this.ended = ended;
        this.missed = missed;
        this.silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(settings.timeout().toMillis() + 2 * KEEPALIVE_MILLIS);
    }

    /** Starts the thread once; waits at most {@code wait} for the first subscription (not failing without one). */
    void start(Duration wait) {
        synchronized (lock) {
            if (closed || thread != null) {
                return;
            }
            thread = new Thread(this::loop, "multisession-redis-revocations");
            thread.setDaemon(true);
            thread.start();
            keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "multisession-redis-keepalive");
                t.setDaemon(true);
                return t;
            });
            keepAlive.scheduleWithFixedDelay(this::ping, KEEPALIVE_MILLIS, KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
        }
        try {
            firstSubscription.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isSubscribed() {
        return subscribed;
    }

    /**
     * The keep-alive: Jedis reads a subscription without a timeout, so a connection that went
     * silent (server stopped, network cut) would block the subscriber forever. A PING every
     * {@value #KEEPALIVE_MILLIS} ms; no answer for the timeout plus two periods closes the
     * connection, which the subscriber thread handles as a lost subscription.
     */
    private void ping() {
        JedisPubSub p = pubSub;
        if (p == null || !subscribed) {
            return;
        }
        if (System.nanoTime() - lastHeardNanos > silenceLimitNanos) {
            Jedis c = connection;
            if (c != null) {
                try {
                    c.disconnect();
                } catch (RuntimeException e) {
                    // already broken
                }
            }
            return;
        }
        try {
            p.ping();
        } catch (RuntimeException e) {
            // the subscriber thread sees the broken connection itself
        }
    }

    private void loop() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean lost = false;
        HostAndPort lastLost = null;
        while (!closed) {
            boolean heard = false;
            for (HostAndPort node : order(lastLost)) {
                if (closed) {
                    break;
                }
                heard = subscribeOn(node, lost);   // blocks while subscribed
                if (heard) {
                    lastLost = node;
                    break;                          // held, then lost: tell the listeners before going round again
                }
            }
            if (closed) {
                break;
            }
            if (heard) {
                backoff = FIRST_BACKOFF_MILLIS;
            }
            if (heard || !lost) {
                LOG.log(System.Logger.Level.WARNING, "multisession: the Redis revocation subscription was lost;"
                        + " verified tokens are checked again and the subscription is being restored");
            }
            lost = true;
            missed.run();
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** The nodes to try this round; the one where the subscription was last lost goes last. */
    private List<HostAndPort> order(HostAndPort lastLost) {
        List<HostAndPort> candidates;
        try {
            candidates = new ArrayList<>(nodes.get());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "multisession: finding where to subscribe failed with "
                    + e.getClass().getName());
            return List.of();
        }
        if (lastLost != null && candidates.size() > 1 && candidates.remove(lastLost)) {
            candidates.add(lastLost);
        }
        return candidates;
    }

    /**
     * Subscribes on one node and blocks while the subscription holds; true when it was held
     * (Redis confirmed it), false when the node could not be reached or refused.
     */
    private boolean subscribeOn(HostAndPort node, boolean wasLost) {
        int socketTimeout = (int) settings.timeout().toMillis();   // for connecting and SUBSCRIBE; Jedis then reads without one
        boolean[] heard = {false};
        try (Jedis jedis = new Jedis(node, settings.clientConfig(socketTimeout, "multisession-revocations"))) {
            connection = jedis;
            if (closed) {
                return false;
            }
            JedisPubSub listener = new JedisPubSub() {
                @Override
                public void onSubscribe(String ch, int count) {
                    lastHeardNanos = System.nanoTime();
                    heard[0] = true;
                    subscribed = true;
                    firstSubscription.countDown();
                    if (wasLost) {
                        missed.run();       // whatever was published while unsubscribed is gone
                    }
                }

                @Override
                public void onMessage(String ch, String message) {
                    lastHeardNanos = System.nanoTime();
                    deliver(message);
                }

                @Override
                public void onPong(String pattern) {
                    lastHeardNanos = System.nanoTime();
                }
            };
            pubSub = listener;
            jedis.subscribe(listener, channel);   // blocks until unsubscribed or the connection fails
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, "multisession: revocation subscription failed with "
                        + e.getClass().getName());
            }
        } finally {
            subscribed = false;
            pubSub = null;
            connection = null;
        }
        return heard[0];
    }

    private void deliver(String message) {
        String[] parts = message.split(" ");
        if (parts.length < 2 || parts[0].equals(origin)) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                ids.add(parts[i]);
            }
        }
        ended.accept(ids);
    }

    void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            t = thread;
            if (keepAlive != null) {
                keepAlive.shutdownNow();
            }
        }
        if (t == null) {
            return;
        }
        JedisPubSub p = pubSub;
        if (p != null) {
            try {
                p.unsubscribe();
            } catch (RuntimeException e) {
                // closing the connection below ends the subscription anyway
            }
        }
        Jedis c = connection;
        if (c != null) {
            try {
                c.disconnect();
            } catch (RuntimeException e) {
                // already broken
            }
        }
        t.interrupt();
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
