package realprograms;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.MDC;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.apache.log4j.spi.LoggingEvent;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * log4j 1.2.17 used as documented: several threads log through one logger hierarchy into two
 * appenders (a writer appender and one that keeps events), with the MDC. Correct code: every
 * shared state of log4j is guarded by its monitors. Prints the lines sorted, and counts.
 */
public final class Log4jManyThreads {
    private static final int THREADS = 4;
    private static final int MESSAGES = 200;

    /** Keeps the rendered events: append runs under AppenderSkeleton.doAppend's monitor. */
    static final class KeepingAppender extends AppenderSkeleton {
        final List<String> lines = new ArrayList<>();

        @Override
        protected void append(LoggingEvent event) {
            lines.add(event.getLoggerName() + " " + event.getLevel() + " " + event.getMDC("worker") + " " + event.getRenderedMessage());
        }

        @Override
        public boolean requiresLayout() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    private Log4jManyThreads() {
    }

    public static void main(String[] args) throws Exception {
        StringWriter written = new StringWriter();
        WriterAppender writer = new WriterAppender(new PatternLayout("%-5p %c{2} [%X{worker}] %m%n"), written);
        KeepingAppender kept = new KeepingAppender();
        Logger root = Logger.getRootLogger();
        root.setLevel(Level.DEBUG);
        root.addAppender(writer);
        Logger.getLogger("app.jobs").addAppender(kept);

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                MDC.put("worker", "w" + worker);
                // each thread asks for its loggers itself: the hierarchy creates them under its lock
                Logger jobs = Logger.getLogger("app.jobs.worker" + worker);
                Logger shared = Logger.getLogger("app.shared");
                awaitQuietly(start);
                for (int i = 0; i < MESSAGES; i++) {
                    if (i % 3 == 0) {
                        shared.info("shared " + worker + " " + i);
                    } else if (i % 3 == 1) {
                        jobs.debug("job " + worker + " " + i);
                    } else {
                        jobs.warn("warn " + worker + " " + i);
                    }
                }
                MDC.remove("worker");
            }, "logger-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        List<String> lines = new ArrayList<>(List.of(written.toString().split("\n")));
        Collections.sort(lines);
        List<String> keptLines;
        synchronized (kept) {
            keptLines = new ArrayList<>(kept.lines);
        }
        Collections.sort(keptLines);
        System.out.println("written " + lines.size() + " kept " + keptLines.size());
        lines.forEach(System.out::println);
        keptLines.forEach(System.out::println);
        System.out.println("loggers " + Collections.list(root.getLoggerRepository().getCurrentLoggers()).size());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
