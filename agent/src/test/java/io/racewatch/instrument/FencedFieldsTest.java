package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which plain field accesses a fence next to them makes ordering, from the instructions of one method. */
class FencedFieldsTest {
    private static final String SEQ = "lib/Sequence";

    @Test
    void aReadThenAnAcquireFenceAndAReleaseFenceThenAWriteOrderTheirFields() {
        FencedFields get = new FencedFields(); // long v = this.value; VarHandle.acquireFence(); return v;
        get.instruction(Opcodes.ALOAD);
        get.field(Opcodes.GETFIELD, SEQ, "value", "J");
        get.instruction(Opcodes.LSTORE);
        get.call("java/lang/invoke/VarHandle", "acquireFence");
        get.instruction(Opcodes.LLOAD);
        get.instruction(Opcodes.LRETURN);
        assertEquals(Set.of(SEQ + ".value"), get.fields());

        FencedFields set = new FencedFields(); // VarHandle.releaseFence(); this.value = v;
        set.call("java/lang/invoke/VarHandle", "releaseFence");
        set.instruction(Opcodes.ALOAD);
        set.instruction(Opcodes.LLOAD);
        set.field(Opcodes.PUTFIELD, SEQ, "value", "J");
        assertEquals(Set.of(SEQ + ".value"), set.fields());

        FencedFields unsafe = new FencedFields(); // Object v = this.cell; UNSAFE.loadFence();
        unsafe.field(Opcodes.GETFIELD, SEQ, "cell", "Ljava/lang/Object;");
        unsafe.instruction(Opcodes.ASTORE);
        unsafe.field(Opcodes.GETSTATIC, "lib/Access", "UNSAFE", "Lsun/misc/Unsafe;");
        unsafe.call("sun/misc/Unsafe", "loadFence");
        assertEquals(Set.of(SEQ + ".cell"), unsafe.fields());
    }

    @Test
    void aCallABranchOrTheWrongFenceBetweenLeavesTheFieldPlain() {
        FencedFields call = new FencedFields();
        call.field(Opcodes.GETFIELD, SEQ, "value", "J");
        call.call("lib/Other", "compute");
        call.call("java/lang/invoke/VarHandle", "acquireFence");
        FencedFields branch = new FencedFields();
        branch.call("java/lang/invoke/VarHandle", "releaseFence");
        branch.end();
        branch.field(Opcodes.PUTFIELD, SEQ, "value", "J");
        FencedFields wrongWay = new FencedFields(); // a release fence orders later writes, not an earlier read
        wrongWay.field(Opcodes.GETFIELD, SEQ, "value", "J");
        wrongWay.call("java/lang/invoke/VarHandle", "releaseFence");
        FencedFields tooFar = new FencedFields();
        tooFar.call("java/lang/invoke/VarHandle", "storeStoreFence");
        for (int i = 0; i < 7; i++) {
            tooFar.instruction(Opcodes.ICONST_1);
        }
        tooFar.field(Opcodes.PUTFIELD, SEQ, "value", "I");
        FencedFields notAFence = new FencedFields();
        notAFence.field(Opcodes.GETFIELD, SEQ, "value", "J");
        notAFence.call("lib/VarHandle", "acquireFence");
        for (FencedFields f : new FencedFields[] {call, branch, wrongWay, tooFar, notAFence}) {
            assertEquals(Set.of(), f.fields());
        }
    }
}
