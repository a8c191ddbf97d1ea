package io.racewatch.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TypeHierarchy}, which reads only class files' headers and field tables, answers every
 * question the rewrite asks of real libraries' classes exactly as a Byte Buddy type pool (what it
 * replaced) answers it: "is this owner a subtype of a hooked family?" for every type a class
 * calls, reads or returns, and "is this field volatile?" for every field it reads or writes,
 * optional dependencies absent included (Netty and Spring name many types not on the class path).
 */
class TypeHierarchyExactTest {
    private static final List<String> JARS = List.of("guava-33", "netty-common-4.1", "spring-core-5", "scala-library-2.13",
        "kotlin-stdlib-1.9", "groovy-all-1.7");

    @Test
    void answersAsATypePoolDoes() throws IOException {
        Set<String> families = new LinkedHashSet<>(List.of(Hooks.MAP, "java/util/TimerTask", "java/lang/AutoCloseable"));
        for (Hook h : Hooks.all()) {
            families.add(h.family());
            for (JdkOverrides.Override o : JdkOverrides.of(h)) {
                families.add(o.owner());
            }
        }
        List<String> differences = new ArrayList<>();
        int questions = 0;
        for (String prefix : JARS) {
            Path jar = onClassPath(prefix);
            List<Path> others = new ArrayList<>(classPath());
            others.remove(jar);
            try (URLClassLoader deps = new URLClassLoader(JarRewriteCheck.urls(others), ClassLoader.getPlatformClassLoader());
                 ClassFileLocator jarFiles = ClassFileLocator.ForJarFile.of(jar.toFile())) {
                ClassFileLocator files = new ClassFileLocator.Compound(jarFiles, ClassFileLocator.ForClassLoader.of(deps));
                TypeHierarchy light = TypeHierarchy.of(files);
                PoolAnswers pool = new PoolAnswers(AgentBuilder.PoolStrategy.Default.FAST.typePool(files, deps));
                Uses uses = new Uses();
                for (String name : JarRewriteCheck.classNames(jar)) {
                    new ClassReader(files.locate(name).resolve()).accept(uses, ClassReader.SKIP_FRAMES);
                }
                for (String owner : uses.types) {
                    for (String family : families) {
                        questions++;
                        boolean expected = pool.isA(owner, family);
                        if (light.isA(owner, family) != expected) {
                            differences.add(prefix + ": " + owner + " isA " + family + ": expected " + expected);
                        }
                    }
                }
                for (Map.Entry<String, Set<String>> e : uses.fields.entrySet()) {
                    for (String field : e.getValue()) {
                        questions++;
                        boolean expected = pool.isVolatileField(e.getKey(), field);
                        if (light.isVolatileField(e.getKey(), field) != expected) {
                            differences.add(prefix + ": " + e.getKey() + "." + field + " volatile: expected " + expected);
                        }
                    }
                }
            }
        }
        assertTrue(questions > 100_000, "questions asked: " + questions);
        assertEquals("", String.join("\n", differences.subList(0, Math.min(40, differences.size()))),
            differences.size() + " of " + questions + " answers differ");
    }

    /** The answers as the agent made them before, from Byte Buddy's type descriptions. */
    private static final class PoolAnswers {
        private final TypePool pool;
        private final Map<String, Set<String>> supertypes = new HashMap<>();

        PoolAnswers(TypePool pool) {
            this.pool = pool;
        }

        boolean isA(String owner, String family) {
            return owner.equals(family) || supertypes.computeIfAbsent(owner, this::supertypes).contains(family);
        }

        private Set<String> supertypes(String owner) {
            Set<String> known = new HashSet<>();
            try {
                collect(pool.describe(owner.replace('/', '.')).resolve(), known);
            } catch (RuntimeException unresolvable) {
                // matches nothing further
            }
            return known;
        }

        private static void collect(TypeDefinition type, Set<String> into) {
            TypeDescription.Generic superClass = type.getSuperClass();
            if (superClass != null) {
                TypeDescription erased = superClass.asErasure();
                if (into.add(erased.getInternalName())) {
                    collect(erased, into);
                }
            }
            for (TypeDescription.Generic itf : type.getInterfaces()) {
                TypeDescription erased = itf.asErasure();
                if (into.add(erased.getInternalName())) {
                    collect(erased, into);
                }
            }
        }

        boolean isVolatileField(String owner, String name) {
            try {
                TypeDefinition type = pool.describe(owner.replace('/', '.')).resolve();
                while (type != null) {
                    for (FieldDescription.InDefinedShape f : type.asErasure().getDeclaredFields()) {
                        if (f.getName().equals(name)) {
                            return f.isVolatile();
                        }
                    }
                    TypeDescription.Generic up = type.getSuperClass();
                    type = up == null ? null : up.asErasure();
                }
            } catch (RuntimeException unresolvable) {
                return false;
            }
            return false;
        }
    }

    /** The types a class names where the rewrite asks about them, and the fields it accesses. */
    private static final class Uses extends ClassVisitor {
        final Set<String> types = new LinkedHashSet<>();
        final Map<String, Set<String>> fields = new HashMap<>();

        Uses() {
            super(OpenedClassReader.ASM_API);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            types.add(name);
            if (superName != null) {
                types.add(superName);
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String n, String d, boolean isInterface) {
                    types.add(owner);
                    if (d.startsWith("()L")) {
                        types.add(d.substring(3, d.length() - 1));
                    }
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String n, String d) {
                    fields.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(n);
                    if (d.startsWith("L") && (opcode == Opcodes.GETFIELD || opcode == Opcodes.GETSTATIC)) {
                        types.add(d.substring(1, d.length() - 1));
                    }
                }
            };
        }
    }

    private static List<Path> classPath() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            out.add(Path.of(entry));
        }
        return out;
    }

    private static Path onClassPath(String prefix) {
        return classPath().stream().filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
            .orElseThrow(() -> new AssertionError(prefix + "* is not on the test class path"));
    }
}
