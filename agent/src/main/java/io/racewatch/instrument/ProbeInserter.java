package io.racewatch.instrument;

import io.racewatch.maps.MapGetters;
import io.racewatch.order.ProgramMaps;
import io.racewatch.runtime.Sites;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Rewrites the code of one method: matched calls per {@link Hooks}, {@code monitorenter} and
 * {@code monitorexit}, {@code synchronized} method entry and exits, the method's other
 * {@link Boundary boundaries} (probes at entry and at every exit, a catch-all handler for
 * exceptional ones). Volatile field accesses and VarHandle calls are ordered by the
 * {@link io.racewatch.order.VolatileAccesses} after it. Each rewritten place gets a site id, a
 * constant in the new code.
 *
 * <p>It also notes which field a map was read from just before a map call, so that reports
 * name the map as a person would ({@code JobTracker.jobs}) at no runtime cost.
 */
final class ProbeInserter extends MethodVisitor {
    /**
     * The method being rewritten.
     *
     * @param boundaries   probes around the whole method besides its monitor, in entry order (exits run in reverse)
     * @param orderingOnly the class is not checked, only its ordering counts: monitors (blocks, synchronized
     *                     methods, {@code wait}) get plain release and acquire probes, and nothing else is
     *                     rewritten: no map probes, no lock timing or lock order, no sites
     */
    record Method(String owner, String sourceFile, String name, String descriptor, boolean isStatic, boolean isSynchronized,
                  boolean explicitMonitor, List<Boundary> boundaries, boolean orderingOnly) {
        boolean isConstructor() {
            return name.equals("<init>");
        }

        /** Probes around the whole body, with a catch-all handler for exceptional exits. */
        boolean hasHandler() {
            return isSynchronized || !boundaries.isEmpty();
        }
    }

    /**
     * What the class file allows.
     *
     * @param frames         write a stack map frame for the added handler (the method has frames or must have them)
     * @param classConstants {@code ldc} of a class (version 49 on); before, a static method's class comes from {@code Class.forName}
     */
    record Format(boolean frames, boolean classConstants) {
    }

    /**
     * In a class rewritten for ordering only, the monitor probes that order, by the probe they
     * stand for (same descriptor); the others (the wait's timing) are left out.
     */
    private static final Map<String, String> ORDERING_PROBES = Map.of(
        "lockAcquired", "acquire", "lockReleasing", "release", "waitBegins", "release", "waitEnded", "acquire");

    private final Method method;
    private final Format format;
    private final TypeHierarchy hierarchy;
    private final int firstFreeLocal;
    /**
     * The local that keeps {@code this} for the exit probes, or -1: slot 0 may be overwritten or, in
     * dead code, declared empty by the method's frames, and the handler must not depend on it.
     */
    private final int selfLocal;
    /**
     * The local that keeps the thread's state from a lock's request probe (a monitor's, a
     * {@code lock()}'s) for the release probes of the method's monitors and {@code unlock()} calls
     * (all on one thread: a frame's locals are its thread's), or -1. Set to null on entry, so
     * every frame may declare it; a release that finds null looks the thread up (see {@code LockProbes}).
     */
    private final int stateLocal;
    /** Emitting the method's own catch-all handler: the kept state is not declared in its frame. */
    private boolean inOwnHandler;
    /** The first local for parking a hooked call's arguments. */
    private final int firstParkLocal;
    private int extraLocals;
    private int extraStack;
    private int line;
    /**
     * Reference fields read, latest first, that a map call may take its receiver from. Whether
     * one is a map is asked only when a map call comes: most fields never meet one, and the
     * question may read another class file.
     */
    private final Deque<FieldRead> mapFields = new ArrayDeque<>();
    private final Map<Integer, FieldRead> mapLocals = new HashMap<>();
    private FieldRead justLoadedMapField;
    /**
     * For a method without arguments that returns a map: the field every {@code areturn} so far
     * returned, or "" once one returned anything else (see {@link MapGetters}); null when none yet.
     */
    private String returnedField;
    /** Where method references to hooked methods are bridged, or null (see {@link MethodReferences}). */
    private MethodReferences references;
    /** Where map calls are made from methods added to the class, or null: then a probe makes each (see {@link MapCallBridges}). */
    private MapCallBridges mapCalls;
    /** In a bridge: the name of the receiver the reference captured, for the call's site; else null. */
    private String bridgedReceiver;
    /** Where each value on the stack came from: names locks after the field their receiver was read from. */
    private final ValueOrigins origins = new ValueOrigins();
    private Label handlerStart;
    /** The method's exception table, held back to {@link #visitMaxs} so that entries for acquired probes can join it. */
    private final MonitorHandlers monitorHandlers = new MonitorHandlers();
    private int syncSite;
    private int boundarySite;
    // A constructor's this is usable once its super() or this() call has returned: objects
    // created with NEW before then are initialized by the <init> calls that match them.
    private boolean thisInitialized;
    private int pendingNews;

