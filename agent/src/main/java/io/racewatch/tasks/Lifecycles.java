package io.racewatch.tasks;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which application classes have a lifecycle-end method, learnt as they are rewritten. Plain
 * background work is tracked only for owners of such classes: without a close there is nothing
 * for it to outlive, and skipping the rest keeps {@code execute} and {@code submit} cheap.
 */
public final class Lifecycles {
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();
    // Every supertype of a class is loaded, and so rewritten, before the class: the answer never changes.
    private static final ClassValue<Boolean> HAS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return declares(type);
        }
    };

    private Lifecycles() {
    }

    /** Called by the rewriter for each class in which it instruments a lifecycle-end method. */
    public static void register(String className) {
        NAMES.add(className);
    }

    /** True when {@code type} or one of its supertypes has a lifecycle-end method. */
    static boolean has(Class<?> type) {
        Answer last = lastAnswer;
        if (last != null && last.type == type) {
            return last.has; // an owner schedules call after call: its class is asked again and again
        }
        boolean has = HAS.get(type);
        lastAnswer = new Answer(type, has);
        return has;
    }

    /** The last class asked about, before the class-value look-up: plain, immutable, one class held at most. */
    private static Answer lastAnswer;

    private record Answer(Class<?> type, boolean has) {
    }

    private static boolean declares(Class<?> type) {
        if (type == null) {
            return false;
        }
        if (NAMES.contains(type.getName()) || declares(type.getSuperclass())) {
            return true;
        }
        for (Class<?> itf : type.getInterfaces()) {
            if (declares(itf)) {
                return true;
            }
        }
        return false;
    }
}
