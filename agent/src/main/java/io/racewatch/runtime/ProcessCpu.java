package io.racewatch.runtime;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * The process's CPU time for the overhead budget. On Linux from {@code /proc/self/stat}: the
 * platform's {@code OperatingSystemMXBean} costs tens of milliseconds of CPU to set up (the
 * management providers, loaded and run in the interpreter), a cost the sampler paid in every
 * staging JVM, against a few microseconds per read here. Elsewhere from the bean.
 */
final class ProcessCpu {
    /** Linux reports CPU in clock ticks of USER_HZ, 100 a second on every architecture it runs on. */
    private static final long NS_PER_TICK = 10_000_000L;
    private static volatile boolean noProc;

    private ProcessCpu() {
    }

    /** CPU nanoseconds used by the process so far (all threads), or wall time on every core when none can be read. */
    static long nowNs() {
        if (!noProc) {
            long t = fromProc();
            if (t >= 0) {
                return t;
            }
            noProc = true;
        }
        return fromBean();
    }

    /** utime + stime from {@code /proc/self/stat}, or -1. */
    static long fromProc() {
        byte[] buf = new byte[1024];
        int n = 0;
        try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
            for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0; ) {
                n += r;
            }
        } catch (IOException | SecurityException e) {
            return -1;
        }
        return parseStat(buf, n);
    }

    /**
     * utime + stime in nanoseconds from a {@code stat} line, or -1: the 14th and 15th fields,
     * counted after the command name's closing parenthesis (the name may hold spaces and parentheses).
     */
    static long parseStat(byte[] buf, int n) {
        int i = n - 1;
        while (i >= 0 && buf[i] != ')') {
            i--;
        }
        if (i < 0) {
            return -1;
        }
        // after ") ": field 3 (state) is the first; utime is field 14, stime 15
        int field = 2;
        long utime = -1;
        long value = 0;
        boolean inNumber = false;
        for (int k = i + 1; k < n; k++) {
            byte b = buf[k];
            if (b == ' ' || b == '\n') {
                if (inNumber) {
                    if (field == 14) {
                        utime = value;
                    } else if (field == 15) {
                        return utime < 0 ? -1 : (utime + value) * NS_PER_TICK;
                    }
                }
                inNumber = false;
                continue;
            }
            if (!inNumber) {
                field++;
                inNumber = true;
                value = 0;
            }
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
            }
        }
        return inNumber && field == 15 && utime >= 0 ? (utime + value) * NS_PER_TICK : -1;
    }

    private static long fromBean() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                long t = os.getProcessCpuTime();
                if (t >= 0) {
                    return t;
                }
            }
        } catch (RuntimeException | LinkageError ignored) {
            // no CPU time: fall through to wall time on every core
        }
        return System.nanoTime() * Runtime.getRuntime().availableProcessors();
    }
}
