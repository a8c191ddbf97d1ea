package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, in a method's code as it is buffered, the {@code monitorexit}s whose release probe must
 * come before the labels just ahead of them. Kotlin ends the catch-any range of a synchronized
 * block right before {@code aload n; monitorexit} (and its handler's own range between the
 * {@code aload} and the {@code monitorexit}); a release probe placed at the {@code monitorexit}
 * would then be a call outside every catch-any range while the monitor is held, and HotSpot
 * would not compile the method. Placed before those labels, it is inside the range. Only for a
 * {@code monitorexit} that no catch-any range covers (javac's and ECJ's always are) where one
 * such range ends among those labels, and when no jump or handler leads to the labels: then
 * every path to the {@code monitorexit} runs the probe.
 */
final class MonitorExits {
    /** Where the release probe goes, and how it gets the monitor. */
    record Early(List<Label> labels, int local, int exitPosition) {
        /** The monitor is the value on top of the stack there (already loaded), not a local. */
        static final int ON_STACK = -1;
    }

    private record Range(Label start, Label end) {
    }

    private final Set<Label> targets = new HashSet<>();
    private final List<Range> catchAny = new ArrayList<>();
    private final Map<Label, Integer> positions = new HashMap<>();
    private int position;
    private final Map<Label, Early> early = new HashMap<>();
    private List<Label> run = new ArrayList<>();
    private List<Label> runBeforeLoad = List.of();
    private int loadedLocal = -1;

    void label(Label label) {
        run.add(label);
        positions.put(label, position);
    }

    void tryCatch(Label start, Label end, String type) {
        if (type == null) {
            catchAny.add(new Range(start, end));
        }
    }

    /** A label some jump, switch or handler leads to. */
    void target(Label label) {
        targets.add(label);
    }

    /** Any instruction; {@code var} is the local of a variable instruction, else -1. */
    void instruction(int opcode, int var) {
        if (opcode == Opcodes.MONITOREXIT && loadedLocal >= 0) {
            if (!run.isEmpty()) {
                early.put(run.get(0), new Early(run, Early.ON_STACK, position));
            } else if (!runBeforeLoad.isEmpty()) {
                early.put(runBeforeLoad.get(0), new Early(runBeforeLoad, loadedLocal, position));
            }
        }
        position++;
        boolean load = opcode == Opcodes.ALOAD;
        loadedLocal = load ? var : -1;
        runBeforeLoad = load ? run : List.of();
        run = new ArrayList<>();
    }

    /** By the first label of each run: the local to load the monitor from, or {@link Early#ON_STACK}. */
    Map<Label, Integer> releaseBefore() {
        Map<Label, Integer> out = new HashMap<>();
        for (Map.Entry<Label, Early> e : early.entrySet()) {
            Early x = e.getValue();
            if (x.labels().stream().noneMatch(targets::contains) && !covered(x.exitPosition()) && rangeEndsAmong(x.labels())) {
                out.put(e.getKey(), x.local());
            }
        }
        return out;
    }

    private boolean covered(int at) {
        for (Range r : catchAny) {
            Integer start = positions.get(r.start());
            Integer end = positions.get(r.end());
            if (start != null && end != null && start <= at && at < end) {
                return true;
            }
        }
        return false;
    }

    private boolean rangeEndsAmong(List<Label> labels) {
        for (Range r : catchAny) {
            if (labels.contains(r.end())) {
                return true;
            }
        }
        return false;
    }
}
