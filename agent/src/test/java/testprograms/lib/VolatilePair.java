package testprograms.lib;

/**
 * A library's flag read back to back with a second volatile field of the same object, as reactive
 * libraries' drain loops read {@code done} and {@code queue}: racewatch orders the two reads with one
 * acquisition, after the second. Tests exclude {@code testprograms.lib.*}.
 */
public final class VolatilePair {
    private volatile int raises;
    private volatile boolean raised;

    public void raise() {
        raises = raises + 1;
        raised = true;
    }

    public void awaitRaised() {
        for (;;) {
            int n = raises;
            boolean up = raised;
            if (up && n > 0) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
