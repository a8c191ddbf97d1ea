package io.racewatch.runtime;

import java.util.ArrayList;
import java.util.List;

/** Stack capture with {@link StackWalker}, without racewatch's own frames. */
public final class Stacks {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Stacks() {
    }

    /** The current thread's stack, innermost first, at most {@link Tracking#stackDepth} frames. */
    public static String[] capture() {
        List<String> frames = WALKER.walk(s -> {
            List<String> out = new ArrayList<>();
            s.filter(f -> !Own.isAgentClass(f.getClassName()))
                .limit(Tracking.stackDepth)
                .forEach(f -> out.add(f.toStackTraceElement().toString()));
            return out;
        });
        return frames.toArray(new String[0]);
    }

    /** Records the stack of a thread at a site the first time it touches a shared resource there. */
    public static void rememberAt(int siteId, int tid, String thread) {
        Site site = Sites.get(siteId);
        if (site.needsStack(tid, thread)) {
            site.rememberStack(tid, thread, capture());
        }
    }
}
