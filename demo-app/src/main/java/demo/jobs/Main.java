package demo.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo job service. With no arguments it runs every scenario with the buggy code, which
 * racewatch reports; {@code --fixed} runs the corrected code, which it does not; {@code --load}
 * runs a CPU-bound mix of the correct code for overhead measurements.
 *
 * <pre>
 * java -jar racewatch-demo.jar [--fixed] [--only NAME]
 * java -jar racewatch-demo.jar --load [--ops N | --seconds S] [--threads T]
 * </pre>
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>(MapScenarios.all());
        all.addAll(LockScenarios.all());
        return all;
    }

    /** The scenarios {@code --only} picks, all of them without it; an unknown name is an error, not an empty run. */
    static List<Scenario> selected(String only) {
        List<Scenario> all = scenarios();
        if (only == null) {
            return all;
        }
        List<String> names = new ArrayList<>();
        for (Scenario s : all) {
            if (s.name().equals(only)) {
                return List.of(s);
            }
            names.add(s.name());
        }
        throw new IllegalArgumentException("unknown scenario " + only + "; one of " + String.join(", ", names));
    }

    public static void main(String[] args) throws Exception {
        Arguments a;
        List<Scenario> run;
        try {
            a = Arguments.parse(args);
            run = a.load() ? List.of() : selected(a.only());
        } catch (IllegalArgumentException e) {
            System.err.println("racewatch-demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (a.load()) {
            System.out.println(new LoadMode(a.ops(), a.seconds(), a.threads()).run());
            return;
        }
        for (Scenario s : run) {
            LOG.info("scenario {} ({}): {}", s.name(), a.fixed() ? "fixed" : "buggy", s.run(a.fixed()));
        }
    }
}
