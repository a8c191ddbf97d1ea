package testprograms;

/** Starts two named threads and joins them; instrumented, so start and join order them after main. */
final class Both {
    private Both() {
    }

    static void run(String firstName, Runnable first, String secondName, Runnable second) throws InterruptedException {
        Thread a = new Thread(first, firstName);
        Thread b = new Thread(second, secondName);
        a.start();
        b.start();
        a.join();
        b.join();
    }
}
