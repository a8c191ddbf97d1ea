package testprograms;

import io.racewatch.locks.HeldLocksView;
import kotlin.Lazy;
import kotlin.jvm.functions.Function0;

import java.lang.reflect.Constructor;

/**
 * Kotlin's {@code synchronized} (its standard library's {@code lazy}): the monitor is stored in a
 * local before {@code monitorenter} and the handler's range starts after it, unlike javac's
 * {@code dup; astore; monitorenter}. Kotlin's own packages are never instrumented, so the test
 * runs a copy of {@code kotlin.SynchronizedLazyImpl} moved to another package (its bytecode
 * unchanged), named by the first argument. Prints what racewatch says is held inside and after.
 */
public final class KotlinLazy {
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws ReflectiveOperationException {
        Constructor<?> make = Class.forName(args[0]).getDeclaredConstructor(Function0.class, Object.class);
        make.setAccessible(true);
        int wrongInside = 0;
        int wrongAfter = 0;
        int rounds = Integer.parseInt(args[1]);
        for (int i = 0; i < rounds; i++) {
            Object lock = new Object();
            int[] seen = new int[2];
            Function0<String> initializer = () -> {
                seen[0] = HeldLocksView.holdCount(lock);
                seen[1] = HeldLocksView.heldCount();
                return "value";
            };
            Lazy<String> lazy = (Lazy<String>) make.newInstance(initializer, lock);
            lazy.getValue();
            wrongInside += seen[0] == 1 && seen[1] == 1 ? 0 : 1;
            wrongAfter += HeldLocksView.heldCount() == 0 ? 0 : 1;
        }
        System.out.println("rounds=" + rounds + " wrongInside=" + wrongInside + " wrongAfter=" + wrongAfter);
    }
}
