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
        return HAS.get(type);
    }

    /** {@link #has} for {@code owner}'s class, the last class's answer kept: an owner schedules call after call. */
    static boolean hasFor(Object owner) {
        return OWNERS.of(owner);
    }

    private static final LastClassAnswer<Boolean> OWNERS = new LastClassAnswer<>() {
        @Override
        Boolean lookUp(Object owner) {
            return HAS.get(owner.getClass());
        }
    };

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
