package io.racewatch.instrument;

import io.racewatch.maps.MapGetters;
import io.racewatch.runtime.Log;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import jdk.internal.vm.annotation.DontInline;

/**
 * The class-file transformer: ASM reads the class, a {@link CallSiteRewriter} rewrites it, ASM
 * writes it, nothing else. A class the filter leaves alone is turned away by its name before
 * anything parses it, and one whose bytes show nothing to rewrite ({@link ClassFileScan}) right
 * after: most library classes end there. Types are answered from class files, each read once per
 * loader ({@link LoaderTypes}); no class is loaded. Only method bodies change (and, on first
 * load, a synchronized instance method's modifier), and the written class needs no frames
 * computed: ProbeInserter writes the few it adds.
 */
final class RewritingTransformer implements ClassFileTransformer {
    static final String SLF4J_FACTORY = "org/slf4j/LoggerFactory";
    private final ClassFilter filter;
    private final Set<String> lifecycle;
    private final Set<String> loadedBefore;
    /**
     * Set while this thread rewrites a class: a class that loads meanwhile (the class loader's own,
     * reading a class file) is left as it is, rather than rewritten inside the rewrite.
     */
    private final ThreadLocal<Busy> busy = new ThreadLocal<>() {
        @Override
        protected Busy initialValue() {
            return new Busy();
        }
    };

    /**
     * A thread's mark, made once per thread and then flipped: not {@code ThreadLocal.set} and
     * {@code remove} per class, which the JIT compiled into the transformer's path for every class.
     */
    private static final class Busy {
        boolean on;
    }
    /** A diagnostic: {@code -Dracewatch.classCacheTrace=true} names each class the kept rewrites did not serve. */
    private static final boolean TRACE_MISSES = Boolean.getBoolean("racewatch.classCacheTrace");
    /** Rewrites kept between runs, or null. */
    private final RewriteCache cache;
    /**
     * Where getters are noted ({@link MapGetters#returnsField}). Here and below named classes, not
     * lambdas: a lambda's first use spins classes at run time, at start-up.
     */
    private static final BiConsumer<String, String> TO_MAP_GETTERS = new BiConsumer<>() {
        @Override
        public void accept(String getter, String field) {
            MapGetters.returnsField(getter, field);
        }
    };

    /**
     * @param loadedBefore names (dotted) of classes loaded before the transformer: they are retransformed, and a
     *                     retransformation may not change modifiers
     */
    RewritingTransformer(ClassFilter filter, Set<String> lifecycle, Set<String> loadedBefore) {
        this(filter, lifecycle, loadedBefore, null);
    }

    /** @param cache rewrites kept between runs, or null for none */
    RewritingTransformer(ClassFilter filter, Set<String> lifecycle, Set<String> loadedBefore, RewriteCache cache) {
        this.filter = filter;
        this.lifecycle = lifecycle;
        this.loadedBefore = loadedBefore;
        this.cache = cache;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) {
        if (loader == null || internalName == null || classFile == null) {
            return null; // the JDK's own classes are JdkOrderHooks'; a class without a name has no rules
        }
        if (internalName.equals(SLF4J_FACTORY)) {
            Log.applicationLoadsSlf4j(loader); // racewatch's log may use the application's SLF4J from now on
        }
        LoaderTypes known = LoaderTypes.existing(loader);
        if (known != null) {
            known.defined(internalName, classFile);
        }
        String name = internalName.replace('/', '.');
        if (!filter.orders(name)) {
            return null;
        }
        Busy mark = busy.get();
        if (mark.on) {
            return null;
        }
        mark.on = true;
        try {
            CodeSourceCache kept = cache == null ? null : cache.of(domain);
            boolean firstLoad = loadedBefore.isEmpty() || !loadedBefore.contains(name); // empty: no name hashed
            byte[] out = rewrite(classFile, internalName, filter.includesOrdered(name), firstLoad, loader, lifecycle, kept);
            return out == classFile ? null : out;
        } catch (Throwable failure) {
            Instrumenter.Failures.report(name, failure);
            return null;
        } finally {
            mark.on = false;
        }
    }

