package io.racewatch.tasks;

/**
 * Whether a map or lock a task touched after its owner closed can be the owner's state, told from
 * the field the code reached it through ("Class.field", as sites name it): a field of the owner's
 * class or of one of its superclasses, or of the object that holds the owner as a helper and whose
 * close ended it. A field of another class (a static lookup table such as ZooKeeper's
 * {@code KeeperException.Code} codes, another object's lock or map) is not what the close ended.
 * Names are compared without package or enclosing class, as sites write them; an owner already
 * collected cannot be asked, and then any field counts, as before. Asked at every map or lock
 * operation of a run after its owner's close until one counts, so it allocates nothing.
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
        int from = simpleStart(origin, dot);
        Object owner = task.get();
        if (owner == null) {
            return true;
        }
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            String name = c.getName();
            if (sameSimpleName(name, name.length(), origin, from, dot)) {
                return true;
            }
        }
        if (closed.heldBy() != null) {
            String holder = closed.heldBy().holder(); // "class@hash"
            int at = holder.indexOf('@');
            return sameSimpleName(holder, at < 0 ? holder.length() : at, origin, from, dot);
        }
        return false;
    }

    /** Where the simple name ends at {@code end} in {@code s} begins: after its last '.' or '$'. */
    private static int simpleStart(String s, int end) {
        int i = end - 1;
        while (i >= 0 && s.charAt(i) != '.' && s.charAt(i) != '$') {
            i--;
        }
        return i + 1;
    }

    private static boolean sameSimpleName(String className, int end, String origin, int from, int dot) {
        int start = simpleStart(className, end);
        return end - start == dot - from && className.regionMatches(start, origin, from, dot - from);
    }
}
