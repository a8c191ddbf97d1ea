package testprograms.lib;

/** A library's one-shot flag in a plain {@code volatile} field. Tests exclude {@code testprograms.lib.*}. */
public final class VolatileFlag {
    private volatile boolean raised;

    public void raise() {
        raised = true;
    }

    public void awaitRaised() {
        while (!raised) {
            Thread.onSpinWait();
        }
    }
}
