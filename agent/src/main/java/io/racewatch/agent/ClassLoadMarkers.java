package io.racewatch.agent;

import io.racewatch.runtime.ClassLoading;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Two transformers that change nothing and bracket racewatch's own: the first is added before
 * them, the last after them, all retransformation-capable, so that the JVM passes each class to
 * one JVMTI environment of this agent only (a transformer that cannot retransform would put a
 * second one on every class load: one more upcall and copy of the class file). The thread's time
 * between them, transforming a class, is not the application's: {@link ClassLoading} takes it out
 * of the locks the thread holds. A retransformation passes both markers too.
 */
final class ClassLoadMarkers {
    private ClassLoadMarkers() {
    }

    /** Adds the first marker; call before any other transformer of racewatch's is added. */
    static void addFirst(Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                    byte[] classFile) {
                ClassLoading.begins();
                return null;
            }
        }, true);
    }

    /** Adds the last marker; call after racewatch's transformer is added. */
    static void addLast(Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                    byte[] classFile) {
                ClassLoading.ends();
                return null;
            }
        }, true);
    }
}
