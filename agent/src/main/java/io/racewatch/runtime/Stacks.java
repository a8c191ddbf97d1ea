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

    /**
     * The current thread's stack for an access at {@code siteId}, as text, its own call path and
     * not the first one seen at the site. One walk reads the frames and fingerprints them (class,
     * method, bytecode index); the text is built only for a call path the site has not seen lately.
     */
    public static String[] ofCallPath(int siteId) {
        StackWalker.StackFrame[] frames = WALKER.walk(s -> s.filter(f -> !Own.isAgentClass(f.getClassName()))
            .limit(Tracking.stackDepth)
            .toArray(StackWalker.StackFrame[]::new));
        long fingerprint = 17;
        for (StackWalker.StackFrame f : frames) {
            fingerprint = fingerprint * 1_000_003L + f.getClassName().hashCode();
            fingerprint = fingerprint * 31 + f.getMethodName().hashCode();
            fingerprint = fingerprint * 31 + f.getByteCodeIndex();
        }
        Site site = Sites.get(siteId);
        String[] known = site.pathStack(fingerprint);
        if (known != null) {
            return known;
        }
        String[] text = new String[frames.length];
        for (int i = 0; i < frames.length; i++) {
            text[i] = frames[i].toStackTraceElement().toString();
        }
        site.rememberPath(fingerprint, text);
        return text;
    }

    /** Records the stack of a thread at a site the first time it touches a shared resource there. */
    public static void rememberAt(int siteId, int tid, String thread) {
        Site site = Sites.get(siteId);
        if (site.needsStack(tid, thread)) {
            site.rememberStack(tid, thread, capture());
        }
    }
}
