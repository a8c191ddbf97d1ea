package io.racewatch.tasks;

import io.racewatch.runtime.ThreadState;

import java.lang.ref.WeakReference;

/**
 * The closes a task was handed over in, for a close that goes on on another thread than its
 * caller's. Netty's {@code channel.close()} called on {@code main} hands the close to the channel's
 * event loop through a static helper ({@code AbstractChannelHandlerContext.safeExecute}, which owns
 * nothing), and the loop's run of it hands the peer's close on ({@code LocalChannel.doClose}): that
 * hand-off is made on the loop, where no close of the channel is running, yet it is the close's
 * own. So every task wrapper made while lifecycle ends run on the submitting thread remembers their
 * owners (and those its submitter's own run was handed over in: the close goes on through every
 * hop), and background work an owner hands over while running such a task is part of that owner's
 * close ({@link ScheduledTask#partOfClose()}). Work handed over before the close carries nothing.
 * The owners are held weakly: a queued task keeps no closed owner alive.
 */
final class CloseHandOffs {
    private CloseHandOffs() {
    }

    /**
     * The owners whose close is under way on this thread or was when the task it is running was
     * handed over, or null (the common case: no close running, no task of one).
     */
    static Object[] of(ThreadState ts) {
        WrappedTask running = ts.runningTask;
        Object[] inherited = running == null ? null : running.inCloseOf;
        int depth = ts.closingDepth;
        if (depth == 0) {
            return inherited;
        }
        int from = inherited == null ? 0 : inherited.length;
        Object[] out = new Object[from + depth];
        if (inherited != null) {
            System.arraycopy(inherited, 0, out, 0, from);
        }
        for (int i = 0; i < depth; i++) {
            out[from + i] = new WeakReference<>(ts.closing[i]);
        }
        return out;
    }

    /** True when {@code owner}'s close handed over the task this thread is running (directly or through other hops). */
    static boolean running(ThreadState ts, Object owner) {
        WrappedTask running = ts.runningTask;
        Object[] in = running == null ? null : running.inCloseOf;
        for (int i = 0; in != null && i < in.length; i++) {
            @SuppressWarnings("unchecked")
            WeakReference<Object> closing = (WeakReference<Object>) in[i];
            if (closing.refersTo(owner)) {
                return true;
            }
        }
        return false;
    }
}
