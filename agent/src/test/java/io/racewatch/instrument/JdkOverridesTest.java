package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JdkOverrides} against the running JDK: every public JDK method that overrides a hooked
 * method under another erased descriptor (javac left a bridge with the hooked descriptor) is known,
 * and every one listed exists (from the release it names).
 */
class JdkOverridesTest {
    private final TypeHierarchy hierarchy = TypeHierarchy.of(ClassFileLocator.ForClassLoader.ofSystemLoader());

    @Test
    void everyJdkOverrideOfAHookedMethodIsKnown() throws IOException {
        List<String> missing = new ArrayList<>();
        int scanned = 0;
        for (Class<?> c : publicJdkClasses()) {
            scanned++;
            for (Hook h : Hooks.all()) {
                Class<?> family = load(h.family());
                if (h.isStatic() || family == null || !family.isAssignableFrom(c)) {
                    continue;
                }
                for (Method m : c.getDeclaredMethods()) {
                    String descriptor = Type.getMethodDescriptor(m);
                    if (!m.getName().equals(h.name()) || m.isBridge() || Modifier.isStatic(m.getModifiers())
                        || descriptor.equals(h.descriptor()) || !narrows(m, h) || !hasBridge(c, h)) {
                        continue;
                    }
                    if (!JdkOverrides.matches(h, Type.getInternalName(c), descriptor, hierarchy)) {
                        missing.add(Type.getInternalName(c) + "." + m.getName() + descriptor + " overrides " + h.family() + "."
                            + h.name() + h.descriptor());
                    }
                }
            }
        }
        assertTrue(scanned > 1000, "scanned the JDK's public classes: " + scanned);
        assertEquals(List.of(), missing, "JDK overrides under another descriptor that JdkOverrides does not know");
    }

    @Test
    void everyListedOverrideExists() {
        int listed = 0;
        for (Hook h : Hooks.all()) {
            for (JdkOverrides.Override o : JdkOverrides.of(h)) {
                if (Runtime.version().feature() < o.sinceJdk()) {
                    continue;
                }
                listed++;
                Class<?> owner = load(o.owner());
                assertTrue(owner != null && Stream.of(owner.getMethods())
                        .anyMatch(m -> m.getName().equals(h.name()) && Type.getMethodDescriptor(m).equals(o.descriptor())),
                    o + " is a method of the JDK");
            }
        }
        assertTrue(listed > 20, "overrides listed: " + listed);
    }

    /** Same arity, each argument and the result the hooked one's or a subtype of it: a candidate override. */
    private static boolean narrows(Method m, Hook h) {
        Type[] hooked = Type.getArgumentTypes(h.descriptor());
        Class<?>[] own = m.getParameterTypes();
        if (own.length != hooked.length) {
            return false;
        }
        for (int i = 0; i < own.length; i++) {
            if (!assignable(Type.getType(own[i]), hooked[i])) {
                return false;
            }
        }
        return assignable(Type.getType(m.getReturnType()), Type.getReturnType(h.descriptor()));
    }

    private static boolean assignable(Type from, Type to) {
        if (from.equals(to)) {
            return true;
        }
        if (from.getSort() != Type.OBJECT || to.getSort() != Type.OBJECT) {
            return false;
        }
        Class<?> target = load(to.getInternalName());
        Class<?> source = load(from.getInternalName());
        return target != null && source != null && target.isAssignableFrom(source);
    }

    private static boolean hasBridge(Class<?> c, Hook h) {
        for (Method b : c.getDeclaredMethods()) {
            if (b.isBridge() && b.getName().equals(h.name()) && Type.getMethodDescriptor(b).equals(h.descriptor())) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static List<Class<?>> publicJdkClasses() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(jrt.getPath("/modules"))) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("java.")).toList()) {
                try (Stream<Path> files = Files.walk(module)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        String name = module.relativize(f).toString();
                        name = name.substring(0, name.length() - ".class".length());
                        if (!(name.startsWith("java/") || name.startsWith("javax/")) || name.endsWith("-info")) {
                            continue;
                        }
                        Class<?> c = load(name);
                        if (c != null && Modifier.isPublic(c.getModifiers())) {
                            out.add(c);
                        }
                    }
                }
            }
        }
        return out;
    }
}
