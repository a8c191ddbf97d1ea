package testprograms;

import org.slf4j.LoggerFactory;

/**
 * Configures its logging backend (slf4j-simple) in {@code main}, the way applications set
 * logback's or log4j2's system properties before their first logger: slf4j-simple reads them
 * once, when the first logger is made. Configured, its lines go to standard output without the
 * thread's name.
 */
public final class LoggingSetUpInMain {
    private LoggingSetUpInMain() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        LoggerFactory.getLogger("app").info("configured in main");
    }
}
