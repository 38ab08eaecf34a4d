package dev.legends.image.registry;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.image.Reference;
import dev.legends.image.registry.CredentialStore.Credentials;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The registry client over the JDK's HttpClient; one {@link RegistryHttp} per registry, kept for its scheme and tokens. */
final class HttpRegistryClient implements RegistryClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    static {
        // The JDK client reads a response in buffers of this size, 16 KiB by default: for blobs of
        // hundreds of megabytes that costs about twice the CPU time of 256 KiB reads (measured by
        // bench/registry.sh). Read once, when the JDK client's classes load: the launcher should
        // set it too, in case another HttpClient user came first. An explicit setting wins.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
        }
    }

    private final ImageStore store;
    private final RegistryOptions options;
    private volatile HttpClient client;
    private final CredentialStore credentials;
    private final BlobSources sources;
    private final Retrier retrier;
    private final Map<String, RegistryHttp> registries = new ConcurrentHashMap<>();

    private HttpRegistryClient(ImageStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
        this.credentials = new CredentialStore(options.authFile());
        this.sources = new BlobSources(store.content());
        this.retrier = new Retrier(options.attempts(), options.firstBackoff(), options.retryWindow());
    }

    static HttpRegistryClient open(ImageStore store, RegistryOptions options) {
        return new HttpRegistryClient(store, options);
    }

    @Override
    public PullResult pull(String reference, PlatformSpec platform, ProgressListener progress) {
        Reference ref = parse("pull", reference);
        try {
            return new Puller(store, registry(ref.domain()), retrier, sources, options.parallelTransfers(), REQUEST_TIMEOUT)
                    .pull(ref, platform == null ? PlatformSpec.DEFAULT : platform, progress);
        } catch (LegendsException e) {
            throw e.wrap("pull " + ref.familiar());
        }
    }

    @Override
    public PushResult push(String reference, ProgressListener progress) {
        Reference ref = parse("push", reference);
        try {
            return new Pusher(store, registry(ref.domain()), retrier, sources, options.parallelTransfers(),
                    options.chunkSize(), REQUEST_TIMEOUT).push(ref, progress);
        } catch (LegendsException e) {
            throw e.wrap("push " + ref.familiar());
        }
    }

    @Override
    public void login(String registry, String user, String password) {
        String host = CredentialStore.normalize(registry);
        String what = "login " + host;
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            throw LegendsException.invalid(what + ": a user name and a password are needed");
        }
        Credentials given = new Credentials(user, password);
        RegistryHttp http = newRegistry(host, given);
        try {
            retrier.run(() -> {
                HttpResponse<InputStream> ping = http.ping();
                ping.body().close();
                if (ping.statusCode() == 200) {
                    return null; // the registry asks for no credentials; like docker, accept them anyway
                }
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(http.uri("/v2/")).GET()
                        .timeout(REQUEST_TIMEOUT), List.of());
                response.body().close();
                http.check(response, "", 200);
                return null;
            });
        } catch (LegendsException e) {
            if (e.kind() == ErrorKind.UNAUTHORIZED) {
                throw new LegendsException(ErrorKind.UNAUTHORIZED, what + ": unauthorized: incorrect username or password", e);
            }
            throw e.wrap(what);
        }
        credentials.save(host, given);
        registries.remove(host); // the next request authenticates with what was just stored
    }

    @Override
    public boolean logout(String registry) {
        String host = CredentialStore.normalize(registry);
        boolean removed = credentials.remove(host);
        registries.remove(host);
        return removed;
    }

    @Override
    public void close() {
        HttpClient c = client;
        if (c != null) {
            c.close();
        }
    }

    /** Built on first use, so that opening a client (at daemon start) costs no TLS set-up. */
    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    // HTTP/1.1: registries serve blobs faster over parallel connections than over one h2 stream
                    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER).sslContext(SystemTrust.context()).build();
                }
                c = client;
            }
        }
        return c;
    }

    private static Reference parse(String verb, String reference) {
        try {
            return Reference.parse(reference);
        } catch (LegendsException e) {
            throw e.wrap(verb + " " + reference);
        }
    }

    private RegistryHttp registry(String host) {
        return registries.computeIfAbsent(host, h -> newRegistry(h, credentials.find(h)));
    }

    private RegistryHttp newRegistry(String host, Credentials creds) {
        HttpClient c = client();
        return new RegistryHttp(c, host, security(host), new Authorizer(c, host, creds, options.stallTimeout()),
                options.stallTimeout());
    }

    /**
     * Loopback registries and those listed as insecure may be spoken to in plain HTTP, as docker
     * allows it (loopback ones are tried in plain HTTP first); one listed as {@code http://host:port}
     * is spoken to only so.
     */
    private RegistryHttp.Security security(String registry) {
        Set<String> listed = options.insecureRegistries();
        String r = registry.toLowerCase(Locale.ROOT);
        if (listed.contains("http://" + r)) {
            return RegistryHttp.Security.HTTP;
        }
        String host = r.startsWith("[") ? r.substring(0, r.indexOf(']') + 1)
                : r.contains(":") ? r.substring(0, r.lastIndexOf(':')) : r;
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")) {
            return RegistryHttp.Security.HTTP_OR_HTTPS;
        }
        boolean insecure = listed.contains(r) || listed.contains(host);
        return insecure ? RegistryHttp.Security.HTTPS_OR_HTTP : RegistryHttp.Security.HTTPS;
    }
}
