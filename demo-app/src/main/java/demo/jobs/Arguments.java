package demo.jobs;

/**
 * The demo's command line.
 *
 * @param fixed   run the corrected code
 * @param only    run only the scenario of this name, or null for all
 * @param load    run the load mode
 * @param ops     load: operations in all (when no duration is given)
 * @param seconds load: run for this long instead, 0 for an operation count
 * @param threads load: worker threads (at most 1024)
 */
record Arguments(boolean fixed, String only, boolean load, long ops, long seconds, int threads) {
    static final String USAGE = "usage: [--fixed] [--only NAME] | --load [--ops N | --seconds S] [--threads T]";
    private static final int MAX_THREADS = 1024;

    static Arguments parse(String[] args) {
        boolean fixed = false;
        boolean load = false;
        String only = null;
        long ops = 2_000_000;
        boolean opsGiven = false;
        long seconds = 0;
        int threads = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fixed" -> fixed = true;
                case "--load" -> load = true;
                case "--only" -> only = value(args, ++i);
                case "--ops" -> {
                    ops = positive("--ops", value(args, ++i));
                    opsGiven = true;
                }
                case "--seconds" -> seconds = positive("--seconds", value(args, ++i));
                case "--threads" -> threads = threadCount(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
            }
        }
        if (opsGiven && seconds > 0) {
            throw new IllegalArgumentException("--ops and --seconds exclude each other; " + USAGE);
        }
        if (load && only != null) {
            throw new IllegalArgumentException("--only runs a scenario, --load runs the load mix: pick one; " + USAGE);
        }
        return new Arguments(fixed, only, load, ops, seconds, threads);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; " + USAGE);
        }
        return args[i];
    }

    private static int threadCount(String text) {
        long v = positive("--threads", text);
        if (v > MAX_THREADS) {
            throw new IllegalArgumentException("--threads expects at most " + MAX_THREADS + ", got " + text);
        }
        return (int) v;
    }

    /** A positive number; underscores are allowed as in Java literals (2_000_000). */
    private static long positive(String option, String text) {
        long v;
        try {
            v = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v <= 0) {
            throw new IllegalArgumentException(option + " expects a positive number, got " + text);
        }
        return v;
    }
}
