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
    private String className;
    private String sourceFile;
    private int version;

    CallSiteRewriter(int api, ClassVisitor next, TypeHierarchy hierarchy) {
        super(api, next);
        this.hierarchy = hierarchy;
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
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (next == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return next;
        }
        // Frames for the synchronized-method handler exist from class version 50 (Java 6) on.
        boolean synchronizedMethod = (access & Opcodes.ACC_SYNCHRONIZED) != 0 && (version & 0xFFFF) >= Opcodes.V1_7;
        ProbeInserter.Method method = new ProbeInserter.Method(className, sourceFile, name, descriptor,
            (access & Opcodes.ACC_STATIC) != 0, synchronizedMethod);
        return new MethodBuffer(api, next, maxLocals -> new ProbeInserter(api, next, method, maxLocals, hierarchy));
    }
}
