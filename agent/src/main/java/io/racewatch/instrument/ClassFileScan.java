package io.racewatch.instrument;

import io.racewatch.maps.MapGetters;
import io.racewatch.order.ProgramMaps;
import io.racewatch.order.VolatileAccesses;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Tells from a class file's bytes, without ASM or a type pool, whether {@link CallSiteRewriter}
 * would change anything in it: most library classes have no hooked call, no monitor and no
 * probed volatile access, and are then loaded as they are, at the cost of one pass over their
 * constant pool and code. The answer errs towards rewriting: a constant-pool entry that only
 * looks like a hooked call (a method handle, an overload on an unrelated type) rewrites a class
 * that needed none, never the reverse. A class file it cannot read is left to the rewrite.
 */
final class ClassFileScan {
    private static final int UTF8 = 1;
    private static final int INTEGER = 3;
    private static final int FLOAT = 4;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;
    private static final int CLASS = 7;
    private static final int STRING = 8;
    private static final int FIELD = 9;
    private static final int METHOD = 10;
    private static final int INTERFACE_METHOD = 11;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;
    private static final int DYNAMIC = 17;
    private static final int INVOKE_DYNAMIC = 18;
    private static final int MODULE = 19;
    private static final int PACKAGE = 20;

    private static final int ACC_STATIC = 0x0008;
    private static final int ACC_SYNCHRONIZED = 0x0020;
    private static final int ACC_BRIDGE = 0x0040;
    private static final int ACC_VOLATILE = 0x0040;
    private static final int ACC_NATIVE = 0x0100;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_SYNTHETIC = 0x1000;

    private static final int ALOAD_0 = 0x2A;
    private static final int ARETURN = 0xB0;
    private static final int GETSTATIC = 0xB2;
    private static final int PUTSTATIC = 0xB3;
    private static final int GETFIELD = 0xB4;
    private static final int PUTFIELD = 0xB5;
    private static final int INVOKEVIRTUAL = 0xB6;
    private static final int INVOKESPECIAL = 0xB7;
    private static final int INVOKESTATIC = 0xB8;
    private static final int INVOKEINTERFACE = 0xB9;
    private static final int INVOKEDYNAMIC = 0xBA;
    private static final int MONITORENTER = 0xC2;
    private static final int MONITOREXIT = 0xC3;

    /** Names of hooked methods (the first, cheap test of a method reference). */
    private static final Set<String> HOOKED_NAMES = new HashSet<>();
    /** Name + erased descriptor of every hooked method and of the JDK's overrides of one. */
    private static final Set<String> HOOKED = new HashSet<>();
    private static final Set<String> WAITS = Set.of("wait()V", "wait(J)V", "wait(JI)V");
    private static final Set<String> PRE_DESTROY = Set.of("Ljakarta/annotation/PreDestroy;", "Ljavax/annotation/PreDestroy;");
    private static final byte[] LENGTHS = instructionLengths();

    private static final byte UNASKED = 0;
    private static final byte QUEUED = 1;
    private static final byte NO = 2;
    private static final byte YES = 3;

    /** What an opcode means to {@link #walkForChange}: nothing, a monitor, a call or field access by constant, an invokedynamic. */
    private static final int OTHER = 0;
    private static final int MONITOR = 1;
    private static final int MEMBER = 2;
    private static final int DYNAMIC_CALL = 3;
    private static final byte[] ROLES = roles();

    static {
        for (Hook h : Hooks.all()) {
            HOOKED_NAMES.add(h.name());
            HOOKED.add(h.name() + h.descriptor());
            for (JdkOverrides.Override o : JdkOverrides.of(h)) {
                HOOKED.add(h.name() + o.descriptor());
            }
        }
    }

