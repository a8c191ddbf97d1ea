package io.racewatch.instrument;

import io.racewatch.runtime.Own;

import java.util.ArrayList;
import java.util.List;

/**
 * Which classes are rewritten, and how. A class is <em>checked</em> (its map calls, locks and
 * scheduling are watched and reported) when it matches an include glob and no exclude glob.
 * Every other class still <em>orders</em>: its monitors create happens-before edges for the
 * classes that are checked, because {@code include} and {@code exclude} decide what is checked,
 * never what orders. Neither applies to the JDK, racewatch itself, or the logging, testing and
 * bytecode libraries racewatch works beside: those are never rewritten.
 * Globs match dotted class names; {@code *} is any run of characters, {@code ?} one character.
 */
public final class ClassFilter {
    /** Always left alone, whatever the options say. */
    static final List<String> ALWAYS_EXCLUDED = List.of(
        "java.*", "javax.*", "jdk.*", "sun.*", "com.sun.*", "org.slf4j.*", "ch.qos.logback.*",
        "org.apache.logging.*", "org.junit.*", "org.opentest4j.*", "org.apiguardian.*", "net.bytebuddy.*",
        "org.objectweb.asm.*", "org.jacoco.*", "org.mockito.*", "org.apache.maven.*", "org.gradle.*",
        "kotlin.*", "org.hdrhistogram.*", "org.openjdk.jmh.*", "com.fasterxml.jackson.*");

    /**
     * Libraries racewatch does not check unless an include glob names them (one that does not
     * start with a wildcard): log4j 1's pre-Java-7 classes are worth checking on purpose (their
     * lock-order bugs are known), but not in every {@code include=*} run. They always order.
     */
    static final List<String> CHECKED_WHEN_NAMED = List.of("org.apache.log4j.*");

    /** The two lists' prefixes without their {@code *}: asked of every class that loads, so cut once. */
    private static final String[] EXCLUDED_PREFIXES = prefixes(ALWAYS_EXCLUDED);
    private static final String[] NAMED_PREFIXES = prefixes(CHECKED_WHEN_NAMED);

    private final Globs include;
    private final Globs named;
    private final Globs exclude;

    public ClassFilter(List<String> includes, List<String> excludes) {
        this.include = Globs.of(includes.isEmpty() ? List.of("*") : includes);
        List<String> named = new ArrayList<>(); // a loop, not a stream: no lambda spun at start-up
        for (String g : includes) {
            if (!g.startsWith("*") && !g.startsWith("?")) {
                named.add(g);
            }
        }
        this.named = Globs.of(named);
        this.exclude = Globs.of(excludes);
    }

    /** True when {@code className} (dotted) is checked: fully instrumented, its findings reported. */
    public boolean includes(String className) {
        return orders(className) && includesOrdered(className);
    }

    /**
     * {@link #includes} for a class {@link #orders} already said yes to: the transformer asks both
     * of every class that loads, and need not ask the first twice.
     */
    boolean includesOrdered(String className) {
        if (!include.matches(className) || (exclude != null && exclude.matches(className))) {
            return false;
        }
        return !matchesAny(className, NAMED_PREFIXES) || (named != null && named.matches(className));
    }

    /**
     * True when {@code className} (dotted) may be rewritten at all: its synchronization orders
     * the checked classes even when it is not checked itself (see {@link #includes}).
     */
    public boolean orders(String className) {
        return !Own.isAgentClass(className) && !matchesAny(className, EXCLUDED_PREFIXES);
    }

    private static boolean matchesAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String[] prefixes(List<String> globs) {
        String[] cut = new String[globs.size()];
        for (int i = 0; i < cut.length; i++) {
            String g = globs.get(i);
            cut[i] = g.substring(0, g.length() - 1);
        }
        return cut;
    }
}
