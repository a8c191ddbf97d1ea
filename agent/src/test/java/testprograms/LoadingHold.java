package testprograms;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Two holds. The first loads and initializes 300 classes (and links a lambda) inside the lock,
 * and is otherwise short: class loading is the JVM's work (and every agent's transformer's), not
 * the application's hold. The second reads a socket that answers nothing for 5000 ms inside
 * another lock: a real long hold.
 */
public final class LoadingHold {
    private static final Object registryLock = new Object();
    private static final Object connectionLock = new Object();

    public static void main(String[] args) throws Exception {
        int total;
        synchronized (registryLock) { // @lock-loading
            total = ManyClasses.TOTAL;
            Runnable linked = () -> System.out.print("");
            linked.run();
        } // @unlock-loading
        System.out.println("loaded total=" + total);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket ignored = server.accept()) {
            // 5 s: past the test's 3 s threshold by two of the watchdog's 1 s rounds, so one round
            // always finds the hold running and samples it.
            client.setSoTimeout(5000);
            InputStream in = client.getInputStream();
            synchronized (connectionLock) { // @lock-io
                try {
                    in.read();
                } catch (SocketTimeoutException expected) {
                    System.out.println("read timed out");
                }
            } // @unlock-io
        }
    }
}
