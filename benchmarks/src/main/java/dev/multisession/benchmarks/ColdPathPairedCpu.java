package dev.multisession.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cold path against raw Nimbus in paired rounds of <em>thread CPU time</em>, for an A/B of a
 * change on a machine other work shares: each round runs {@link ColdPathBenchmark#strictVerify}
 * and {@link PeerBenchmark#nimbusRaw} for the same number of operations, one after the other
 * (the order alternating), and takes the ratio of their CPU time per operation. Time the thread
 * spends descheduled counts in neither, and a slow minute slows both halves of a round alike, so
 * the median ratio moves far less than two JMH scores taken a minute apart. Not part of
 * {@code benchmarks/run.sh}; JMH's figures stay the reference.
 *
 * <pre>{@code
 * java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
 *     dev.multisession.benchmarks.ColdPathPairedCpu 40 500     # rounds, operations per half-round
 * }</pre>
 */
public final class ColdPathPairedCpu {
    /** Keeps the results reachable so no work is optimised away. */
    static volatile Object sink;

    private ColdPathPairedCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        ColdPathBenchmark cold = new ColdPathBenchmark();
        cold.setUp();
        PeerBenchmark peer = new PeerBenchmark();
        peer.setUp();
        for (int warm = 0; warm < 10 * ops; warm++) {
            sink = cold.strictVerify();
            sink = peer.nimbusRaw();
        }
        double[] coldUs = new double[rounds];
        double[] nimbusUs = new double[rounds];
        double[] ratio = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            boolean coldFirst = round % 2 == 0;
            for (int half = 0; half < 2; half++) {
                boolean runCold = (half == 0) == coldFirst;
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < ops; i++) {
                    sink = runCold ? cold.strictVerify() : peer.nimbusRaw();
                }
                double us = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / ops;
                if (runCold) {
                    coldUs[round] = us;
                } else {
                    nimbusUs[round] = us;
                }
            }
            ratio[round] = coldUs[round] / nimbusUs[round];
        }
        System.out.printf(Locale.ROOT, "cold path %.1f µs CPU/op [%.1f-%.1f], raw Nimbus %.1f [%.1f-%.1f], "
                        + "ratio %.3f [%.3f-%.3f] (median [quartiles] of %d paired rounds of %d ops)%n",
                quantile(coldUs, .5), quantile(coldUs, .25), quantile(coldUs, .75),
                quantile(nimbusUs, .5), quantile(nimbusUs, .25), quantile(nimbusUs, .75),
                quantile(ratio, .5), quantile(ratio, .25), quantile(ratio, .75), rounds, ops);
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }
}
