package io.racewatch.order;

import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Who made a concurrent map: the first frame below its constructors (and a subclass's, a
 * {@code newKeySet}'s, a {@code ConcurrentSkipListSet}'s, which makes its map for its caller),
 * racewatch's probe, and Java serialization's reading (which makes a map for whoever reads the
 * stream). A map made by a class of the boot or platform loader is the JDK's own (racewatch's
 * classes, on the boot class path, count as the JDK's). Reflection's frames are not walked:
 * a map made by {@code Constructor.newInstance} is its caller's.
 */
final class MapCreators {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** A named class and a plain loop, not a stream pipeline of lambdas: each lambda is a class spun at the first map made. */
    private static final Function<Stream<StackFrame>, Class<?>> CREATOR = new Creator();

    private static final class Creator implements Function<Stream<StackFrame>, Class<?>> {
        @Override
        public Class<?> apply(Stream<StackFrame> frames) {
            for (Iterator<StackFrame> it = frames.iterator(); it.hasNext(); ) {
                Class<?> c = it.next().getDeclaringClass();
                if (!partOfTheMap(c)) {
                    return c;
                }
            }
            return null;
        }
    }

    private MapCreators() {
    }

    /** Whether the map whose constructor is running was made by code outside the JDK. */
    static boolean outsideJdk() {
        Class<?> creator = WALKER.walk(CREATOR);
        if (creator == null) {
            return false;
        }
        ClassLoader loader = creator.getClassLoader();
        return loader != null && loader != ClassLoader.getPlatformClassLoader();
    }

    /**
     * racewatch's probe, the maps' (and the skip-list set's) own classes and their subclasses'
     * constructors, and the object stream reading a serialized map.
     */
    private static boolean partOfTheMap(Class<?> c) {
        return c == OrderProbes.class || c == MapCreators.class
            || java.util.concurrent.ConcurrentHashMap.class.isAssignableFrom(c)
            || java.util.concurrent.ConcurrentSkipListMap.class.isAssignableFrom(c)
            || java.util.concurrent.ConcurrentSkipListSet.class.isAssignableFrom(c)
            || c.getName().startsWith("java.util.concurrent.ConcurrentHashMap$")
            || c.getName().startsWith("java.util.concurrent.ConcurrentSkipListMap$")
            || c.getName().startsWith("java.io.ObjectInputStream") || c.getName().startsWith("java.io.ObjectStreamClass");
    }
}
