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
 * It also decides which methods get probes around their whole body: synchronized methods
 * (their monitor), and the {@link Boundary boundaries} of methods that end their object's life
 * and of timer tasks' {@code run}. A class that is not checked is rewritten for ordering only:
 * its monitors keep their modifiers and get happens-before probes, nothing else.
 */
final class CallSiteRewriter extends ClassVisitor {
    private static final Set<String> PRE_DESTROY = Set.of("Ljakarta/annotation/PreDestroy;", "Ljavax/annotation/PreDestroy;");

    private final TypeHierarchy hierarchy;
    private final boolean firstLoad;
    private final boolean orderingOnly;
    private final Set<String> lifecycleNames;
    private String className;
    private String sourceFile;
    private int version;

    /**
     * @param firstLoad      the class is being loaded, not retransformed: method modifiers may change
     * @param orderingOnly   the class is not checked: only probes that order (see {@link ProbeInserter.Method#orderingOnly})
     * @param lifecycleNames names of no-argument methods that end their object's life
     */
    CallSiteRewriter(int api, ClassVisitor next, TypeHierarchy hierarchy, boolean firstLoad, boolean orderingOnly,
                     Set<String> lifecycleNames) {
        super(api, next);
        this.hierarchy = hierarchy;
        this.firstLoad = firstLoad;
        this.orderingOnly = orderingOnly;
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
        boolean code = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
        // The handler that runs exit probes on an exceptional exit needs stack map frames (class version 51 on).
        boolean frames = (version & 0xFFFF) >= Opcodes.V1_7;
        boolean synchronizedMethod = code && (access & Opcodes.ACC_SYNCHRONIZED) != 0 && frames;
        // On first load a synchronized method becomes an explicit monitorenter/monitorexit pair,
        // so that its wait can be timed; a retransformation may not change modifiers. Nothing is
        // timed in a class rewritten for ordering only.
        boolean explicitMonitor = synchronizedMethod && firstLoad && !orderingOnly;
        MethodVisitor next = super.visitMethod(explicitMonitor ? access & ~Opcodes.ACC_SYNCHRONIZED : access, name, descriptor,
            signature, exceptions);
        if (next == null || !code) {
            return next;
        }
        return new MethodBuffer(api, next, facts -> {
            List<Boundary> boundaries = frames && !orderingOnly ? boundaries(access, name, descriptor, facts.annotations()) : List.of();
            ProbeInserter.Method method = new ProbeInserter.Method(className, sourceFile, name, descriptor,
                (access & Opcodes.ACC_STATIC) != 0, synchronizedMethod, explicitMonitor, boundaries, orderingOnly);
            return new ProbeInserter(api, next, method, facts.maxLocals(), facts.firstLine(), hierarchy);
        });
    }

    /** Lifecycle ends and timer tasks' runs: plain instance methods without arguments. */
    private List<Boundary> boundaries(int access, String name, String descriptor, Set<String> annotations) {
        boolean plainInstance = (access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0;
        if (!plainInstance || !descriptor.startsWith("()") || name.startsWith("<")) {
            return List.of();
        }
        List<Boundary> out = new ArrayList<>(1);
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
