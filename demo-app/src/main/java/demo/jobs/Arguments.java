package demo.jobs;

/**
 * The demo's command line.
 *
 * @param fixed   run the corrected code
 * @param only    run only the scenario of this name, or null for all
 * @param load    run the load mode
 * @param ops     load: operations in all (when no duration is given)
 * @param seconds load: run for this long instead, 0 for an operation count
 * @param threads load: worker threads
 */
record Arguments(boolean fixed, String only, boolean load, long ops, long seconds, int threads) {
    static final String USAGE = "usage: [--fixed] [--only NAME] | --load [--ops N | --seconds S] [--threads T]";

    static Arguments parse(String[] args) {
        boolean fixed = false;
        boolean load = false;
        String only = null;
        long ops = 2_000_000;
        long seconds = 0;
        int threads = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fixed" -> fixed = true;
                case "--load" -> load = true;
                case "--only" -> only = value(args, ++i);
                case "--ops" -> ops = positive(value(args, ++i));
                case "--seconds" -> seconds = positive(value(args, ++i));
                case "--threads" -> threads = (int) positive(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
            }
        }
        return new Arguments(fixed, only, load, ops, seconds, threads);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; " + USAGE);
        }
        return args[i];
    }

    private static long positive(String text) {
        long v = Long.parseLong(text);
        if (v <= 0) {
            throw new IllegalArgumentException("expected a positive number, got " + text);
        }
        return v;
    }
}
