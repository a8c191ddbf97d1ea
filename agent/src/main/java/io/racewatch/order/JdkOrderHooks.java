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
import java.util.concurrent.CompletableFuture;

/**
 * Installs the happens-before hooks inside the JDK's synchronizers ({@link OrderPoints}), so that
 * an edge made anywhere (JDK utilities, excluded libraries, parallel streams, thread pools) orders
 * accesses, whoever called the synchronizer. The classes are bootstrap classes of
 * {@code java.base}: those loaded already are retransformed, the others are rewritten as they load.
 */
public final class JdkOrderHooks implements ClassFileTransformer {
    private JdkOrderHooks() {
    }

    /** Returns false, after logging why, when the hooks could not be installed (the application still runs). */
    public static boolean install(Instrumentation instrumentation) throws java.io.IOException {
        Module javaBase = Object.class.getModule();
        // The probes live in the boot loader's unnamed module, which java.base does not read by default.
        instrumentation.redefineModule(javaBase, Set.of(OrderProbes.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        // sun.misc.Unsafe lives in jdk.unsupported.
        ModuleLayer.boot().findModule("jdk.unsupported").ifPresent(unsupported -> instrumentation.redefineModule(unsupported,
            Set.of(OrderProbes.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of()));
        JdkOrderHooks hooks = new JdkOrderHooks();
        hooks.warmUp();
        loadHooked();
        instrumentation.addTransformer(hooks, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && OrderPoints.instruments(c.getName().replace('.', '/'))
                && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            linkProbes();
            return true;
        } catch (Throwable failure) {
            Faults.report("retransforming the JDK's synchronizers", failure);
            return false;
        }
    }

    /**
     * Loads and links what the transformer and the probes use before either can run: a class
     * loaded from inside the transformer would come back to it (a class circularity), and the
     * VarHandle call in {@link OrderProbes#resultCas} links on its first use.
     */
    private void warmUp() throws java.io.IOException {
        try (java.io.InputStream in = Object.class.getResourceAsStream("/java/util/concurrent/FutureTask.class")) {
            if (in != null) {
                transform(null, null, OrderPoints.FUTURE_TASK, null, null, in.readAllBytes());
            }
        }
    }

    /**
     * Loads every hooked class now, so that it is retransformed below: a class first loaded
     * while one of this agent's transformers runs (racewatch's own code uses AtomicReference,
     * queues...) is not passed to the agent's transformers, and would never be hooked.
     */
    private static void loadHooked() {
        for (String name : OrderPoints.hookedClasses()) {
            try {
                Class.forName(name.replace('/', '.'), false, null);
            } catch (ClassNotFoundException | LinkageError absent) {
                // not in this JDK version (VirtualThread before 21, an updater some JVMs lack)
            }
        }
    }

    /** Runs each hooked completion path once, so that its first run in the application links nothing. */
    private static void linkProbes() {
        CompletableFuture<Object> f = new CompletableFuture<>();
        f.complete(f);
        f.join();
        java.util.concurrent.atomic.AtomicInteger atomic = new java.util.concurrent.atomic.AtomicInteger();
        atomic.incrementAndGet();
        atomic.get();
        java.util.concurrent.atomic.LongAdder adder = new java.util.concurrent.atomic.LongAdder();
        adder.increment();
        adder.sum();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (loader != null || !OrderPoints.instruments(className)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new OrderClassVisitor(OpenedClassReader.ASM_API, writer, className), 0);
            return writer.toByteArray();
        } catch (Throwable failure) {
            Faults.report("hooking " + className, failure);
            return null;
        }
    }
}
