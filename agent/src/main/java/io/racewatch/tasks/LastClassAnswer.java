package io.racewatch.tasks;

import java.lang.ref.WeakReference;

/**
 * An answer that depends only on an object's class (its task class name, whether its class has a
 * lifecycle end), with the last class's answer kept in front of the look-up: a scheduling site asks
 * about the same class call after call, and a field compare costs less than a class value's look-up.
 * The kept pair is read plainly (its fields are final, so a thread sees a whole pair or an older
 * one) and holds its class weakly: a class loader that is otherwise gone can still be unloaded.
 */
abstract class LastClassAnswer<T> {
    private static final class Kept<T> extends WeakReference<Class<?>> {
        final T answer;

        Kept(Class<?> type, T answer) {
            super(type);
            this.answer = answer;
        }
    }

    private Kept<T> last;

    /** The answer for {@code instance}, the same for every object of its class (an anonymous subclass, as for a ClassValue: no lambda). */
    abstract T lookUp(Object instance);

    T of(Object instance) {
        Class<?> type = instance.getClass();
        Kept<T> kept = last;
        if (kept != null && kept.refersTo(type)) {
            return kept.answer;
        }
        T answer = lookUp(instance);
        last = new Kept<>(type, answer);
        return answer;
    }
}
