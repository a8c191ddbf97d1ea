package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        if (awaiting != null) {
            probeBefore.putIfAbsent(label, awaiting);
        }
    }

    /** Any instruction: the labels after a probe have all been seen. */
    void instruction() {
        awaiting = null;
    }

    /** Emits the exception table, each probe's twin entry ahead of the catch-any entry it copies. */
    void emit(MethodVisitor out) {
        for (Entry e : entries) {
            Label probe = e.type() == null ? probeBefore.get(e.start()) : null;
            if (probe != null) {
                out.visitTryCatchBlock(probe, e.start(), e.handler(), null);
            }
            out.visitTryCatchBlock(e.start(), e.end(), e.handler(), e.type());
        }
    }
}
