package io.racewatch.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A {@code map-unsafe} finding. */
@Name("io.racewatch.UnsafeMapConcurrentWrite")
@Label("Unsafe Concurrent Map Write")
@Description("Two threads wrote a map that is not thread-safe with no happens-before ordering between the writes.")
final class MapUnsafeEvent extends FindingEvent {
}
