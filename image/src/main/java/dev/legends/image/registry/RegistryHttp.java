package dev.legends.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Requests to one registry: picks HTTPS or (for insecure registries) plain HTTP once, adds the
 * Authorization header for the scopes a request needs, answers one 401 challenge, and follows
 * redirects of GETs (blob storage often serves from elsewhere). One try per call: retries are the
 * caller's, because only the caller knows how to resume.
 */
final class RegistryHttp {
    private static final int MAX_REDIRECTS = 5;
    /** How long an insecure registry gets to start a TLS handshake before it is spoken to in plain HTTP. */
    private static final Duration TLS_PROBE = Duration.ofSeconds(3);

    /** Which schemes a registry may be spoken to in. */
    enum Security {
        HTTPS,
        /** Insecure registries, as docker treats them: HTTPS when they speak it, plain HTTP otherwise. */
        HTTPS_OR_HTTP,
        /**
         * Loopback registries: plain HTTP first, the usual local registry, without paying for a TLS
         * handshake; a TLS server refuses a plain request at once, and is then spoken to in HTTPS.
         */
        HTTP_OR_HTTPS,
        /** Registries listed as http://host:port: no TLS attempt at all. */
        HTTP
    }

    private final HttpClient client;
    private final String registry;
    private final String apiHost;
    private final Security security;
    private final Authorizer auth;
    private final Duration stall;
    private volatile URI base;

    RegistryHttp(HttpClient client, String registry, Security security, Authorizer auth, Duration stall) {
        this.client = client;
        this.registry = registry;
        // Docker Hub's names say docker.io; its API lives elsewhere
        this.apiHost = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        this.security = security;
        this.auth = auth;
        this.stall = stall;
    }

    String registry() {
        return registry;
    }

    /** An address on the registry, such as {@code /v2/app/manifests/1.0}. */
    URI uri(String path) throws IOException, InterruptedException {
        return base().resolve(path);
    }

    /**
     * Sends {@code request} with the authorization {@code scopes} need; the response comes back
     * whatever its status (see {@link #check}). Its body must be closed.
     */
    HttpResponse<InputStream> send(HttpRequest.Builder request, List<String> scopes) throws IOException, InterruptedException {
        base();
        String header = auth.header(scopes);
        HttpResponse<InputStream> response = exchange(request, header);
        if (response.statusCode() == 401) {
            auth.challenged(response.headers().allValues("WWW-Authenticate"));
            auth.forget(scopes);
            String again = auth.header(scopes);
            if (again != null && !again.equals(header)) {
                response.body().close();
                header = again;
                response = exchange(request, header);
            }
        }
        return followRedirects(response, header);
    }

    /** As {@link RegistryErrors#check}, for this registry. */
    void check(HttpResponse<InputStream> response, String what, int... ok) throws IOException {
        RegistryErrors.check(response, what, registry, auth.hasCredentials(), ok);
    }

    /** GET /v2/ once: decides the scheme and learns how the registry wants to be authenticated. */
    HttpResponse<InputStream> ping() throws IOException, InterruptedException {
        URI http = URI.create("http://" + apiHost + "/");
        URI https = URI.create("https://" + apiHost + "/");
        return switch (security) {
            case HTTPS -> pingAt(https, Duration.ofSeconds(30));
            case HTTP -> pingAt(http, Duration.ofSeconds(30));
            case HTTP_OR_HTTPS -> {
                HttpResponse<InputStream> plain = null;
                try {
                    plain = pingAt(http, Duration.ofSeconds(30));
                    if (plain.statusCode() == 200 || plain.statusCode() == 401) {
                        yield plain;
                    }
                } catch (TransientFailure e) {
                    throw e;
                } catch (IOException e) {
                    // no HTTP on that port: TLS, then
                }
                try {
                    HttpResponse<InputStream> tls = pingAt(https, Duration.ofSeconds(30));
                    if (plain != null) {
                        plain.body().close();
                    }
                    yield tls;
                } catch (IOException e) {
                    if (plain == null) {
                        throw e;
                    }
                    yield plain; // an odd answer in plain HTTP is still an answer (and set the base): requests will say more
                }
            }
            case HTTPS_OR_HTTP -> {
                try {
                    // a plain HTTP server may never answer a TLS hello: the probe is kept short
                    yield pingAt(https, TLS_PROBE);
                } catch (HttpTimeoutException e) {
                    yield pingAt(http, Duration.ofSeconds(30));
                } catch (IOException e) {
                    if (!isTls(e)) {
                        throw e;
                    }
                    yield pingAt(http, Duration.ofSeconds(30));
                }
            }
        };
    }

    private URI base() throws IOException, InterruptedException {
        URI b = base;
        if (b == null) {
            synchronized (this) {
                if (base == null) {
                    ping().body().close();
                }
                b = base;
            }
        }
        return b;
    }

    private HttpResponse<InputStream> pingAt(URI root, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(root.resolve("/v2/")).GET().timeout(timeout).build();
        HttpResponse<InputStream> response = client.send(request, BodyStream.handler(stall));
        if (response.statusCode() >= 500) {
            check(response, "registry " + registry, 200);
        }
        if (response.statusCode() == 401) {
            auth.challenged(response.headers().allValues("WWW-Authenticate"));
        }
        base = root;
        return response;
    }

    private HttpResponse<InputStream> exchange(HttpRequest.Builder request, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request.copy();
        if (authorization != null) {
            b.setHeader("Authorization", authorization);
        }
        return client.send(b.build(), BodyStream.handler(stall));
    }

    /** Follows redirects of GET and HEAD; credentials go along only to the registry's own origin. */
    private HttpResponse<InputStream> followRedirects(HttpResponse<InputStream> response, String authorization)
            throws IOException, InterruptedException {
        for (int hops = 0; isRedirect(response.statusCode()); hops++) {
            HttpRequest previous = response.request();
            String method = previous.method();
            var location = response.headers().firstValue("Location");
            if (hops >= MAX_REDIRECTS || location.isEmpty() || !(method.equals("GET") || method.equals("HEAD"))) {
                return response;
            }
            response.body().close();
            URI next = previous.uri().resolve(location.get());
            HttpRequest.Builder b = HttpRequest.newBuilder(next).method(method, HttpRequest.BodyPublishers.noBody());
            previous.timeout().ifPresent(b::timeout);
            previous.headers().map().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Authorization")) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            if (authorization != null && sameOrigin(next, base)) {
                b.setHeader("Authorization", authorization);
            }
            response = client.send(b.build(), BodyStream.handler(stall));
        }
        return response;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return b != null && Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }
}
