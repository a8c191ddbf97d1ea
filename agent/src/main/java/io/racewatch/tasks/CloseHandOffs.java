package io.racewatch.tasks;

import io.racewatch.runtime.ThreadState;

import java.lang.ref.WeakReference;

/**
 * The closes a task was handed over in, for a close that goes on on another thread than its
 * caller's. Netty's {@code channel.close()} called on {@code main} hands the close to the channel's
 * event loop through a static helper ({@code AbstractChannelHandlerContext.safeExecute}, which owns
 * nothing), and the loop's run of it hands the peer's close on ({@code LocalChannel.doClose}): that
 * hand-off is made on the loop, where no close of the channel is running, yet it is the close's
 * own. So a task wrapper made while lifecycle ends run on the submitting thread remembers their
 * owners, and background work one of them hands over while that task runs is part of its close
 * ({@link ScheduledTask#partOfClose()}; hops further on, between the owner's own tasks, are followed
 * there). One hop only, not inherited by what the task hands over without an owner: a loop thread
 * started by such a close would otherwise carry it for its whole life. Work handed over before
 * the close carries nothing. The owners are held weakly: a queued task keeps no closed owner alive.
 */
final class CloseHandOffs {
    private CloseHandOffs() {
    }

    /** The owners whose close is under way on this thread, held weakly, or null (the common case). */
    static Object[] of(ThreadState ts) {
        int depth = ts.closingDepth;
        if (depth == 0) {
            return null;
        }
        Object[] out = new Object[depth];
        for (int i = 0; i < depth; i++) {
            out[i] = new WeakReference<>(ts.closing[i]);
        }
        return out;
    }

    /** True when {@code owner}'s close, running on another thread, handed over the task this thread is running. */
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
