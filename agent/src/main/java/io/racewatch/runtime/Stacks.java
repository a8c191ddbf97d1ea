package io.racewatch.runtime;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** Stack capture with {@link StackWalker}, without racewatch's own frames. */
public final class Stacks {
    private static final StackWalker WALKER = StackWalker.getInstance();
    /**
     * For call paths: frames are fetched in one batch for the usual depth (racewatch's own probe
     * frames plus {@link Tracking#stackDepth}), so the walk does not grow its buffer midway.
     */
    private static final StackWalker PATH_WALKER = StackWalker.getInstance(Set.of(), 32);

    private Stacks() {
    }

    /** The current thread's stack, innermost first, at most {@link Tracking#stackDepth} frames. */
    public static String[] capture() {
        StackWalker.StackFrame[] frames = WALKER.walk(APPLICATION_FRAMES);
        String[] text = new String[frames.length];
        for (int i = 0; i < frames.length; i++) {
            text[i] = frames[i].toStackTraceElement().toString();
        }
        return text;
    }

    /**
     * The current thread's stack for an access at {@code siteId}, as text, its own call path and
     * not the first one seen at the site. One walk reads the frames and fingerprints them (class,
     * method, bytecode index); the text is built only for a call path the site has not seen lately.
     */
    public static String[] ofCallPath(int siteId) {
        StackWalker.StackFrame[] frames = PATH_WALKER.walk(APPLICATION_FRAMES);
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

    /**
     * The walk of both walkers: a named class, not a lambda or method reference (each is a class
     * spun at run time, at start-up where {@link #capture} is first run), and a plain loop, no stream pipeline.
     */
    private static final Function<Stream<StackWalker.StackFrame>, StackWalker.StackFrame[]> APPLICATION_FRAMES = new ApplicationFrames();

    private static final class ApplicationFrames implements Function<Stream<StackWalker.StackFrame>, StackWalker.StackFrame[]> {
        @Override
        public StackWalker.StackFrame[] apply(Stream<StackWalker.StackFrame> frames) {
            return applicationFrames(frames);
        }
    }

    /** The first {@link Tracking#stackDepth} frames not racewatch's own (its classes', its map-call bridges'). */
    private static StackWalker.StackFrame[] applicationFrames(Stream<StackWalker.StackFrame> s) {
        StackWalker.StackFrame[] out = new StackWalker.StackFrame[Tracking.stackDepth];
        int n = 0;
        for (Iterator<StackWalker.StackFrame> it = s.iterator(); n < out.length && it.hasNext(); ) {
            StackWalker.StackFrame f = it.next();
            if (!Own.isAgentFrame(f.getClassName(), f.getMethodName())) {
                out[n++] = f;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Records the stack of a thread at a site the first time it touches a shared resource there. */
    public static void rememberAt(int siteId, int tid, String thread) {
        Site site = Sites.get(siteId);
        if (site.needsStack(tid, thread)) {
            site.rememberStack(tid, thread, capture());
        }
    }
}
