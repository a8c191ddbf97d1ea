package io.racewatch.order;

import io.racewatch.runtime.Faults;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the happens-before hooks inside the JDK's synchronizers ({@link OrderPoints}), so that
 * an edge made anywhere (JDK utilities, excluded libraries, parallel streams, thread pools) orders
 * accesses, whoever called the synchronizer. The classes are bootstrap classes of
 * {@code java.base}: those loaded already are retransformed, the others are rewritten as they load.
 */
public final class JdkOrderHooks implements ClassFileTransformer {
    /** Names (dotted) of the classes hooked as they loaded: they need no retransformation. */
    /** Small, hooked, and loaded at start-up anyway ({@link OrderPoints#loadedAtStart}). */
    private static final String WARM_UP = "java/util/concurrent/atomic/AtomicBoolean";

    private final Set<String> hookedOnLoad = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The hooked classes of earlier runs, or null. */
    private final HookedClassCache cache;

    JdkOrderHooks(HookedClassCache cache) {
        this.cache = cache;
    }

    /**
     * Returns false, after logging why, when the hooks could not be installed (the application still runs).
     *
     * @param cacheRoot where hooked classes are kept between runs ({@link HookedClassCache}), or null for nowhere
     * @param build     what identifies this agent build, for the cache (its jar's path, length and time)
     */
    public static boolean install(Instrumentation instrumentation, java.io.File cacheRoot, String build) throws java.io.IOException {
        Module javaBase = Object.class.getModule();
        // The probes live in the boot loader's unnamed module, which java.base does not read by default.
        instrumentation.redefineModule(javaBase, Set.of(OrderProbes.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        // sun.misc.Unsafe lives in jdk.unsupported.
        java.util.Optional<Module> unsupported = ModuleLayer.boot().findModule("jdk.unsupported");
        if (unsupported.isPresent()) { // not ifPresent(lambda): a lambda is a class spun at start-up
            instrumentation.redefineModule(unsupported.get(), Set.of(OrderProbes.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
        io.racewatch.runtime.StartupTrace.mark("  jdk hooks: modules");
        DiagSkips.spec(); // initialized here, not first inside a transformer or an atomic's probe
        JdkOrderHooks hooks = new JdkOrderHooks(cacheRoot == null ? null : HookedClassCache.in(cacheRoot, build));
        if (hooks.cache == null) {
            warmUp();
        } else {
            // With a cache most runs hook nothing (ASM loads on the first miss); the table every transform asks is loaded
            // now, or its own loading would call the transformer that needs it.
            OrderPoints.instruments(OrderPoints.CHM);
        }
        io.racewatch.runtime.StartupTrace.mark("  jdk hooks: warm-up (without a cache)");
        instrumentation.addTransformer(hooks, true);
        io.racewatch.runtime.StartupTrace.mark("  jdk hooks: addTransformer");
        loadHooked();
        io.racewatch.runtime.StartupTrace.mark("  jdk hooks: loadHooked");
        // Only those loaded before the transformer are retransformed (each retransformation is a
        // class redefinition, the costliest part of start-up); the others were hooked as they loaded.
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && OrderPoints.instrumentsLoaded(c.getName())
                && !hooks.hookedOnLoad.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        io.racewatch.runtime.StartupTrace.mark("  jdk hooks: listLoaded");
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            io.racewatch.runtime.StartupTrace.mark("  jdk hooks: retransform");
            linkProbes();
            io.racewatch.runtime.StartupTrace.mark("  jdk hooks: linkProbes");
            return true;
        } catch (Throwable failure) {
            Faults.report("retransforming the JDK's synchronizers", failure);
            return false;
        }
    }

    /**
     * Loads what the transformer uses (ASM, the hooks' visitors) by hooking one small class's
     * bytes, thrown away: the first pass runs interpreted and loads classes, so it is given the
     * smallest class that exercises the visitors, not a large one such as ConcurrentHashMap.
     */
    private static void warmUp() throws java.io.IOException {
        try (java.io.InputStream in = Object.class.getResourceAsStream("/" + WARM_UP + ".class")) {
            if (in != null) {
                hook(WARM_UP, in.readAllBytes());
            }
        }
    }

    /**
     * Loads the hooked classes racewatch's transformers may meet first ({@link OrderPoints#loadedAtStart})
     * now, outside any transformer, so that each is hooked as it loads: a class first loaded while
     * one of this agent's transformers runs (racewatch's own code uses AtomicReference, queues...)
     * is not passed to the agent's transformers, and would never be hooked.
     */
    private static void loadHooked() {
        for (String name : OrderPoints.loadedAtStart()) {
            try {
                Class.forName(name.replace('/', '.'), false, null);
            } catch (ClassNotFoundException | LinkageError absent) {
                // not in this JDK version (VirtualThread before 21, an updater some JVMs lack)
            }
        }
    }

    /**
     * Runs the atomics' probes once, so that their first run in the application links nothing.
     * CompletableFuture is not run here: its initialization starts the common fork/join pool,
     * whose size the program may still set in {@code main}; its probe's VarHandle call links on
     * the program's first completion, where the JDK's own call would have linked.
     */
    private static void linkProbes() {
        java.util.concurrent.atomic.AtomicInteger atomic = new java.util.concurrent.atomic.AtomicInteger();
        atomic.incrementAndGet();
        atomic.get();
        java.util.concurrent.atomic.LongAdder adder = new java.util.concurrent.atomic.LongAdder();
        adder.increment();
        adder.sum();
        java.util.concurrent.ConcurrentHashMap<Object, Object> map = new java.util.concurrent.ConcurrentHashMap<>();
        map.put("racewatch", "linked");
        map.get("racewatch");
        // Initialized here, not first inside a map's hook (perhaps under the map's bin lock, on another thread).
        KeyedVars.ready();
        MapCallMarks.end(null);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (loader != null || !OrderPoints.instruments(className) || DiagSkips.skipsClass(className)) {
            return null;
        }
        try {
            byte[] hooked = cache == null ? null : cache.get(className, classfile);
            if (hooked == null) {
                hooked = hook(className, classfile);
                if (cache != null) {
                    cache.put(className, classfile, hooked);
                }
            }
            if (redefined == null) {
                hookedOnLoad.add(className.replace('/', '.'));
            }
            return hooked;
        } catch (Throwable failure) {
            Faults.report("hooking " + className, failure);
            return null;
        }
    }

    private static byte[] hook(String className, byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new OrderClassVisitor(OpenedClassReader.ASM_API, writer, className), 0);
        return writer.toByteArray();
    }
}
