package realprograms;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import realprograms.turns.Turns;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Jetty 12 used correctly: a server on 127.0.0.1 (an ephemeral port) whose handler counts hits
 * per path in a {@code ConcurrentHashMap} ({@code merge}) and keeps a ledger of bytes sent per
 * path in a plain map under the handler's monitor; four clients (JDK {@code HttpClient}) send
 * GETs; the server is stopped (its connections' idle timers cancelled) before the counts are
 * printed. Prints totals that do not depend on the interleaving.
 *
 * <p>{@code shared-map}: the handler keeps its hit counts in a plain {@code HashMap}, and two
 * requests for the same path are handled on two of the server's threads at once: the first
 * reads, the second reads and writes, the first writes (turns taken through {@link Turns},
 * which racewatch does not see): a lost update.
 */
public final class JettyCounters {
    private static final int CLIENTS = 4;
    private static final int REQUESTS = 50;
    private static final int PATHS = 16;

    private JettyCounters() {
    }

    public static void main(String[] args) throws Exception {
        boolean sharedMap = args.length > 0 && args[0].equals("shared-map");
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("jetty");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        CountingHandler counting = new CountingHandler();
        PlainCounter plain = new PlainCounter();
        server.setHandler(sharedMap ? plain : counting);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
        try {
            if (sharedMap) {
                CompletableFuture<HttpResponse<String>> first = send(client, base.resolve("alpha?turn=first"));
                CompletableFuture<HttpResponse<String>> second = send(client, base.resolve("alpha?turn=second"));
                first.get(60, TimeUnit.SECONDS);
                second.get(60, TimeUnit.SECONDS);
            } else {
                clients(client, base);
            }
        } finally {
            server.stop();
        }
        if (sharedMap) {
            System.out.println("alpha counted " + plain.hits.get("/alpha") + " of 2");
        } else {
            System.out.println("hits " + new TreeMap<>(counting.hits));
            synchronized (counting) {
                System.out.println("bytes " + new TreeMap<>(counting.bytes));
            }
        }
        System.out.println("stopped");
    }

    private static void clients(HttpClient client, URI base) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> sent = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientIndex = c;
            sent.add(pool.submit(() -> {
                start.await();
                long bytes = 0;
                for (int i = 0; i < REQUESTS; i++) {
                    URI uri = base.resolve("item/" + ((i * 7 + clientIndex * 3) % PATHS));
                    HttpResponse<String> response = send(client, uri).get(60, TimeUnit.SECONDS);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("status " + response.statusCode() + " for " + uri);
                    }
                    bytes += response.body().length();
                }
                return bytes;
            }));
        }
        start.countDown();
        long bytes = 0;
        for (Future<Long> each : sent) {
            bytes += each.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        System.out.println("clients received " + bytes + " bytes");
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpClient client, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean answer(Response response, Callback callback, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /** Counts hits in a concurrent map and bytes in a plain one under its own monitor. */
    static final class CountingHandler extends Handler.Abstract {
        final Map<String, Integer> hits = new ConcurrentHashMap<>();
        final Map<String, Long> bytes = new HashMap<>(); // guarded by this

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            int hit = hits.merge(path, 1, Integer::sum);
            String body = path + " hit " + (hit > 0 ? "yes" : "no") + "\n";
            synchronized (this) {
                Long before = bytes.get(path);
                bytes.put(path, (before == null ? 0 : before) + body.length());
            }
            return answer(response, callback, body);
        }
    }

    /** Counts hits in a plain map: correct only while one request at a time reaches it. */
    static final class PlainCounter extends Handler.Abstract {
        final Map<String, Integer> hits = new HashMap<>();
        private final Turns firstHasRead = new Turns();
        private final Turns secondHasWritten = new Turns();

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            Fields query = Request.extractQueryParameters(request);
            boolean first = "first".equals(query.getValue("turn"));
            if (!first) {
                firstHasRead.await();
            }
            Integer seen = hits.get(path);
            if (first) {
                firstHasRead.pass();
                secondHasWritten.await();
            }
            hits.put(path, seen == null ? 1 : seen + 1);
            if (!first) {
                secondHasWritten.pass();
            }
            return answer(response, callback, path + "\n");
        }
    }
}
