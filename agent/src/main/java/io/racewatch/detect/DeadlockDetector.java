package io.racewatch.detect;

import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.locks.LockProfile;
import io.racewatch.order.ThreadRegistry;
import io.racewatch.runtime.Own;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.Tracking;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code deadlock}: threads stuck waiting for each other's monitors or java.util.concurrent
 * locks, found by the JVM's own deadlock search while the program is still hung, and reported
 * with every involved thread's stack.
 */
public final class DeadlockDetector {
    public static final String DEADLOCK = "deadlock";
    private static final Set<String> REPORTED = new HashSet<>();

    private DeadlockDetector() {
    }

    public static void check() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return;
        }
        Arrays.sort(ids);
        if (!REPORTED.add(Arrays.toString(ids))) {
            return;
        }
        ThreadInfo[] infos = threads.getThreadInfo(ids, true, true);
        List<Access> accesses = new ArrayList<>();
        List<String> locks = new ArrayList<>();
        StringBuilder story = new StringBuilder();
        String lockClass = null;
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            LockInfo waitsFor = info.getLockInfo();
            String lock = waitsFor == null ? "?" : nameOf(waitsFor);
            lockClass = lockClass == null && waitsFor != null ? waitsFor.getClassName() : lockClass;
            locks.add(lock);
            String[] stack = frames(info.getStackTrace());
            int requested = ThreadRegistry.requestSiteOf(info.getThreadId());
            Site site = requested > 0 ? Sites.get(requested) : siteOf(info.getStackTrace());
            accesses.add(new Access(info.getThreadName(), "waits for " + lock, site, stack, -1));
            story.append(story.length() == 0 ? "" : "; ").append(info.getThreadName()).append(" waits for ").append(lock)
                .append(" held by ").append(info.getLockOwnerName());
        }
        int[] sites = accesses.stream().mapToInt(a -> a.site().id).toArray();
        String message = "Deadlock: " + story + ". These threads will never continue. Take the locks in one global order.";
        Findings.publish(new Finding(DEADLOCK, message, new Finding.Resource("lock", String.join(" <-> ", locks),
            lockClass == null ? "" : lockClass, null), accesses, List.of(), true, sites));
    }

    private static String nameOf(LockInfo lock) {
        String name = LockProfile.nameOf(lock.getIdentityHashCode(), lock.getClassName());
        return name == null ? lock.toString() : name + " (" + lock + ")";
    }

    private static String[] frames(StackTraceElement[] trace) {
        return Arrays.stream(trace).filter(f -> !Own.isAgentFrame(f.getClassName(), f.getMethodName())).limit(Tracking.stackDepth)
            .map(StackTraceElement::toString).toArray(String[]::new);
    }

    /** The innermost application frame, as a site (deadlocks are rare: registering one is fine). */
    private static Site siteOf(StackTraceElement[] trace) {
        for (StackTraceElement f : trace) {
            String c = f.getClassName();
            if (!Own.isAgentClass(c) && !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return Sites.get(Sites.register(c, f.getMethodName(), f.getFileName(), f.getLineNumber(), null));
            }
        }
        StackTraceElement top = trace.length == 0 ? null : trace[0];
        return top == null ? Sites.get(0) : Sites.get(Sites.register(top.getClassName(), top.getMethodName(), top.getFileName(), top.getLineNumber(), null));
    }
}
