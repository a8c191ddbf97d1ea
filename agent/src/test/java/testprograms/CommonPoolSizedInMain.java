package testprograms;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Sizes the common fork/join pool in {@code main}, as programs do before their first parallel
 * stream or async future: the JDK reads the property once, when ForkJoinPool (or
 * CompletableFuture, which asks for the pool's size) is first initialized.
 */
public final class CommonPoolSizedInMain {
    private CommonPoolSizedInMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "3");
        System.out.println("common pool parallelism " + ForkJoinPool.getCommonPoolParallelism());
        System.out.println("async result " + CompletableFuture.supplyAsync(() -> 6 * 7).join());
    }
}