    private final byte[] b;
    private final int[] offsets;
    private final String[] utf8;
    private String thisClass;
    private String superName;
    private boolean annotation;
    /** Offset of the fields table, for volatility questions about this class's own fields. */
    private int fieldsStart;
    private Set<String> ownFields;
    private Set<String> ownVolatile;
    /** The constant pool has a method handle (most classes have none: no lambdas, no method references). */
    private boolean methodHandles;
    /** Per constant: an answer about it, asked once per class ({@link #UNASKED}, {@link #QUEUED}, {@link #NO}, {@link #YES}). */
    private final byte[] answers;
    /** Constants met unasked by the walk over one method's code, in the order met (see {@link #walkForChange}). */
    private final int[] unasked;
    private Supplier<TypeHierarchy> typeSource;
    private TypeHierarchy types;

    private ClassFileScan(byte[] classFile) {
        this.b = classFile;
        int count = u2(8);
        this.offsets = new int[count];
        this.utf8 = new String[count];
        this.answers = new byte[count];
        this.unasked = new int[count];
    }

    /**
     * True when the rewrite may change the class.
     *
     * @param checked   the class is checked (every probe), not rewritten for ordering only
     * @param lifecycle names of no-argument methods that end their object's life
     * @param types     answers about other classes (volatile fields, supertypes), asked only when the bytes cannot tell
     */
    static boolean mayRewrite(byte[] classFile, boolean checked, Set<String> lifecycle, Supplier<TypeHierarchy> types) {
        try {
            return new ClassFileScan(classFile).scan(checked, lifecycle, types);
        } catch (RuntimeException unreadable) {
            return true; // the rewrite decides (and reports) what is wrong with it
        }
    }

    /**
     * The methods the rewrite may change, as name + descriptor: empty when it would change none
     * (the class is loaded as it is), null when any may change. The others are copied as they
     * are, without being parsed. Per method it asks what {@link #mayRewrite} asks of the class:
     * a monitor, a synchronized or boundary method, a call that may be hooked, a probed volatile
     * access, a method reference to a hooked method; and in a checked class, a getter (no
     * arguments, declared to return a map) whose rewrite would note the field it returns (MapGetters).
     * A getter that reads no reference field would note nothing, and one that is only a field
     * read and its return ({@code return this.cache;}) is noted here, to {@code getters}: neither
     * needs the rewrite. Most getters are one of the two, and most classes that have nothing else
     * to rewrite are then loaded as they are.
     *
     * @param getters where a getter that returns a field is noted (getter name, field name), as the rewrite would
     */
    static Plan methodsToRewrite(byte[] classFile, boolean checked, Set<String> lifecycle, Supplier<TypeHierarchy> types,
                                 BiConsumer<String, String> getters) {
        List<String> noted = new ArrayList<>(0);
        Plan plan;
        try {
            plan = new ClassFileScan(classFile).methods(checked, lifecycle, types, noted);
        } catch (RuntimeException unreadable) {
            return Plan.ALL; // the rewrite decides (and reports) what is wrong with it
        }
        // Only once the whole class is read: a class the rewrite takes whole notes its getters itself.
        for (int i = 0; i < noted.size(); i += 2) {
            getters.accept(noted.get(i), noted.get(i + 1));
        }
        return plan;
    }

    /**
     * What the rewrite of one class needs to do.
     *
     * @param methods name + descriptor of the methods the rewrite may change: null for any, empty for none
     * @param probes  false when none of them gets a probe: they are getters whose returned field
     *                only the rewrite can tell, so it only reads them and the class loads as it is
     */
    record Plan(Set<String> methods, boolean probes) {
        static final Plan ALL = new Plan(null, true);
        static final Plan NONE = new Plan(Set.of(), false);

        /** The class loads as it is, without being read again. */
        boolean nothing() {
            return methods != null && methods.isEmpty();
        }
    }

