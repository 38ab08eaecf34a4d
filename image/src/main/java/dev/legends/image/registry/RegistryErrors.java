package dev.legends.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a registry's answer into the error a user reads. Registries explain failures in a JSON
 * body ({@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}}), whose
 * message is kept and followed by what it means here: "manifest unknown (not found)".
 */
final class RegistryErrors {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private RegistryErrors() {}

    /**
     * Returns if the status is one of {@code ok}; otherwise closes the body and throws: a
     * {@link TransientFailure} for statuses worth retrying, a {@link LegendsException} for the rest.
     *
     * @param what the thing asked for, put in front of the message ("blob sha256:..."), or empty
     */
    static void check(HttpResponse<InputStream> response, String what, String registry, boolean hadCredentials, int... ok)
            throws IOException {
        int status = response.statusCode();
        if (Arrays.stream(ok).anyMatch(s -> s == status)) {
            return;
        }
        String message = registryMessage(response);
        String prefix = what.isEmpty() ? "" : what + ": ";
        if (status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505)) {
            throw new TransientFailure(prefix + "registry answered " + status + (message == null ? "" : " " + message),
                    retryAfter(response));
        }
        throw switch (status) {
            case 401 -> unauthorized(registry, hadCredentials);
            case 403 -> new LegendsException(ErrorKind.UNAUTHORIZED, prefix + "denied"
                    + (message == null ? "" : ": " + message) + ": check `legends login " + registry + "`");
            case 404 -> LegendsException.notFound(prefix + (message == null ? "" : message + " ") + "(not found)");
            default -> LegendsException.invalid(prefix + (message == null ? "refused" : message) + " (HTTP " + status + ")");
        };
    }

    static LegendsException unauthorized(String registry, boolean hadCredentials) {
        return new LegendsException(ErrorKind.UNAUTHORIZED, "unauthorized: "
                + (hadCredentials ? "the registry refused the stored credentials" : "authentication required")
                + ": check `legends login " + registry + "`");
    }

    /** The first error message of the body, or null; reading it fully lets the connection be reused. */
    private static String registryMessage(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return null;
        }
        if (body.length == 0 || response.request().method().equals("HEAD")) {
            return null;
        }
        try {
            JsonNode first = Json.read(body, JsonNode.class).path("errors").path(0);
            String message = first.path("message").asText("");
            if (message.isEmpty()) {
                message = first.path("code").asText("").toLowerCase(Locale.ROOT).replace('_', ' ');
            }
            return message.isEmpty() ? null : oneLine(message);
        } catch (LegendsException e) {
            String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : oneLine(text);
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                return null; // an HTTP date: rare from registries; the usual backoff applies
            }
        }).orElse(null);
    }
}
