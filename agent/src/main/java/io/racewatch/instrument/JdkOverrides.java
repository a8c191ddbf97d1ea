package io.racewatch.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JDK methods that override a hooked method under another erased descriptor: a covariant result
 * ({@code CompletableFuture.thenApply} returns a {@code CompletableFuture}) or a generic argument
 * ({@code EnumMap.put(Enum, Object)}). javac compiled them as overrides (each has a bridge with the
 * hooked descriptor), so a call to one is a call to the hooked method. The JDK's are the only such
 * methods trusted: an application's method with a different descriptor may be an overload, or the
 * target of its own bridge, and rewriting a call to it would call something else.
 */
final class JdkOverrides {
    /**
     * A JDK class and the erased descriptor of its override.
     *
     * @param sinceJdk the first JDK release that has it (on older ones no call site can name it)
     */
    record Override(String owner, String descriptor, int sinceJdk) {
    }

    private static final Map<String, List<Override>> BY_HOOK = new HashMap<>();

    static {
        String cf = "java/util/concurrent/CompletableFuture";
        String cfType = "Ljava/util/concurrent/CompletableFuture;";
        for (String m : new String[] {"thenApply", "thenAccept", "thenRun", "thenCompose", "whenComplete", "handle"}) {
            String fn = switch (m) {
                case "thenApply", "thenCompose" -> "Ljava/util/function/Function;";
                case "thenAccept" -> "Ljava/util/function/Consumer;";
                case "thenRun" -> "Ljava/lang/Runnable;";
                case "whenComplete" -> "Ljava/util/function/BiConsumer;";
                default -> "Ljava/util/function/BiFunction;";
            };
            covariant(cf, m, "(" + fn + ")", cfType);
            covariant(cf, m + "Async", "(" + fn + ")", cfType);
            covariant(cf, m + "Async", "(" + fn + "Ljava/util/concurrent/Executor;)", cfType);
        }
        covariant(cf, "exceptionally", "(Ljava/util/function/Function;)", cfType);
        covariant(cf, "thenCombine", "(Ljava/util/concurrent/CompletionStage;Ljava/util/function/BiFunction;)", cfType);

        String fjp = "java/util/concurrent/ForkJoinPool";
        String task = "Ljava/util/concurrent/ForkJoinTask;";
        covariant(fjp, "submit", "(Ljava/lang/Runnable;)", task);
        covariant(fjp, "submit", "(Ljava/lang/Runnable;Ljava/lang/Object;)", task);
        covariant(fjp, "submit", "(Ljava/util/concurrent/Callable;)", task);

        String rw = "java/util/concurrent/locks/ReentrantReadWriteLock";
        covariant(rw, "readLock", "()", "Ljava/util/concurrent/locks/ReentrantReadWriteLock$ReadLock;");
        covariant(rw, "writeLock", "()", "Ljava/util/concurrent/locks/ReentrantReadWriteLock$WriteLock;");

        override("java/util/Map", "put", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
            "java/util/EnumMap", "(Ljava/lang/Enum;Ljava/lang/Object;)Ljava/lang/Object;");
        override("java/util/Map", "put", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
            "javax/script/Bindings", "(Ljava/lang/String;Ljava/lang/Object;)Ljava/lang/Object;");
        override("java/util/Map", "put", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
            "javax/print/attribute/standard/PrinterStateReasons",
            "(Ljavax/print/attribute/standard/PrinterStateReason;Ljavax/print/attribute/standard/Severity;)Ljavax/print/attribute/standard/Severity;");
    }

    private JdkOverrides() {
    }

    /** True when {@code owner.name descriptor} is a JDK override of {@code hook} under another descriptor. */
    static boolean matches(Hook hook, String owner, String descriptor, TypeHierarchy hierarchy) {
        for (Override o : BY_HOOK.getOrDefault(key(hook.family(), hook.name(), hook.descriptor()), List.of())) {
            if (o.descriptor().equals(descriptor) && hierarchy.isA(owner, o.owner())) {
                return true;
            }
        }
        return false;
    }

    /** The overrides known for a hook (for the check against the running JDK). */
    static List<Override> of(Hook hook) {
        return BY_HOOK.getOrDefault(key(hook.family(), hook.name(), hook.descriptor()), List.of());
    }

    /** A CompletionStage/ExecutorService/ReadWriteLock method whose JDK override narrows the result. */
    private static void covariant(String owner, String name, String args, String result) {
        for (Hook h : Hooks.named(name)) {
            if (!h.isStatic() && h.args().equals(args)) {
                override(h.family(), name, h.descriptor(), owner, args + result);
            }
        }
    }

    private static void override(String family, String name, String hookDescriptor, String owner, String descriptor) {
        override(family, name, hookDescriptor, owner, descriptor, 8);
    }

    private static void override(String family, String name, String hookDescriptor, String owner, String descriptor, int sinceJdk) {
        String key = key(family, name, hookDescriptor);
        List<Override> overrides = BY_HOOK.get(key); // not computeIfAbsent(lambda): a class spun at the first class rewritten
        if (overrides == null) {
            overrides = new ArrayList<>();
            BY_HOOK.put(key, overrides);
        }
        overrides.add(new Override(owner, descriptor, sinceJdk));
    }

    private static String key(String family, String name, String descriptor) {
        return family + "." + name + descriptor;
    }
}
