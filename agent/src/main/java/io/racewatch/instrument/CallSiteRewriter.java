package io.racewatch.instrument;

import io.racewatch.maps.MapGetters;
import io.racewatch.order.VolatileAccesses;
import io.racewatch.tasks.Lifecycles;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

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
    /** Name + descriptor of the methods to rewrite, or null for all; the others are copied as they are. */
    private final Set<String> methods;
    private final BiConsumer<String, String> getters;
    private String className;
    private String sourceFile;
    private int version;
    /** Method references to hooked methods, bridged (null when methods cannot be added or nothing is checked). */
    private MethodReferences references;
    /** Map calls made from methods added to the class (null when methods cannot be added or nothing is checked). */
    private MapCallBridges mapCalls;

    /**
     * @param firstLoad      the class is being loaded, not retransformed: method modifiers may change
     * @param orderingOnly   the class is not checked: only probes that order (see {@link ProbeInserter.Method#orderingOnly})
     * @param lifecycleNames names of no-argument methods that end their object's life
     */
    CallSiteRewriter(int api, ClassVisitor next, TypeHierarchy hierarchy, boolean firstLoad, boolean orderingOnly,
                     Set<String> lifecycleNames) {
        this(api, next, hierarchy, firstLoad, orderingOnly, lifecycleNames, null);
    }

    /** @param methods name + descriptor of the methods that may change ({@link ClassFileScan#methodsToRewrite}), null for all */
    CallSiteRewriter(int api, ClassVisitor next, TypeHierarchy hierarchy, boolean firstLoad, boolean orderingOnly,
                     Set<String> lifecycleNames, Set<String> methods) {
        this(api, next, hierarchy, firstLoad, orderingOnly, lifecycleNames, methods, MapGetters::returnsField);
    }

    /** @param getters where a getter that returns a field is noted (getter name, field name) */
    CallSiteRewriter(int api, ClassVisitor next, TypeHierarchy hierarchy, boolean firstLoad, boolean orderingOnly,
                     Set<String> lifecycleNames, Set<String> methods, BiConsumer<String, String> getters) {
        super(api, next);
        this.getters = getters;
        this.hierarchy = hierarchy;
        this.firstLoad = firstLoad;
        this.orderingOnly = orderingOnly;
        this.lifecycleNames = lifecycleNames;
        this.methods = methods;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version;
        this.className = name;
        if (firstLoad && !orderingOnly) {
            boolean isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            references = new MethodReferences(name, isInterface);
            int major = version & 0xFFFF;
            if (MapCallBridges.allowed(major, isInterface)) {
                mapCalls = new MapCallBridges(name, isInterface, major >= Opcodes.V1_6);
            }
        }
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
        if ((access & Opcodes.ACC_BRIDGE) != 0 || (methods != null && !methods.contains(name + descriptor) && !isReferenceBridge(name))) {
            // A bridge only forwards to the method it stands for, whose callers are rewritten:
            // rewriting the forwarding call could make it call the bridge again. A method the scan
            // found nothing to change in goes straight to the writer, which copies its bytes unparsed.
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        boolean synchronizedMethod = code && (access & Opcodes.ACC_SYNCHRONIZED) != 0;
        // On first load a synchronized instance method becomes an explicit monitorenter/monitorexit
        // pair, so that its wait can be timed; a retransformation may not change modifiers. Not a
        // static one: HotSpot pairs monitorenter and monitorexit by the value's origin, and two
        // ldc of the class are two origins, so it would never compile the method. Nothing is timed in a
        // class rewritten for ordering only.
        boolean explicitMonitor = synchronizedMethod && firstLoad && (access & Opcodes.ACC_STATIC) == 0 && !orderingOnly;
        MethodVisitor next = super.visitMethod(explicitMonitor ? access & ~Opcodes.ACC_SYNCHRONIZED : access, name, descriptor,
            signature, exceptions);
        if (next == null || !code) {
            return next;
        }
        MethodReferences.Bridge bridge = references == null ? null : references.named(name);
        // A bridge's sites are named after the method that made the reference.
        String siteName = bridge == null ? name : bridge.enclosingMethod();
        return new MethodBuffer(api, next, facts -> {
            List<Boundary> boundaries = orderingOnly || bridge != null ? List.of() : boundaries(access, name, descriptor, facts.annotations());
            ProbeInserter.Method method = new ProbeInserter.Method(className, sourceFile, siteName, descriptor,
                (access & Opcodes.ACC_STATIC) != 0, synchronizedMethod, explicitMonitor, boundaries, orderingOnly);
            // Volatile fields and VarHandle calls are ordered after the other probes, in slots reserved below theirs.
            int spill = facts.orderingHandleCall() ? facts.maxLocals() : -1;
            Set<String> fenced = facts.fencedFields();
            // A field a fence orders in this method is ordered as a volatile one, asking nothing of other classes.
            BiPredicate<String, String> ordered = fenced.isEmpty() ? hierarchy::isVolatileField
                : (owner, field) -> fenced.contains(owner + '.' + field) || hierarchy.isVolatileField(owner, field);
            MethodVisitor volatiles = io.racewatch.order.DiagSkips.VOLATILES ? next // a measurement tool's unsound run
                : new VolatileAccesses(api, next, className, name.equals("<init>"), ordered, spill);
            ProbeInserter inserter = new ProbeInserter(api, volatiles, method, format(facts),
                facts.maxLocals() + (spill >= 0 ? VolatileAccesses.SPILL_LIMIT : 0), facts.firstLine(), hierarchy, takesLocks(facts));
            inserter.releaseProbesBefore(facts.releaseBefore());
            inserter.noteGettersTo(getters);
            inserter.bridgeMapCalls(mapCalls);
            if (bridge != null) {
                inserter.nameReceiver(bridge.receiverName());
            } else if (references != null) {
                inserter.bridgeMethodReferences(references);
            }
            return inserter;
        });
    }

    /**
     * The method takes a lock whose probes keep the thread's state in a local (see ProbeInserter):
     * a {@code monitorenter}, or a call of a hooked {@code lock()}; not a method that only calls
     * some other {@code lock()} (it is left as it is).
     */
    private boolean takesLocks(MethodBuffer.Facts facts) {
        if (facts.monitorEnter()) {
            return true;
        }
        List<String> calls = facts.lockCalls();
        for (int i = 0; i < calls.size(); i += 2) {
            if (Hooks.find(false, calls.get(i), calls.get(i + 1), "()V", hierarchy) != null) {
                return true;
            }
        }
        return false;
    }

    /** One of the bridges this rewrite adds for method references (always rewritten: its call gets the probe). */
    private boolean isReferenceBridge(String name) {
        return references != null && references.named(name) != null;
    }

    @Override
    public void visitEnd() {
        if (references != null) {
            references.emit(this);
        }
        if (mapCalls != null) { // after the references' bridges, whose map calls come here too
            mapCalls.emit(cv);
        }
        super.visitEnd();
    }

    /**
     * Stack map frames: required from version 51, absent before 50. Version 50 may go either way
     * (the JVM falls back to inferring types when they are missing): the added handler gets one
     * when the method has frames, or has no branch that would have needed one.
     */
    private ProbeInserter.Format format(MethodBuffer.Facts facts) {
        int major = version & 0xFFFF;
        boolean frames = major >= Opcodes.V1_7 || (major == Opcodes.V1_6 && (facts.hasFrames() || !facts.hasBranches()));
        return new ProbeInserter.Format(frames, major >= Opcodes.V1_5);
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
