package io.racewatch.tasks;

/**
 * The object whose close ended a helper's life: a helper (an object with no lifecycle end of its
 * own that scheduled work) is closed when the lifecycle object holding it in a field closes.
 *
 * @param holder      class and identity of the holder, {@code demo.Connection@1b6d3586}
 * @param field       the holder's field that refers to the helper, {@code demo.Connection.heartbeat}
 * @param helperClass the helper's class name
 */
public record HeldBy(String holder, String field, String helperClass) {
}
