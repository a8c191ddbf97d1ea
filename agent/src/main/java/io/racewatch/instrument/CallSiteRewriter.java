package io.racewatch.instrument;

import io.racewatch.runtime.Lifecycles;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites one application class: every method's code goes through a {@link MethodBuffer}
 * into a {@link ProbeInserter}, which turns map calls and synchronization into probe calls.
 * It also decides which methods get probes around their whole body ({@link Boundary}):
 * synchronized methods, methods that end their object's life, and timer tasks' {@code run}.
 */
final class CallSiteRewriter extends ClassVisitor {
    private static final Set<String> PRE_DESTROY = Set.of("Ljakarta/annotation/PreDestroy;", "Ljavax/annotation/PreDestroy;");

    private final TypeHierarchy hierarchy;
    private final Set<String> lifecycleNames;
    private String className;
    private String sourceFile;
    private int version;

    CallSiteRewriter(int api, ClassVisitor next, TypeHierarchy hierarchy, Set<String> lifecycleNames) {
        super(api, next);
        this.hierarchy = hierarchy;
        this.lifecycleNames = lifecycleNames;
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
        return new MethodBuffer(api, next, facts -> {
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            ProbeInserter.Method method = new ProbeInserter.Method(className, sourceFile, name, descriptor, isStatic,
                boundaries(access, name, descriptor, facts.annotations()), facts.firstLine());
            return new ProbeInserter(api, next, method, facts.maxLocals(), hierarchy);
        });
    }

    /** Entry order: the monitor is taken before anything else runs, so its probe comes first. */
    private List<Boundary> boundaries(int access, String name, String descriptor, Set<String> annotations) {
        List<Boundary> out = new ArrayList<>(2);
        // Frames for the exit handler exist from class version 50 (Java 6) on; older classes keep their code.
        if ((version & 0xFFFF) < Opcodes.V1_7) {
            return out;
        }
        if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            out.add(Boundary.MONITOR);
        }
        boolean plainInstance = (access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0;
        if (!plainInstance || !descriptor.startsWith("()") || name.startsWith("<")) {
            return out;
        }
        if (isLifecycleEnd(name, annotations)) {
            out.add(Boundary.LIFECYCLE_END);
            Lifecycles.register(className.replace('/', '.'));
        }
        if (name.equals("run") && descriptor.equals("()V") && hierarchy.isA(className, "java/util/TimerTask")) {
            out.add(Boundary.TIMER_TASK_RUN);
        }
        return out;
    }

    private boolean isLifecycleEnd(String name, Set<String> annotations) {
        for (String a : annotations) {
            if (PRE_DESTROY.contains(a)) {
                return true;
            }
        }
        return lifecycleNames.contains(name) || (name.equals("close") && hierarchy.isA(className, "java/lang/AutoCloseable"));
    }
}
