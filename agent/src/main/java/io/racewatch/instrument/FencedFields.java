package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Finds the plain field accesses that a fence next to them makes ordering: a field read followed
 * by an acquire fence ({@code long v = this.value; VarHandle.acquireFence();}) reads as an acquire,
 * a release fence followed by a field write ({@code VarHandle.releaseFence(); this.value = v;})
 * writes as a release. LMAX Disruptor 4's {@code Sequence} hands its sequence numbers over this way,
 * and so do other lock-free libraries; racewatch orders such a field like a volatile one (per object).
 * Only straight-line code counts: a call, a jump or a return between the access and its fence ends
 * the pattern, and at most {@link #GAP} instructions may stand between them (a local stored or
 * loaded, a constant, a cast). A field that matches once is ordered at every access in its method:
 * more ordering than the fence gives, which can hide a race but never invents one.
 */
final class FencedFields {
    /** Instructions allowed between a field access and its fence. */
    private static final int GAP = 6;
    private static final String VAR_HANDLE = "java/lang/invoke/VarHandle";
    private static final String UNSAFE = "sun/misc/Unsafe";

    private final Set<String> fields = new HashSet<>(0);
    /** The last field read (owner.name) and how many instructions since; null when none counts. */
    private String lastRead;
    private int sinceRead;
    /** Instructions since a release fence, or -1 when none counts. */
    private int sinceRelease = -1;

    /** Whether a call of {@code owner.name} is a fence that orders a field access next to it. */
    static boolean isFence(String owner, String name) {
        return (VAR_HANDLE.equals(owner) || UNSAFE.equals(owner)) && fenceNamed(name);
    }

    /** {@link #isFence} by name alone (the class-file scan asks it first, it is cheaper). */
    static boolean fenceNamed(String name) {
        return acquires(name) || releases(name);
    }

    private static boolean acquires(String name) {
        return name.equals("acquireFence") || name.equals("loadLoadFence") || name.equals("loadFence") || name.equals("fullFence");
    }

    private static boolean releases(String name) {
        return name.equals("releaseFence") || name.equals("storeStoreFence") || name.equals("storeFence") || name.equals("fullFence");
    }

    /** The fields ({@code owner.name}, owner an internal name) a fence orders in the method seen so far. */
    Set<String> fields() {
        return fields;
    }

    void field(int opcode, String owner, String name, String descriptor) {
        String field = owner + '.' + name;
        boolean write = opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC;
        if (write) {
            if (sinceRelease >= 0 && sinceRelease <= GAP) {
                fields.add(field);
            }
            sinceRelease = -1;
            lastRead = null;
            return;
        }
        if (opcode == Opcodes.GETSTATIC && descriptor.equals("L" + UNSAFE + ";")) {
            step(); // loading the Unsafe instance a fence is called on
            return;
        }
        lastRead = field;
        sinceRead = 0;
        if (sinceRelease >= 0) {
            sinceRelease++; // a field read while computing the value to write
        }
    }

    void call(String owner, String name) {
        if (isFence(owner, name)) {
            if (acquires(name) && lastRead != null && sinceRead <= GAP) {
                fields.add(lastRead);
            }
            lastRead = null;
            sinceRelease = releases(name) ? 0 : -1;
            return;
        }
        end();
    }

    /** An instruction that neither ends the pattern nor accesses a field: a local, a constant, a cast, arithmetic. */
    void instruction(int opcode) {
        if ((opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) || opcode == Opcodes.ATHROW
            || opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
            end();
        } else {
            step();
        }
    }

    /** A jump, a switch, an invokedynamic: the access and the fence may not run together. */
    void end() {
        lastRead = null;
        sinceRelease = -1;
    }

    private void step() {
        if (lastRead != null && ++sinceRead > GAP) {
            lastRead = null;
        }
        if (sinceRelease >= 0 && ++sinceRelease > GAP) {
            sinceRelease = -1;
        }
    }
}
