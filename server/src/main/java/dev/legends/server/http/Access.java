package dev.legends.server.http;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Who may use a TCP listener. The API port takes only the bearer token. The dashboard port also
 * takes a session cookie, which a browser gets by logging in with that same token, and leaves a
 * few paths open (the login page and its scripts carry no state).
 *
 * <p>A request that changes something with only a cookie must also carry {@link #CSRF_HEADER}: a
 * page on another origin cannot add a custom header without a CORS preflight, which nothing here
 * answers, so it cannot make a logged-in browser promote or abort a release.
 */
public final class Access {
    public static final String COOKIE = "legends_session";
    public static final String CSRF_HEADER = "x-legends-request";
    private static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 256;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final byte[] token;
    private final boolean sessionsAllowed;
    private final Predicate<String> open;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private Access(String token, boolean sessionsAllowed, Predicate<String> open) {
        if (token == null || token.isBlank()) {
            throw LegendsException.invalid("a TCP listener needs a token (--token-file or LEGENDS_TOKEN)");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.sessionsAllowed = sessionsAllowed;
        this.open = open;
    }

    /** The API port: every request carries {@code Authorization: Bearer TOKEN}. */
    public static Access bearer(String token) {
        return new Access(token, false, path -> false);
    }

    /** The dashboard port: the bearer token or a session cookie; {@code open} paths need neither. */
    public static Access dashboard(String token, Predicate<String> open) {
        return new Access(token, true, open);
    }

    /** Paths served only on the unix socket: a client's command line, its paths and environment, are this host's. */
    private static final String UNIX_ONLY = "/v1/cli";

    /** Null when the request may go on, else why not. */
    String refusal(Request r) {
        if (r.path().equals(UNIX_ONLY)) {
            return UNIX_ONLY + " is served only on the daemon's unix socket";
        }
        if (open.test(r.path()) || bearerMatches(r.header("authorization"))) {
            return null;
        }
        if (!sessionsAllowed) {
            return "a bearer token is required on TCP";
        }
        if (!validSession(r.cookie(COOKIE))) {
            return "log in with the daemon's token first";
        }
        if (!SAFE_METHODS.contains(r.method()) && r.header(CSRF_HEADER) == null) {
            return "a request made with the session cookie must carry the " + CSRF_HEADER + " header";
        }
        return null;
    }

    /** Starts a session for whoever knows the token; the id goes back as a cookie. */
    public String login(String candidate) {
        if (!sessionsAllowed) {
            throw LegendsException.invalid("this listener takes no login: send the bearer token");
        }
        if (candidate == null || !MessageDigest.isEqual(token, candidate.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new LegendsException(ErrorKind.UNAUTHORIZED, "wrong token");
        }
        Instant now = Instant.now();
        sessions.values().removeIf(expiry -> expiry.isBefore(now));
        if (sessions.size() >= MAX_SESSIONS) {
            // Logging in again and again must not grow memory: the oldest session goes.
            sessions.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        byte[] id = new byte[24];
        random.nextBytes(id);
        String session = HexFormat.of().formatHex(id);
        sessions.put(session, now.plus(SESSION_LIFETIME));
        return session;
    }

    public void logout(String session) {
        if (session != null) {
            sessions.remove(session);
        }
    }

    /** The Set-Cookie value for a new session, or (null) one that clears it. */
    public static String cookie(String session) {
        return session == null
                ? COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                : COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + SESSION_LIFETIME.toSeconds();
    }

    private boolean validSession(String session) {
        if (session == null) {
            return false;
        }
        Instant expiry = sessions.get(session);
        return expiry != null && expiry.isAfter(Instant.now());
    }

    private boolean bearerMatches(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).getBytes(StandardCharsets.UTF_8));
    }
}
