package dev.legends.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.registry.CredentialStore.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Authorization header for one registry. It learns how the registry authenticates from its
 * {@code WWW-Authenticate} challenge: Basic sends the stored credentials with every request;
 * Bearer trades them (or nothing, for anonymous pulls) at the challenge's realm for a token per
 * scope ({@code repository:app:pull,push}), cached until shortly before it expires.
 */
final class Authorizer {
    private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofSeconds(60);
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;

    private record Token(String value, long expiresAtNanos) {}

    private final HttpClient client;
    private final String registry;
    private final Credentials credentials;
    private final Duration stall;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile Challenge challenge;

    /** @param credentials the stored credentials for this registry, or null */
    Authorizer(HttpClient client, String registry, Credentials credentials, Duration stall) {
        this.client = client;
        this.registry = registry;
        this.credentials = credentials;
        this.stall = stall;
    }

    boolean hasCredentials() {
        return credentials != null;
    }

    /** Remembers the challenge of a 401 (or of the ping); Bearer wins when a registry offers both. */
    void challenged(List<String> wwwAuthenticate) {
        List<Challenge> all = Challenge.parseAll(wwwAuthenticate);
        all.stream().filter(Challenge::isBearer).findFirst()
                .or(() -> all.stream().filter(Challenge::isBasic).findFirst())
                .ifPresent(c -> challenge = c);
    }

    /** Drops the cached token for {@code scopes}, after the registry refused it. */
    void forget(List<String> scopes) {
        tokens.remove(key(scopes));
    }

    /** The header value to send for {@code scopes}, or null when the registry asked for none. */
    String header(List<String> scopes) throws IOException, InterruptedException {
        Challenge c = challenge;
        if (c == null) {
            return null;
        }
        if (c.isBasic()) {
            return credentials == null ? null : credentials.basicHeader();
        }
        if (!c.isBearer()) {
            return null;
        }
        String key = key(scopes);
        Token t = tokens.get(key);
        if (t == null || System.nanoTime() > t.expiresAtNanos()) {
            t = fetchToken(c, scopes);
            tokens.put(key, t);
        }
        return "Bearer " + t.value();
    }

    /** The token flow of the distribution spec: GET realm?service=..&scope=.. with basic credentials when known. */
    private Token fetchToken(Challenge c, List<String> scopes) throws IOException, InterruptedException {
        String realm = c.param("realm");
        if (realm == null || realm.isEmpty()) {
            throw LegendsException.invalid("registry " + registry + " asked for a bearer token without saying where to get one");
        }
        StringBuilder query = new StringBuilder();
        if (c.param("service") != null) {
            query.append("service=").append(encode(c.param("service")));
        }
        for (String scope : new TreeSet<>(scopes)) {
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
        }
        if (credentials != null) {
            query.append(query.isEmpty() ? "" : "&").append("account=").append(encode(credentials.user()));
        }
        URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header("Authorization", credentials.basicHeader());
        }
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request.build(), BodyStream.handler(stall));
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            response.body().close();
            throw RegistryErrors.unauthorized(registry, credentials != null);
        }
        RegistryErrors.check(response, "token from " + uri.getHost(), registry, credentials != null, 200);
        JsonNode body;
        try (InputStream in = response.body()) {
            body = Json.read(in.readNBytes(MAX_TOKEN_RESPONSE), JsonNode.class);
        }
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw LegendsException.invalid("the token server of " + registry + " answered without a token");
        }
        long life = body.path("expires_in").asLong(0);
        Duration lifetime = life > 0 ? Duration.ofSeconds(life) : DEFAULT_TOKEN_LIFE;
        return new Token(token, sent + lifetime.minus(EXPIRY_MARGIN).toNanos());
    }

    private static String key(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
