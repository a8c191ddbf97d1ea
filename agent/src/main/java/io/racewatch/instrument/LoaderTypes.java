package io.racewatch.instrument;

import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class shapes one class loader has been asked about, and the supertype sets made from them,
 * kept across the classes it loads: a supertype's or a field owner's class file is read once per
 * loader, not once per class that uses it. Types that could not be read are kept too (most
 * lookups of a missing optional dependency would otherwise read the class path again), until a
 * class of that name is defined through the transformer ({@link #defined}); not in the JDK's
 * table, which all loaders share (see {@link TypeHierarchy}).
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} shapes and as many supertype sets per loader (past
 * that, answers are made and not kept). Loaders are held weakly and their tables softly, so the
 * JVM can drop them under memory pressure; they hold no reference to a loader or a class.
 */
final class LoaderTypes {
    static final int MAX_ENTRIES = 50_000;
    /** A type whose class file could not be read. */
    private static final ClassShape MISSING = ClassShape.placeholder();

    /** JDK types (names under {@code java/}) are the same from every loader: one table for all. */
    private static final LoaderTypes JDK = new LoaderTypes();
    private static final Map<ClassLoader, SoftReference<LoaderTypes>> BY_LOADER = new WeakHashMap<>();
    private static volatile Last LAST;

    private final Map<String, ClassShape> shapes = new ConcurrentHashMap<>();
    private final Map<String, Supertypes> supertypes = new ConcurrentHashMap<>();
    /** Names whose shape came from bytes defined at run time ({@link #defined}), not from a class file. */
    private final Set<String> definedAtRunTime = ConcurrentHashMap.newKeySet();

    /** A fresh table (tests, and each loader's first). */
    LoaderTypes() {
    }

    /** The table of {@code loader}'s types (other than the JDK's). */
    static LoaderTypes of(ClassLoader loader) {
        LoaderTypes types = last(loader);
        return types != null ? types : ofSlowly(loader);
    }

    private static LoaderTypes ofSlowly(ClassLoader loader) {
        synchronized (BY_LOADER) {
            SoftReference<LoaderTypes> ref = BY_LOADER.get(loader);
            LoaderTypes types = ref == null ? null : ref.get();
            if (types == null) {
                ref = new SoftReference<>(types = new LoaderTypes());
                BY_LOADER.put(loader, ref);
            }
            LAST = new Last(loader, ref);
            return types;
        }
    }

    /** The table of {@code loader}'s types, or null when it has none (yet). */
    static LoaderTypes existing(ClassLoader loader) {
        LoaderTypes types = last(loader);
        if (types != null) {
            return types;
        }
        synchronized (BY_LOADER) {
            SoftReference<LoaderTypes> ref = BY_LOADER.get(loader);
            return ref == null ? null : ref.get();
        }
    }

    /**
     * The table of the loader asked for last, when it is {@code loader}: most classes come from the
     * loader of the class before, and this spares each of them a synchronized look-up in a weak map
     * (twice per class, on the transformer's path, which the JIT compiles whole).
     */
    private static LoaderTypes last(ClassLoader loader) {
        Last last = LAST;
        return last != null && loader != null && last.loader.get() == loader ? last.types.get() : null;
    }

    /** The loader asked for last and its table, both held as the map holds them (weakly, softly). */
    private static final class Last {
        final WeakReference<ClassLoader> loader;
        final SoftReference<LoaderTypes> types;

        Last(ClassLoader loader, SoftReference<LoaderTypes> types) {
            this.loader = new WeakReference<>(loader);
            this.types = types;
        }
    }

    /** The table shared by every loader for JDK types. */
    static LoaderTypes jdk() {
        return JDK;
    }

    /** True for the names kept in the {@link #jdk()} table. */
    static boolean isJdk(String internalName) {
        return internalName.startsWith("java/");
    }

    /** The shape kept for {@code name}: null when not asked yet; {@link #isMissing} when it could not be read. */
    ClassShape shape(String name) {
        return shapes.get(name);
    }

    static boolean isMissing(ClassShape shape) {
        return shape == MISSING;
    }

    /** Keeps what was read for {@code name}; {@code shape} null when it could not be read. */
    void keep(String name, ClassShape shape) {
        if (shapes.size() < MAX_ENTRIES) {
            shapes.put(name, shape == null ? MISSING : shape);
        }
    }

    /**
     * A class named {@code name} is being defined by this loader: when it had been looked for and
     * not found (generated at run time, without a class file), its bytes now answer, and supertype
     * sets made without it are made again.
     */
    void defined(String name, byte[] classFile) {
        if (shapes.get(name) == MISSING) {
            ClassShape shape;
            try {
                shape = ClassShape.read(classFile);
            } catch (RuntimeException unreadable) {
                return;
            }
            definedAtRunTime.add(name);
            shapes.put(name, shape);
            supertypes.clear();
        }
    }

    /** True when the shape kept for {@code name} came from bytes defined at run time, not from a class file. */
    boolean definedAtRunTime(String name) {
        return definedAtRunTime.contains(name);
    }

    Supertypes supertypes(String name) {
        return supertypes.get(name);
    }

    void keepSupertypes(String name, Supertypes set) {
        if (supertypes.size() < MAX_ENTRIES) {
            supertypes.put(name, set);
        }
    }

    /**
     * A type's supertypes, and what they were made from besides class files: the type where the
     * walk stopped because it could not be read, whether a type on the way was defined at run time.
     * A kept rewrite whose answer came from this set depends on both ({@link TypeAnswers}).
     */
    static final class Supertypes {
        final Set<String> set;
        /** The type that could not be read, where the walk stopped; null when it went to the top. */
        final String stoppedAt;
        final boolean runTimeBytes;
        /**
         * The class whose own bytes the walk read, being rewritten then, not a class file; null when
         * none. Whether that class has a class file is asked only when another rewrite uses the set.
         */
        final String selfBytesOf;

        Supertypes(Set<String> set, String stoppedAt, boolean runTimeBytes, String selfBytesOf) {
            this.set = set;
            this.stoppedAt = stoppedAt;
            this.runTimeBytes = runTimeBytes;
            this.selfBytesOf = selfBytesOf;
        }
    }
}