    private Plan methods(boolean checked, Set<String> lifecycle, Supplier<TypeHierarchy> types, List<String> getters) {
        this.typeSource = types;
        if (u4(0) != 0xCAFEBABE) {
            return Plan.ALL;
        }
        int p = readHeader();
        if (annotation) {
            return Plan.NONE; // an annotation interface: never rewritten
        }
        if (checked && utf8Constant(PRE_DESTROY)) {
            return Plan.ALL; // which method carries the annotation is the rewrite's question
        }
        boolean hookedHandle = checked && hookedHandle();
        boolean probes = false;
        Set<String> out = new HashSet<>();
        int methods = u2(p);
        p += 2;
        for (int i = 0; i < methods; i++) {
            int flags = u2(p);
            String name = utf8(u2(p + 2));
            String descriptor = utf8(u2(p + 4));
            int attributes = u2(p + 6);
            p += 8;
            boolean code = (flags & (ACC_ABSTRACT | ACC_NATIVE)) == 0 && (flags & ACC_BRIDGE) == 0;
            boolean changes = code && ((flags & ACC_SYNCHRONIZED) != 0
                || (checked && boundary(flags, name, descriptor, superName, lifecycle)));
            boolean read = false;
            for (int a = 0; a < attributes; a++) {
                int length = u4(p + 2);
                if (code && !changes && utf8(u2(p)).equals("Code")) {
                    changes = codeMayChange(p + 6, checked, hookedHandle, fieldsStart);
                    // A checked class's getter is read by the rewrite too when only it can tell which field it returns.
                    read = !changes && checked && descriptor.startsWith("()L") && !getterKnown(p + 6, name, descriptor, getters);
                }
                p += 6 + length;
            }
            if (changes || read) {
                out.add(name + descriptor);
            }
            probes |= changes;
        }
        return out.isEmpty() ? Plan.NONE : new Plan(out, probes);
    }

    /**
     * True when what the rewrite would note of this getter (its Code attribute at {@code p}) is
     * known from its bytes: nothing when it reads no reference field (only such a read gives a
     * returned value a field as its origin, see {@link ValueOrigins}); the field, added to
     * {@code getters}, when its whole code is that field's read and the return
     * ({@code aload_0 getfield areturn}, {@code getstatic areturn}), without exception handlers.
     * Either way only a getter declared to return a map notes anything (see {@link ProbeInserter#returnsMap}):
     * the type is asked last, as it may read another class file.
     */
    private boolean getterKnown(int p, String name, String descriptor, List<String> getters) {
        int length = u4(p + 4);
        int start = p + 8;
        if (u2(start + length) == 0) {
            int field = -1;
            if (length == 5 && (b[start] & 0xFF) == ALOAD_0 && (b[start + 1] & 0xFF) == GETFIELD && (b[start + 4] & 0xFF) == ARETURN) {
                field = u2(start + 2);
            } else if (length == 4 && (b[start] & 0xFF) == GETSTATIC && (b[start + 3] & 0xFF) == ARETURN) {
                field = u2(start + 1);
            }
            if (field > 0 && referenceField(field)) {
                if (!ProbeInserter.returnsMap(descriptor, types())) {
                    return true;
                }
                int ref = offsets[field];
                getters.add(MapGetters.getterName(ProbeInserter.simpleName(thisClass), name));
                getters.add(ProbeInserter.simpleName(className(u2(ref + 1))) + "." + utf8(u2(offsets[u2(ref + 3)] + 1)));
                return true;
            }
        }
        for (int pc = start, end = start + length; pc < end; ) {
            int op = b[pc] & 0xFF;
            if ((op == GETFIELD || op == GETSTATIC) && referenceField(u2(pc + 1))) {
                return !ProbeInserter.returnsMap(descriptor, types());
            }
            pc += instructionLength(op, pc, start);
        }
        return true;
    }

    /** The field reference at constant {@code index} is of a reference type (its descriptor starts with L or [). */
    private boolean referenceField(int index) {
        int descriptor = offsets[u2(offsets[u2(offsets[index] + 3)] + 3)];
        int first = b[descriptor + 3] & 0xFF;
        return u2(descriptor + 1) > 0 && (first == 'L' || first == '[');
    }

