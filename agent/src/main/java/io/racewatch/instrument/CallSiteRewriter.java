package io.racewatch.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites one application class: every method's code goes through a {@link MethodBuffer}
 * into a {@link ProbeInserter}, which turns map calls and synchronization into probe calls.
 */
final class CallSiteRewriter extends ClassVisitor {
    private final TypeHierarchy hierarchy;
    private final boolean firstLoad;
    private String className;
    private String sourceFile;
    private int version;

    /** @param firstLoad the class is being loaded, not retransformed: method modifiers may change */
    CallSiteRewriter(int api, ClassVisitor next, TypeHierarchy hierarchy, boolean firstLoad) {
        super(api, next);
        this.hierarchy = hierarchy;
        this.firstLoad = firstLoad;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version;
        this.className = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        this.sourceFile = source;
        super.visitSource(source, debug);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        boolean code = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
        // The handler that releases on an exceptional exit needs stack map frames (class version 51 on).
        boolean synchronizedMethod = code && (access & Opcodes.ACC_SYNCHRONIZED) != 0 && (version & 0xFFFF) >= Opcodes.V1_7;
        // On first load a synchronized method becomes an explicit monitorenter/monitorexit pair,
        // so that its wait can be timed; a retransformation may not change modifiers.
        boolean explicitMonitor = synchronizedMethod && firstLoad;
        MethodVisitor next = super.visitMethod(explicitMonitor ? access & ~Opcodes.ACC_SYNCHRONIZED : access, name, descriptor,
            signature, exceptions);
        if (next == null || !code) {
            return next;
        }
        ProbeInserter.Method method = new ProbeInserter.Method(className, sourceFile, name, descriptor,
            (access & Opcodes.ACC_STATIC) != 0, synchronizedMethod, explicitMonitor);
        return new MethodBuffer(api, next, (maxLocals, firstLine) -> new ProbeInserter(api, next, method, maxLocals, firstLine, hierarchy));
    }
}
