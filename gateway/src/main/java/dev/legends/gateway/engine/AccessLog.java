package dev.legends.gateway.engine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request, written by a thread of its own: an event loop only offers a line to
 * a bounded queue, and when the disk falls behind lines are dropped (and counted), never waited for.
 */
final class AccessLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(16_384);
    private final LongAdder dropped = new LongAdder();
    private final BufferedWriter out;
    private final Thread writer;
    private volatile boolean closed;

    private AccessLog(BufferedWriter out) {
        this.out = out;
        this.writer = Thread.ofPlatform().daemon().name("gateway-access-log").start(this::drain);
    }

    static AccessLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new AccessLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    void request(String client, String method, String uri, String host, String route, String version, String endpoint,
                 int status, long micros) {
        StringBuilder b = new StringBuilder(256).append("{\"time\":\"").append(Instant.now()).append('"');
        field(b, "client", client);
        field(b, "method", method);
        field(b, "uri", uri);
        field(b, "host", host);
        field(b, "route", route);
        field(b, "version", version);
        field(b, "endpoint", endpoint);
        b.append(",\"status\":").append(status).append(",\"ms\":").append(micros / 1000.0).append("}\n");
        if (!lines.offer(b.toString())) {
            dropped.increment();
        }
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null) {
            return;
        }
        b.append(",\"").append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    long dropped() {
        return dropped.sum();
    }

    private void drain() {
        List<String> batch = new ArrayList<>(1024);
        while (!closed || !lines.isEmpty()) {
            try {
                String first = lines.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                lines.drainTo(batch, 1023);
                for (String l : batch) {
                    out.write(l);
                }
                batch.clear();
                if (lines.isEmpty()) {
                    out.flush();
                }
            } catch (InterruptedException e) {
                break;
            } catch (IOException e) {
                log.warn("access log: {}", e.getMessage());
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(2000);
            out.close();
        } catch (InterruptedException | IOException e) {
            log.warn("access log close: {}", e.getMessage());
        }
    }
}
