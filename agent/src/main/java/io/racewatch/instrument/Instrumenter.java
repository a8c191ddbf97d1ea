package io.racewatch.instrument;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Unresolved;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.Instrumentation;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Installs the class-file transformer: Byte Buddy's {@link AgentBuilder} does the plumbing
 * (matching, retransforming classes loaded before the agent, errors), and a
 * {@link CallSiteRewriter} does the rewriting. Only method bodies change, so classes that were
 * loaded already can be retransformed. Classes the filter checks get every probe; the others
 * that it lets order get only the probes that order ({@link ClassFilter}).
 */
public final class Instrumenter {
    private Instrumenter() {
    }

    /**
     * @param filter         which classes are rewritten
     * @param lifecycleNames names of no-argument methods that end their object's life (option {@code lifecycle})
     */
    public static void install(Instrumentation instrumentation, ClassFilter filter, Collection<String> lifecycleNames) {
        Set<String> lifecycle = Set.copyOf(lifecycleNames);
        // No Nexus: racewatch adds no initializers, and setting it up touches sun.misc.Unsafe,
        // which recent JDKs warn about on the host's console. (The shaded copy reads its own key.)
        System.setProperty("io.racewatch.shaded.bytebuddy.nexus.disabled", "true");
        Set<String> loadedBefore = new HashSet<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            loadedBefore.add(c.getName());
        }
        TypePoolCache pools = new TypePoolCache(); // supertypes read once per loader, not once per class
        new AgentBuilder.Default(byteBuddy())
            .disableClassFormatChanges()
            .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE) // call-site rewrites add no classes
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new Failures())
            .with(pools)
            // Only the classes the rewrite changes reach Byte Buddy: most are turned away by name or by a scan of their bytes.
            .with((AgentBuilder.TransformerDecorator) rewrite -> new ScanningTransformer(rewrite, filter, lifecycle, pools))
            .ignore(ElementMatchers.any(), ElementMatchers.isBootstrapClassLoader())
            .type(new Rewritten(filter))
            .transform((builder, type, loader, module, domain) -> builder.visit(
                new Rewrite(!loadedBefore.contains(type.getName()), !filter.includes(type.getName()), lifecycle)))
            .installOn(instrumentation);
    }

    /**
     * Byte Buddy as the transformer uses it (and the verification tests with it). Only method bodies change, so the method graph is
     * built from the class's own methods: walking its supertypes' generic signatures would cost
     * time on every class, fail on classes whose supertypes this loader cannot see, and fail on
     * some Scala signatures (a wildcard where Java allows none, as in {@code scala.collection.MapView}).
     */
    static ByteBuddy byteBuddy() {
        // No validation either: it checks members Byte Buddy adds (none here) and rejects names that
        // are legal in class files but not in Java (Kotlin, Scala, Groovy).
        return new ByteBuddy().with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE).with(TypeValidation.DISABLED);
    }

    /** The rewrite the transformer applies to each class, for tests that run it outside an agent. */
    static AsmVisitorWrapper rewrite(boolean firstLoad, Set<String> lifecycle) {
        return new Rewrite(firstLoad, false, lifecycle);
    }

    private static final class Rewritten extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        private final ClassFilter filter;

        Rewritten(ClassFilter filter) {
            this.filter = filter;
        }

        @Override
        public boolean matches(TypeDescription type) {
            return !type.isAnnotation() && filter.orders(type.getName());
        }
    }

    private static final class Rewrite implements AsmVisitorWrapper {
        private final boolean firstLoad;
        private final boolean orderingOnly;
        private final Set<String> lifecycle;

        Rewrite(boolean firstLoad, boolean orderingOnly, Set<String> lifecycle) {
            this.firstLoad = firstLoad;
            this.orderingOnly = orderingOnly;
            this.lifecycle = lifecycle;
        }

        @Override
        public int mergeWriter(int flags) {
            return flags;
        }

        @Override
        public int mergeReader(int flags) {
            return flags | ClassReader.EXPAND_FRAMES;
        }

        @Override
        public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor, Implementation.Context context,
                                 TypePool typePool, FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                                 int writerFlags, int readerFlags) {
            return new CallSiteRewriter(OpenedClassReader.ASM_API, classVisitor, new TypeHierarchy(typePool), firstLoad,
                orderingOnly, lifecycle);
        }
    }

    /**
     * A class that cannot be rewritten is loaded as it is. When a type it uses cannot be read, that
     * is a line at most (see {@link Unresolved}); other failures are racewatch's, logged as faults.
     */
    static final class Failures extends AgentBuilder.Listener.Adapter {
        private static final String CANNOT_RESOLVE = "Cannot resolve type description for ";

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            String missing = missingType(error);
            if (missing != null) {
                Unresolved.note(typeName, missing);
            } else {
                Faults.report("rewriting " + typeName, error);
            }
        }

        /** The type that could not be read, when that is what went wrong. */
        private static String missingType(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                String message = t.getMessage();
                if (message != null && message.startsWith(CANNOT_RESOLVE)) {
                    return message.substring(CANNOT_RESOLVE.length());
                }
            }
            return null;
        }
    }
}