    /** Labels before which a monitorexit's release probe goes, with the local holding the monitor or -1 (see {@link MonitorExits}). */
    private Map<Label, Integer> releaseBefore = Map.of();
    /** Where a getter that returns a field is noted: getter name, field name. */
    private BiConsumer<String, String> getters = MapGetters::returnsField;
    /** The next monitorexit's release probe already ran, before the labels ahead of it. */
    private boolean releasedEarly;
    /** The local the last instruction loaded, if it was an {@code aload}; else -1. */
    private int loadedLocal = -1;
    /** Labels visited since the last instruction. */
    private final List<Label> labelsSinceInstruction = new ArrayList<>();
    /**
     * The handler of a self-covering catch-any entry whose frame was the last one visited, and that
     * frame's locals as written (see {@link #framedLocalsAt}); null once any other frame came.
     */
    private Label handlerFrameLabel;
    private Object[] handlerFrameLocals;
    /** A release probe in a handler that covers itself, waiting for the handler's athrow to get its own handler. */
    private SelfCoveredRelease selfCoveredRelease;

    /** See {@link #releaseInSelfCoveringHandler}. */
    private record SelfCoveredRelease(Label start, Label end, int monitorLocal, Object[] frameLocals) {
    }

    /** @param firstLine the method's first line, where a synchronized method's monitor is taken */
    /** @param takesLocks the method has a {@code monitorenter} or a {@code lock()} call (see {@link #stateLocal}) */
    ProbeInserter(int api, MethodVisitor next, Method method, Format format, int maxLocals, int firstLine, TypeHierarchy hierarchy,
                  boolean takesLocks) {
        super(api, next);
        this.method = method;
        this.format = format;
        this.hierarchy = hierarchy;
        this.firstFreeLocal = maxLocals;
        this.selfLocal = method.hasHandler() && !method.isStatic() ? maxLocals : -1;
        int slot = selfLocal >= 0 ? maxLocals + 1 : maxLocals;
        this.stateLocal = (takesLocks || method.explicitMonitor()) && !method.orderingOnly() ? slot++ : -1;
        this.firstParkLocal = slot;
        this.extraLocals = firstParkLocal - maxLocals;
        this.line = firstLine;
        this.thisInitialized = !method.isStatic() && !method.isConstructor();
    }

    void releaseProbesBefore(Map<Label, Integer> labels) {
        releaseBefore = labels;
    }

    /** Notes getters that return a field to {@code sink} (getter name, field name) rather than to {@link MapGetters}. */
    void noteGettersTo(BiConsumer<String, String> sink) {
        getters = sink;
    }

    /** Bridges this method's references to hooked methods through {@code refs}. */
    void bridgeMethodReferences(MethodReferences refs) {
        references = refs;
    }

    /** Makes this method's map calls through {@code bridges} (null: through the probes that make the call). */
    void bridgeMapCalls(MapCallBridges bridges) {
        mapCalls = bridges;
    }

    /** This method is a bridge whose receiver was captured from {@code name} (or null): its hooked call's site is named so. */
    void nameReceiver(String name) {
        bridgedReceiver = name;
    }

    private int site(String receiverField) {
        if (method.orderingOnly()) {
            return 0; // nothing is reported from this class: no site to name
        }
        return Sites.register(method.owner().replace('/', '.'), method.name(), method.sourceFile(), line, receiverField);
    }

    private void pushInt(int value) {
        if (value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    private void callSync(String probe, String descriptor) {
        if (method.orderingOnly()) {
            probe = ORDERING_PROBES.get(probe);
            if (probe == null) {
                popArguments(descriptor);
                return;
            }
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.ownerOf(probe), probe, descriptor, false);
    }

    /**
     * The lock request probe that leaves the thread's state on the stack, for {@link #callAcquiredPassed}
     * after the acquisition: one thread look-up for the pair. Not for classes rewritten for ordering only.
     */
    private void callRequestPassing() {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.LOCK, Probes.REQUEST_PASSING, Probes.REQUEST_PASSING_DESCRIPTOR, false);
    }

    /** {@link #callRequestPassing}, the state also kept in {@link #stateLocal} for the release probes. */
    private void callRequestKeeping() {
        callRequestPassing();
        if (stateLocal >= 0) {
            super.visitInsn(Opcodes.DUP);
            super.visitVarInsn(Opcodes.ASTORE, stateLocal);
        }
    }

    /**
     * The release probe for the lock on top of the stack, followed by {@code site}: with the kept
     * state where there is one (not in the method's own handler, whose frame does not declare it).
     */
    private void callRelease(int site) {
        if (stateLocal < 0 || inOwnHandler) {
            pushInt(site);
            callSync("lockReleasing", Probes.SITE_DESCRIPTOR);
            return;
        }
        super.visitVarInsn(Opcodes.ALOAD, stateLocal);
        super.visitInsn(Opcodes.SWAP);
        pushInt(site);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.LOCK, "lockReleasing", Probes.ACQUIRED_PASSED_DESCRIPTOR, false);
        extraStack = Math.max(extraStack, 3);
    }