    /**
     * Scans the class and rewrites the methods the scan picks. Through the kept rewrites of the
     * class's code source when there are any: a kept rewrite whose answers still hold is replayed;
     * otherwise the class is rewritten afresh, noting what it asked and what it did, and that is
     * kept for the next run.
     *
     * @param checked   the class is checked (every probe), not rewritten for ordering only
     * @param firstLoad the class is being loaded, not retransformed
     * @param kept      the rewrites kept for the class's code source, or null
     * @return the class file to load, {@code classFile} itself when it loads as it is
     */
    static byte[] rewrite(byte[] classFile, String internalName, boolean checked, boolean firstLoad, ClassLoader loader,
                          Set<String> lifecycle, CodeSourceCache kept) {
        LoaderTypes known = LoaderTypes.of(loader);
        Supplier<TypeHierarchy> types = new LoaderHierarchy(loader, known, internalName, classFile);
        return rewrite(classFile, internalName, checked, firstLoad, types, kept == null ? null : ClassPathState.of(loader), lifecycle,
            kept);
    }

    /**
     * @param types     the loader's types, made afresh by each call
     * @param classPath the state of the class path the loader reads class files from ({@link ClassPathState}), or null
     */
    static byte[] rewrite(byte[] classFile, String internalName, boolean checked, boolean firstLoad, Supplier<TypeHierarchy> types,
                          String classPath, Set<String> lifecycle, CodeSourceCache kept) {
        if (kept == null) {
            return rewrite(classFile, checked, firstLoad, new Types(types), lifecycle, TO_MAP_GETTERS);
        }
        CodeSourceCache.Key key = CodeSourceCache.Key.of(internalName, classFile, checked, firstLoad);
        CachedRewrite hit = kept.get(key, classPath);
        if (hit == CachedRewrite.LOADS_AS_IT_IS) {
            kept.used.increment();
            return classFile;
        }
        if (hit != null) {
            byte[] replayed = hit.replay(internalName, classFile, types, classPath);
            if (replayed != null) {
                kept.used.increment();
                if (replayed != classFile && !hit.keptAsIs(replayed)) {
                    kept.renumbered.increment();
                }
                return replayed;
            }
        }
        kept.made.increment();
        if (TRACE_MISSES) {
            System.err.println("racewatch class cache: rewritten afresh " + internalName + (hit != null ? " (kept rewrite did not hold)" : ""));
        }
        TypeAnswers answers = new TypeAnswers();
        Types noting = new Types(new Noting(types, answers));
        java.util.List<String> noted = new java.util.ArrayList<>();
        byte[] out = rewrite(classFile, checked, firstLoad, noting, lifecycle, new NotedGetters(noted));
        CachedRewrite made = CachedRewrite.of(internalName, out == classFile ? null : out, answers, noted, classPath);
        if (made != null) {
            kept.put(key, made);
        }
        return out;
    }

    /**
     * The scan, then the rewrite of what it picks: {@code classFile} itself when the class loads as it is.
     * Out of line, as are the kept rewrite's read and replay: the JIT compiles {@link #transform} for
     * every class loaded, and with all of them inlined it made one method of some 58 kB of machine
     * code, compiled again whole each time a rarely taken branch in any of them was taken.
     */
    @DontInline
    private static byte[] rewrite(byte[] classFile, boolean checked, boolean firstLoad, Types types, Set<String> lifecycle,
                                  BiConsumer<String, String> getters) {
        ClassFileScan.Plan plan = ClassFileScan.methodsToRewrite(classFile, checked, lifecycle, types, getters);
        if (plan.nothing()) {
            return classFile;
        }
        if (!plan.probes()) {
            noteGetters(classFile, types.get(), lifecycle, plan.methods(), getters);
            return classFile;
        }
        return rewrite(classFile, types.get(), firstLoad, !checked, lifecycle, plan.methods(), getters);
    }

    /**
     * Runs a checked class's rewrite over {@code methods} for what it notes of them (the field each
     * getter returns) and writes nothing: for a class where that is all the rewrite would do
     * ({@link ClassFileScan.Plan#probes()} false), which then loads as it is. Only those methods are parsed.
     */
    static void noteGetters(byte[] classFile, TypeHierarchy types, Set<String> lifecycle, Set<String> methods,
                            BiConsumer<String, String> getters) {
        ClassReader reader = OpenedClassReader.of(classFile);
        reader.accept(new CallSiteRewriter(OpenedClassReader.ASM_API, new Discard(methods), types, true, false, lifecycle, methods,
            getters), ClassReader.EXPAND_FRAMES);
    }

