package io.racewatch.bench.workloads;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a Flight Recording's CPU samples went, as far as racewatch is concerned: the share of
 * samples racewatch was running (its frame is the first one from the top that is not the JDK's),
 * split into the transformer (rewriting classes as they load) and the probes (runtime, detectors,
 * reports); in each, the innermost racewatch frames (the structure doing the work) and the
 * outermost ones (the probe the application called); and the hottest methods overall.
 *
 * <p>Usage: {@code java -cp benchmarks/target/racewatch-benchmarks.jar io.racewatch.bench.workloads.JfrTop rec.jfr [top]}.
 */
public final class JfrTop {
    private static final String[] TRANSFORMER = {"io.racewatch.instrument.", "io.racewatch.shaded.", "io.racewatch.agent."};
    private static final String[] PROBES = {
        "io.racewatch.runtime.", "io.racewatch.order.", "io.racewatch.maps.", "io.racewatch.locks.", "io.racewatch.tasks.",
        "io.racewatch.detect.", "io.racewatch.report.",
    };

    private final Map<String, Integer> selfTop = new HashMap<>();
    private final Map<String, Integer> racewatchTop = new HashMap<>();
    private final Map<String, Integer> probeEntry = new HashMap<>();
    private final Map<String, Integer> transformerTop = new HashMap<>();
    private final Map<String, Integer> transformerEntry = new HashMap<>();
    private final Map<String, Integer> transformerOwn = new HashMap<>();
    private final Map<String, Integer> transformerPhase = new HashMap<>();
    private int samples;
    private int inTransformer;
    private int inProbes;

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        JfrTop t = new JfrTop();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
                t.add(e.getStackTrace());
            }
        }
        t.print(args[0], top);
    }

    private void add(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        selfTop.merge(name(frames.get(0)), 1, Integer::sum);
        // The sample is racewatch's when the first frame from the top that is not the JDK's is
        // racewatch's (a task wrapper deeper down, under application code, does not count).
        int i = 0;
        while (i < frames.size() && isJdk(type(frames.get(i)))) {
            i++;
        }
        if (i == frames.size() || !isRacewatch(type(frames.get(i)))) {
            return;
        }
        String innermost = name(frames.get(i));
        boolean transformer = startsWithAny(type(frames.get(i)), TRANSFORMER);
        // The entry: the last racewatch frame before the stack reaches a caller outside racewatch and the JDK.
        String entry = innermost;
        String ownInnermost = null;
        for (; i < frames.size(); i++) {
            String type = type(frames.get(i));
            if (isRacewatch(type)) {
                entry = name(frames.get(i));
                if (ownInnermost == null && !type.startsWith("io.racewatch.shaded.")) {
                    ownInnermost = entry;
                }
                transformer |= startsWithAny(type, TRANSFORMER);
            } else if (!isJdk(type)) {
                break;
            }
        }
        if (transformer) {
            inTransformer++;
            transformerTop.merge(innermost, 1, Integer::sum);
            transformerEntry.merge(entry, 1, Integer::sum);
            transformerOwn.merge(ownInnermost == null ? "(none: Byte Buddy's own pipeline)" : ownInnermost, 1, Integer::sum);
            transformerPhase.merge(phase(frames), 1, Integer::sum);
        } else {
            inProbes++;
            racewatchTop.merge(innermost, 1, Integer::sum);
            probeEntry.merge(entry, 1, Integer::sum);
        }
    }

    /** Which step of rewriting a transformer sample is in, by the innermost frame that tells. */
    private static String phase(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String t = type(f);
            if (t.contains(".bytebuddy.pool.") || t.contains(".bytebuddy.dynamic.ClassFileLocator")) {
                return "type resolution (Byte Buddy TypePool reading class files)";
            } else if (t.contains(".bytebuddy.dynamic.scaffold.MethodGraph")) {
                return "method graph (Byte Buddy)";
            } else if (t.startsWith("io.racewatch.instrument.TypeHierarchy")) {
                return "racewatch TypeHierarchy";
            } else if (t.startsWith("io.racewatch.instrument.")) {
                return "racewatch visitors (" + t.substring("io.racewatch.instrument.".length()) + ")";
            } else if (t.contains(".jar.asm.ClassWriter") || t.contains(".jar.asm.MethodWriter") || t.contains(".jar.asm.Frame")
                || t.contains(".jar.asm.SymbolTable")) {
                return "class writing (ASM)";
            } else if (t.contains(".jar.asm.ClassReader")) {
                return "class reading (ASM)";
            } else if (t.contains(".bytebuddy.matcher.")) {
                return "matching (Byte Buddy matchers)";
            }
        }
        return "other";
    }

    private static boolean isJdk(String type) {
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.isEmpty();
    }

    private static boolean isRacewatch(String type) {
        return startsWithAny(type, TRANSFORMER) || startsWithAny(type, PROBES);
    }

    private void print(String file, int top) {
        System.out.printf(Locale.ROOT, "%s: %d samples; transformer %s, probes %s, elsewhere %s%n", file, samples,
            pct(inTransformer), pct(inProbes), pct(samples - inTransformer - inProbes));
        section("probes: innermost racewatch frame (the structure doing the work)", racewatchTop, top);
        section("probes: outermost racewatch frame (the probe the application called)", probeEntry, top);
        section("transformer: innermost racewatch frame", transformerTop, top);
        section("transformer: phase (innermost frame that tells)", transformerPhase, top);
        section("transformer: innermost frame of racewatch's own code (what asked Byte Buddy)", transformerOwn, top);
        section("transformer: outermost racewatch frame", transformerEntry, 3);
        section("all samples: top frame", selfTop, top);
    }

    private void section(String title, Map<String, Integer> counts, int top) {
        if (counts.isEmpty()) {
            return;
        }
        System.out.println("  " + title);
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(top)
            .forEach(e -> System.out.printf(Locale.ROOT, "    %6s  %s%n", pct(e.getValue()), e.getKey()));
    }

    private String pct(int n) {
        return String.format(Locale.ROOT, "%.1f%%", samples == 0 ? 0.0 : 100.0 * n / samples);
    }

    private static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String type(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null || m.getType() == null ? "" : m.getType().getName();
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null ? "?" : type(f) + "." + m.getName();
    }
}
