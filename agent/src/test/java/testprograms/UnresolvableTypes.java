package testprograms;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * Loads {@code testprograms.unresolvable.Generated} three times, each in a loader that defines it
 * from bytes and shows no class files (as Mockito 1's CGLIB proxies are loaded), and uses it.
 */
public final class UnresolvableTypes {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 3; i++) {
            Class<?> c = new NoClassFiles().loadClass("testprograms.unresolvable.Generated");
            Object generated = c.getConstructor().newInstance();
            System.out.println(c.getMethod("describe").invoke(generated));
        }
    }

    private static final class NoClassFiles extends ClassLoader {
        private static final String PACKAGE = "testprograms.unresolvable.";

        NoClassFiles() {
            super(UnresolvableTypes.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) {
                    return c;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith("testprograms/unresolvable/") ? null : super.getResource(name);
        }
    }
}
