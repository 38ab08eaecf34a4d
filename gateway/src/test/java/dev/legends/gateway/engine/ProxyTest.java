package dev.legends.gateway.engine;

import static dev.legends.gateway.engine.Fixture.field;
import static dev.legends.gateway.engine.Fixture.route;
import static dev.legends.gateway.engine.Fixture.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.gateway.Route;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end through real Netty backends on 127.0.0.1: routing rules and HTTP/1.1 behaviour. */
class ProxyTest {
    Fixture f;
    TestBackend stable;
    TestBackend canary;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture();
        stable = f.backend("stable");
        canary = f.backend("canary");
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void weightsSplitTrafficWithinTolerance() throws Exception {
        f.apply(route("app", List.of(version("stable", 900, stable), version("canary", 100, canary))));
        int n = 2000;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = f.get("/x");
            assertThat(r.statusCode()).isEqualTo(200);
            seen.merge(field(r, "name"), 1, Integer::sum);
        }
        // binomial sd at p=0.1, n=2000 is 0.67%: 10% +- 2.5% is more than 3.5 sd
        assertThat(seen.getOrDefault("canary", 0) / (double) n).isBetween(0.075, 0.125);
        assertThat(f.gateway.metrics("app", 60).version("canary").total().requests()).isEqualTo((long) seen.get("canary"));
    }

    @Test
    void headerThenCookieThenQueryWinOverWeight() throws Exception {
        TestBackend preview = f.backend("preview");
        f.apply(route("app", List.of(version("stable", 1000, stable), version("canary", 0, canary), version("preview", 0, preview)))
                .withMatches(List.of(
                        new Route.Match(Route.MatchKind.QUERY, "v", Route.MatchOp.EXACT, "preview", "preview"),
                        new Route.Match(Route.MatchKind.COOKIE, "beta", Route.MatchOp.PRESENT, null, "canary"),
                        new Route.Match(Route.MatchKind.HEADER, "X-Version", Route.MatchOp.EXACT, "stable", "stable"),
                        new Route.Match(Route.MatchKind.HEADER, "X-Canary", Route.MatchOp.REGEX, "al+ways", "canary"),
                        new Route.Match(Route.MatchKind.HEADER, "X-Team", Route.MatchOp.PREFIX, "qa-", "preview"))));
        assertThat(field(f.get("/"), "name")).isEqualTo("stable");
        assertThat(field(f.get("/", "X-Canary", "allllways"), "name")).isEqualTo("canary");
        assertThat(field(f.get("/", "X-Team", "qa-berlin"), "name")).isEqualTo("preview");
        assertThat(field(f.get("/", "Cookie", "a=1; beta=yes"), "name")).isEqualTo("canary");
        assertThat(field(f.get("/?v=preview"), "name")).isEqualTo("preview");
        // header before cookie before query
        assertThat(field(f.get("/?v=preview", "Cookie", "beta=1", "X-Version", "stable"), "name")).isEqualTo("stable");
        assertThat(field(f.get("/?v=preview", "Cookie", "beta=1"), "name")).isEqualTo("canary");
    }

    @Test
    void stickyAssignmentKeepsAUserOnOneVersion() throws Exception {
        f.apply(route("app", List.of(version("stable", 500, stable), version("canary", 500, canary)))
                .withSticky(new Route.Sticky(Route.StickyKind.HEADER, "X-User")));
        Map<String, Integer> perVersion = new HashMap<>();
        for (int u = 0; u < 30; u++) {
            String first = field(f.get("/", "X-User", "user-" + u), "name");
            for (int i = 0; i < 5; i++) {
                assertThat(field(f.get("/", "X-User", "user-" + u), "name")).isEqualTo(first);
            }
            perVersion.merge(first, 1, Integer::sum);
        }
        assertThat(perVersion).containsKeys("stable", "canary");
        f.apply(route("app", List.of(version("stable", 500, stable), version("canary", 500, canary)))
                .withSticky(new Route.Sticky(Route.StickyKind.COOKIE, "session")));
        for (int u = 0; u < 10; u++) {
            String first = field(f.get("/", "Cookie", "session=s" + u), "name");
            for (int i = 0; i < 3; i++) {
                assertThat(field(f.get("/", "Cookie", "theme=dark; session=s" + u), "name")).isEqualTo(first);
            }
        }

        f.apply(route("app", List.of(version("stable", 500, stable), version("canary", 500, canary)))
                .withSticky(new Route.Sticky(Route.StickyKind.SET_COOKIE, "lgv")));
        HttpResponse<String> first = f.get("/");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("lgv=" + field(first, "name"));
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = f.get("/", "Cookie", cookie.substring(0, cookie.indexOf(';')));
            assertThat(field(r, "name")).isEqualTo(field(first, "name"));
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void forwardingHeadersAndHostAndPathRouting() throws Exception {
        f.apply(new Route("web", List.of("shop.example"), "/api", List.of(version("stable", 1000, stable)), List.of(), null, null, null),
                new Route("other", List.of(), "/", List.of(version("canary", 1000, canary)), List.of(), null, null, null));
        HttpResponse<String> r = f.get("/api/items", "Host", "shop.example:8080", "X-Forwarded-For", "203.0.113.9");
        assertThat(field(r, "name")).isEqualTo("stable");
        assertThat(field(r, "xff")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(field(r, "xfp")).isEqualTo("http");
        assertThat(field(r, "xfh")).isEqualTo("shop.example:8080");
        assertThat(field(r, "via")).isEqualTo("1.1 legends");
        assertThat(r.headers().firstValue("Via").orElseThrow()).contains("legends");
        assertThat(field(f.get("/apix", "Host", "shop.example"), "name")).isEqualTo("canary");
        assertThat(field(f.get("/api", "Host", "other.example"), "name")).isEqualTo("canary");
        f.apply(new Route("web", List.of("shop.example"), "/api", List.of(version("stable", 1000, stable)), List.of(), null, null, null));
        HttpResponse<String> missing = f.get("/", "Host", "nope.example");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no route for host nope.example");
    }

    @Test
    void keepAliveReusesConnectionsOnBothSides() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, stable))));
        for (int i = 0; i < 100; i++) {
            assertThat(f.get("/").statusCode()).isEqualTo(200);
        }
        assertThat(stable.connections.get()).isLessThanOrEqualTo(2);
        assertThat(f.gateway.status().connections()).isLessThanOrEqualTo(2);
    }

    @Test
    void chunkedAndHeadAndExpectContinue() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, stable))));
        byte[] body = new byte[300_000];
        HttpResponse<String> chunked = f.http.send(HttpRequest.newBuilder(f.uri("/count"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(field(chunked, "count")).isEqualTo("300000");

        HttpResponse<String> expect = f.http.send(HttpRequest.newBuilder(f.uri("/count")).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1234])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expect.statusCode()).isEqualTo(200);
        assertThat(field(expect, "count")).isEqualTo("1234");

        HttpResponse<String> head = f.http.send(HttpRequest.newBuilder(f.uri("/")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length").orElse(0)).isPositive();
        assertThat(f.get("/").statusCode()).isEqualTo(200); // the connection after HEAD still works
    }

    @Test
    void fiftyMegabytesStreamBothWaysWithBoundedMemory() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, stable))));
        long size = 50L * 1024 * 1024;
        long[] peak = {0};
        var alloc = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], alloc.usedDirectMemory() + alloc.usedHeapMemory());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            HttpResponse<InputStream> down = f.http.send(HttpRequest.newBuilder(f.uri("/bytes?n=" + size)).build(), HttpResponse.BodyHandlers.ofInputStream());
            long got = 0;
            try (InputStream in = down.body()) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    got += n;
                }
            }
            assertThat(got).isEqualTo(size);
            InputStream zeros = new InputStream() {
                long left = size;

                @Override
                public int read() {
                    return left-- > 0 ? 0 : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 0);
                    left -= n;
                    return n;
                }
            };
            HttpResponse<String> up = f.http.send(HttpRequest.newBuilder(f.uri("/count")).POST(HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> zeros), size)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(field(up, "count")).isEqualTo(String.valueOf(size));
        } finally {
            sampler.interrupt();
        }
        // the pooled allocator is shared by the test backend, the gateway and their codecs: far below 50 MB
        assertThat(peak[0]).isLessThan(24L * 1024 * 1024);
    }

    @Test
    void upgradePassesRawBytesThrough() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, stable))));
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: echo");
            for (int i = 0; i < 3; i++) {
                byte[] msg = ("ping " + i + "\r\n\r\nGET / HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
                out.write(msg);
                out.flush();
                assertThat(new String(in.readNBytes(msg.length), StandardCharsets.US_ASCII)).isEqualTo(new String(msg, StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void anHttp10ClientGetsABodyItCanRead() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, stable))));
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /bytes?n=70000&chunked=1 HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("chunked");
            assertThat(in.readAllBytes()).hasSize(70000); // unchunked, then the gateway closes
        }
        try (Socket s = new Socket("127.0.0.1", f.port)) { // and HTTP/1.1 gets the chunks
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /bytes?n=100&chunked=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(s.getInputStream())).containsIgnoringCase("transfer-encoding: chunked");
        }
    }

    @Test
    void badRequestsGetTheirStatusAndTheGatewayGoesOn() throws Exception {
        f.apply(route("app", List.of(version("stable", 1000, stable))));
        assertThat(rawStatus("GARBAGE\r\n\r\n")).isEqualTo(400);
        assertThat(rawStatus("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")).isEqualTo(431);
        assertThat(f.get("/").statusCode()).isEqualTo(200);
    }

    static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private int rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s.getInputStream());
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }
}