    private boolean scan(boolean checked, Set<String> lifecycle, Supplier<TypeHierarchy> types) {
        this.typeSource = types;
        if (u4(0) != 0xCAFEBABE) {
            return true;
        }
        int p = readHeader();
        if (annotation) {
            return false; // an annotation interface: never rewritten
        }
        if (hookedReference(checked)) {
            return true;
        }
        if (checked && utf8Constant(PRE_DESTROY)) {
            return true;
        }
        int methods = u2(p);
        p += 2;
        for (int i = 0; i < methods; i++) {
            int flags = u2(p);
            String name = utf8(u2(p + 2));
            String descriptor = utf8(u2(p + 4));
            int attributes = u2(p + 6);
            p += 8;
            boolean code = (flags & (ACC_ABSTRACT | ACC_NATIVE)) == 0;
            boolean bridge = (flags & ACC_BRIDGE) != 0;
            if (code && !bridge && (flags & ACC_SYNCHRONIZED) != 0) {
                return true;
            }
            if (checked && code && !bridge && boundary(flags, name, descriptor, superName, lifecycle)) {
                return true;
            }
            for (int a = 0; a < attributes; a++) {
                int length = u4(p + 2);
                if (code && !bridge && utf8(u2(p)).equals("Code") && hasMonitorInstruction(p + 6)) {
                    return true;
                }
                p += 6 + length;
            }
        }
        return probedVolatile(fieldsStart);
    }

    /**
     * Reads the constant pool and the class header (name, super class, where the fields start,
     * whether it is an annotation interface); returns the offset of the methods table.
     */
    private int readHeader() {
        int p = readConstantPool();
        int access = u2(p);
        annotation = (access & 0x2000) != 0;
        thisClass = className(u2(p + 2));
        int superIndex = u2(p + 4);
        superName = superIndex == 0 ? null : className(superIndex);
        p += 6;
        p += 2 + 2 * u2(p); // interfaces
        fieldsStart = p;
        return skipMembers(p);
    }

