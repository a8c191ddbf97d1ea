package io.racewatch.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The agent's options. Given as {@code -javaagent:racewatch-agent.jar=key=value,key=value}; a key
 * with several values separates them with {@code :} (the JaCoCo convention). Each may also be
 * set as a system property {@code racewatch.<key>}; the agent argument wins.
 *
 * <p>A malformed or unknown option is reported in one line naming it and what is accepted, and
 * is otherwise ignored: the application always starts.
 */
public final class Options {
    /** Every key, with what it accepts: the text shown when an option is wrong. */
    static final Map<String, String> ACCEPTED = new LinkedHashMap<>();
    /** Names of the methods that end an object's life when nothing else is said. */
    static final List<String> DEFAULT_LIFECYCLE = List.of("close", "stop", "shutdown", "dispose", "destroy");

    static {
        ACCEPTED.put("include", "class-name globs separated by ':' (default: every class)");
        ACCEPTED.put("exclude", "class-name globs separated by ':' (default: none)");
        ACCEPTED.put("report", "a directory (default: racewatch-report)");
        ACCEPTED.put("mode", "test or staging (default: test)");
        ACCEPTED.put("holdThresholdMs", "a whole number of milliseconds >= 1 (default: 100)");
        ACCEPTED.put("deadlockCheckMs", "how often to search for deadlocks, a whole number of milliseconds, 0 for never (default: 1000)");
        ACCEPTED.put("lockReportEverySec", "write the lock-wait report every this many seconds, 0 for only at exit (default: 0)");
        ACCEPTED.put("jfr", "false to emit no Flight Recorder events (default: true; they cost only while a recording is running)");
        ACCEPTED.put("jmx", "true to offer the lock-wait report as the MBean io.racewatch:type=LockWaits (default: false)");
        ACCEPTED.put("sample", "the share of time staging mode records (sampling windows), from 0.001 to 1; 1 records all the time (default: 0.1)");
        ACCEPTED.put("windowMs", "the length of one sampling window in staging mode, a whole number of milliseconds >= 1 (default: 100)");
        ACCEPTED.put("overheadBudget", "the most CPU staging mode's probes may take, as a percentage such as 2% or a share such as 0.02; 0 for no budget (default: 2%)");
        ACCEPTED.put("maxMaps", "a whole number >= 1 (default: 20000)");
        ACCEPTED.put("maxKeysPerMap", "a whole number >= 1 (default: 1024)");
        ACCEPTED.put("historySize", "a whole number from 2 to 1000 (default: 12)");
        ACCEPTED.put("stackDepth", "a whole number from 1 to 1000 (default: 16)");
        ACCEPTED.put("closeGraceMs", "how long a task may stay scheduled after its owner's close before it is reported, a whole number of milliseconds (default: 1000)");
        ACCEPTED.put("lifecycle", "method names separated by ':' (default: " + String.join(":", DEFAULT_LIFECYCLE) + ")");
        ACCEPTED.put("hookCache", "a directory where the JDK classes racewatch hooks are kept between runs, or off (default: .cache/racewatch in the user's home)");
        ACCEPTED.put("classCache", "on or off: keep the rewritten application and library classes between runs, in the hookCache directory (default: on)");
        ACCEPTED.put("suppressions", "a readable file of kind:pattern lines (README: Suppressions) (default: none)");
    }

    /** How much racewatch tracks. */
    public enum Mode {
        /** Every map and lock, precise: for test suites. */
        TEST,
        /**
         * Sampling windows ({@code sample}, {@code windowMs}, {@code overheadBudget}): records only
         * inside them, with happens-before sound within each; lock holds timed all the time.
         */
        STAGING
    }

