package io.racewatch.instrument;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loader's types are read once for all the classes it loads; a type that is not there is
 * looked for once, until a class of that name is defined (generated at run time, without a class
 * file), which then answers from its own bytes.
 */
class LoaderTypesTest {
    /** Class files by binary name, counting each read; names not in it are not found. */
    private static final class CountingFiles implements ClassFileLocator {
        final Map<String, byte[]> files = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        @Override
        public Resolution locate(String name) {
            reads.add(name);
            byte[] b = files.get(name);
            return b == null ? new Resolution.Illegal(name) : new Resolution.Explicit(b);
        }

        @Override
        public void close() {
        }
    }

    private static byte[] mapClass(String internalName) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/util/AbstractMap", null);
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_VOLATILE, "state", "I", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE, "plain", "I", null, null).visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void aTypeIsReadOncePerLoaderForAllItsClasses() {
        CountingFiles files = new CountingFiles();
        files.files.put("app.Cache", mapClass("app/Cache"));
        LoaderTypes loader = new LoaderTypes();
        LoaderTypes jdk = new LoaderTypes();
        ClassFileLocator jdkFiles = ClassFileLocator.ForClassLoader.ofSystemLoader();
        ClassFileLocator both = new ClassFileLocator.Compound(files, jdkFiles);

        TypeHierarchy first = new TypeHierarchy(both, loader, jdk, "app/One", null);
        assertTrue(first.isA("app/Cache", "java/util/Map"));
        assertTrue(first.isVolatileField("app/Cache", "state"));
        assertFalse(first.isVolatileField("app/Cache", "plain"));
        TypeHierarchy second = new TypeHierarchy(both, loader, jdk, "app/Two", null);
        assertTrue(second.isA("app/Cache", "java/util/Map"));
        assertTrue(second.isVolatileField("app/Cache", "state"));

        assertEquals(1, files.reads.stream().filter("app.Cache"::equals).count(), "reads: " + files.reads);
    }

    @Test
    void aMissingTypeIsLookedForOnceUntilAClassOfThatNameIsDefined() {
        CountingFiles files = new CountingFiles();
        LoaderTypes loader = new LoaderTypes();
        TypeHierarchy before = new TypeHierarchy(new ClassFileLocator.Compound(files, ClassFileLocator.ForClassLoader.ofSystemLoader()),
            loader, new LoaderTypes(), "app/User", null);
        assertFalse(before.isA("gen/Proxy", "java/util/Map"));
        assertFalse(before.isVolatileField("gen/Proxy", "state"));
        assertEquals(1, files.reads.stream().filter("gen.Proxy"::equals).count(), "reads: " + files.reads);

        loader.defined("gen/Proxy", mapClass("gen/Proxy")); // generated, defined without a class file
        TypeHierarchy after = new TypeHierarchy(new ClassFileLocator.Compound(files, ClassFileLocator.ForClassLoader.ofSystemLoader()),
            loader, new LoaderTypes(), "app/User", null);
        assertTrue(after.isA("gen/Proxy", "java/util/Map"));
        assertTrue(after.isVolatileField("gen/Proxy", "state"));
        assertEquals(1, files.reads.stream().filter("gen.Proxy"::equals).count(), "reads: " + files.reads);
    }

    @Test
    void theClassBeingRewrittenAnswersFromItsOwnBytes() {
        CountingFiles files = new CountingFiles(); // no class file for it: generated at run time
        TypeHierarchy types = new TypeHierarchy(new ClassFileLocator.Compound(files, ClassFileLocator.ForClassLoader.ofSystemLoader()),
            new LoaderTypes(), new LoaderTypes(), "gen/Self", mapClass("gen/Self"));
        assertTrue(types.isA("gen/Self", "java/util/Map"));
        assertTrue(types.isVolatileField("gen/Self", "state"));
        assertFalse(files.reads.contains("gen.Self"), "reads: " + files.reads);
    }

    @Test
    void aJdkTypeOneLoaderCannotReadIsReadThroughTheNext() {
        LoaderTypes jdk = new LoaderTypes();
        CountingFiles hidesEverything = new CountingFiles();
        TypeHierarchy isolated = new TypeHierarchy(hidesEverything, new LoaderTypes(), jdk, null, null);
        assertFalse(isolated.isA("java/util/HashMap", "java/util/Map"));
        TypeHierarchy ordinary = new TypeHierarchy(ClassFileLocator.ForClassLoader.ofSystemLoader(), new LoaderTypes(), jdk, null, null);
        assertTrue(ordinary.isA("java/util/HashMap", "java/util/Map"));
    }

    @Test
    void eachLoaderHasItsOwnTableWhicheverWasAskedLast() {
        ClassLoader a = new ClassLoader(null) { };
        ClassLoader b = new ClassLoader(null) { };
        assertEquals(null, LoaderTypes.existing(a));
        LoaderTypes ofA = LoaderTypes.of(a);
        assertTrue(ofA == LoaderTypes.of(a) && ofA == LoaderTypes.existing(a));
        assertEquals(null, LoaderTypes.existing(b), "the loader asked last is a, not b");
        LoaderTypes ofB = LoaderTypes.of(b);
        assertFalse(ofA == ofB);
        assertTrue(ofA == LoaderTypes.existing(a) && ofB == LoaderTypes.of(b) && ofA == LoaderTypes.of(a));
        assertEquals(null, LoaderTypes.existing(null), "no loader is not the last loader");
    }
}
