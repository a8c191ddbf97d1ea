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
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

    /**
     * @param loadedBefore names (dotted) of classes loaded before the transformer: they are retransformed, and a
     *                     retransformation may not change modifiers
     */
    RewritingTransformer(ClassFilter filter, Set<String> lifecycle, Set<String> loadedBefore) {
        this.filter = filter;
        this.lifecycle = lifecycle;
        this.loadedBefore = loadedBefore;
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
        if (!filter.orders(name) || busy.get() != null) {
            return null;
        }
        busy.set(Boolean.TRUE);
        try {
            return rewrite(classFile, internalName, name, loader);
        } catch (Throwable failure) {
            Instrumenter.Failures.report(name, failure);
            return null;
        } finally {
            busy.remove();
        }
    }

    private byte[] rewrite(byte[] classFile, String internalName, String name, ClassLoader loader) {
        boolean checked = filter.includes(name);
        LoaderTypes known = LoaderTypes.of(loader);
        // The class's own bytes answer for it: a class generated at run time has no class file to read.
        Types types = new Types(loader, known, internalName, classFile);
        ClassFileScan.Plan plan = ClassFileScan.methodsToRewrite(classFile, checked, lifecycle, types, NOTE_GETTER);
        if (plan.nothing()) {
            return null;
        }
        if (!plan.probes()) {
            noteGetters(classFile, types.get(), lifecycle, plan.methods(), NOTE_GETTER);
            return null;
        }
        return rewrite(classFile, types.get(), !loadedBefore.contains(name), !checked, lifecycle, plan.methods());
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
        return rewrite(classFile, types, firstLoad, orderingOnly, lifecycle, methods, NOTE_GETTER);
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

    /**
     * Where getters that return a field are noted: a named class, not a method reference (each lambda
     * or method reference is a class spun at run time, here at the first class rewritten).
     */
    private static final BiConsumer<String, String> NOTE_GETTER = new NoteGetter();

    private static final class NoteGetter implements BiConsumer<String, String> {
        @Override
        public void accept(String getterName, String field) {
            MapGetters.returnsField(getterName, field);
        }
    }

    /** The type hierarchy of one class's loader, made on first use: most classes are decided without it. */
    private static final class Types implements Supplier<TypeHierarchy> {
        private final ClassLoader loader;
        private final LoaderTypes known;
        private final String internalName;
        private final byte[] classFile;
        private TypeHierarchy made;

        Types(ClassLoader loader, LoaderTypes known, String internalName, byte[] classFile) {
            this.loader = loader;
            this.known = known;
            this.internalName = internalName;
            this.classFile = classFile;
        }

        @Override
        public TypeHierarchy get() {
            if (made == null) {
                made = new TypeHierarchy(loader, known, LoaderTypes.jdk(), internalName, classFile);
            }
            return made;
        }
    }
}
