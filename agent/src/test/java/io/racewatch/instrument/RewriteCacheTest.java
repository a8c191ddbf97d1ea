package io.racewatch.instrument;

import io.racewatch.order.VolatileAccesses;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rewrites kept between runs ({@link RewriteCache}): a kept rewrite is the rewrite made afresh,
 * byte for byte once site numbers are set aside (each kept site names the same place); a changed
 * answer about another class, another option, a damaged file or entry is a miss; an unwritable folder
 * costs only the rewrites.
 */
class RewriteCacheTest {
    private static final Set<String> LIFECYCLE = Set.of("close", "stop", "shutdown", "dispose", "destroy");
    private static final int PER_JAR = 700;

    @TempDir
    Path dir;

    // ---- kept rewrites of real library classes ----

    @Test
    void keptRewritesOfH2GuavaAndJacksonClassesAreTheRewritesMadeAfresh() throws Exception {
        // Byte for byte only while every site number fits a sipush, as in an agent's JVM numbering its own sites
        // from 1; this class runs in a JVM of its own (agent/pom.xml) for it.
        assertTrue(Sites.count() < 8_000, "sites registered before the comparison: " + Sites.count());
        int compared = 0;
        for (String prefix : List.of("h2-2.", "guava-33", "jackson-databind-")) {
            compared += compareJar(jarOnClassPath(prefix));
        }
        assertTrue(compared > 1500, "classes compared: " + compared);
    }

