package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Method references reach a method without a call site: {@code threads.forEach(Thread::start)}
 * compiles to a lambda whose implementation is a handle to {@code Thread.start}. Such a handle
 * is pointed at a static probe that records the edge and makes the same call.
 */
final class MethodReferences {
    private static final String LAMBDA_FACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final Handle THREAD_START = new Handle(Opcodes.H_INVOKESTATIC, Probes.SYNC, "startThread",
        "(Ljava/lang/Thread;)V", false);

    private MethodReferences() {
    }

    /** The bootstrap arguments, with a reference to {@code Thread.start} (on any subclass) replaced by the probe. */
    static Object[] rewrite(Handle bootstrap, Object[] args, TypeHierarchy hierarchy) {
        if (!bootstrap.getOwner().equals(LAMBDA_FACTORY) || args.length < 3 || !(args[1] instanceof Handle)) {
            return args;
        }
        Handle target = (Handle) args[1];
        boolean threadStart = target.getTag() == Opcodes.H_INVOKEVIRTUAL && target.getName().equals("start")
            && target.getDesc().equals("()V") && hierarchy.isA(target.getOwner(), "java/lang/Thread");
        if (!threadStart) {
            return args;
        }
        Object[] rewritten = args.clone();
        rewritten[1] = THREAD_START;
        return rewritten;
    }
}
