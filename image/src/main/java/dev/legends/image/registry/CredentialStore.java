package dev.legends.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Credentials by registry, in docker's config.json shape ({@code {"auths": {"host:port": {"auth":
 * base64(user:password)}}}}), so a file written by docker or podman login can be pointed at. Fields
 * this class does not know are kept. The file is only ever replaced whole, by a rename of a file
 * created with mode 0600, so no reader sees it half written and no one else can read the secret.
 */
final class CredentialStore {
    private static final Object WRITE_LOCK = new Object();
    private static final int MAX_BYTES = 1 << 20;

    record Credentials(String user, String password) {
        String basicHeader() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credentials[" + user + "]"; // never the password, in case one is logged
        }
    }

    private final Path file;

    CredentialStore(Path file) {
        this.file = file;
    }

    /** The credentials for {@code registry}, or null. */
    Credentials find(String registry) {
        JsonNode auths = read().path("auths");
        for (var it = auths.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (normalize(e.getKey()).equals(normalize(registry))) {
                Credentials c = decode(e.getValue());
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    void save(String registry, Credentials credentials) {
        synchronized (WRITE_LOCK) {
            ObjectNode root = read();
            ObjectNode auths = root.path("auths") instanceof ObjectNode o ? o : root.putObject("auths");
            removeKeys(auths, registry);
            String auth = credentials.basicHeader().substring("Basic ".length());
            auths.putObject(normalize(registry)).put("auth", auth);
            write(root);
        }
    }

    boolean remove(String registry) {
        synchronized (WRITE_LOCK) {
            ObjectNode root = read();
            if (!(root.path("auths") instanceof ObjectNode auths) || !removeKeys(auths, registry)) {
                return false;
            }
            write(root);
            return true;
        }
    }

    /** docker writes Docker Hub as https://index.docker.io/v1/; others write a bare host[:port]. */
    static String normalize(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        if (slash >= 0) {
            k = k.substring(0, slash);
        }
        return switch (k) {
            case "index.docker.io", "registry-1.docker.io" -> "docker.io";
            default -> k;
        };
    }

    private static boolean removeKeys(ObjectNode auths, String registry) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (normalize(k).equals(normalize(registry))) {
                keys.add(k);
            }
        }
        auths.remove(keys);
        return !keys.isEmpty();
    }

    private static Credentials decode(JsonNode entry) {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String plain;
            try {
                plain = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = plain.indexOf(':');
            return colon < 0 ? null : new Credentials(plain.substring(0, colon), plain.substring(colon + 1));
        }
        String user = entry.path("username").asText("");
        return user.isEmpty() ? null : new Credentials(user, entry.path("password").asText(""));
    }

    private ObjectNode read() {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw LegendsException.invalid(file + ": larger than " + MAX_BYTES + " bytes");
            }
            JsonNode node = Json.read(Files.readAllBytes(file), JsonNode.class);
            return node instanceof ObjectNode o ? o : Json.mapper().createObjectNode();
        } catch (NoSuchFileException e) {
            return Json.mapper().createObjectNode();
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "read " + file + ": " + e.getMessage(), e);
        } catch (LegendsException e) {
            throw e.wrap("read " + file);
        }
    }

    private void write(ObjectNode root) {
        try {
            PrivateFiles.replace(file, Json.pretty(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "write " + file + ": " + e.getMessage(), e);
        }
    }
}
