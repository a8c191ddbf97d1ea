package testprograms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

/**
 * A one-shot signal that no happens-before model sees, wherever racewatch hooks the JDK: one
 * byte through an operating-system pipe. The writer and the reader share no Java lock, monitor,
 * atomic or volatile (each end of a pipe has its own), so the order it forces is invisible to
 * racewatch, unlike a latch, which orders for racewatch as soon as the JDK's own synchronizers
 * are hooked. Racy twins use it to take turns deterministically: the race never strikes and
 * racewatch must report it all the same.
 *
 * <p>Both buffers are direct and allocated here, by the thread that creates the signal: a heap
 * buffer would make each end allocate a temporary direct buffer, and direct allocation updates
 * shared JDK atomics that a hooked JDK could take for an edge.
 */
public final class Unseen {
    private final Pipe pipe;
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);

    public Unseen() {
        try {
            pipe = Pipe.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the one {@link #await()} return. Call it once. */
    public void signal() {
        try {
            out.clear();
            out.put((byte) 1).flip();
            while (out.hasRemaining()) {
                pipe.sink().write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once {@link #signal()} was called. Call it once, from one thread. */
    public void await() {
        try {
            in.clear();
            while (in.hasRemaining()) {
                if (pipe.source().read(in) < 0) {
                    throw new IllegalStateException("pipe closed before the signal");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