    /** Takes the given methods' code and drops it; the others are not even parsed. */
    private static final class Discard extends ClassVisitor {
        private final Set<String> methods;

        Discard(Set<String> methods) {
            super(OpenedClassReader.ASM_API);
            this.methods = methods;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return methods.contains(name + descriptor) ? new MethodVisitor(api) { } : null;
        }
    }

    /**
     * Rewrites one class file (also what the verification tests run).
     *
     * @param firstLoad    the class is being loaded, not retransformed: method modifiers may change
     * @param orderingOnly the class is not checked, only its ordering counts
     */
    static byte[] rewrite(byte[] classFile, TypeHierarchy types, boolean firstLoad, boolean orderingOnly, Set<String> lifecycle) {
        return rewrite(classFile, types, firstLoad, orderingOnly, lifecycle, null);
    }

    /** @param methods name + descriptor of the methods that may change, null for all; the others are copied */
    static byte[] rewrite(byte[] classFile, TypeHierarchy types, boolean firstLoad, boolean orderingOnly, Set<String> lifecycle,
                          Set<String> methods) {
        return rewrite(classFile, types, firstLoad, orderingOnly, lifecycle, methods, TO_MAP_GETTERS);
    }

    /** @param getters where a getter that returns a field is noted (getter name, field name) */
    static byte[] rewrite(byte[] classFile, TypeHierarchy types, boolean firstLoad, boolean orderingOnly, Set<String> lifecycle,
                          Set<String> methods, BiConsumer<String, String> getters) {
        ClassReader reader = OpenedClassReader.of(classFile);
        // Sharing the reader's constant pool: unchanged methods (bridges, abstract ones, those without
        // anything to rewrite) are copied as they are.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new CallSiteRewriter(OpenedClassReader.ASM_API, writer, types, firstLoad, orderingOnly, lifecycle, methods,
            getters), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** The type hierarchy of one class's loader, made on first use: most classes are decided without it. */
    private static final class Types implements Supplier<TypeHierarchy> {
        private final Supplier<TypeHierarchy> factory;
        private TypeHierarchy made;

        Types(Supplier<TypeHierarchy> factory) {
            this.factory = factory;
        }

        @Override
        public TypeHierarchy get() {
            if (made == null) {
                made = factory.get();
            }
            return made;
        }
    }

    /** A class's loader's type hierarchy, made afresh by each call. */
    private static final class LoaderHierarchy implements Supplier<TypeHierarchy> {
        private final ClassLoader loader;
        private final LoaderTypes known;
        private final String internalName;
        private final byte[] classFile;

        LoaderHierarchy(ClassLoader loader, LoaderTypes known, String internalName, byte[] classFile) {
            this.loader = loader;
            this.known = known;
            this.internalName = internalName;
            this.classFile = classFile;
        }

        @Override
        public TypeHierarchy get() {
            return new TypeHierarchy(loader, known, LoaderTypes.jdk(), internalName, classFile);
        }
    }

    /** The hierarchy of {@code types}, noting every answer it gives (for the kept rewrite). */
    private static final class Noting implements Supplier<TypeHierarchy> {
        private final Supplier<TypeHierarchy> types;
        private final TypeAnswers answers;

        Noting(Supplier<TypeHierarchy> types, TypeAnswers answers) {
            this.types = types;
            this.answers = answers;
        }

        @Override
        public TypeHierarchy get() {
            TypeHierarchy t = types.get();
            t.noteAnswersTo(answers);
            return t;
        }
    }

    /** Notes getters to the maps model and to a list (getter, field, ...) kept with the rewrite. */
    private static final class NotedGetters implements BiConsumer<String, String> {
        private final java.util.List<String> noted;

        NotedGetters(java.util.List<String> noted) {
            this.noted = noted;
        }

        @Override
        public void accept(String getter, String field) {
            MapGetters.returnsField(getter, field);
            noted.add(getter);
            noted.add(field);
        }
    }
}
