package io.racewatch.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One lock's figures of the lock-wait report since the start, emitted periodically while a recording runs. */
@Name("io.racewatch.LockStatistics")
@Label("Lock Statistics")
@Description("Per lock (by name): acquisitions, contended share, wait and hold percentiles, and the holder that made others wait most.")
@Category({"racewatch", "Locks"})
@Period("10 s")
@StackTrace(false)
final class LockStatisticsEvent extends Event {
    @Label("Lock")
    String lock;

    @Label("Lock Class")
    String lockClass;

    @Label("Acquisitions")
    long acquisitions;

    @Label("Contended")
    @Description("Acquisitions made while another thread held the lock")
    long contended;

    @Label("Contended Share")
    @Percentage
    double contendedShare;

    @Label("Wait Total")
    @Timespan(Timespan.NANOSECONDS)
    long waitTotal;

    @Label("Wait p50")
    @Timespan(Timespan.NANOSECONDS)
    long waitP50;

    @Label("Wait p99")
    @Timespan(Timespan.NANOSECONDS)
    long waitP99;

    @Label("Wait Max")
    @Timespan(Timespan.NANOSECONDS)
    long waitMax;

    @Label("Hold p99")
    @Timespan(Timespan.NANOSECONDS)
    long holdP99;

    @Label("Hold Max")
    @Timespan(Timespan.NANOSECONDS)
    long holdMax;

    @Label("Top Holder")
    @Description("The thread and acquiring site whose holds made others wait longest")
    String topHolder;

    @Label("Top Holder Wait")
    @Timespan(Timespan.NANOSECONDS)
    long topHolderWait;
}
