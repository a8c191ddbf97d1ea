package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A method's exception table, held back until the end of its code, so that the acquired probe
 * placed right after a {@code monitorenter} can be covered by the compiler's own catch-any
 * handler for that synchronized block.
 *
 * <p>Why: compilers start the handler's range at the block's first instruction, which may also
 * be a loop's jump target. The probe must come before that label (or it would run on every
 * iteration), but a call outside every catch-any range while a monitor is held is a way out of
 * the method that leaves the monitor locked, and HotSpot then refuses to compile the method
 * ("unbalanced monitors"). So each catch-any entry that starts at the label right after a probe
 * gets a twin covering the probe, placed just before it in the table (the table is searched in
 * order, and entries of enclosing blocks come after it).
 */
final class MonitorHandlers {
    private record Entry(Label start, Label end, Label handler, String type) {
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Release probes given a handler of their own (see {@link #releaseProbeHandled}): emitted first. */
    private final List<Entry> releaseProbes = new ArrayList<>();
    /** Labels of the original code visited so far. */
    private final Set<Label> seen = new HashSet<>();
    /** Start of an acquired probe's range, by the label that follows the probe. */
    private final Map<Label, Label> probeBefore = new HashMap<>();
    /** The probe whose following labels are being collected, or null once an instruction came. */
    private Label awaiting;

    /** A try-catch block of the original code. */
    void add(Label start, Label end, Label handler, String type) {
        entries.add(new Entry(start, end, handler, type));
    }

    /** An acquired probe starts at {@code probe}; its range ends at the labels that follow. */
    void acquiredProbe(Label probe) {
        awaiting = probe;
    }

    void label(Label label) {
        seen.add(label);
        if (awaiting != null) {
            probeBefore.putIfAbsent(label, awaiting);
        }
    }

    /** Any instruction: the labels after a probe have all been seen. */
    void instruction() {
        awaiting = null;
    }

    /**
     * The handler of the catch-any entry that covers its own handler (javac's and ECJ's shape for a
     * synchronized block's exceptional exit: the handler's {@code monitorexit} is retried if it
     * throws) when the code now being visited lies in that range; else null.
     */
    Label selfCoveringHandler() {
        for (Entry e : entries) {
            if (selfCovering(e) && seen.contains(e.start()) && !seen.contains(e.end())) {
                return e.handler();
            }
        }
        return null;
    }

    private static boolean selfCovering(Entry e) {
        return e.type() == null && e.start() == e.handler();
    }

    /** The handler of a self-covering catch-any entry among {@code labels}, or null. */
    Label selfCoveringHandlerAmong(List<Label> labels) {
        for (Label label : labels) {
            for (Entry e : entries) {
                if (selfCovering(e) && e.handler() == label) {
                    return label;
                }
            }
        }
        return null;
    }

    /**
     * A release probe in such a handler, from {@code start} to {@code end}, is covered by
     * {@code handler} of its own, placed ahead of every other entry. C1 refuses a method in which
     * an instruction that can throw (the probe's call; not the {@code monitorexit}, which it does
     * not count) is covered by the handler of its own block ("exception handler covers itself"):
     * every method with a synchronized block stayed interpreted until C2 compiled it. C1 joins
     * an instruction with the handlers covering it up to the first catch-any, so only this one.
     */
    void releaseProbeHandled(Label start, Label end, Label handler) {
        releaseProbes.add(new Entry(start, end, handler, null));
    }

    /** Emits the exception table, each probe's twin entry ahead of the catch-any entry it copies. */
    void emit(MethodVisitor out) {
        for (Entry e : releaseProbes) {
            out.visitTryCatchBlock(e.start(), e.end(), e.handler(), null);
        }
        for (Entry e : entries) {
            Label probe = e.type() == null ? probeBefore.get(e.start()) : null;
            if (probe != null) {
                out.visitTryCatchBlock(probe, e.start(), e.handler(), null);
            }
            out.visitTryCatchBlock(e.start(), e.end(), e.handler(), e.type());
        }
    }
}
