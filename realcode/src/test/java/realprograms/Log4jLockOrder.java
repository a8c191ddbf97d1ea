package realprograms;

import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;

import java.io.StringWriter;
import java.util.concurrent.CountDownLatch;

/**
 * The lock-order inversion of log4j 1 (Bugzilla 41214), taken one order after the other so that it
 * cannot deadlock. {@code Category.callAppenders} locks a category, then its appender
 * ({@code AppenderSkeleton.doAppend} is synchronized); the appender renders the message with
 * {@code toString()}, and a message whose {@code toString()} logs takes the other category's monitor
 * while holding the appender's. Thread "plain" logs to category B (B, then the appender); then thread
 * "rendering" logs to category A a message that logs to B while rendered (A, the appender, then B).
 * Had they run together, each would wait for the other's monitor.
 */
public final class Log4jLockOrder {
    /** A message whose rendering logs: what an object's toString that logs does. */
    static final class SelfLoggingMessage {
        private final Logger other;

        SelfLoggingMessage(Logger other) {
            this.other = other;
        }

        @Override
        public String toString() {
            other.info("rendering a message");
            return "rendered";
        }
    }

    private Log4jLockOrder() {
    }

    public static void main(String[] args) throws Exception {
        StringWriter written = new StringWriter();
        WriterAppender appender = new WriterAppender(new PatternLayout("%c %m%n"), written);
        Logger a = Logger.getLogger("orders.a");
        Logger b = Logger.getLogger("orders.b");
        for (Logger logger : new Logger[] {a, b}) {
            logger.setLevel(Level.INFO);
            logger.setAdditivity(false);
            logger.addAppender(appender);
        }

        CountDownLatch plainDone = new CountDownLatch(1);
        Thread plain = new Thread(() -> {
            b.info("plain message"); // B's monitor, then the appender's
            plainDone.countDown();
        }, "plain");
        Thread rendering = new Thread(() -> {
            try {
                plainDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            a.info(new SelfLoggingMessage(b)); // A's monitor, the appender's, then B's
        }, "rendering");
        rendering.start();
        plain.start();
        plain.join();
        rendering.join();
        System.out.print(written);
    }
}
