package io.racewatch.order;

import io.racewatch.order.OrderPoints.Edge;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.Map;

/**
 * Inserts {@link OrderProbes} calls into one JDK class: at the entry or the normal exits of the
 * methods {@link OrderPoints} names, and around the reads and writes of the volatile fields
 * through which CompletableFuture, FutureTask and ForkJoinTask publish their completion, and
 * before the timer thread's call of a TimerTask's run; and around the monitors of the JDK's
 * synchronized collections ({@link JdkMonitors}). Only
 * straight-line code is added (no branches, locals or handlers), so the class's stack map
 * frames stay valid; the operand stack grows by at most three slots.
 */
final class OrderClassVisitor extends ClassVisitor {
    private static final String PROBES = "io/racewatch/order/OrderProbes";
    private static final String OBJ = "Ljava/lang/Object;";
    private static final String NODE = OrderPoints.CHM + "$Node";
    private static final String VAR_HANDLE = "java/lang/invoke/VarHandle";
    private static final String RESULT_CAS_PREFIX = "(L" + OrderPoints.CF + ";Ljava/lang/Void;";

    private final String className;
    private final Map<String, Edge> methods;
    private final boolean result;
    private final boolean taskStatus;
    private final boolean futureState;
    private final boolean timerThread;
    /** The class's own monitors order ({@link JdkMonitors}). */
    private final boolean monitors;
    /** The class's own monitors only release ({@link OrderPoints#monitorsRelease}). */
    private final boolean monitorsRelease;
    /** The field whose value stands for {@code this} in the probes, or null (see {@link OrderPoints#syncField}). */
    private final String syncField;

    OrderClassVisitor(int api, ClassVisitor next, String className) {
        super(api, next);
        this.className = className;
        this.methods = OrderPoints.methodsOf(className);
        this.result = OrderPoints.readsResult(className);
        this.taskStatus = OrderPoints.readsTaskStatus(className);
        this.futureState = className.equals(OrderPoints.FUTURE_TASK);
        this.timerThread = className.equals(OrderPoints.TIMER_THREAD);
        this.monitors = OrderPoints.monitorsOrder(className);
        this.monitorsRelease = OrderPoints.monitorsRelease(className);
        this.syncField = OrderPoints.syncField(className);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (mv != null && (access & Opcodes.ACC_STATIC) == 0 && OrderPoints.keyed(className, name)) {
            return new KeyedMapHooks(api, mv, className, name);
        }
        if (mv != null && (monitors || monitorsRelease)) {
            mv = new JdkMonitors(api, mv, (access & (Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_STATIC)) == Opcodes.ACC_SYNCHRONIZED,
                monitorsRelease);
        }
        Edge edge = methods.get(name);
        if ((access & Opcodes.ACC_STATIC) != 0 && edge != Edge.INTERRUPT_SEEN) {
            edge = null; // the other edges take this or an argument of an instance method
        }
        if (mv == null || (edge == null && !result && !taskStatus && !futureState && !timerThread)) {
            return mv;
        }
        return new Hooked(api, mv, edge, Type.getReturnType(descriptor).getSort());
    }

    private final class Hooked extends MethodVisitor {
        private final Edge edge;
        private final int returnSort;

