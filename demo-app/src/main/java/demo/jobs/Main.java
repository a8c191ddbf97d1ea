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

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args);
        if (a.load()) {
            System.out.println(new LoadMode(a.ops(), a.seconds(), a.threads()).run());
            return;
        }
        for (Scenario s : scenarios()) {
            if (a.only() == null || a.only().equals(s.name())) {
                LOG.info("scenario {} ({}): {}", s.name(), a.fixed() ? "fixed" : "buggy", s.run(a.fixed()));
            }
        }
    }
}
