package io.racewatch.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What racewatch knows about an object that scheduled work: its live tasks and whether its
 * life has ended. It never refers to the object itself (it is found through a weak table), so
 * tracking never keeps an owner alive.
 */
public final class OwnerState {
    /** Class and identity of the owner, {@code demo.jobs.Connection@1b6d3586}. */
    public final String name;
    private volatile Closed closed;
    private final Set<ScheduledTask> tasks = new HashSet<>();

    OwnerState(String name) {
        this.name = name;
    }

    static String nameOf(Object owner) {
        return owner.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(owner));
    }

    /** How its life ended, or null while it is open. */
    public Closed closed() {
        return closed;
    }

    void close(Closed c) {
        closed = c;
    }

    /** Scheduling again from outside its own tasks after the end means the owner was started again. */
    void reopen() {
        closed = null;
    }

    synchronized void add(ScheduledTask t) {
        tasks.add(t);
    }

    synchronized void remove(ScheduledTask t) {
        tasks.remove(t);
    }

    synchronized boolean hasTasks() {
        return !tasks.isEmpty();
    }

    /** A copy, so that the tasks' JDK objects are asked about them outside this lock. */
    synchronized List<ScheduledTask> tasks() {
        return new ArrayList<>(tasks);
    }
}
