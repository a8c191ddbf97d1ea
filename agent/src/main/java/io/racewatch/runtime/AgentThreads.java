package io.racewatch.runtime;

/**
 * racewatch's own threads: daemon, named {@code racewatch-<duty>}, in a thread group of their own
 * under the JVM's system group (as the JVM's own service threads are), so that a program that
 * counts or lists the threads of its own group ({@code Thread.activeCount()}, a hang detector, a
 * thread-leak check) sees exactly what it would see without the agent. They inherit nothing from
 * the thread that starts them (no inheritable thread-locals, no context class loader), and their
 * probes never record.
 */
public final class AgentThreads {
    private static final String PREFIX = "racewatch-";
    private static volatile ThreadGroup group;

    private AgentThreads() {
    }

    /** A new thread for one of racewatch's duties, not yet started. */
    public static Thread create(String duty, Runnable body) {
        Thread t = new Thread(group(), new Duty(body), PREFIX + duty, 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    }

    /** True for a name racewatch gives its threads. */
    public static boolean isAgentThreadName(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    private static ThreadGroup group() {
        ThreadGroup g = group;
        if (g == null) {
            synchronized (AgentThreads.class) {
                if (group == null) {
                    ThreadGroup root = Thread.currentThread().getThreadGroup();
                    while (root.getParent() != null) {
                        root = root.getParent();
                    }
                    group = new ThreadGroup(root, "racewatch");
                }
                g = group;
            }
        }
        return g;
    }

    /** A named class, not a lambda: the exit hook's thread is made at start-up, where each lambda is a class spun. */
    private static final class Duty implements Runnable {
        private final Runnable body;

        Duty(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            ThreadState.markAgentThread();
            body.run();
        }
    }
}
