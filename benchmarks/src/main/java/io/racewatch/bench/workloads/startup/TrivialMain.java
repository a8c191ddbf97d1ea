package io.racewatch.bench.workloads.startup;

/**
 * The smallest program: prints one line and exits. Its wall time is the JVM's start-up plus
 * the agent's premain and shutdown.
 */
public final class TrivialMain {
    private TrivialMain() {
    }

    public static void main(String[] args) {
        // No time-to-main figure: reading the JVM's start time would load java.management and
        // make the trivial program less trivial.
        System.out.println("RESULT workload=trivial rounds=0 steady=0 workMs=0 steadyMs=0 checksum=0");
    }
}
