package dev.legends.release;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded load generator on 127.0.0.1: {@code workers} virtual threads, each sending a request
 * every {@code 1000 / perWorkerRps} ms (so 5 × 50 = 250 requests a second) until stopped or the
 * time limit, recording when each answer came, its status and which revision served it.
 */
final class Load implements AutoCloseable {
    record Hit(long atMillis, int status, String body, boolean variant) {}

    final ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    /** @param variantHeader sent by every other worker ("X-Variant: b"), or null */
    Load(int port, int workers, int perWorkerRps, Duration limit, String[] variantHeader) {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        long pause = 1000 / perWorkerRps;
        for (int w = 0; w < workers; w++) {
            boolean variant = variantHeader != null && w % 2 == 1;
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get() && System.currentTimeMillis() < deadline) {
                    long start = System.currentTimeMillis();
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5));
                    if (variant) {
                        b.header(variantHeader[0], variantHeader[1]);
                    }
                    try {
                        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        hits.add(new Hit(System.currentTimeMillis(), r.statusCode(), r.body(), variant));
                    } catch (Exception e) {
                        hits.add(new Hit(System.currentTimeMillis(), -1, String.valueOf(e), variant));
                    }
                    long left = pause - (System.currentTimeMillis() - start);
                    if (left > 0) {
                        try {
                            Thread.sleep(left);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }));
        }
    }

    List<Hit> failures() {
        return hits.stream().filter(h -> h.status() != 200).toList();
    }

    /** Requests answered between {@code from} and {@code to} (epoch ms) by revision {@code body}. */
    long count(long from, long to, String body) {
        return hits.stream().filter(h -> h.atMillis() >= from && h.atMillis() < to && body.equals(h.body())).count();
    }

    @Override
    public void close() {
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.close();
    }
}
