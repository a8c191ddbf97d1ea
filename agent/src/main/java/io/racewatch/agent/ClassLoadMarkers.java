package io.racewatch.agent;

import io.racewatch.runtime.ClassLoading;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Two transformers that change nothing and bracket every other one: the first is added before
 * racewatch's own and cannot retransform (such transformers are called first), the last is added
 * after it and can (called last). The thread's time between them, transforming a class, is not
 * the application's: {@link ClassLoading} takes it out of the locks the thread holds.
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
        }, false);
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
