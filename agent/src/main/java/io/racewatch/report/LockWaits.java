package io.racewatch.report;

import io.racewatch.runtime.Log;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.ObjectName;

/** The JMX face of {@link LockWaitReport}, registered only when the {@code jmx} option asks. */
public final class LockWaits implements LockWaitsMBean {
    private final Path dir;

    private LockWaits(Path dir) {
        this.dir = dir;
    }

    public static void register(Path dir) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new LockWaits(dir), new ObjectName("io.racewatch:type=LockWaits"));
        } catch (Exception | LinkageError e) {
            Log.error("cannot register the lock-wait MBean (" + e + ")", null);
        }
    }

    @Override
    public String getText() {
        return LockWaitReport.text();
    }

    @Override
    public String getJson() {
        return LockWaitReport.json();
    }

    @Override
    public String write() {
        try {
            return LockWaitReport.write(dir).toAbsolutePath().toString();
        } catch (Exception e) {
            return "cannot write the lock-wait report to " + dir + ": " + e;
        }
    }
}
