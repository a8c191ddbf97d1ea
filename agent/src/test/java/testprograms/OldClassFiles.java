package testprograms;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Drives the {@code testprograms.old} classes as a test rewrote them to an old class-file version
 * (the directory in {@code args[0]}): they are defined from there, not from the class path.
 * {@code args[1]}: {@code lock-order} (two transfers in opposite directions, one after the other),
 * {@code tally} or {@code unsync-tally} (two threads add to one tally, ordered only by its monitor).
 */
public final class OldClassFiles {
    public static void main(String[] args) throws Exception {
        ClassLoader old = new OldClasses(Path.of(args[0]));
        switch (args[1]) {
            case "lock-order" -> lockOrder(old);
            case "tally" -> tally(old.loadClass("testprograms.old.Tally"));
            case "unsync-tally" -> tally(old.loadClass("testprograms.old.UnsyncTally"));
            default -> throw new IllegalArgumentException(args[1]);
        }
    }

    private static void lockOrder(ClassLoader old) throws Exception {
        Class<?> type = old.loadClass("testprograms.old.Account");
        System.out.println("class-file version " + version(type));
        Object a = type.getConstructor().newInstance();
        Object b = type.getConstructor().newInstance();
        Method partner = type.getMethod("setPartner", type);
        partner.invoke(a, b);
        partner.invoke(b, a);
        Method transfer = type.getMethod("transfer", int.class);
        Thread first = new Thread(() -> invoke(transfer, a, 10), "transfer");
        first.start();
        first.join();
        Thread second = new Thread(() -> invoke(transfer, b, 5), "refund");
        second.start();
        second.join();
        Method balance = type.getMethod("balance");
        System.out.println("balances " + balance.invoke(a) + " " + balance.invoke(b));
    }

    private static void tally(Class<?> type) throws Exception {
        System.out.println("class-file version " + version(type));
        Object tally = type.getConstructor().newInstance();
        Method add = type.getMethod("add", String.class);
        Handoff firstDone = new Handoff();
        Both.run("first", () -> {
            invoke(add, tally, "k");
            firstDone.signal();
        }, "second", () -> {
            firstDone.await();
            invoke(add, tally, "k");
        });
        System.out.println("count " + type.getMethod("count", String.class).invoke(tally, "k"));
    }

    private static int version(Class<?> type) throws IOException {
        try (var in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            byte[] header = in.readNBytes(8);
            return ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
        }
    }

    private static void invoke(Method m, Object target, Object... args) {
        try {
            m.invoke(target, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Child-first for {@code testprograms.old}: classes and their class files come from the directory. */
    private static final class OldClasses extends ClassLoader {
        private final Path dir;

        OldClasses(Path dir) {
            super(OldClassFiles.class.getClassLoader());
            this.dir = dir;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("testprograms.old.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        byte[] bytes = Files.readAllBytes(dir.resolve(name.replace('.', '/') + ".class"));
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            Path file = dir.resolve(name);
            if (name.startsWith("testprograms/old/") && Files.exists(file)) {
                try {
                    return file.toUri().toURL();
                } catch (MalformedURLException e) {
                    return null;
                }
            }
            return super.getResource(name);
        }
    }
}
