package io.racewatch.tasks;

import io.racewatch.runtime.Sites;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.ThreadState;

import java.util.List;

/**
 * Lifecycle-end methods as they run. Only the outermost one of an object counts: a subclass's
 * {@code close()} that calls {@code super.close()} and then cancels its own tasks is clean, so
 * the owner is closed when the last of its lifecycle methods on the stack returns.
 */
final class Closing {
    private Closing() {
    }

    static void begins(ThreadState ts, Object owner, int site) {
        if (ts.closing == null) {
            ts.closing = new Object[4];
        } else if (ts.closingDepth == ts.closing.length) {
            ts.closing = java.util.Arrays.copyOf(ts.closing, ts.closingDepth * 2);
        }
        ts.closing[ts.closingDepth++] = owner;
    }

    static void ends(ThreadState ts, Object owner, int site) {
        if (!outermost(ts, owner)) {
            return;
        }
        OwnerState state = ScheduledTasks.stateOf(owner);
        List<HeldHelpers.Held> helpers = HeldHelpers.of(owner, ts);
        if (state == null && helpers.isEmpty()) {
            return; // neither it nor a helper it holds scheduled tracked work
        }
        boolean hasTasks = state != null && state.hasTasks();
        String thread = Thread.currentThread().getName();
        // A close that may be reported gets a stack of its own: the one the site keeps per thread is
        // the first caller's, and a base class's close (Jetty's AbstractLifeCycle.stop) is called
        // from everywhere, so it named another object's caller (suite run on jetty-util 9.4).
        String[] stack;
        if (hasTasks || !helpers.isEmpty()) {
            stack = Stacks.ofCallPath(site);
        } else {
            Stacks.rememberAt(site, ts.tid, thread);
            stack = Sites.get(site).stackFor(ts.tid, thread);
        }
        Closed closed = new Closed(ScheduledTasks.nextSeq(), thread, ts.tid, site,
            Sites.get(site).method, stack);
        if (state != null) {
            if (hasTasks && ShutdownDrains.drains(owner, closed.op())) {
                ShutdownDrains.drain(state, closed); // before the close is seen: a run beginning now is the drain
            }
            state.close(closed);
            if (hasTasks) {
                ScheduledTasks.events.ownerClosed(ScheduledTasks.liveTasksOf(state), closed);
            }
        }
        // A helper's tasks are the holder's to stop: its close is the helper's close too.
        for (HeldHelpers.Held helper : helpers) {
            Closed helperClosed = closed.forHelper(helper.by());
            if (helper.started() != null) {
                // An executor's, or a helper others use too: only the work this holder handed it is the holder's; it lives on.
                List<ScheduledTask> left = ScheduledTasks.liveTasksOf(helper.state());
                left.retainAll(helper.started());
                if (!left.isEmpty()) {
                    ScheduledTasks.events.ownerClosed(left, helperClosed);
                }
                continue;
            }
            helper.state().close(helperClosed);
            ScheduledTasks.events.ownerClosed(ScheduledTasks.liveTasksOf(helper.state()), helperClosed);
        }
    }

    /** Whether a lifecycle method of {@code owner} is running on this thread (further out than the one that returned). */
    static boolean inProgress(ThreadState ts, Object owner) {
        Object[] stack = ts.closing;
        for (int i = 0; stack != null && i < ts.closingDepth; i++) {
            if (stack[i] == owner) {
                return true;
            }
        }
        return false;
    }

    /** Pops {@code owner}'s innermost entry; true when no other lifecycle method of it is still running here. */
    private static boolean outermost(ThreadState ts, Object owner) {
        Object[] stack = ts.closing;
        if (stack == null) {
            return true;
        }
        int depth = ts.closingDepth;
        int at = -1;
        for (int i = depth - 1; i >= 0; i--) {
            if (stack[i] == owner) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return true; // its entry was not recorded (the probe was off then): treat it as outermost
        }
        System.arraycopy(stack, at + 1, stack, at, depth - at - 1);
        stack[--ts.closingDepth] = null;
        for (int i = 0; i < ts.closingDepth; i++) {
            if (stack[i] == owner) {
                return false;
            }
        }
        return true;
    }
}
