package io.racewatch.tasks;

import io.racewatch.runtime.Own;
import io.racewatch.runtime.Tracking;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Helpers held by a lifecycle object: a {@code Connection} keeps a {@code Heartbeat} in a field
 * and the heartbeat schedules the ping. When the holder closes, a helper still open with live
 * tasks is closed with it: a helper without a lifecycle end of its own always (only the holder
 * can stop it), a helper with one ({@code Heartbeat.stop()}) when the holder started its work (a
 * method of the holder's class was on the stack that scheduled it, as when the connection's
 * constructor calls {@code heartbeat.start()}): the holder's close should have stopped it. A
 * service the holder merely refers to (a pool with its evictor, started elsewhere) is left to its
 * own end. A helper with an end of its own that others hand work to as well (RxJava's
 * computation pool worker, held by every worker of its scheduler) is not the holder's: the
 * holder answers only for the tasks it may have handed it. One level deep: the holder's own
 * fields, not their fields. The fields are read by reflection; no method of the application is called.
 */
final class HeldHelpers {
    private static final Field[] NONE = new Field[0];
    /** Sized for a whole scheduling stack in one batch: a walker that grows its frame buffer costs more than the frames. */
    static final int WALKS_IN_FULL = 64;
    static final int WALK_ONE_IN = 64;
    /** Scheduling calls seen per site, for the walk's budget (see {@link #callerClasses}). */
    private static volatile int[] walksBySite = new int[1024];
    /** Sites with a task that got a record (see {@link #siteKeepsTasks}); same length as {@link #walksBySite}. */
    private static volatile boolean[] keptBySite = new boolean[1024];
    private static final StackWalker CLASS_WALKER =
        StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 24);
    // Set once some owner scheduled tracked work: until then a close walks no fields.
    private static volatile boolean possible;
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return referenceFields(type);
        }
    };

    private HeldHelpers() {
    }

    /**
     * A helper found in a holder's field, with its tracked state; {@code started} is null when the
     * holder's close ends the helper, else the only tasks of the helper's it is charged with (an
     * executor's, or a helper others hand work to as well: see {@link #of}).
     */
    record Held(OwnerState state, HeldBy by, List<ScheduledTask> started) {
    }

    /** Notes that {@code owner} scheduled tracked work: it may be someone's helper. */
    static void scheduledBy(Object owner) {
        if (!possible) {
            possible = true;
        }
    }

    /**
     * The helpers {@code holder} refers to that are open and have live tasks, and either have no
     * lifecycle end or were started by the holder's code.
     */
    static List<Held> of(Object holder, io.racewatch.runtime.ThreadState ts) {
        if (!possible) {
            return List.of();
        }
        List<Held> out = null;
        for (Field f : FIELDS.get(holder.getClass())) {
            Object value = read(f, holder);
            if (value == null || value == holder) {
                continue;
            }
            OwnerState state = ScheduledTasks.stateOf(value);
            if (state == null || state.closed() != null || !state.hasTasks()) {
                continue;
            }
            List<ScheduledTask> started = null;
            if (value instanceof Executor && Lifecycles.has(value.getClass())) {
                // An executor with an end of its own hands on its callers' work (a facade shared by a
                // node): the holder answers for the work it handed it, not for the others' nor for the
                // executor's life, which its own end closes.
                started = tasksStartedBy(holder.getClass(), state);
                if (started.isEmpty()) {
                    continue;
                }
            } else if (Lifecycles.has(value.getClass())) {
                if (!startedBy(holder.getClass(), state)) {
                    continue; // it can stop itself, and nothing says this holder started it
                }
                // Others hand it work too (RxJava's computation pool worker, shared by every worker of
                // its scheduler and by scheduleDirect): the holder answers for its own work only.
                started = sharedWith(holder.getClass(), state);
            }
            if (Closing.inProgress(ts, value)) {
                continue; // its own lifecycle end is running further out (closing its parts): that end judges its tasks
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            String field = f.getDeclaringClass().getName() + "." + f.getName();
            out.add(new Held(state, new HeldBy(OwnerState.nameOf(holder), field, value.getClass().getName()), started));
        }
        return out == null ? List.of() : out;
    }

    /** True when a frame of {@code holder}'s class (or an application superclass) scheduled one of the helper's live tasks. */
    static boolean startedBy(Class<?> holder, OwnerState helper) {
        for (ScheduledTask t : helper.tasks()) {
            if (startedBy(holder, t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Null when every live task of the helper may be the holder's (its close ends the helper), else
     * the ones that may be (the helper lives on, as an executor facade does): a
     * task is another's only when its scheduling stack is known (walked), has no frame of the
     * holder's class, and it was not scheduled by a run of the helper's own work (which the holder
     * may have started). A task not walked stays the holder's, as before.
     */
    private static List<ScheduledTask> sharedWith(Class<?> holder, OwnerState helper) {
        List<ScheduledTask> mine = new ArrayList<>(2);
        boolean others = false;
        for (ScheduledTask t : ScheduledTasks.liveTasksOf(helper)) { // a task of another's that ended shares nothing now
            if (t.scheduledFrom == null || t.fromOwnRun || startedBy(holder, t)) {
                mine.add(t);
            } else {
                others = true;
            }
        }
        return others ? mine : null;
    }

    /** The helper's tasks that a frame of {@code holder}'s class (or an application superclass) scheduled. */
    private static List<ScheduledTask> tasksStartedBy(Class<?> holder, OwnerState helper) {
        List<ScheduledTask> out = null;
        for (ScheduledTask t : helper.tasks()) {
            if (startedBy(holder, t)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(t);
            }
        }
        return out == null ? List.of() : out;
    }

    private static boolean startedBy(Class<?> holder, ScheduledTask t) {
        Class<?>[] frames = t.scheduledFrom;
        if (frames == null) {
            return false;
        }
        for (Class<?> c = holder; c != null && !isJdk(c); c = c.getSuperclass()) {
            for (Class<?> frame : frames) {
                if (frame == c) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The classes of the innermost {@link Tracking#stackDepth} frames of the current thread that
     * are not racewatch's, for a task scheduled at {@code site}: what {@link #startedBy} asks of
     * the task later; or null when this task is not walked. Classes only, no frame text.
     *
     * <p>The walk is most of the cost of a scheduling call by an owner with a lifecycle end, so it
     * is budgeted per site: the first {@link #WALKS_IN_FULL} tasks of a site are walked, then one
     * in {@link #WALK_ONE_IN}. A task not walked can only make {@link #startedBy} answer no (a
     * missed helper, never one invented), and a site that schedules thousands of tasks repeats
     * its code path: a helper its holder forgot to stop is still found, at one of them.
     *
     * <p>Past the first {@link #WALKS_IN_FULL}, a site walks only once one of its tasks got a
     * record ({@link #siteKeepsTasks}): a one-shot task gets one only if it is still scheduled
     * when its call is settled ({@link DeferredTasks}), and a task that never gets a record is
     * never asked about. A site of timeouts that are always cancelled first (a request's timer
     * cleared on success) walks no more after its first tasks.
     */
    static Class<?>[] callerClasses(int site) {
        int[] counts = walksBySite;
        if (site >= 0 && site < counts.length) {
            int n = counts[site]++; // plain: a lost increment only walks once more
            if (n >= WALKS_IN_FULL && ((n & (WALK_ONE_IN - 1)) != 0 || !keeps(site))) {
                return null;
            }
        } else if (site >= 0) {
            growWalkCounts(site);
        }
        return CLASS_WALKER.walk(HeldHelpers::firstClasses);
    }

    /** Notes that a task scheduled at {@code site} got a record: the site's sampled walks go on. */
    static void siteKeepsTasks(int site) {
        boolean[] kept = keptBySite;
        if (site >= 0 && site < kept.length && !kept[site]) {
            kept[site] = true; // plain: seen by the site's next calls soon enough, and it only ever turns true
        }
    }

    private static boolean keeps(int site) {
        boolean[] kept = keptBySite;
        return site >= kept.length || kept[site];
    }

    private static synchronized void growWalkCounts(int site) {
        if (site >= walksBySite.length) {
            int length = Math.max(site + 1, walksBySite.length * 2);
            keptBySite = java.util.Arrays.copyOf(keptBySite, length); // a flag set during the copy may be lost: fewer walks, never a wrong one
            walksBySite = java.util.Arrays.copyOf(walksBySite, length);
        }
    }

    private static Class<?>[] firstClasses(java.util.stream.Stream<StackWalker.StackFrame> frames) {
        int depth = Tracking.stackDepth;
        Class<?>[] out = new Class<?>[depth];
        int n = 0;
        for (java.util.Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext() && n < depth; ) {
            Class<?> c = it.next().getDeclaringClass();
            if (c.getClassLoader() == null && Own.isAgentClass(c.getName())) {
                continue; // racewatch's own frames (on the boot class path, like the JDK's)
            }
            out[n++] = c;
        }
        return n == depth ? out : java.util.Arrays.copyOf(out, n);
    }

    private static Object read(Field f, Object holder) {
        try {
            return f.get(holder);
        } catch (Throwable unreadable) {
            return null;
        }
    }

    /** Instance fields of reference type, declared in {@code type} and its application superclasses, made readable. */
    private static Field[] referenceFields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
            Field[] declared;
            try {
                declared = c.getDeclaredFields();
            } catch (Throwable unloadable) {
                continue; // a field's type cannot be loaded: the class's other fields are unknown too
            }
            for (Field f : declared) {
                if (mayHoldHelper(f)) {
                    try {
                        if (f.trySetAccessible()) {
                            out.add(f);
                        }
                    } catch (Throwable denied) {
                        // a module that does not open the class: skip the field
                    }
                }
            }
        }
        return out.isEmpty() ? NONE : out.toArray(NONE);
    }

    private static boolean mayHoldHelper(Field f) {
        Class<?> t = f.getType();
        if (Modifier.isStatic(f.getModifiers()) || t.isPrimitive() || t.isArray()) {
            return false;
        }
        // String, the boxes, and other final JDK classes are values, never an application's helper.
        return !(isJdk(t) && Modifier.isFinal(t.getModifiers()));
    }

    private static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
            || n.startsWith("com.sun.");
    }
}