    private List<String> include = List.of();
    private List<String> exclude = List.of();
    private Path report = Paths.get("racewatch-report");
    private Mode mode = Mode.TEST;
    private long holdThresholdMs = 100;
    private long deadlockCheckMs = 1000;
    private long lockReportEverySec;
    private boolean jmx;
    private boolean jfr = true;
    private double sample = 0.1;
    private long windowMs = 100;
    private double overheadBudget = 0.02;
    private int maxMaps = 20_000;
    private int maxKeysPerMap = 1_024;
    private int historySize = 12;
    private int stackDepth = 16;
    private List<String> lifecycle = DEFAULT_LIFECYCLE;
    private long closeGraceMs = 1000;
    private Path suppressions;
    /** null: off. */
    private java.io.File hookCache = defaultHookCache();
    private boolean classCache = true;

    private Options() {
    }

    /** Defaults, then system properties, then the agent argument; problems go to {@code problems}, one line each. */
    public static Options parse(String agentArgs, Properties systemProperties, Consumer<String> problems) {
        Options o = new Options();
        for (String key : ACCEPTED.keySet()) {
            String value = systemProperties.getProperty("racewatch." + key);
            if (value != null) {
                o.set(key, value, problems);
            }
        }
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String pair : agentArgs.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    problems.accept("malformed option '" + pair.trim() + "' ignored: expected key=value with key one of "
                        + String.join(", ", ACCEPTED.keySet()));
                    continue;
                }
                o.set(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim(), problems);
            }
        }
        return o;
    }

    private void set(String key, String value, Consumer<String> problems) {
        if (!ACCEPTED.containsKey(key)) {
            problems.accept("unknown option '" + key + "' ignored; accepted: " + String.join(", ", ACCEPTED.keySet()));
            return;
        }
        try {
            switch (key) {
                case "include" -> include = globs(value);
                case "exclude" -> exclude = globs(value);
                case "report" -> report = Paths.get(nonEmpty(value));
                case "mode" -> mode = Mode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
                case "holdThresholdMs" -> holdThresholdMs = range(Long.parseLong(value), 1, Long.MAX_VALUE);
                case "deadlockCheckMs" -> deadlockCheckMs = range(Long.parseLong(value), 0, Long.MAX_VALUE);
                case "lockReportEverySec" -> lockReportEverySec = range(Long.parseLong(value), 0, Long.MAX_VALUE);
                case "jmx" -> jmx = bool(value);
                case "jfr" -> jfr = bool(value);
                case "sample" -> sample = range(Double.parseDouble(value), 0.001, 1);
                case "windowMs" -> windowMs = range(Long.parseLong(value), 1, Long.MAX_VALUE);
                case "overheadBudget" -> overheadBudget = share(value);
                case "maxMaps" -> maxMaps = (int) range(Integer.parseInt(value), 1, Integer.MAX_VALUE);
                case "maxKeysPerMap" -> maxKeysPerMap = (int) range(Integer.parseInt(value), 1, Integer.MAX_VALUE);
                case "historySize" -> historySize = (int) range(Integer.parseInt(value), 2, 1000);
                case "stackDepth" -> stackDepth = (int) range(Integer.parseInt(value), 1, 1000);
                case "lifecycle" -> lifecycle = methodNames(value);
                case "closeGraceMs" -> closeGraceMs = range(Long.parseLong(value), 0, Long.MAX_VALUE);
                case "suppressions" -> suppressions = readableFile(value);
                case "hookCache" -> hookCache = value.equals("off") ? null : new java.io.File(nonEmpty(value));
                case "classCache" -> classCache = onOrOff(value);
                default -> throw new IllegalStateException(key);
            }
        } catch (RuntimeException bad) {
            problems.accept("option " + key + "=" + value + " ignored: expected " + ACCEPTED.get(key));
        }
    }

    /** A share from 0 to 1, written as a share ({@code 0.02}) or a percentage ({@code 2%}). */
    private static double share(String value) {
        double v = value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100
            : Double.parseDouble(value);
        return range(v, 0, 1);
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("not a boolean");
        }
        return Boolean.parseBoolean(value);
    }

    private static List<String> globs(String value) {
        List<String> out = new ArrayList<>();
        for (String g : nonEmpty(value).split(":")) {
            if (!g.isBlank()) {
                out.add(g.trim());
            }
        }
        return List.copyOf(out);
    }

    private static List<String> methodNames(String value) {
        List<String> names = globs(value);
        for (String n : names) {
            if (!isIdentifier(n)) {
                throw new IllegalArgumentException("not a method name: " + n);
            }
        }
        return names;
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Path readableFile(String value) {
        Path p = Paths.get(nonEmpty(value));
        if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isReadable(p)) {
            throw new IllegalArgumentException("not a readable file");
        }
        return p;
    }

    private static String nonEmpty(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty");
        }
        return value;
    }

    private static double range(double v, double min, double max) {
        if (v < min || v > max || Double.isNaN(v)) {
            throw new IllegalArgumentException("out of range");
        }
        return v;
    }

    private static long range(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("out of range");
        }
        return v;
    }

    /** Class-name globs to instrument; empty means every class not excluded. */
    public List<String> include() {
        return include;
    }

    /** Class-name globs never instrumented (the JDK and racewatch itself are always left out). */
    public List<String> exclude() {
        return exclude;
    }

    /** Directory for {@code findings.jsonl} and {@code report.txt}. */
    public Path report() {
        return report;
    }

    public Mode mode() {
        return mode;
    }

    /** A lock held longer than this is a {@code lock-hold} finding. */
    public long holdThresholdMs() {
        return holdThresholdMs;
    }

    /** How often the watchdog searches for deadlocks; 0 for never. */
    public long deadlockCheckMs() {
        return deadlockCheckMs;
    }

    /** Period of the lock-wait report in seconds; 0 writes it only at exit. */
    public long lockReportEverySec() {
        return lockReportEverySec;
    }

    /** Whether to register the lock-wait MBean. */
    public boolean jmx() {
        return jmx;
    }

    /** Whether to emit Flight Recorder events (findings, periodic lock statistics). */
    /** Where hooked JDK classes are kept between runs, or null for nowhere. */
    public java.io.File hookCache() {
        return hookCache;
    }

    /**
     * Where rewritten application and library classes are kept between runs: the {@link #hookCache}
     * directory unless {@code classCache=off}; null for nowhere.
     */
    public java.io.File classCache() {
        return classCache ? hookCache : null;
    }

    private static boolean onOrOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }

    /** {@code .cache/racewatch} in the user's home, or null without a home. */
    private static java.io.File defaultHookCache() {
        String home = System.getProperty("user.home");
        return home == null || home.isEmpty() || home.equals("?") ? null : new java.io.File(home, ".cache/racewatch");
    }

    public boolean jfr() {
        return jfr;
    }

    /** Share of time inside sampling windows in staging mode (test mode records all the time). */
    public double sample() {
        return sample;
    }

    /** Length of one sampling window in staging mode, in milliseconds. */
    public long windowMs() {
        return windowMs;
    }

    /** Most share of CPU staging mode's probes may take before the sampling share is lowered; 0 for no budget. */
    public double overheadBudget() {
        return overheadBudget;
    }

    public int maxMaps() {
        return maxMaps;
    }

    public int maxKeysPerMap() {
        return maxKeysPerMap;
    }

    public int historySize() {
        return historySize;
    }

    public int stackDepth() {
        return stackDepth;
    }

    /**
     * How long a task may stay scheduled after its owner's lifecycle-end method returned before it
     * is reported: an owner that closes asynchronously cancels its tasks a moment after.
     */
    public long closeGraceMs() {
        return closeGraceMs;
    }

    /**
     * Names of no-argument methods that end the life of the object they are called on: when one
     * returns, the tasks that object scheduled must have been cancelled ({@code timer-outlives-owner}).
     * {@code close()} of an {@link AutoCloseable} and methods annotated {@code @PreDestroy} count
     * whatever this list says.
     */
    public List<String> lifecycle() {
        return lifecycle;
    }

    /** The suppressions file ({@code kind:pattern} lines), or null for none. */
    public Path suppressions() {
        return suppressions;
    }
}