    /** The acquired probe taking the state {@link #callRequestPassing} left under the lock and the site. */
    private void callAcquiredPassed() {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.LOCK, "lockAcquired", Probes.ACQUIRED_PASSED_DESCRIPTOR, false);
    }

    /** Drops a probe's arguments, already pushed: for a probe that a class rewritten for ordering only does without. */
    private void popArguments(String descriptor) {
        Type[] args = Type.getArgumentTypes(descriptor);
        for (int i = args.length - 1; i >= 0; i--) {
            super.visitInsn(args[i].getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
        }
    }

    // ---- synchronized methods and other boundaries: probes on entry and on every exit ----

    @Override
    public void visitCode() {
        super.visitCode();
        if (stateLocal >= 0) {
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitVarInsn(Opcodes.ASTORE, stateLocal);
        }
        if (selfLocal >= 0) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ASTORE, selfLocal);
        }
        if (method.isSynchronized()) {
            String simple = simpleName(method.owner());
            syncSite = site(simple + (method.isStatic() ? ".class" : ".this"));
            if (method.explicitMonitor()) {
                // The method lost ACC_SYNCHRONIZED: taking the monitor here lets the wait be timed.
                // The thread's state stays on the stack for the acquired probe below (never ordering-only here).
                loadMonitor();
                super.visitInsn(Opcodes.DUP);
                pushInt(syncSite);
                callRequestKeeping();
                super.visitInsn(Opcodes.SWAP);
                super.visitInsn(Opcodes.MONITORENTER);
            }
        }
        if (method.isSynchronized() || !method.boundaries().isEmpty()) {
            // The handler's range starts before the acquired probe: no path out of the method
            // may leave the monitor held, or the JIT will not compile it.
            handlerStart = new Label();
            super.visitLabel(handlerStart);
        }
        if (method.isSynchronized()) {
            loadMonitor();
            pushInt(syncSite);
            if (method.explicitMonitor()) {
                callAcquiredPassed();
            } else {
                callSync("lockAcquired", Probes.SITE_DESCRIPTOR);
            }
            extraStack = Math.max(extraStack, 3);
        }
        if (!method.boundaries().isEmpty()) {
            boundarySite = site(null);
            for (Boundary b : method.boundaries()) {
                callBoundary(b.entry, b);
            }
            extraStack = Math.max(extraStack, 2);
        }
    }

    /** Exit probes, innermost first: the boundaries in reverse, then the monitor. */
    private void exitAll() {
        List<Boundary> all = method.boundaries();
        for (int i = all.size() - 1; i >= 0; i--) {
            callBoundary(all.get(i).exit, all.get(i));
        }
        if (method.isSynchronized()) {
            exitMonitor();
        }
    }

    private void callBoundary(String probe, Boundary b) {
        super.visitVarInsn(Opcodes.ALOAD, selfLocal);
        pushInt(boundarySite);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, b.probes, probe, Probes.SITE_DESCRIPTOR, false);
    }

    /** A class's name as sites and getters write it: without its package and enclosing classes. */
    static String simpleName(String internalName) {
        String simple = internalName.substring(internalName.lastIndexOf('/') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }

    /** Release probe, then (for a converted synchronized method) the monitor itself. */
    private void exitMonitor() {
        loadMonitor();
        callRelease(syncSite);
        if (method.explicitMonitor()) {
            loadMonitor();
            super.visitInsn(Opcodes.MONITOREXIT);
        }
    }

    /** Ends any acquired probe's wait for the label of the block it belongs to: for instructions other than labels. */
    private void otherInstruction() {
        monitorHandlers.instruction();
        labelsSinceInstruction.clear();
        loadedLocal = -1;
    }

    private void loadMonitor() {
        if (!method.isStatic()) {
            super.visitVarInsn(Opcodes.ALOAD, selfLocal);
        } else if (format.classConstants()) {
            super.visitLdcInsn(Type.getObjectType(method.owner()));
        } else {
            // Caller-sensitive: resolves through this class's own loader, to this class.
            super.visitLdcInsn(method.owner().replace('/', '.'));
            super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName", "(Ljava/lang/String;)Ljava/lang/Class;", false);
        }
    }

    /** {@code local} padded with TOP up to {@link #selfLocal}, then the owner's type there. */
    private Object[] withSelf(int numLocal, Object[] local) {
        return withKept(numLocal, local, false);
    }

    /**
     * {@code local} padded with TOP up to the locals this rewrite keeps, then their types: the
     * owner's at {@link #selfLocal}, and with {@code state} the thread state's at {@link #stateLocal}.
     */
    private Object[] withKept(int numLocal, Object[] local, boolean state) {
        List<Object> out = new ArrayList<>(numLocal + 2);
        int slots = 0;
        for (int i = 0; i < numLocal; i++) {
            out.add(local[i]);
            slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        slots = keep(out, slots, selfLocal, method.owner());
        if (state) {
            keep(out, slots, stateLocal, Probes.THREAD_STATE_TYPE);
        }
        return out.toArray();
    }

    /** Adds TOP up to {@code local}, then {@code type} there; returns the slots now declared. */
    private static int keep(List<Object> out, int slots, int local, String type) {
        if (local < 0) {
            return slots;
        }
        for (; slots < local; slots++) {
            out.add(Opcodes.TOP);
        }
        out.add(type);
        return local + 1;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitLabel(Label label) {
        Integer monitorLocal = releaseBefore.get(label);
        if (monitorLocal != null) {
            // Kotlin's shape: the release probe goes inside the block's handler range (see MonitorExits).
            if (monitorLocal >= 0) {
                super.visitVarInsn(Opcodes.ALOAD, monitorLocal);
            } else {
                super.visitInsn(Opcodes.DUP);
            }
            pushInt(site(null));
            callSync("lockReleasing", Probes.SITE_DESCRIPTOR);
            extraStack = Math.max(extraStack, 2);
            releasedEarly = true;
        }
        monitorHandlers.label(label);
        labelsSinceInstruction.add(label);
        origins.label();
        super.visitLabel(label);
    }

    /**
     * Notes the stack depth for operand origins, and adds the local that keeps {@code this} to the
     * method's own frames: every instruction the handler covers must declare it, dead code included
     * (its frames often declare no locals at all).
     */
    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        int words = 0;
        if (type == Opcodes.F_NEW || type == Opcodes.F_FULL || type == Opcodes.F_SAME1) {
            for (int i = 0; i < numStack; i++) {
                words += stack[i] == Opcodes.LONG || stack[i] == Opcodes.DOUBLE ? 2 : 1;
            }
        }
        origins.frame(words);
        Object[] locals = (selfLocal < 0 && stateLocal < 0) || type != Opcodes.F_NEW ? local : withKept(numLocal, local, true);
        int count = locals == local ? numLocal : locals.length;
        // Copied only at a synchronized block's handler (the reader reuses its arrays): the frame its release probe's own handler takes.
        handlerFrameLabel = type == Opcodes.F_NEW ? monitorHandlers.selfCoveringHandlerAmong(labelsSinceInstruction) : null;
        handlerFrameLocals = handlerFrameLabel != null ? Arrays.copyOf(locals, count) : null;
        super.visitFrame(type, count, locals, numStack, stack);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        monitorHandlers.add(start, end, handler, type);
    }

    @Override
    public void visitInsn(int opcode) {
        int monitorLocal = loadedLocal; // a monitorexit's monitor, when an aload just pushed it
        otherInstruction();
        justLoadedMapField = null;
        String monitorOrigin = origins.peek(0);
        if (opcode == Opcodes.ARETURN) {
            returnsOrigin(monitorOrigin);
        }
        origins.insn(opcode);
        if (opcode == Opcodes.MONITORENTER) {
            int site = site(monitorOrigin);
            boolean passing = !method.orderingOnly();
            super.visitInsn(Opcodes.DUP);
            pushInt(site);
            if (passing) {
                callRequestKeeping(); // lock, state
                super.visitInsn(Opcodes.SWAP); // state, lock: the state waits under the lock
            } else {
                callSync("lockRequested", Probes.SITE_DESCRIPTOR);
            }
            super.visitInsn(Opcodes.DUP);
            super.visitInsn(Opcodes.MONITORENTER);
            // Right after the monitorenter, so that it runs once per acquisition even when the block
            // starts with a loop (whose jump target is the block's first label); the compiler's
            // catch-any handler for the block is extended over it (see MonitorHandlers).
            Label probe = new Label();
            super.visitLabel(probe);
            pushInt(site);
            if (passing) {
                callAcquiredPassed();
            } else {
                callSync("lockAcquired", Probes.SITE_DESCRIPTOR);
            }
            monitorHandlers.acquiredProbe(probe);
            extraStack = Math.max(extraStack, 3);
            return;
        }
        if (opcode == Opcodes.MONITOREXIT && releasedEarly) {
            releasedEarly = false;
            super.visitInsn(Opcodes.MONITOREXIT);
            return;
        }
        if (opcode == Opcodes.MONITOREXIT) {
            super.visitInsn(Opcodes.DUP);
            Label own = monitorHandlers.selfCoveringHandler();
            Object[] frame = own == null ? null : framedLocalsAt(own);
            if (frame != null && monitorLocal >= 0) {
                Label start = new Label();
                Label end = new Label();
                super.visitLabel(start);
                callRelease(site(null));
                super.visitLabel(end);
                selfCoveredRelease = new SelfCoveredRelease(start, end, monitorLocal, frame);
            } else {
                callRelease(site(null));
            }
            super.visitInsn(Opcodes.MONITOREXIT);
            extraStack = Math.max(extraStack, 2);
            return;
        }
        if (opcode == Opcodes.ATHROW && selfCoveredRelease != null) {
            super.visitInsn(Opcodes.ATHROW);
            releaseInSelfCoveringHandler(selfCoveredRelease);
            selfCoveredRelease = null;
            return;
        }
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            exitAll();
        }
        super.visitInsn(opcode);
    }

    /**
     * The locals of the frame at {@code handler}, the handler being visited now, when no other
     * frame came since (the handler of a synchronized block has none: no jump leads into it); an
     * empty array for a class file without frames; null when it cannot be told.
     */
    private Object[] framedLocalsAt(Label handler) {
        if (!format.frames()) {
            return new Object[0];
        }
        return handler == handlerFrameLabel ? handlerFrameLocals : null;
    }

    /**
     * Right after the athrow that ends a synchronized block's handler, a handler of the release
     * probe's own, javac's shape without the probe: release the monitor, rethrow (see
     * {@link MonitorHandlers#releaseProbeHandled}). It follows the athrow so that the catch-any
     * ranges of enclosing blocks, which cover the handler, cover it too; its frame is the
     * handler's (the locals live there, the exception on the stack).
     */
    private void releaseInSelfCoveringHandler(SelfCoveredRelease release) {
        Label handler = new Label();
        super.visitLabel(handler);
        if (format.frames()) {
            super.visitFrame(Opcodes.F_NEW, release.frameLocals().length, release.frameLocals(), 1, new Object[] {"java/lang/Throwable"});
        }
        super.visitVarInsn(Opcodes.ALOAD, release.monitorLocal());
        super.visitInsn(Opcodes.MONITOREXIT);
        super.visitInsn(Opcodes.ATHROW);
        monitorHandlers.releaseProbeHandled(release.start(), release.end(), handler);
    }

    /** An {@code areturn} of a value whose origin is {@code origin} (a field, or null). */
    private void returnsOrigin(String origin) {
        if (!method.descriptor().startsWith("()") || method.orderingOnly()) {
            return;
        }
        if (returnedField == null && !returnsMap(method.descriptor(), hierarchy)) {
            returnedField = ""; // a call site names a map after a getter only when the getter's type is a map (mapGetter)
            return;
        }
        if (origin == null || (returnedField != null && !returnedField.equals(origin))) {
            returnedField = "";
        } else {
            returnedField = origin;
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (returnedField != null && !returnedField.isEmpty()) {
            getters.accept(MapGetters.getterName(simpleName(method.owner()), method.name()), returnedField);
        }
        monitorHandlers.emit(mv);
        inOwnHandler = true;
        if (handlerStart != null) {
            // Exceptional exit: a catch-all handler, last in the table so the method's own run first.
            Label handler = new Label();
            super.visitTryCatchBlock(handlerStart, handler, handler, null);
            if (method.explicitMonitor()) {
                exceptionalExitHoldingMonitor(handler);
            } else {
                handlerFrame(handler);
                exitAll();
                super.visitInsn(Opcodes.ATHROW);
            }
            extraStack = Math.max(extraStack, 3);
        }
        super.visitMaxs(maxStack + extraStack, maxLocals + extraLocals);
    }

    /** A handler's label and, where the class has frames, its frame: only the kept {@code this} is live. */
    private void handlerFrame(Label handler) {
        super.visitLabel(handler);
        if (format.frames()) {
            Object[] locals = selfLocal >= 0 ? withSelf(0, new Object[0]) : new Object[0];
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        }
    }

    /**
     * The catch-all of a synchronized method turned into an explicit monitor: exit probes, then
     * the monitor's release. HotSpot compiles a method only if no exception can leave it with a
     * monitor held, so the probes (calls, made holding the monitor) get a catch-all of their own
     * that only releases the monitor ({@code aload_0} cannot throw).
     */
    private void exceptionalExitHoldingMonitor(Label handler) {
        Label probesEnd = new Label();
        Label releaseOnly = new Label();
        super.visitTryCatchBlock(handler, probesEnd, releaseOnly, null);
        handlerFrame(handler);
        List<Boundary> all = method.boundaries();
        for (int i = all.size() - 1; i >= 0; i--) {
            callBoundary(all.get(i).exit, all.get(i));
        }
        loadMonitor();
        pushInt(syncSite);
        callSync("lockReleasing", Probes.SITE_DESCRIPTOR);
        super.visitLabel(probesEnd);
        releaseMonitorAndThrow();
        handlerFrame(releaseOnly);
        releaseMonitorAndThrow();
    }

    private void releaseMonitorAndThrow() {
        loadMonitor();
        super.visitInsn(Opcodes.MONITOREXIT);
        super.visitInsn(Opcodes.ATHROW);
    }

    // ---- which field a map came from (volatile fields are VolatileAccesses') ----

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        otherInstruction();
        justLoadedMapField = null;
        boolean read = opcode == Opcodes.GETFIELD || opcode == Opcodes.GETSTATIC;
        super.visitFieldInsn(opcode, owner, name, descriptor);
        origins.fieldInsn(opcode, descriptor, simpleName(owner) + "." + name);
        if (read && !method.orderingOnly() && descriptor.startsWith("L")) {
            justLoadedMapField = new FieldRead(simpleName(owner) + "." + name, descriptor.substring(1, descriptor.length() - 1));
            mapFields.push(justLoadedMapField);
        }
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        otherInstruction();
        loadedLocal = opcode == Opcodes.ALOAD ? var : -1;
        origins.varInsn(opcode, var);
        if (opcode == Opcodes.ASTORE) {
            if (justLoadedMapField != null) {
                mapLocals.put(var, mapFields.pop());
            } else {
                mapLocals.remove(var);
            }
        } else if (opcode == Opcodes.ALOAD && mapLocals.containsKey(var)) {
            mapFields.push(mapLocals.get(var));
        }
        justLoadedMapField = null;
        super.visitVarInsn(opcode, var);
    }

    // The remaining instructions only need the pending acquired probe emitted before them,
    // and end any monitor pattern in progress.

    @Override
    public void visitIntInsn(int opcode, int operand) {
        otherInstruction();
        origins.intInsn(opcode);
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        otherInstruction();
        origins.typeInsn(opcode);
        if (opcode == Opcodes.NEW) {
            pendingNews++;
        }
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        otherInstruction();
        origins.jump(opcode);
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        otherInstruction();
        origins.ldc(value);
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        otherInstruction();
        origins.iinc(var);
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        otherInstruction();
        origins.switchInsn();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        otherInstruction();
        origins.switchInsn();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        otherInstruction();
        origins.multiANewArray(numDimensions);
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
        otherInstruction();
        Object[] args = bridged(descriptor, bsm, bsmArgs);
        justLoadedMapField = null;
        origins.invokeDynamic(descriptor);
        super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }

    /**
     * The bootstrap arguments with a method reference to a hooked method pointed at a bridge that
     * makes the call through its probe (see {@link MethodReferences}); else the arguments as they were.
     */
    private Object[] bridged(String descriptor, Handle bsm, Object[] bsmArgs) {
        Handle impl = references == null ? null : MethodReferences.implementation(bsm, bsmArgs);
        if (impl == null) {
            return bsmArgs;
        }
        boolean isStatic = impl.getTag() == Opcodes.H_INVOKESTATIC;
        if (find(isStatic, impl.getOwner(), impl.getName(), impl.getDesc()) == null) {
            return bsmArgs;
        }
        // A bound reference (cache::get) captures its receiver first: name it as a call on it would be.
        String receiver = null;
        int capturedWords = (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - 1;
        if (!isStatic && Type.getArgumentTypes(descriptor).length > 0) {
            receiver = hierarchy.isA(impl.getOwner(), Hooks.MAP) ? latestMapField() : origins.peek(capturedWords - 1);
        }
        Object[] args = bsmArgs.clone();
        args[1] = references.bridge(impl, descriptor, method.name(), line, receiver);
        return args;
    }

    // ---- calls ----

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        otherInstruction();
        justLoadedMapField = null;
        String receiverField = opcode == Opcodes.INVOKESTATIC ? null : origins.receiverOf(descriptor);
        origins.methodInsn(opcode, descriptor);
        FieldRead getter = mapGetter(owner, name, descriptor);
        if (opcode == Opcodes.INVOKESPECIAL || owner.startsWith("[")) {
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
                if (pendingNews > 0 && ProgramMaps.marks(owner, descriptor) && !walkLooksElsewhere()) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.PROGRAM_MAPS, "coming", "()V", false);
                }
                constructed();
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (getter != null) {
                justLoadedMapField = getter; // a private getter, called with invokespecial by older compilers
                mapFields.push(getter);
            }
            return;
        }
        if (method.orderingOnly() && !(opcode == Opcodes.INVOKEVIRTUAL && name.equals("wait"))) {
            // Only Object.wait, which gives the monitor up, matters to ordering here.
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        boolean isStatic = opcode == Opcodes.INVOKESTATIC;
        String mapField = !isStatic && hierarchy.isA(owner, Hooks.MAP) ? latestMapField() : null;
        if (bridgedReceiver != null) {
            mapField = receiverField = bridgedReceiver;
        }
        Hook hook = find(isStatic, owner, name, descriptor);
        if (hook == null) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (getter != null) {
                justLoadedMapField = getter; // named like a field read: the next store or map call takes it
                mapFields.push(getter);
            }
        } else if (hook.replace() != null && mapCalls != null) {
            mapCalls.call(mv, hook, opcode, owner, name, descriptor, isInterface, site(mapField), line);
        } else if (hook.replace() != null) {
            replaceMapCall(hook, descriptor, site(mapField));
        } else {
            insertAround(hook, opcode, owner, name, descriptor, isInterface, site(receiverField));
        }
    }

    /** The label of the latest map field read and not yet used, or null; reads of other fields above it are dropped. */
    private String latestMapField() {
        for (FieldRead f = mapFields.poll(); f != null; f = mapFields.poll()) {
            if (hierarchy.isA(f.type(), Hooks.MAP)) {
                return f.label();
            }
        }
        return null;
    }

    /** A reference field read: {@code label} names it as a report does ({@code Owner.field}), {@code type} is its internal name. */
    private record FieldRead(String label, String type) {
    }

    /**
     * True when a method without arguments with this descriptor is declared to return a map: only
     * such a getter names a map at a call site ({@link #mapGetter}), so only such a getter is noted.
     */
    static boolean returnsMap(String descriptor, TypeHierarchy hierarchy) {
        return descriptor.startsWith("()L") && hierarchy.isA(descriptor.substring(3, descriptor.length() - 1), Hooks.MAP);
    }

    /** {@code Owner.method()} for a call without arguments that returns a map, else null. */
    private FieldRead mapGetter(String owner, String name, String descriptor) {
        if (method.orderingOnly() || !descriptor.startsWith("()L") || owner.startsWith("java/")) {
            return null;
        }
        String returned = descriptor.substring(3, descriptor.length() - 1);
        return hierarchy.isA(returned, Hooks.MAP) ? new FieldRead(MapGetters.getterName(simpleName(owner), name), returned) : null;
    }

    /**
     * Whether this method's class is one the walk looks past or names as the JDK: a concurrent map's
     * (or skip-list set's) subclass, or a class of the platform loader's (see {@link ProgramMaps#marks}).
     */
    private boolean walkLooksElsewhere() {
        String self = method.owner();
        if (ProgramMaps.platformClass(self)) {
            return true;
        }
        for (String map : ProgramMaps.MAP_CLASSES) {
            if (hierarchy.isA(self, map)) { // the map classes themselves too
                return true;
            }
        }
        return false;
    }

    /** An {@code <init>} call: it initializes the latest NEW object, or else this constructor's own this. */
    private void constructed() {
        if (pendingNews > 0) {
            pendingNews--;
        } else if (method.isConstructor()) {
            thisInitialized = true;
        }
    }

    /**
     * The hook of the method this call resolves to, or null. Only the hooked method itself matches
     * (see {@link Hook}): same name and erased descriptor on a subtype of its family, or a JDK
     * override of it; an overload or an application's covariant override is left alone.
     */
    private Hook find(boolean isStatic, String owner, String name, String descriptor) {
        return Hooks.find(isStatic, owner, name, descriptor, hierarchy);
    }

    /** Swaps the call for {@code MapProbes.op(Map, args..., site)}, which makes the call itself. */
    private void replaceMapCall(Hook hook, String descriptor, int site) {
        Type returnType = Type.getReturnType(descriptor);
        boolean reference = returnType.getSort() == Type.OBJECT || returnType.getSort() == Type.ARRAY;
        String probeReturn = reference ? "Ljava/lang/Object;" : returnType.getDescriptor();
        String probeDescriptor = "(Ljava/util/Map;" + hook.args().substring(1, hook.args().length() - 1) + "I)" + probeReturn;
        pushInt(site);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.MAP, hook.replace(), probeDescriptor, false);
        if (reference && !returnType.getDescriptor().equals("Ljava/lang/Object;")) {
            super.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
        }
        extraStack = Math.max(extraStack, 1);
    }

    /**
     * Keeps the call and adds probes around it. Arguments and receiver are parked in fresh
     * locals so the probes can see the receiver whatever the call's arity.
     */
    private void insertAround(Hook hook, int opcode, String owner, String name, String descriptor, boolean isInterface, int site) {
        Type[] args = Type.getArgumentTypes(descriptor);
        int[] slots = new int[args.length];
        int next = firstParkLocal;
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        int receiver = next;
        boolean hasReceiver = opcode != Opcodes.INVOKESTATIC;
        extraLocals = Math.max(extraLocals, next + 1 - firstFreeLocal);
        extraStack = Math.max(extraStack, 4);

        for (int i = args.length - 1; i >= 0; i--) {
            super.visitVarInsn(args[i].getOpcode(Opcodes.ISTORE), slots[i]);
        }
        if (hasReceiver) {
            super.visitVarInsn(Opcodes.ASTORE, receiver);
        }
        // Lock.lock() and lockInterruptibly(): the request probe's thread state stays on the stack,
        // under the call, for the acquired probe (one thread look-up for the pair).
        boolean passing = passesState(hook, hasReceiver, descriptor);
        if (hook.before() != null) {
            loadReceiver(hasReceiver, receiver);
            if (passing) {
                pushInt(site);
                callRequestKeeping();
            } else if (releaseKeeping(hook, hasReceiver, descriptor)) {
                callRelease(site);
            } else {
                pushInt(site);
                callSync(hook.before(), Probes.SITE_DESCRIPTOR);
            }
        }
        if (hasReceiver) {
            super.visitVarInsn(Opcodes.ALOAD, receiver);
        }
        for (int i = 0; i < args.length; i++) {
            super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), slots[i]);
            if (i == hook.wrapArg()) {
                loadReceiver(hasReceiver, receiver);
                pushInt(site);
                callSync(wrapperFor(hook, args[i]), Probes.WRAP_DESCRIPTOR);
                super.visitTypeInsn(Opcodes.CHECKCAST, args[i].getInternalName());
            }
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        if (hook.after() == null) {
            return;
        }
        switch (hook.afterArg()) {
            case BOOLEAN_RESULT, OBJECT_RESULT -> super.visitInsn(Opcodes.DUP);
            case LONG_RESULT -> super.visitInsn(Opcodes.DUP2);
            default -> {
            }
        }
        loadReceiver(hasReceiver, receiver);
        if (hook.scheduling()) {
            passCallerAndArguments(args, slots);
        }
        pushInt(site);
        if (passing) {
            callAcquiredPassed();
        } else if (hook.scheduling()) {
            String argsPart = descriptor.substring(1, descriptor.indexOf(')'));
            String probe = "(" + hook.afterArg().result + "Ljava/lang/Object;Ljava/lang/Object;" + argsPart + "I)V";
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.SCHEDULING, hook.after(), probe, false);
            clearParked(args, slots, hasReceiver ? receiver : -1);
        } else {
            callSync(hook.after(), hook.afterArg().descriptor);
        }
    }

    /**
     * Nulls the parked references of a scheduling call once its probe has them: an interpreted
     * frame keeps every local it holds alive, and a task cancelled and dropped by the caller must be
     * collectable before the method returns (ActiveMQ Artemis's testScheduledPoolGC).
     */
    private void clearParked(Type[] args, int[] slots, int receiver) {
        for (int i = 0; i < args.length; i++) {
            int sort = args[i].getSort();
            if (sort == Type.OBJECT || sort == Type.ARRAY) {
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitVarInsn(Opcodes.ASTORE, slots[i]);
            }
        }
        if (receiver >= 0) {
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitVarInsn(Opcodes.ASTORE, receiver);
        }
    }

    /**
     * The owner of scheduled work (the caller's this, or null where there is none yet) and the
     * call's arguments as passed, from the slots they were parked in (the task unwrapped).
     */
    private void passCallerAndArguments(Type[] args, int[] slots) {
        if (thisInitialized) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
        } else {
            super.visitInsn(Opcodes.ACONST_NULL);
        }
        int size = 0;
        for (int i = 0; i < args.length; i++) {
            super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), slots[i]);
            size += args[i].getSize();
        }
        // Result copy, receiver, caller, arguments and site on top of the result.
        extraStack = Math.max(extraStack, 5 + size);
    }

    /** A lock's request and acquired probes around a call without arguments or result: the request's state can wait on the stack. */
    private boolean passesState(Hook hook, boolean hasReceiver, String descriptor) {
        return hasReceiver && !method.orderingOnly() && descriptor.equals("()V") && "lockRequested".equals(hook.before())
            && "lockAcquired".equals(hook.after()) && hook.afterArg() == Hook.After.NOTHING && hook.wrapArg() < 0;
    }

    /** {@code Lock.unlock()}: its release probe can take the state a {@code lock()} of this method kept. */
    private boolean releaseKeeping(Hook hook, boolean hasReceiver, String descriptor) {
        return hasReceiver && stateLocal >= 0 && descriptor.equals("()V") && "lockReleasing".equals(hook.before())
            && hook.after() == null && hook.wrapArg() < 0;
    }

    /** Two-argument callbacks need a wrapper of their own shape. */
    private static String wrapperFor(Hook hook, Type arg) {
        String type = arg.getInternalName();
        boolean twoArguments = type.equals("java/util/function/BiFunction") || type.equals("java/util/function/BiConsumer");
        return twoArguments && hook.wrapper().equals(Probes.WRAP_TASK) ? "wrapBiTask" : hook.wrapper();
    }

    private void loadReceiver(boolean hasReceiver, int slot) {
        if (hasReceiver) {
            super.visitVarInsn(Opcodes.ALOAD, slot);
        } else {
            super.visitInsn(Opcodes.ACONST_NULL);
        }
    }
}