    private int compareJar(Path jar) throws IOException {
        try (ClassFileLocator jarFiles = ClassFileLocator.ForJarFile.of(jar.toFile())) {
            ClassFileLocator files = new ClassFileLocator.Compound(jarFiles, ClassFileLocator.ForClassLoader.ofSystemLoader());
            LoaderTypes local = new LoaderTypes();
            LoaderTypes jdk = new LoaderTypes();
            Map<String, byte[]> classes = classesOf(jar, files);
            File file = dir.resolve(jar.getFileName() + ".rwc").toFile();

            // The first run: every class rewritten afresh, what it asked and did kept.
            CodeSourceCache first = CodeSourceCache.load(file);
            Map<String, byte[]> rewritable = new HashMap<>();
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                try {
                    RewritingTransformer.rewrite(c.getValue(), c.getKey(), checked(c.getKey()), true, types(files, local, jdk, c),
                        "class path 1", LIFECYCLE, first);
                    rewritable.put(c.getKey(), c.getValue());
                } catch (RuntimeException unresolvable) {
                    // a type not on the class path: the agent loads such a class as it is, and keeps nothing
                }
            }
            assertEquals(rewritable.size(), first.size(), "every class rewritten is kept");
            first.writeIfAdded();

            // The next run, twice over: on the same class path (answers not asked again), and on another (asked again).
            for (String classPath : new String[] {"class path 1", null}) {
                CodeSourceCache next = CodeSourceCache.load(file);
                assertEquals(rewritable.size(), next.size(), "every kept class read back");
                int changed = 0;
                for (Map.Entry<String, byte[]> c : rewritable.entrySet()) {
                    boolean checked = checked(c.getKey());
                    byte[] kept = RewritingTransformer.rewrite(c.getValue(), c.getKey(), checked, true, types(files, local, jdk, c), classPath,
                        LIFECYCLE, next);
                    byte[] fresh = RewritingTransformer.rewrite(c.getValue(), c.getKey(), checked, true, types(files, local, jdk, c), null,
                        LIFECYCLE, null);
                    assertSameRewrite(c.getKey(), c.getValue(), fresh, kept);
                    changed += kept == c.getValue() ? 0 : 1;
                }
                assertEquals(rewritable.size(), next.used.sum(), "every class came from the cache");
                assertEquals(0, next.made.sum());
                assertTrue(changed > 0, "some classes of " + jar + " are rewritten");
            }
            return rewritable.size();
        }
    }

    /** Every fifth class as an unchecked one (rewritten for ordering only). */
    private static boolean checked(String internalName) {
        return (internalName.hashCode() & 0x7fffffff) % 5 != 0;
    }

    private static Supplier<TypeHierarchy> types(ClassFileLocator files, LoaderTypes local, LoaderTypes jdk, Map.Entry<String, byte[]> c) {
        return () -> new TypeHierarchy(files, local, jdk, c.getKey(), c.getValue());
    }

    /**
     * The kept rewrite is the fresh one with other site and field numbers: the same bytes once they are
     * given the fresh one's numbers, and each number names the same site (the same field).
     */
    private static void assertSameRewrite(String name, byte[] original, byte[] fresh, byte[] kept) {
        if (fresh == original) {
            assertIs(original, kept, name + " loads as it is");
            return;
        }
        assertIsNot(original, kept, name + " is rewritten");
        ProbeConstants freshNumbers = ProbeConstants.find(fresh);
        ProbeConstants keptNumbers = ProbeConstants.find(kept);
        assertArrayEquals(freshNumbers.offsets, keptNumbers.offsets, name);
        for (int i = 0; i < freshNumbers.values.length; i++) {
            int a = freshNumbers.values[i];
            int b = keptNumbers.values[i];
            if (freshNumbers.kinds[i] == ProbeConstants.STATIC_FIELD) {
                assertEquals(VolatileAccesses.staticField(a), VolatileAccesses.staticField(b), name);
            } else if (a != 0 || b != 0) {
                Site s = Sites.get(a);
                Site t = Sites.get(b);
                assertEquals(List.of(s.className, s.method, String.valueOf(s.file), s.line, String.valueOf(s.receiverField)),
                    List.of(t.className, t.method, String.valueOf(t.file), t.line, String.valueOf(t.receiverField)), name);
                assertTrue(a != b, name + ": a site kept from an earlier run is registered again");
            }
        }
        assertArrayEquals(fresh, keptNumbers.patched(kept, freshNumbers.values), name + " byte for byte, numbers aside");
    }

    private static Map<String, byte[]> classesOf(Path jar, ClassFileLocator files) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(j.entries())) {
                String n = e.getName();
                if (n.endsWith(".class") && !n.contains("-") && !n.startsWith("META-INF/")) {
                    names.add(n.substring(0, n.length() - ".class".length()));
                }
            }
        }
        Collections.sort(names);
        Map<String, byte[]> classes = new HashMap<>();
        // Spread over the jar: every n-th class, so that all its packages are in.
        int step = Math.max(1, names.size() / PER_JAR);
        for (int i = 0; i < names.size(); i += step) {
            classes.put(names.get(i), files.locate(names.get(i).replace('/', '.')).resolve());
        }
        return classes;
    }

    private static Path jarOnClassPath(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith(prefix) && entry.endsWith(".jar")) {
                return p;
            }
        }
        throw new AssertionError(prefix + "* is not on the test class path");
    }

    // ---- what a kept rewrite depends on ----

    @Test
    void aChangedSupertypeIsAMiss() throws Exception {
        byte[] user = user();
        Map<String, byte[]> asMap = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        Map<String, byte[]> notMap = Map.of("cachetest.Owner", owner("java/lang/Object"), "cachetest.Holder", holder(false));
        assertDependsOn(user, asMap, notMap);
    }

    @Test
    void aFieldThatIsNoLongerVolatileIsAMiss() throws Exception {
        byte[] user = user();
        Map<String, byte[]> isVolatile = Map.of("cachetest.Owner", owner("java/lang/Object"), "cachetest.Holder", holder(true));
        Map<String, byte[]> plain = Map.of("cachetest.Owner", owner("java/lang/Object"), "cachetest.Holder", holder(false));
        assertDependsOn(user, isVolatile, plain);
    }

    /**
     * Kept with the first world's answers (rewritten), the class is not rewritten in the second;
     * the second's entry is then kept, and the first world's class is rewritten afresh.
     */
    private void assertDependsOn(byte[] user, Map<String, byte[]> rewritten, Map<String, byte[]> unchanged) {
        File file = dir.resolve("deps.rwc").toFile();
        CodeSourceCache first = CodeSourceCache.load(file);
        byte[] made = rewriteUser(user, rewritten, null, first);
        assertTrue(user != made, "rewritten where the answers say so");
        first.writeIfAdded();

        CodeSourceCache next = CodeSourceCache.load(file);
        assertIs(user, rewriteUser(user, unchanged, null, next), "another answer: the kept rewrite is not used");
        assertEquals(0, next.used.sum());
        assertEquals(1, next.made.sum());
        next.writeIfAdded();

        CodeSourceCache third = CodeSourceCache.load(file);
        assertIs(user, rewriteUser(user, unchanged, null, third), "the latest answers are kept");
        assertEquals(1, third.used.sum());
        assertIsNot(user, rewriteUser(user, rewritten, null, third), "the first answers again: rewritten afresh");
        assertEquals(1, third.made.sum());
    }

    @Test
    void answersAreAskedAgainOnAnotherClassPath() throws Exception {
        byte[] user = user();
        Map<String, byte[]> asMap = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        Map<String, byte[]> notMap = Map.of("cachetest.Owner", owner("java/lang/Object"), "cachetest.Holder", holder(false));
        File file = dir.resolve("state.rwc").toFile();
        CodeSourceCache first = CodeSourceCache.load(file);
        rewriteUser(user, asMap, "jars 1", first);
        first.writeIfAdded();
        CodeSourceCache next = CodeSourceCache.load(file);
        assertIs(user, rewriteUser(user, notMap, "jars 2", next), "another class path: the answers are asked again");
        assertEquals(0, next.used.sum());
    }

    @Test
    void anAnswerFromATypeThatCouldNotBeReadIsAskedAgainOnTheSameClassPath() throws Exception {
        byte[] user = user();
        Map<String, byte[]> noOwner = Map.of("cachetest.Holder", holder(false));
        Map<String, byte[]> asMap = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        File file = dir.resolve("missing.rwc").toFile();
        CodeSourceCache first = CodeSourceCache.load(file);
        assertIs(user, rewriteUser(user, noOwner, "jars", first));
        first.writeIfAdded();
        CodeSourceCache next = CodeSourceCache.load(file);
        // Owner defined since (at run time, without a class file): the same class path, yet the answer changed.
        assertIsNot(user, rewriteUser(user, asMap, "jars", next));
        assertEquals(0, next.used.sum());
    }

    @Test
    void aTypeThatStillCannotBeReadOnTheSameClassPathAsksNothingAgain() throws Exception {
        byte[] user = user();
        // Owner is an optional dependency, absent; Holder's answer would change if it were asked again.
        Map<String, byte[]> first = Map.of("cachetest.Holder", holder(true));
        Map<String, byte[]> second = Map.of("cachetest.Holder", holder(false));
        File file = dir.resolve("absent.rwc").toFile();
        CodeSourceCache cache = CodeSourceCache.load(file);
        byte[] made = rewriteUser(user, first, "jars", cache);
        assertIsNot(user, made, "the volatile read is probed");
        cache.writeIfAdded();
        CodeSourceCache next = CodeSourceCache.load(file);
        byte[] kept = rewriteUser(user, second, "jars", next);
        assertEquals(1, next.used.sum(), "the same class files, Owner still absent: the kept rewrite holds as it is");
        assertArrayEquals(made, kept, "its answers were not asked again");
    }

    /**
     * A class that loads as it is, replaying nothing, on a known class path state is decided from
     * the file's index (checked whole when the file is opened): its entry is not read, so damage to
     * it changes nothing there. On another state the entry is read, checked, and a miss. The mark
     * is kept when the file is written again.
     */
    @Test
    void aClassThatLoadsAsItIsIsDecidedFromTheIndexAlone() throws Exception {
        byte[] user = user();
        Map<String, byte[]> notMap = Map.of("cachetest.Owner", owner("java/lang/Object"), "cachetest.Holder", holder(false));
        File file = dir.resolve("asis.rwc").toFile();
        CodeSourceCache first = CodeSourceCache.load(file);
        assertIs(user, rewriteUser(user, notMap, "jars", first));
        first.writeIfAdded();
        CodeSourceCache.Key key = CodeSourceCache.Key.of("cachetest/User", user, true, true);
        byte[] whole = Files.readAllBytes(file.toPath());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.toPath())) {
            CacheIndex.Place at = CacheIndex.read(ch).find(key);
            assertEquals("jars", at.asIsOn(), "marked in the index");
            whole[(int) at.offset() + at.length() / 2] ^= 0x01;
        }
        Files.write(file.toPath(), whole);

        CodeSourceCache next = CodeSourceCache.load(file);
        assertIs(user, rewriteUser(user, notMap, "jars", next));
        assertEquals(1, next.used.sum(), "decided from the index: the damaged entry is not read");
        assertEquals(0, next.made.sum());
        assertIs(user, rewriteUser(user, notMap, "jars 2", next));
        assertEquals(1, next.made.sum(), "another class path: the entry is read, and does not check");

        // Written again (this run made an entry for another class): the old file's marked record is copied with its mark.
        byte[] other = owner("java/lang/Object");
        CodeSourceCache third = CodeSourceCache.load(file);
        RewritingTransformer.rewrite(other, "cachetest/Owner", true, true, types(notMap, other), "jars", LIFECYCLE, third);
        third.writeIfAdded();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.toPath())) {
            CacheIndex index = CacheIndex.read(ch);
            assertEquals("jars", index.find(key).asIsOn(), "copied with its mark");
            assertEquals("jars", index.find(CodeSourceCache.Key.of("cachetest/Owner", other, true, true)).asIsOn());
        }
    }

    /** What a replay does besides loading the class as it is keeps its entry read at every hit. */
    @Test
    void aRewriteThatReplaysSomethingIsNotMarked() throws Exception {
        byte[] user = user();
        Map<String, byte[]> asMap = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        Map<String, byte[]> noOwner = Map.of("cachetest.Holder", holder(false));
        Map<String, byte[]> notMap = Map.of("cachetest.Owner", owner("java/lang/Object"), "cachetest.Holder", holder(false));
        CodeSourceCache.Key key = CodeSourceCache.Key.of("cachetest/User", user, true, true);
        int n = 0;
        for (Object[] c : new Object[][] {{asMap, "jars", "rewritten"}, {noOwner, "jars", "met a type it could not read"},
            {notMap, null, "no class path state"}}) {
            File file = dir.resolve("unmarked" + n++ + ".rwc").toFile();
            @SuppressWarnings("unchecked") Map<String, byte[]> world = (Map<String, byte[]>) c[0];
            CodeSourceCache cache = CodeSourceCache.load(file);
            rewriteUser(user, world, (String) c[1], cache);
            cache.writeIfAdded();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.toPath())) {
                assertNull(CacheIndex.read(ch).find(key).asIsOn(), (String) c[2]);
            }
        }
        byte[] getter = mapGetter();
        File file = dir.resolve("getter.rwc").toFile();
        CodeSourceCache cache = CodeSourceCache.load(file);
        assertIs(getter, RewritingTransformer.rewrite(getter, "cachetest/Getter", true, true, types(notMap, getter), "jars", LIFECYCLE, cache),
            "loads as it is");
        cache.writeIfAdded();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.toPath())) {
            assertNull(CacheIndex.read(ch).find(CodeSourceCache.Key.of("cachetest/Getter", getter, true, true)).asIsOn(),
                "its replay notes the getter");
        }
    }

    /** A class whose only method returns its map field: it loads as it is, and its getter is noted. */
    private static byte[] mapGetter() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "cachetest/Getter", null, "java/lang/Object", null);
        w.visitField(Opcodes.ACC_PRIVATE, "m", "Ljava/util/Map;", null, null).visitEnd();
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "map", "()Ljava/util/Map;", null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, "cachetest/Getter", "m", "Ljava/util/Map;");
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void anAnswerFromATypeDefinedAtRunTimeIsAskedAgainOnTheSameClassPath() throws Exception {
        byte[] user = user();
        Map<String, byte[]> world = Map.of("cachetest.Holder", holder(false));
        LoaderTypes generating = new LoaderTypes();
        Supplier<TypeHierarchy> types = types(world, user, generating);
        assertFalse(types.get().isA("cachetest/Owner", "java/util/Map"), "no class file for Owner");
        generating.defined("cachetest/Owner", owner("java/util/HashMap")); // generated at run time
        assertTrue(types.get().isA("cachetest/Owner", "java/util/Map"), "the supertypes kept before the rewrite asks");
        assertAskedAgainWithoutTheGeneratedOwner(user, world, types, "generated.rwc");
    }

    @Test
    void anAnswerFromAGeneratedClassRewrittenItselfIsAskedAgainOnTheSameClassPath() throws Exception {
        byte[] user = user();
        byte[] generatedOwner = owner("java/util/HashMap");
        Map<String, byte[]> world = Map.of("cachetest.Holder", holder(false)); // no class file for Owner
        LoaderTypes loader = new LoaderTypes();
        ClassFileLocator files = new ClassFileLocator.Compound(new ClassFileLocator.Simple(world),
            ClassFileLocator.ForClassLoader.ofSystemLoader());
        // Owner, generated at run time, is rewritten first: its own bytes answer for it, and the set is kept.
        assertTrue(new TypeHierarchy(files, loader, new LoaderTypes(), "cachetest/Owner", generatedOwner)
            .isA("cachetest/Owner", "java/util/Map"));
        assertAskedAgainWithoutTheGeneratedOwner(user, world, types(world, user, loader), "generated-self.rwc");
    }

    /**
     * User is rewritten with a map call where {@code types} (which knows the generated Owner) says Owner is
     * a map, and kept; another run on the same class files, Owner not generated (yet), asks again: no map call.
     */
    private void assertAskedAgainWithoutTheGeneratedOwner(byte[] user, Map<String, byte[]> world, Supplier<TypeHierarchy> types,
                                                          String fileName) throws Exception {
        File file = dir.resolve(fileName).toFile();
        CodeSourceCache cache = CodeSourceCache.load(file);
        assertIsNot(user, RewritingTransformer.rewrite(user, "cachetest/User", true, true, types, "jars", LIFECYCLE, cache),
            "a map call where Owner is a map");
        cache.writeIfAdded();
        CodeSourceCache next = CodeSourceCache.load(file);
        assertIs(user, rewriteUser(user, world, "jars", next));
        assertEquals(0, next.used.sum());
    }

    @Test
    void aCheckedClassAndTheSameClassRewrittenForOrderingOnlyAreKeptApart() throws Exception {
        byte[] user = user();
        Map<String, byte[]> world = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        File file = dir.resolve("options.rwc").toFile();
        CodeSourceCache cache = CodeSourceCache.load(file);
        byte[] checked = rewriteUser(user, world, null, cache);
        cache.writeIfAdded();
        CodeSourceCache next = CodeSourceCache.load(file);
        byte[] orderingOnly = RewritingTransformer.rewrite(user, "cachetest/User", false, true, types(world, user), null, LIFECYCLE, next);
        byte[] fresh = RewritingTransformer.rewrite(user, "cachetest/User", false, true, types(world, user), null, LIFECYCLE, null);
        assertEquals(0, next.used.sum(), "not checked: another entry");
        assertArrayEquals(fresh, orderingOnly);
        assertFalse(java.util.Arrays.equals(checked, orderingOnly), "the map call is probed only where checked");
    }

    @Test
    void otherBuildsJdksAndLifecycleNamesHaveFoldersOfTheirOwn() {
        File root = dir.toFile();
        File base = RewriteCache.forTest(root, "agent.jar|1|2", LIFECYCLE).dir();
        assertEquals(base, RewriteCache.forTest(root, "agent.jar|1|2", new java.util.TreeSet<>(LIFECYCLE)).dir());
        assertFalse(base.equals(RewriteCache.forTest(root, "agent.jar|1|3", LIFECYCLE).dir()));
        assertFalse(base.equals(RewriteCache.forTest(root, "agent.jar|1|2", Set.of("close", "terminate")).dir()));
    }

    // ---- damaged files and unwritable folders ----

    @Test
    void aDamagedOrCutFileIsAMissNeverAWrongRewrite() throws Exception {
        byte[] user = user();
        Map<String, byte[]> world = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(true));
        File file = dir.resolve("damaged.rwc").toFile();
        CodeSourceCache cache = CodeSourceCache.load(file);
        byte[] made = rewriteUser(user, world, null, cache);
        cache.writeIfAdded();
        byte[] whole = Files.readAllBytes(file.toPath());
        assertEquals(1, CodeSourceCache.load(file).size());

        // Every byte: the header, the entry, the index.
        for (int at = 0; at < whole.length; at++) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x20;
            Files.write(file.toPath(), damaged);
            assertRewrittenAfresh(user, world, made, CodeSourceCache.load(file), "a byte changed at " + at);
        }
        Files.write(file.toPath(), java.util.Arrays.copyOf(whole, whole.length - 7));
        CodeSourceCache cut = CodeSourceCache.load(file);
        assertEquals(0, cut.size(), "cut short");
        assertRewrittenAfresh(user, world, made, cut, "cut short");
        Files.write(file.toPath(), java.util.Arrays.copyOf(whole, whole.length + 1));
        assertRewrittenAfresh(user, world, made, CodeSourceCache.load(file), "a byte added");
    }

    /**
     * Each entry is checked on its own as its class loads: a damaged entry is a miss, rewritten
     * afresh and kept again at exit, and the file's other entries are still used.
     */
    @Test
    void aDamagedEntryIsAMissAndTheOthersAreStillUsed() throws Exception {
        Path jar = jarOnClassPath("guava-33");
        try (ClassFileLocator jarFiles = ClassFileLocator.ForJarFile.of(jar.toFile())) {
            ClassFileLocator files = new ClassFileLocator.Compound(jarFiles, ClassFileLocator.ForClassLoader.ofSystemLoader());
            LoaderTypes local = new LoaderTypes();
            LoaderTypes jdk = new LoaderTypes();
            Map<String, byte[]> classes = new java.util.TreeMap<>(classesOf(jar, files));
            // More than CodeSourceCache.MAP_AFTER: the first entries are read through the channel, the later from the mapping.
            classes.keySet().retainAll(new ArrayList<>(classes.keySet()).subList(0, 100));
            File file = dir.resolve("entries.rwc").toFile();
            CodeSourceCache first = CodeSourceCache.load(file);
            Map<String, byte[]> fresh = new HashMap<>();
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                // No class path state: every hit reads its entry (on a known state, a class that loads as it
                // is would be decided from the index alone: aClassThatLoadsAsItIsIsDecidedFromTheIndexAlone).
                fresh.put(c.getKey(), RewritingTransformer.rewrite(c.getValue(), c.getKey(), true, true, types(files, local, jdk, c), null,
                    LIFECYCLE, first));
            }
            first.writeIfAdded();

            // Damaged: one entry read through the channel (in its middle), two from the mapping (the middle, the last byte).
            List<String> names = new ArrayList<>(classes.keySet());
            byte[] whole = Files.readAllBytes(file.toPath());
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.toPath())) {
                CacheIndex index = CacheIndex.read(ch);
                for (String victim : List.of(names.get(0), names.get(80), names.get(99))) {
                    CacheIndex.Place at = index.find(CodeSourceCache.Key.of(victim, classes.get(victim), true, true));
                    whole[(int) at.offset() + (victim.equals(names.get(99)) ? at.length() - 1 : at.length() / 2)] ^= 0x01;
                }
            }
            Files.write(file.toPath(), whole);

            for (int round = 0; round < 2; round++) {
                CodeSourceCache next = CodeSourceCache.load(file);
                assertEquals(classes.size(), next.size(), "the index still checks");
                for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                    byte[] kept = RewritingTransformer.rewrite(c.getValue(), c.getKey(), true, true, types(files, local, jdk, c), null,
                        LIFECYCLE, next);
                    assertSameRewrite(c.getKey(), c.getValue(), fresh.get(c.getKey()), kept);
                }
                assertEquals(round == 0 ? 3 : 0, next.made.sum(), "round " + round + ": the damaged entries alone rewritten afresh");
                assertEquals(classes.size() - next.made.sum(), next.used.sum());
                next.writeIfAdded();
            }
        }
    }

    /**
     * A run's new entries go to a file of this JVM's own as they are made, through a bounded
     * buffer (not kept on the heap until exit); the cache file itself appears, whole, only when the
     * run writes it. Read back in the same run from the file and from the buffer.
     */
    @Test
    void newEntriesGoToDiskAsTheyAreMadeAndTheFileAppearsWholeAtExit() throws Exception {
        byte[] user = user();
        Map<String, byte[]> world = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        for (int buffer : new int[] {0, 1 << 20}) {
            File file = dir.resolve("next" + buffer + ".rwc").toFile();
            String prefix = file.getName() + '.';
            CodeSourceCache cache = CodeSourceCache.load(file, buffer);
            byte[] made = rewriteUser(user, world, null, cache);
            assertFalse(file.exists(), "no file before exit");
            File[] partial = dir.toFile().listFiles((d, n) -> n.startsWith(prefix) && n.endsWith(".partial"));
            assertEquals(1, partial.length);
            if (buffer == 0) {
                assertTrue(partial[0].length() > CacheIndex.HEADER + made.length, "the entry is on disk: " + partial[0].length());
            }
            assertEquals(0, CodeSourceCache.load(file).size(), "another JVM sees no file yet");
            assertEquals(made.length, rewriteUser(user, world, null, cache).length);
            assertEquals(1, cache.used.sum(), "read back in the same run");

            cache.writeIfAdded();
            assertTrue(file.isFile());
            assertEquals(0, dir.toFile().listFiles((d, n) -> n.startsWith(prefix) && n.endsWith(".partial")).length, "renamed into place");
            CodeSourceCache next = CodeSourceCache.load(file);
            assertEquals(1, next.size());
            rewriteUser(user, world, null, next);
            assertEquals(1, next.used.sum());
        }
    }

    private void assertRewrittenAfresh(byte[] user, Map<String, byte[]> world, byte[] before, CodeSourceCache cache, String what) {
        byte[] again = rewriteUser(user, world, null, cache);
        assertEquals(1, cache.made.sum(), what);
        assertEquals(0, cache.used.sum(), what);
        assertEquals(before.length, again.length);
        assertArrayEquals(ProbeConstants.find(before).offsets, ProbeConstants.find(again).offsets);
    }

    @Test
    void anUnwritableFolderOnlyCostsTheRewrites() throws Exception {
        File notAFolder = dir.resolve("plain-file").toFile();
        Files.writeString(notAFolder.toPath(), "not a folder");
        RewriteCache cache = RewriteCache.forTest(notAFolder, "agent.jar|1|2", LIFECYCLE);
        byte[] user = user();
        Map<String, byte[]> world = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        CodeSourceCache source = CodeSourceCache.load(new File(cache.dir(), "x.rwc"));
        assertIsNot(user, rewriteUser(user, world, null, source));
        cache.writeAll();
        source.writeIfAdded();
        assertTrue(notAFolder.isFile(), "left as it was");
        assertEquals("not a folder", Files.readString(notAFolder.toPath()));
    }

    @Test
    void aSitePushThatCannotHoldTheNewNumberIsNotPatched() throws Exception {
        byte[] user = user();
        Map<String, byte[]> world = Map.of("cachetest.Owner", owner("java/util/HashMap"), "cachetest.Holder", holder(false));
        byte[] rewritten = rewriteUser(user, world, null, CodeSourceCache.load(dir.resolve("p.rwc").toFile()));
        ProbeConstants numbers = ProbeConstants.find(rewritten);
        assertTrue(numbers.values.length > 0);
        int[] far = numbers.values.clone();
        far[0] = 40_000;
        assertNull(numbers.patched(rewritten, far), "sipush holds 16 bits: a miss, not a wrong number");
        assertIs(rewritten, numbers.patched(rewritten, numbers.values.clone()), "the same numbers: nothing to patch");
    }

    /** The very array (not its contents: a mismatch would print both arrays whole). */
    private static void assertIs(byte[] expected, byte[] actual, String... message) {
        assertTrue(expected == actual, String.join(" ", message) + ": another array");
    }

    private static void assertIsNot(byte[] unexpected, byte[] actual, String... message) {
        assertTrue(unexpected != actual, String.join(" ", message) + ": the same array");
    }

    // ---- classes made for the tests ----

    private static byte[] rewriteUser(byte[] user, Map<String, byte[]> world, String classPath, CodeSourceCache cache) {
        return RewritingTransformer.rewrite(user, "cachetest/User", true, true, types(world, user), classPath, LIFECYCLE, cache);
    }

    private static Supplier<TypeHierarchy> types(Map<String, byte[]> world, byte[] user) {
        return types(world, user, null);
    }

    /** @param local the loader's table, kept across calls; null for a fresh one each call */
    private static Supplier<TypeHierarchy> types(Map<String, byte[]> world, byte[] user, LoaderTypes local) {
        Map<String, byte[]> all = new HashMap<>(world);
        all.put("cachetest.User", user);
        ClassFileLocator files = new ClassFileLocator.Compound(new ClassFileLocator.Simple(all), ClassFileLocator.ForClassLoader.ofSystemLoader());
        return () -> new TypeHierarchy(files, local == null ? new LoaderTypes() : local, new LoaderTypes(), "cachetest/User", user);
    }

    /** {@code Object touch(Owner o) { return o.put(null, null); }} and {@code int read(Holder h) { return h.f; }}. */
    private static byte[] user() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "cachetest/User", null, "java/lang/Object", null);
        w.visitSource("User.java", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "touch", "(Lcachetest/Owner;)Ljava/lang/Object;", null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "cachetest/Owner", "put", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        m = w.visitMethod(Opcodes.ACC_PUBLIC, "read", "(Lcachetest/Holder;)I", null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitFieldInsn(Opcodes.GETFIELD, "cachetest/Holder", "f", "I");
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private static byte[] owner(String superName) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "cachetest/Owner", null, superName, null);
        w.visitEnd();
        return w.toByteArray();
    }

    private static byte[] holder(boolean isVolatile) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "cachetest/Holder", null, "java/lang/Object", null);
        w.visitField(Opcodes.ACC_PUBLIC | (isVolatile ? Opcodes.ACC_VOLATILE : 0), "f", "I", null, null).visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void eachDomainGetsItsOwnCodeSourcesCacheWhicheverWasAskedLast() throws Exception {
        RewriteCache cache = RewriteCache.forTest(dir.toFile(), "agent.jar|1|2", LIFECYCLE);
        File jarA = dir.resolve("a.jar").toFile();
        File jarB = dir.resolve("b.jar").toFile();
        Files.write(jarA.toPath(), new byte[] {1});
        Files.write(jarB.toPath(), new byte[] {2, 2});
        java.security.ProtectionDomain a = domain(jarA);
        java.security.ProtectionDomain b = domain(jarB);
        java.security.ProtectionDomain generated = new java.security.ProtectionDomain(null, null);
        CodeSourceCache ofA = cache.of(a);
        assertTrue(ofA != null && ofA == cache.of(a));
        assertNull(cache.of(generated), "no code source, no cache");
        CodeSourceCache ofB = cache.of(b);
        assertTrue(ofB != null && ofB != ofA);
        assertTrue(ofA == cache.of(a) && ofB == cache.of(b) && ofB == cache.of(domain(jarB)), "one cache per code source");
        assertNull(cache.of(generated));
        assertTrue(ofA == cache.of(a));
    }

    private static java.security.ProtectionDomain domain(File jar) throws IOException {
        return new java.security.ProtectionDomain(new java.security.CodeSource(jar.toURI().toURL(), (java.security.cert.Certificate[]) null),
            null);
    }
}
