package io.racewatch.maps;

/** Something a thread did, placed in its resource's order. */
public interface Event {
    int tid();

    long seq();
}
