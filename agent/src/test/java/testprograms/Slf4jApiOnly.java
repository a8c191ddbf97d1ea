package testprograms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs through SLF4J's API with no provider on the class path: SLF4J itself warns (three lines on
 * standard error) when the program first asks for a logger, between the program's two lines.
 */
public final class Slf4jApiOnly {
    private Slf4jApiOnly() {
    }

    public static void main(String[] args) {
        System.err.println("main starts");
        Logger log = LoggerFactory.getLogger(Slf4jApiOnly.class);
        log.info("to nowhere");
        System.err.println("main ends");
    }
}
