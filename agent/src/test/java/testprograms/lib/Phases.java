package testprograms.lib;

import java.util.concurrent.Phaser;

/**
 * A library's two-party phase: one party arrives without waiting, the other arrives and waits
 * for the phase to advance; {@link #tiered} puts each party on its own child of one root phaser.
 * Tests exclude {@code testprograms.lib.*}.
 */
public final class Phases {
    private final Phaser first;
    private final Phaser second;

    private Phases(Phaser first, Phaser second) {
        this.first = first;
        this.second = second;
    }

    public static Phases flat() {
        Phaser p = new Phaser(2);
        return new Phases(p, p);
    }

    public static Phases tiered() {
        Phaser root = new Phaser();
        return new Phases(new Phaser(root, 1), new Phaser(root, 1));
    }

    public void arrive() {
        first.arrive();
    }

    public void arriveAndAwait() {
        second.arriveAndAwaitAdvance();
    }
}
