package io.racewatch.order;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.ThreadState;

/**
 * Concurrent maps the program makes with {@code new} in a rewritten class: the call site tells
 * who made the map, so the constructor's probe ({@link OrderProbes#concurrentMapMade}) need not
 * walk the stack for it ({@link MapCreators}, most of a new map's cost under the agent). The site
 * marks its thread just before the constructor call, and the constructor's end takes the mark.
 *
 * <p>Only where the walk's answer is sure to be "the program": constructors that run no code but
 * the map's own (no map to copy whose methods, keys or comparator could make another map before
 * this one's constructor ends, no argument that could make it throw and leave the mark behind:
 * see {@link #marks}), of the map classes themselves (a subclass's constructor runs its own
 * code), at sites outside the maps' subclasses (the walk looks past those, to their caller).
 */
public final class ProgramMaps {
    private static final String CHM = "java/util/concurrent/ConcurrentHashMap";
    private static final String SKIP_LIST = "java/util/concurrent/ConcurrentSkipListMap";
    private static final String SKIP_SET = "java/util/concurrent/ConcurrentSkipListSet";
    /** The classes whose subclasses {@link MapCreators}' walk looks past as part of a map. */
    public static final java.util.List<String> MAP_CLASSES = java.util.List.of(CHM, SKIP_LIST, SKIP_SET);

    private ProgramMaps() {
    }

    /**
     * Whether a rewritten class marks this constructor call, {@code owner.<init>descriptor} at a
     * {@code new}, unless the class is a concurrent map's or skip-list set's own subclass (the
     * walk looks past those to their caller: the rewriter asks that only of the sites this accepts).
     */
    public static boolean marks(String owner, String descriptor) {
        // A skip-list set makes its map in its constructor, for its caller: as the walk says.
        return owner.equals(CHM) && descriptor.equals("()V")
            || (owner.equals(SKIP_LIST) || owner.equals(SKIP_SET))
            && (descriptor.equals("()V") || descriptor.equals("(Ljava/util/Comparator;)V"));
    }

    /**
     * Whether the class {@code internalName} is the platform loader's (the JDK's, to the walk): its
     * package is one of the platform loader's modules', which that loader alone defines classes in.
     * A rewritten class is never the boot loader's.
     */
    public static boolean platformClass(String internalName) {
        int end = internalName.lastIndexOf('/');
        return end > 0 && PlatformPackages.NAMES.contains(internalName.substring(0, end).replace('/', '.'));
    }

    /** The packages of the platform loader's modules, gathered at the first marked site a rewrite meets. */
    private static final class PlatformPackages {
        static final java.util.Set<String> NAMES = gather();

        private static java.util.Set<String> gather() {
            java.util.Set<String> names = new java.util.HashSet<>();
            ClassLoader platform = ClassLoader.getPlatformClassLoader();
            for (Module m : ModuleLayer.boot().modules()) {
                if (m.getClassLoader() == platform) {
                    names.addAll(m.getPackages());
                }
            }
            return names;
        }
    }

    /** The probe a marked site calls just before the constructor: the next map this thread finishes making is the program's. */
    public static void coming() {
        ThreadState ts = ThreadState.enterAlways();
        if (ts == null) {
            return;
        }
        try {
            ts.mapMadeHere = true;
        } catch (Throwable failure) {
            Faults.report("concurrent map probe", failure);
        } finally {
            ts.exit();
        }
    }

    /** Takes this thread's mark: true when a marked site is making the map whose constructor ends now. */
    static boolean taken(ThreadState ts) {
        boolean here = ts.mapMadeHere;
        ts.mapMadeHere = false;
        return here;
    }
}
