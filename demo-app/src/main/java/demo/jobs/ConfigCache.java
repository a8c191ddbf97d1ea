package demo.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Job settings fetched from a config service. The buggy cache refreshes while holding its
 * lock, so every reader waits for a slow network call; the fixed one fetches first and holds
 * the lock only to swap the value in. (Seed: slow I/O inside a lock.) The "service" is a local
 * socket that never answers, with a 300 ms read timeout: a slow call, for real.
 */
final class ConfigCache implements AutoCloseable {
    private final Object lock = new Object();
    private final ServerSocket silentService;
    private final boolean fixed;
    private String settings = "defaults";

    ConfigCache(boolean fixed) throws IOException {
        this.fixed = fixed;
        this.silentService = new ServerSocket(0);
    }

    void refresh() throws IOException {
        if (fixed) {
            String fresh = fetch();
            synchronized (lock) {
                settings = fresh;
            }
            return;
        }
        synchronized (lock) {
            settings = fetch();
        }
    }

    String settings() {
        synchronized (lock) {
            return settings;
        }
    }

    private String fetch() throws IOException {
        try (Socket s = new Socket("127.0.0.1", silentService.getLocalPort())) {
            s.setSoTimeout(300);
            InputStream in = s.getInputStream();
            return in.read() < 0 ? "empty" : "remote";
        } catch (SocketTimeoutException slow) {
            return "defaults (config service timed out)";
        }
    }

    @Override
    public void close() throws IOException {
        silentService.close();
    }
}
