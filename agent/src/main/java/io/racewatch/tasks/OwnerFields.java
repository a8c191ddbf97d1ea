package io.racewatch.tasks;

/**
 * Whether a map or lock a task touched after its owner closed can be the owner's state, told from
 * the field the code reached it through ("Class.field", as sites name it): a field of the owner's
 * class or of one of its superclasses, or of the object that holds the owner as a helper and whose
 * close ended it. A field of another class (a static lookup table such as ZooKeeper's
 * {@code KeeperException.Code} codes, another object's lock or map) is not what the close ended.
 * Names are compared without package or enclosing class, as sites write them; an owner already
 * collected cannot be asked, and then any field counts, as before.
 */
final class OwnerFields {
    private OwnerFields() {
    }

    static boolean mayHold(ScheduledTask task, Closed closed, String origin) {
        if (origin == null) {
            return false; // a parameter or a local: the task's own, or nothing the close named
        }
        int dot = origin.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        String declaredIn = simple(origin.substring(0, dot));
        Object owner = task.get();
        if (owner == null) {
            return true;
        }
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            if (simple(c.getName()).equals(declaredIn)) {
                return true;
            }
        }
        if (closed.heldBy() != null) {
            String holder = closed.heldBy().holder();
            int at = holder.indexOf('@');
            return simple(at < 0 ? holder : holder.substring(0, at)).equals(declaredIn);
        }
        return false;
    }

    private static String simple(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        return s.substring(s.lastIndexOf('$') + 1);
    }
}