        Hooked(int api, MethodVisitor mv, Edge edge, int returnSort) {
            super(api, mv);
            this.edge = edge;
            this.returnSort = returnSort;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (edge == null) {
                return;
            }
            switch (edge) {
                case RELEASE_THIS, RELEASE_AND_ACQUIRE -> call(0, "release", "(" + OBJ + ")V");
                case ATOMIC_WRITE, ATOMIC_UPDATE -> call(0, "atomicWrite", "(" + OBJ + ")V");
                case RELEASE_FIRST_ARG -> call(1, "release", "(" + OBJ + ")V");
                case FUTURE_CANCEL -> call(0, "futureCancelling", "(" + OBJ + ")V");
                case OBJECT_WRITE, OBJECT_UPDATE -> call(1, "volatileWrite", "(" + OBJ + ")V");
                case TASK_RUN, CALLBACK, ACQUIRE_BEFORE -> call(0, "acquire", "(" + OBJ + ")V");
                case THREAD_START -> call(0, "threadStarting", "(Ljava/lang/Thread;)V");
                case COMPLETER_REPORTS -> call(0, "completerReports", "(" + OBJ + ")V");
                case MAP_WRITE -> call(0, "mapWriting", "(" + OBJ + ")V");
                case MAP_TRAVERSED -> traversed();
                default -> {
                }
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (edge != null && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                beforeReturn();
            }
            super.visitInsn(opcode);
        }

        private void beforeReturn() {
            switch (edge) {
                case THREAD_JOIN -> call(0, "threadJoined", "(Ljava/lang/Thread;)V");
                case INTERRUPT_SEEN -> {
                    if (returnSort == Type.BOOLEAN) {
                        super.visitInsn(Opcodes.DUP);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "interruptSeenIf", "(Z)V", false);
                    } else {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "interruptSeen", "()V", false);
                    }
                }
                case TASK_RUN -> super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "taskRan", "()V", false);
                case RELEASE_RESULT -> {
                    if (returnSort == Type.OBJECT) {
                        super.visitInsn(Opcodes.DUP);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "release", "(" + OBJ + ")V", false);
                    }
                }
                case RELEASE_AND_ACQUIRE -> call(0, "acquire", "(" + OBJ + ")V");
                case CALLBACK -> call(0, "release", "(" + OBJ + ")V");
                case MAP_READ -> call(0, "mapRead", "(" + OBJ + ")V");
                case MAP_MADE -> call(0, "concurrentMapMade", "(" + OBJ + ")V");
                case MAP_TRAVERSED -> traversed();
                case MAP_ELEMENT -> elementReturned();
                case ATOMIC_READ, ATOMIC_UPDATE -> call(0, "atomicRead", "(" + OBJ + ")V");
                case OBJECT_READ, OBJECT_UPDATE -> call(1, "volatileRead", "(" + OBJ + ")V");
                case ACQUIRE_AFTER -> {
                    switch (returnSort) {
                        case Type.VOID -> call(0, "acquire", "(" + OBJ + ")V");
                        case Type.BOOLEAN -> dupAndCall("acquireIf", "(Z" + OBJ + ")V");
                        case Type.INT -> dupAndCall("acquireIfPositive", "(I" + OBJ + ")V");
                        case Type.OBJECT, Type.ARRAY -> dupAndCall("acquireIfPresent", "(" + OBJ + OBJ + ")V");
                        case Type.LONG -> {
                            super.visitInsn(Opcodes.DUP2); // a stamp: zero means not acquired
                            call(0, "acquireIfNonZero", "(J" + OBJ + ")V");
                        }
                        default -> {
                        }
                    }
                }
                case ACQUIRE_IF_NON_NEGATIVE -> {
                    if (returnSort == Type.INT) {
                        dupAndCall("acquireIfNonNegative", "(I" + OBJ + ")V");
                    }
                }
                case ACQUIRE_IF_ZERO -> {
                    if (returnSort == Type.INT) {
                        dupAndCall("acquireIfZero", "(I" + OBJ + ")V");
                    }
                }
                default -> {
                }
            }
        }

        /** Loads local {@code slot} (for {@code this}: its sync field, if the class has one) and passes it to the probe. */
        private void call(int slot, String probe, String descriptor) {
            super.visitVarInsn(Opcodes.ALOAD, slot);
            if (slot == 0 && syncField != null) {
                super.visitFieldInsn(Opcodes.GETFIELD, className, syncField, "L" + className + ";");
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, probe, descriptor, false);
        }

        /** Passes the map being traversed to the probe: {@code this}, or an iterator's or a view's {@code map}. */
        private void traversed() {
            loadTraversedMap();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "mapTraversed", "(" + OBJ + ")V", false);
        }

        /** Pushes the map a traversal walks: {@code this}, or a view's or an iterator's {@code map}. */
        private void loadTraversedMap() {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            if (!className.equals(OrderPoints.CHM)) {
                super.visitFieldInsn(Opcodes.GETFIELD, className, "map", "L" + OrderPoints.CHM + ";");
            }
        }

        /** Passes an iterator's map and the hash of the node it just returned to the probe. */
        private void elementReturned() {
            String node = "L" + NODE + ";";
            loadTraversedMap();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitFieldInsn(Opcodes.GETFIELD, className, "lastReturned", node);
            super.visitFieldInsn(Opcodes.GETFIELD, NODE, "hash", "I");
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "elementReturned", "(" + OBJ + "I)V", false);
        }

        /**
         * Before a traversal reads a node's key or value ({@code [node]} on the stack): passes the map and the node's hash
         * to the probe, so that an element put after the traversal began is ordered like one an iterator returns.
         */
        private void elementSeen() {
            super.visitInsn(Opcodes.DUP); // [node] -> [node, node] -> [node, hash] -> [node, hash, map] -> [node, map, hash]
            super.visitFieldInsn(Opcodes.GETFIELD, NODE, "hash", "I");
            loadTraversedMap();
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "elementReturned", "(" + OBJ + "I)V", false);
        }

        /** Passes a copy of the one-slot return value and {@code this} to the probe. */
        private void dupAndCall(String probe, String descriptor) {
            super.visitInsn(Opcodes.DUP);
            call(0, probe, descriptor);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            if (result && "result".equals(name) && OBJ.equals(descriptor) && OrderPoints.readsResult(owner)) {
                if (opcode == Opcodes.GETFIELD) {
                    super.visitInsn(Opcodes.DUP); // [cf] -> [cf, cf] -> [cf, r] -> probe -> [r]
                    super.visitFieldInsn(opcode, owner, name, descriptor);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "resultRead", "(" + OBJ + OBJ + ")" + OBJ, false);
                    return;
                }
                if (opcode == Opcodes.PUTFIELD) {
                    super.visitInsn(Opcodes.DUP2); // [cf, v] -> [cf, v, cf, v] -> [cf, v, cf] -> probe -> [cf, v]
                    super.visitInsn(Opcodes.POP);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "resultWriting", "(" + OBJ + ")V", false);
                }
            } else if (opcode == Opcodes.GETFIELD && edge == Edge.MAP_TRAVERSED && owner.equals(NODE)
                && ("key".equals(name) || "val".equals(name))) {
                elementSeen();
            } else if (opcode == Opcodes.GETFIELD && taskStatus && OrderPoints.isTaskStatus(owner, name, descriptor)) {
                statusRead(owner, name, descriptor, "taskStatusRead");
                return;
            } else if (opcode == Opcodes.GETFIELD && futureState && owner.equals(OrderPoints.FUTURE_TASK)
                && "state".equals(name) && "I".equals(descriptor)) {
                statusRead(owner, name, descriptor, "futureStateRead");
                return;
            }
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        private void statusRead(String owner, String name, String descriptor, String probe) {
            super.visitInsn(Opcodes.DUP);
            super.visitFieldInsn(Opcodes.GETFIELD, owner, name, descriptor);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, probe, "(" + OBJ + "I)I", false);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (timerThread && opcode == Opcodes.INVOKEVIRTUAL && "java/util/TimerTask".equals(owner) && "run".equals(name)
                && "()V".equals(descriptor)) {
                super.visitInsn(Opcodes.DUP); // [task] -> [task, task] -> probe -> [task]
                super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "acquire", "(" + OBJ + ")V", false);
            }
            if (result && opcode == Opcodes.INVOKEVIRTUAL && VAR_HANDLE.equals(owner) && "compareAndSet".equals(name)
                && descriptor.startsWith(RESULT_CAS_PREFIX)) {
                // RESULT.compareAndSet(future, null, value): the only CAS whose expected value is typed Void.
                super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "resultCas",
                    "(L" + VAR_HANDLE + ";L" + OrderPoints.CF + ";" + OBJ + OBJ + ")Z", false);
                return;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 3, maxLocals);
        }
    }
}
