package io.racewatch.runtime;

/**
 * A place in the application's code where a probe fires: the instrumented call site of a map
 * or synchronization operation. Created at class-load time; its id is a constant in the
 * rewritten bytecode.
 */
public final class Site {
    public final int id;
    public final String className;
    public final String method;
    public final String file;
    public final int line;
    /** The field the receiver was read from, as {@code Owner.field}, when the bytecode shows it. */
    public final String receiverField;
    /** Stacks budget: the first few threads seen at the site in a shared resource. */
    private static final int STACKS = 4;
    private final int[] stackTids = new int[STACKS];
    /** Thread names beside the slots: a slot is reused once its thread is gone, a stack must not be. */
    private final String[] stackThreads = new String[STACKS];
    private final String[][] stacks = new String[STACKS][];
    private volatile int stackCount;
    /** The last few call paths seen here, each turned into text once (see {@link Stacks#ofCallPath}). */
    private static final int PATHS = 8;
    private final CallPath[] paths = new CallPath[PATHS];
    private int nextPath;
    /** A read here has been the check of a check-then-act: later reads here keep their own call path. */
    private volatile boolean check;

    Site(int id, String className, String method, String file, int line, String receiverField) {
        this.id = id;
        this.className = className;
        this.method = method;
        this.file = file;
        this.line = line;
        this.receiverField = receiverField;
    }

    /** The stack recorded for thread slot {@code tid} here, or null (a stack is never borrowed from another thread). */
    public synchronized String[] stackFor(int tid, String thread) {
        for (int i = 0; i < stackCount; i++) {
            if (stackTids[i] == tid && stackThreads[i].equals(thread)) {
                return stacks[i];
            }
        }
        return null;
    }

    /** Cheap check for the owner-mode path: nobody's stack has been taken here yet. */
    public boolean hasNoStack() {
        return stackCount == 0;
    }

    /** Lock-free: a stale answer only means one extra or one missing capture. */
    boolean needsStack(int tid, String thread) {
        int n = stackCount;
        if (n == STACKS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (stackTids[i] == tid && thread.equals(stackThreads[i])) {
                return false;
            }
        }
        return true;
    }

    synchronized void rememberStack(int tid, String thread, String[] frames) {
        for (int i = 0; i < stackCount; i++) {
            if (stackTids[i] == tid && stackThreads[i].equals(thread)) {
                return;
            }
        }
        if (stackCount < STACKS) {
            stackTids[stackCount] = tid;
            stackThreads[stackCount] = thread;
            stacks[stackCount++] = frames;
        }
    }

    /** The frames of the call path with this fingerprint, if it has been seen here lately; racy reads only cost a capture. */
    String[] pathStack(long fingerprint) {
        for (CallPath p : paths) {
            if (p != null && p.fingerprint() == fingerprint) {
                return p.frames();
            }
        }
        return null;
    }

    /** Keeps a call path's frames, replacing the oldest of the last {@value #PATHS}: memory stays bounded per site. */
    void rememberPath(long fingerprint, String[] frames) {
        int i = nextPath;
        paths[i] = new CallPath(fingerprint, frames);
        nextPath = (i + 1) % PATHS;
    }

    /** Marks this site as the check of a check-then-act (a read whose method later wrote the key). */
    public void markCheck() {
        if (!check) {
            check = true;
        }
    }

    /** True once a read here has been the check of a check-then-act. */
    public boolean isCheck() {
        return check;
    }

    /** A call path's fingerprint and its frames; immutable, so a racy publication is safe. */
    private record CallPath(long fingerprint, String[] frames) {
    }

    /** {@code Class.method(File.java:42)}, the form of a stack frame. */
    public String frame() {
        return className + "." + method + "(" + (file == null ? "Unknown Source" : file) + (line > 0 ? ":" + line : "") + ")";
    }

    /** {@code SimpleClass.method:42}, short enough for a table cell. */
    public String shortForm() {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple + "." + method + (line > 0 ? ":" + line : "");
    }

    @Override
    public String toString() {
        return frame();
    }
}
