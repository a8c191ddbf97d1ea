package io.racewatch.detect;

import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.locks.LockProfile;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.TestContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code lock-hold}: a lock held longer than {@code holdThresholdMs}. The finding shows where it
 * was taken and released and, from the watchdog's sample, what the holder was doing meanwhile
 * (a socket read, a sleep, a query). Repeats at the same sites are counted, not re-reported.
 */
public final class LockHoldDetector {
    public static final String LOCK_HOLD = "lock-hold";

    private LockHoldDetector() {
    }

    public static void onLongHold(int tid, LockProfile lock, int acquireSite, int releaseSite, long holdNs, String[] sample) {
        int[] sites = {acquireSite, releaseSite};
        if (Findings.repeat(LOCK_HOLD, sites)) {
            return;
        }
        String thread = Thread.currentThread().getName();
        String[] releaseStack = Stacks.capture();
        Site acquired = Sites.get(acquireSite);
        Site released = Sites.get(releaseSite);
        List<Access> accesses = new ArrayList<>();
        accesses.add(new Access(thread, "lock", acquired, from(acquired, releaseStack), -1));
        accesses.add(new Access(thread, "unlock", released, releaseStack, -1));
        if (sample != null && sample.length > 0) {
            accesses.add(new Access(thread, "while holding", released, sample, -1));
        }
        long ms = holdNs / 1_000_000;
        String doing = sample == null || sample.length == 0 ? "" : " While holding it, " + thread + " was in " + sample[0]
            + (appFrame(sample) > 0 ? ", called from " + sample[appFrame(sample)] : "") + ".";
        String message = "Lock " + lock.name + " (" + lock.lockClass + ") held for " + ms + " ms by " + thread + " (threshold "
            + TestContext.holdThresholdNs() / 1_000_000 + " ms), taken at " + acquired.shortForm() + " and released at "
            + released.shortForm() + "." + doing + " Every thread that needs this lock waits that long: move slow work"
            + " (I/O, sleeps, remote calls) out of the locked region.";
        Findings.publish(new Finding(LOCK_HOLD, message, new Finding.Resource("lock", lock.name, lock.lockClass, null),
            accesses, List.of(), true, sites));
    }

    /** Index of the innermost frame of application code (JDK frames carry a module name: {@code java.base@17/...}). */
    private static int appFrame(String[] stack) {
        for (int i = 0; i < stack.length; i++) {
            String f = stack[i];
            int paren = f.indexOf('(');
            if (!f.substring(0, paren < 0 ? f.length() : paren).contains("/")) {
                return i;
            }
        }
        return -1;
    }

    /** The acquiring frame on top of the releasing stack's callers: both sites are in one method almost always. */
    private static String[] from(Site acquired, String[] releaseStack) {
        if (releaseStack.length == 0) {
            return new String[] {acquired.frame()};
        }
        String[] stack = Arrays.copyOf(releaseStack, releaseStack.length);
        stack[0] = acquired.frame();
        return stack;
    }
}