    /** Stores each entry's offset; returns the offset just past the constant pool. */
    private int readConstantPool() {
        int p = 10;
        for (int i = 1; i < offsets.length; i++) {
            offsets[i] = p;
            int tag = b[p] & 0xFF;
            switch (tag) {
                case UTF8 -> p += 3 + u2(p + 1);
                case INTEGER, FLOAT, FIELD, METHOD, INTERFACE_METHOD, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> p += 5;
                case LONG, DOUBLE -> {
                    p += 9;
                    i++;
                }
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> p += 3;
                case METHOD_HANDLE -> {
                    p += 4;
                    methodHandles = true;
                }
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
        return p;
    }

    /** A method reference that a hook may match (see {@link #hookedMethod}). */
    private boolean hookedReference(boolean checked) {
        for (int i = 1; i < offsets.length; i++) {
            int p = offsets[i];
            int tag = b[p] & 0xFF;
            if (tag == LONG || tag == DOUBLE) {
                i++;
                continue;
            }
            if (tag != METHOD && tag != INTERFACE_METHOD) {
                continue;
            }
            if (hookedMethod(i, checked)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The method reference at constant {@code index} may be hooked (checked), or is Object.wait (ordering only), or
     * (either) a VarHandle access mode that orders, or a fence ({@link FencedFields}).
     */
    private boolean hookedMethod(int index, boolean checked) {
        int p = offsets[index];
        int nameAndType = offsets[u2(p + 3)];
        String name = utf8(u2(nameAndType + 1));
        if (name.equals("<init>")) {
            // A plain new concurrent map, which a checked or ordering-only class marks (ProgramMaps).
            return ProgramMaps.marks(className(u2(p + 1)), utf8(u2(nameAndType + 3)));
        }
        boolean hookedName = checked ? HOOKED_NAMES.contains(name) : name.equals("wait");
        if (!hookedName && !VolatileAccesses.ordersAsNamed(name) && !FencedFields.fenceNamed(name)) {
            return false; // most calls: no owner decoded
        }
        String owner = className(u2(p + 1));
        if (VolatileAccesses.orders(owner, name) || FencedFields.isFence(owner, name)) {
            return true;
        }
        if (!hookedName) {
            return false;
        }
        String descriptor = utf8(u2(nameAndType + 3));
        if (checked) {
            return HOOKED.contains(name + descriptor) && calls(owner, name, descriptor);
        }
        return WAITS.contains(name + descriptor);
    }

    /** A method handle constant to a method that may be hooked: an invokedynamic may make a method reference of it. */
    private boolean hookedHandle() {
        if (!methodHandles) {
            return false;
        }
        for (int i = 1; i < offsets.length; i++) {
            int p = offsets[i];
            int tag = b[p] & 0xFF;
            if (tag == LONG || tag == DOUBLE) {
                i++;
            } else if (tag == METHOD_HANDLE) {
                int target = u2(p + 2);
                int targetTag = b[offsets[target]] & 0xFF;
                if ((targetTag == METHOD || targetTag == INTERFACE_METHOD) && hookedMethod(target, true)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Walks one Code attribute's instructions (at {@code p}, its max_stack) for one the rewrite
     * changes: a monitor, a call that may be hooked (of invokespecial's, constructors and private
     * or super calls, only a new concurrent map's constructor that {@code ProgramMaps} marks), a
     * probed volatile access, or (with {@code hookedHandle})
     * an invokedynamic. Answers are kept per constant, a class's calls repeat. The walk only looks
     * up answers; the constants it finds unasked are asked afterwards, in the order met, up to the
     * first yes ({@link #anyUnaskedChanges}): the walk, which runs over every instruction of every
     * class, stays small for the JIT, apart from the questions, which may read other class files.
     */
    private boolean codeMayChange(int p, boolean checked, boolean hookedHandle, int fieldsStart) {
        int unasked = walkForChange(p, hookedHandle);
        return unasked < 0 || (unasked > 0 && anyUnaskedChanges(unasked, checked, fieldsStart));
    }

    /**
     * -1 when an instruction of the code at {@code p} changes whatever the questions say (a
     * monitor, an invokedynamic with {@code hookedHandle}, a constant already answered yes);
     * otherwise how many constants it uses that were not asked yet, queued in {@link #unasked}.
     */
    private int walkForChange(int p, boolean hookedHandle) {
        int length = u4(p + 4);
        int start = p + 8;
        int end = start + length;
        int count = 0;
        for (int pc = start; pc < end; ) {
            int op = b[pc] & 0xFF;
            int role = ROLES[op];
            if (role == MEMBER) {
                int index = u2(pc + 1);
                int answer = answers[index];
                if (answer == YES) {
                    return unqueue(0, count);
                }
                if (answer == UNASKED) {
                    answers[index] = QUEUED;
                    unasked[count++] = index;
                }
            } else if (role == MONITOR || (role == DYNAMIC_CALL && hookedHandle)) {
                return unqueue(0, count);
            }
            pc += instructionLength(op, pc, start);
        }
        return count;
    }

    /**
     * Asks the first {@code count} queued constants, in order, until one says yes; the rest go back
     * to unasked. A field reference asks whether its field is probed as volatile; a method
     * reference (only calls queue one) whether the call may be hooked.
     */
    private boolean anyUnaskedChanges(int count, boolean checked, int fieldsStart) {
        for (int i = 0; i < count; i++) {
            int index = unasked[i];
            boolean yes = (b[offsets[index]] & 0xFF) == FIELD ? probedVolatile(index, fieldsStart) : hookedMethod(index, checked);
            answers[index] = yes ? YES : NO;
            if (yes) {
                unqueue(i + 1, count);
                return true;
            }
        }
        return false;
    }

    /** Puts queued constants {@code from} to {@code to} back to unasked; returns -1 (a change found without them). */
    private int unqueue(int from, int to) {
        for (int k = from; k < to; k++) {
            answers[unasked[k]] = UNASKED;
        }
        return -1;
    }

    /**
     * The rewrite's own question, {@link Hooks#find}, for either kind of call (a reference does
     * not say which instruction uses it). Array owners are never rewritten.
     */
    private boolean calls(String owner, String name, String descriptor) {
        return !owner.startsWith("[") && Hooks.mayMatch(owner, name, descriptor, types());
    }

    private boolean utf8Constant(Set<String> values) {
        for (int i = 1; i < offsets.length; i++) {
            int tag = b[offsets[i]] & 0xFF;
            if (tag == LONG || tag == DOUBLE) {
                i++;
            } else if (tag == UTF8 && hasLength(u2(offsets[i] + 1), values) && values.contains(utf8(i))) {
                return true;
            }
        }
        return false;
    }

    /** Only a constant as long (in bytes) as one of {@code values} (ASCII) is decoded. */
    private static boolean hasLength(int length, Set<String> values) {
        for (String v : values) {
            if (v.length() == length) {
                return true;
            }
        }
        return false;
    }

    /** Mirrors {@link CallSiteRewriter}'s boundaries: a lifecycle end, a close, a timer task's run. */
    private boolean boundary(int flags, String name, String descriptor, String superName, Set<String> lifecycle) {
        if ((flags & (ACC_STATIC | ACC_SYNTHETIC | ACC_BRIDGE)) != 0 || !descriptor.startsWith("()") || name.startsWith("<")) {
            return false;
        }
        if (lifecycle.contains(name)) {
            return true;
        }
        if (name.equals("close")) {
            // The rewrite's own question, from the same answers: a close() outside an AutoCloseable is no boundary.
            return types().isA(thisClass, "java/lang/AutoCloseable");
        }
        return name.equals("run") && descriptor.equals("()V") && superName != null && !superName.equals("java/lang/Object")
            && (superName.equals("java/util/TimerTask") || types().isA(superName, "java/util/TimerTask"));
    }

    /** Walks one Code attribute's instructions (at {@code p}, its max_stack) for a monitor instruction. */
    private boolean hasMonitorInstruction(int p) {
        int length = u4(p + 4);
        int start = p + 8;
        int end = start + length;
        int pc = start;
        while (pc < end) {
            int op = b[pc] & 0xFF;
            if (op == MONITORENTER || op == MONITOREXIT) {
                return true;
            }
            pc += instructionLength(op, pc, start);
        }
        return false;
    }

    private int instructionLength(int op, int pc, int codeStart) {
        return lengthAt(b, op, pc, codeStart);
    }

    /**
     * Length of the instruction {@code op} at {@code pc} in {@code b}, whose code starts at
     * {@code codeStart} (a switch's padding counts from there); throws on an undefined opcode.
     */
    static int lengthAt(byte[] b, int op, int pc, int codeStart) {
        int fixed = LENGTHS[op];
        return fixed > 0 ? fixed : variableLength(b, op, pc, codeStart);
    }

    /** The switches and {@code wide}, whose length depends on their operands. */
    private static int variableLength(byte[] b, int op, int pc, int codeStart) {
        if (op == 0xC4) { // wide
            return (b[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
        }
        if (op == 0xAA || op == 0xAB) {
            int padded = pc + 1 + ((4 - ((pc + 1 - codeStart) & 3)) & 3);
            if (op == 0xAA) {
                int low = u4(b, padded + 4);
                int high = u4(b, padded + 8);
                return padded - pc + 12 + 4 * (high - low + 1);
            }
            return padded - pc + 8 + 8 * u4(b, padded + 4);
        }
        throw new IllegalArgumentException("opcode " + op);
    }

    private static int u4(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    private static byte[] roles() {
        byte[] roles = new byte[256];
        roles[MONITORENTER] = MONITOR;
        roles[MONITOREXIT] = MONITOR;
        for (int op : new int[] {INVOKEVIRTUAL, INVOKESPECIAL, INVOKESTATIC, INVOKEINTERFACE, GETSTATIC, PUTSTATIC, GETFIELD, PUTFIELD}) {
            roles[op] = MEMBER;
        }
        roles[INVOKEDYNAMIC] = DYNAMIC_CALL;
        return roles;
    }

    /**
     * Length of each instruction by opcode, 0 where it depends on the operands or the opcode is
     * undefined: a table keeps the loops over code small, and the scan runs over every class loaded.
     */
    private static byte[] instructionLengths() {
        byte[] lengths = new byte[256];
        for (int op = 0; op < 256; op++) {
            int length = 0;
            if (op <= 0x0F || (op >= 0x1A && op <= 0x35) || (op >= 0x3B && op <= 0x83) || (op >= 0x85 && op <= 0x98)
                || (op >= 0xAC && op <= 0xB1) || op == 0xBE || op == 0xBF || op == 0xC2 || op == 0xC3) {
                length = 1;
            } else if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3A) || op == 0xA9 || op == 0xBC) {
                length = 2;
            } else if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xA8) || (op >= 0xB2 && op <= 0xB8)
                || op == 0xBB || op == 0xBD || op == 0xC0 || op == 0xC1 || op == 0xC6 || op == 0xC7) {
                length = 3;
            } else if (op == 0xC5) {
                length = 4;
            } else if (op == 0xB9 || op == 0xBA || op == 0xC8 || op == 0xC9) {
                length = 5;
            }
            lengths[op] = (byte) length;
        }
        return lengths;
    }

    /**
     * A field reference the rewrite probes as volatile (in checked classes and in those rewritten
     * for ordering only): outside the JDK, and volatile where it is declared. This class's own fields are read from its bytes; others' from their class files.
     */
    private boolean probedVolatile(int fieldsStart) {
        for (int i = 1; i < offsets.length; i++) {
            int tag = b[offsets[i]] & 0xFF;
            if (tag == LONG || tag == DOUBLE) {
                i++;
            } else if (tag == FIELD && probedVolatile(i, fieldsStart)) {
                return true;
            }
        }
        return false;
    }

    /** The field reference at constant {@code index} is one the rewrite probes as volatile. */
    private boolean probedVolatile(int index, int fieldsStart) {
        int p = offsets[index];
        String owner = className(u2(p + 1));
        if (owner.startsWith("java/") || owner.startsWith("[")) {
            return false;
        }
        String name = utf8(u2(offsets[u2(p + 3)] + 1));
        if (owner.equals(thisClass)) {
            if (ownFields == null) {
                ownFields = new HashSet<>();
                ownVolatile = new HashSet<>();
                readFields(fieldsStart, ownFields, ownVolatile);
            }
            if (ownVolatile.contains(name)) {
                return true;
            }
            if (ownFields.contains(name)) {
                return false; // declared here, not volatile
            }
        }
        return types().isVolatileField(owner, name);
    }

    private void readFields(int p, Set<String> all, Set<String> volatiles) {
        int count = u2(p);
        p += 2;
        for (int i = 0; i < count; i++) {
            String name = utf8(u2(p + 2));
            all.add(name);
            if ((u2(p) & ACC_VOLATILE) != 0) {
                volatiles.add(name);
            }
            int attributes = u2(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                p += 6 + u4(p + 2);
            }
        }
    }

    /** Skips a fields or methods table; returns the offset past it. */
    private int skipMembers(int p) {
        int count = u2(p);
        p += 2;
        for (int i = 0; i < count; i++) {
            int attributes = u2(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                p += 6 + u4(p + 2);
            }
        }
        return p;
    }

    /** Made on first use: most classes are decided before any other class file is read. */
    private TypeHierarchy types() {
        if (types == null) {
            types = typeSource.get();
        }
        return types;
    }

    private String className(int classIndex) {
        return utf8(u2(offsets[classIndex] + 1));
    }

    private String utf8(int index) {
        String s = utf8[index];
        if (s == null) {
            int p = offsets[index];
            s = ModifiedUtf8.decode(b, p + 3, u2(p + 1));
            utf8[index] = s;
        }
        return s;
    }


    private int u2(int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private int u4(int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
