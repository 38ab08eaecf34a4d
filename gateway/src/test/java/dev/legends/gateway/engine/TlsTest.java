package dev.legends.gateway.engine;

import static dev.legends.gateway.engine.Fixture.field;
import static dev.legends.gateway.engine.Fixture.route;
import static dev.legends.gateway.engine.Fixture.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS listeners: certificates from PEM files made by openssl for the test, refused when bad, replaced on apply. */
class TlsTest {
    @TempDir
    Path dir;
    Fixture f;
    TestBackend backend;
    Path cert;
    Path key;
    Path otherCert;
    Path otherKey;
    final List<HttpClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture();
        backend = f.backend("stable");
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        otherCert = dir.resolve("other-cert.pem");
        otherKey = dir.resolve("other-key.pem");
        selfSigned(cert, key);
        selfSigned(otherCert, otherKey);
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(HttpClient::close);
        f.close();
    }

    @Test
    void httpsReachesTheBackendWithForwardedProtoHttpsAndPlainHttpIsNotServedOnIt() throws Exception {
        int plainPort = Fixture.freePort();
        f.gateway.apply(new GatewayConfig(List.of(https(cert, key), new GatewayConfig.Listener("http", "127.0.0.1", plainPort)),
                List.of(route("app", List.of(version("stable", 1000, backend))))));

        HttpResponse<String> r = get(client(cert), "https");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(field(r, "name")).isEqualTo("stable");
        assertThat(field(r, "xfp")).isEqualTo("https");
        assertThat(r.headers().firstValue("Via").orElseThrow()).contains("legends");
        HttpResponse<String> plain = f.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plainPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(field(plain, "xfp")).isEqualTo("http");
        assertThat(f.gateway.status().listening()).containsExactlyInAnyOrder("https://127.0.0.1:" + f.port, "http://127.0.0.1:" + plainPort);

        // the TLS port does not answer plain HTTP
        assertThatThrownBy(() -> f.get("/")).isInstanceOf(IOException.class);

        // TLS 1.2 is served too; ALPN picks http/1.1 even when the client would rather have h2
        try (SSLSocket s = socket(cert, "TLSv1.2")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(rawGet(s)).contains("name=stable", "xfp=https");
        }

        // the saved config keeps the listener's tls: a restart serves HTTPS again
        f.gateway.close(Duration.ofSeconds(1));
        assertThat(Files.readString(f.configFile)).contains("\"certFile\" : \"" + cert + "\"");
        f.gateway = Gateway.start(f.configFile, f.adminSocket, 2);
        assertThat(field(get(client(cert), "https"), "xfp")).isEqualTo("https");
    }

    @Test
    void badCertificatesOrKeysAreRefusedWithOneLineAndTheOldConfigServes() throws Exception {
        GatewayClient admin = new GatewayClient(f.adminSocket);
        admin.replace(config(https(cert, key)));
        HttpClient trusting = client(cert);

        assertThatThrownBy(() -> admin.replace(config(https(cert, otherKey))))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("listener https: tls keyFile " + otherKey + " is not the key of the certificate in " + cert);
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> f.gateway.apply(config(https(missing, key))))
                .hasMessage("listener https: tls certFile " + missing + " does not exist");
        assertThatThrownBy(() -> f.gateway.apply(config(https(key, key))))
                .hasMessageStartingWith("listener https: tls certFile " + key + " holds no PEM certificate");
        Path rsa = dir.resolve("rsa-key.pem");
        openssl("rsa", "-in", key.toString(), "-traditional", "-out", rsa.toString());
        assertThat(Files.readString(rsa)).contains("BEGIN RSA PRIVATE KEY");
        assertThatThrownBy(() -> f.gateway.apply(config(https(cert, rsa))))
                .hasMessage("listener https: tls keyFile " + rsa + " is not an unencrypted PKCS#8 key (\"BEGIN PRIVATE KEY\"); "
                        + "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + rsa + " -out key.pem");
        assertThatThrownBy(() -> f.gateway.apply(config(new GatewayConfig.Listener("https", "127.0.0.1", f.port,
                new GatewayConfig.Tls("cert.pem", key.toString())))))
                .hasMessage("listener https: tls certFile must be an absolute path, not cert.pem");
        // a bad certificate on a new listener binds nothing
        int other = Fixture.freePort();
        assertThatThrownBy(() -> f.gateway.apply(new GatewayConfig(List.of(https(cert, key),
                new GatewayConfig.Listener("more", "127.0.0.1", other, new GatewayConfig.Tls(cert.toString(), otherKey.toString()))), List.of())))
                .hasMessageStartingWith("listener more: tls keyFile");
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", other).close()).isInstanceOf(java.net.ConnectException.class);

        assertThat(f.gateway.config().listeners().getFirst().tls().keyFile()).isEqualTo(key.toString());
        assertThat(field(get(trusting, "https"), "name")).isEqualTo("stable");
        assertThat(field(get(client(cert), "https"), "name")).isEqualTo("stable"); // a new connection, the old certificate
    }

    @Test
    void aNewCertificateServesNewConnectionsWhileOpenOnesGoOn() throws Exception {
        f.gateway.apply(config(https(cert, key)));
        try (SSLSocket open = socket(cert, null)) {
            assertThat(rawGet(open)).contains("name=stable");
            f.gateway.apply(config(https(otherCert, otherKey)));
            assertThat(rawGet(open)).contains("name=stable", "xfp=https"); // same socket, the old certificate
        }
        assertThat(field(get(client(otherCert), "https"), "name")).isEqualTo("stable");
        assertThatThrownBy(() -> get(client(cert), "https")).isInstanceOf(SSLHandshakeException.class);

        // the same address turned from TLS to plain and back, without a rebind
        f.gateway.apply(config(new GatewayConfig.Listener("https", "127.0.0.1", f.port)));
        assertThat(field(f.get("/"), "xfp")).isEqualTo("http");
        f.gateway.apply(config(https(cert, key)));
        assertThat(field(get(client(cert), "https"), "xfp")).isEqualTo("https");
    }

    @Test
    void tls11IsRefused() throws Exception {
        f.gateway.apply(config(https(cert, key)));
        String address = "127.0.0.1:" + f.port;
        // openssl still speaks TLS 1.1 at security level 0; 1.2 with the same client proves the client works
        Result ok = run("openssl", "s_client", "-connect", address, "-tls1_2", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(ok.code()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("Protocol  : TLSv1.2");
        Result old = run("openssl", "s_client", "-connect", address, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(old.code()).as(old.output()).isNotZero();
        assertThat(old.output()).contains("alert protocol version");
    }

    // ---- helpers

    private GatewayConfig.Listener https(Path certFile, Path keyFile) {
        return new GatewayConfig.Listener("https", "127.0.0.1", f.port, new GatewayConfig.Tls(certFile.toString(), keyFile.toString()));
    }

    private GatewayConfig config(GatewayConfig.Listener l) {
        return new GatewayConfig(List.of(l), List.of(route("app", List.of(version("stable", 1000, backend)))));
    }

    private HttpClient client(Path trusted) throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(trusted))
                .connectTimeout(Duration.ofSeconds(5)).build();
        clients.add(c);
        return c;
    }

    private HttpResponse<String> get(HttpClient c, String scheme) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + f.port + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path certFile) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            ks.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    /** A handshaken socket to the gateway that offers h2 and http/1.1; {@code protocol} null: the JDK's choice. */
    private SSLSocket socket(Path trusted, String protocol) throws Exception {
        SSLSocket s = (SSLSocket) trusting(trusted).getSocketFactory().createSocket("127.0.0.1", f.port);
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocol != null) {
            p.setProtocols(new String[] {protocol});
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** One keep-alive GET / on {@code s}; the body (the backend answers with a Content-Length). */
    private static String rawGet(SSLSocket s) throws IOException {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        int length = head.toString(StandardCharsets.US_ASCII).lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElseThrow();
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private void selfSigned(Path certFile, Path keyFile) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile.toString(), "-out", certFile.toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Result r = run(command.toArray(String[]::new));
        assertThat(r.code()).as(r.output()).isZero();
    }

    record Result(int code, String output) {}

    private static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
