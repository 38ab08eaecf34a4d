package dev.legends.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs CNI plugins the way the spec says a runtime must: one process per plugin, the command and
 * the container in environment variables, the plugin's config (with {@code prevResult} chained
 * and the {@code runtimeConfig} it asked for through {@code capabilities}) on stdin, the result or
 * an error object on stdout. ADD runs the list in order, DEL in reverse, CHECK in order. What ADD
 * was given and answered is cached per (network, container, interface), so DEL after a daemon
 * restart hands the plugins the same config and result they saw on ADD.
 */
public final class CniRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(CniRuntime.class);

    /** Where the container is and what it asks of the plugins that declared the capability. */
    public record Attach(String containerId, Path netns, String ifname, Map<String, Object> capabilities) {
        public Attach {
            capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
        }
    }

    /** The cache entry of one ADD. */
    record Cached(String containerId, String netns, String ifname, JsonNode config, JsonNode capabilities, JsonNode result) {}

    private final List<Path> pluginDirs;
    private final Path cacheDir;
    private final Duration timeout;

    public CniRuntime(List<Path> pluginDirs, Path cacheDir, Duration timeout) {
        this.pluginDirs = List.copyOf(pluginDirs);
        this.cacheDir = cacheDir;
        this.timeout = timeout;
    }

    /** Runs ADD through the list; a failing plugin has the ones before it take their work back (DEL). */
    public CniResult add(CniConfList list, Attach a) {
        JsonNode prev = null;
        List<ObjectNode> done = new ArrayList<>();
        try {
            for (ObjectNode plugin : list.plugins()) {
                JsonNode out = exec("ADD", list, plugin, a, prev);
                done.add(plugin);
                prev = out;
            }
        } catch (LegendsException e) {
            delQuietly(list, done, a, prev);
            throw e;
        }
        CniResult result = new CniResult(prev);
        writeCache(list, a, result);
        return result;
    }

    /** Asks every plugin whether the container's networking is still as ADD left it. */
    public void check(String network, String containerId, String ifname) {
        Cached c = readCache(network, containerId, ifname)
                .orElseThrow(() -> LegendsException.notFound("CNI CHECK: no cached ADD of " + containerId + " on " + network));
        CniConfList list = CniConfList.parse(Json.bytes(c.config()));
        Attach a = attachOf(c);
        for (ObjectNode plugin : list.plugins()) {
            exec("CHECK", list, plugin, a, c.result());
        }
    }

    /**
     * Runs DEL from the cache of the ADD, in reverse, and forgets the cache. Without a cache (never
     * added, or already deleted) there is nothing to do; {@code fallback} covers a cache lost with
     * the run directory.
     */
    public void del(String network, String containerId, String ifname, CniConfList fallback, Path netns) {
        Optional<Cached> cached = readCache(network, containerId, ifname);
        CniConfList list = cached.map(c -> CniConfList.parse(Json.bytes(c.config()))).orElse(fallback);
        if (list == null) {
            return;
        }
        Attach a = cached.map(CniRuntime::attachOf).orElse(new Attach(containerId, netns, ifname, Map.of()));
        if (a.netns() != null && !Files.exists(a.netns())) {
            // the spec lets DEL run without a namespace: the plugins then clean the host side only
            a = new Attach(a.containerId(), null, a.ifname(), a.capabilities());
        }
        JsonNode prev = cached.map(Cached::result).orElse(null);
        List<ObjectNode> reversed = new ArrayList<>(list.plugins());
        java.util.Collections.reverse(reversed);
        LegendsException first = null;
        for (ObjectNode plugin : reversed) {
            try {
                exec("DEL", list, plugin, a, prev);
            } catch (LegendsException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        try {
            Files.deleteIfExists(cacheFile(network, containerId, ifname));
        } catch (IOException e) {
            throw LegendsException.unavailable("CNI cache " + cacheDir + ": " + e.getMessage());
        }
    }

    /** The cached result of an ADD, if any. */
    public Optional<CniResult> cachedResult(String network, String containerId, String ifname) {
        return readCache(network, containerId, ifname).map(c -> new CniResult(c.result()));
    }

    private void delQuietly(CniConfList list, List<ObjectNode> done, Attach a, JsonNode prev) {
        for (int i = done.size() - 1; i >= 0; i--) {
            try {
                exec("DEL", list, done.get(i), a, prev);
            } catch (LegendsException e) {
                LOG.warn("CNI DEL after a failed ADD of {}: {}", a.containerId(), e.getMessage());
            }
        }
    }

    private static Attach attachOf(Cached c) {
        Map<String, Object> caps = c.capabilities() == null ? Map.of()
                : Json.mapper().convertValue(c.capabilities(), Json.mapper().getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        return new Attach(c.containerId(), c.netns() == null ? null : Path.of(c.netns()), c.ifname(), caps);
    }

    private JsonNode exec(String command, CniConfList list, ObjectNode plugin, Attach a, JsonNode prev) {
        String type = plugin.get("type").asText();
        Path binary = pluginDirs.stream().map(d -> d.resolve(type)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> LegendsException.unavailable("CNI plugin " + type + " not found in " + pluginDirs
                        + " (install containernetworking-plugins)"));
        ObjectNode conf = plugin.deepCopy();
        conf.put("cniVersion", list.cniVersion());
        conf.put("name", list.name());
        if (prev != null) {
            conf.set("prevResult", prev);
        }
        ObjectNode runtimeConfig = runtimeConfig(plugin, a);
        if (runtimeConfig != null) {
            conf.set("runtimeConfig", runtimeConfig);
        }
        ProcessBuilder pb = new ProcessBuilder(binary.toString());
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", a.containerId());
        env.put("CNI_NETNS", a.netns() == null ? "" : a.netns().toString());
        env.put("CNI_IFNAME", a.ifname());
        env.put("CNI_PATH", String.join(":", pluginDirs.stream().map(Path::toString).toList()));
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(Json.bytes(conf));
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw LegendsException.unavailable("CNI " + command + " " + type + " on " + list.name() + ": timed out after "
                        + timeout.toSeconds() + "s");
            }
            byte[] stdout = out.get(5, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw error(command, type, list.name(), stdout, err.get(5, TimeUnit.SECONDS));
            }
            if (command.equals("ADD")) {
                return stdout.length == 0 ? prev : Json.read(stdout, JsonNode.class);
            }
            return prev;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw LegendsException.unavailable("CNI " + command + " " + type + " on " + list.name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("CNI " + command + " " + type + ": interrupted");
        }
    }

    /** Only the capabilities a plugin declared reach it, as the spec's runtimeConfig says. */
    private static ObjectNode runtimeConfig(ObjectNode plugin, Attach a) {
        JsonNode caps = plugin.get("capabilities");
        if (caps == null || a.capabilities().isEmpty()) {
            return null;
        }
        ObjectNode rc = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = caps.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().asBoolean() && a.capabilities().containsKey(e.getKey())) {
                rc.set(e.getKey(), Json.mapper().valueToTree(a.capabilities().get(e.getKey())));
            }
        }
        return rc.isEmpty() ? null : rc;
    }

    /** A plugin's error object ({code, msg, details}) as one clear line. */
    private static LegendsException error(String command, String type, String network, byte[] stdout, byte[] stderr) {
        String msg;
        int code = 0;
        try {
            JsonNode e = Json.read(stdout, JsonNode.class);
            code = e.path("code").asInt();
            msg = e.path("msg").asText("");
            String details = e.path("details").asText("");
            if (!details.isEmpty()) {
                msg = msg + ": " + details;
            }
        } catch (RuntimeException notJson) {
            msg = (new String(stdout, StandardCharsets.UTF_8) + " " + new String(stderr, StandardCharsets.UTF_8)).strip();
        }
        ErrorKind kind = code == 4 || code == 7 ? ErrorKind.INVALID_ARGUMENT : ErrorKind.UNAVAILABLE;
        return new LegendsException(kind, "CNI " + command + " " + type + " on " + network + " failed"
                + (code != 0 ? " (code " + code + ")" : "") + ": " + msg.strip());
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private Path cacheFile(String network, String containerId, String ifname) {
        return cacheDir.resolve(network + "-" + containerId + "-" + ifname + ".json");
    }

    private void writeCache(CniConfList list, Attach a, CniResult result) {
        Cached c = new Cached(a.containerId(), a.netns() == null ? null : a.netns().toString(), a.ifname(), list.toJson(),
                Json.mapper().valueToTree(a.capabilities()), result.json());
        try {
            Files.createDirectories(cacheDir);
            Path f = cacheFile(list.name(), a.containerId(), a.ifname());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, Json.bytes(c));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw LegendsException.unavailable("CNI cache " + cacheDir + ": " + e.getMessage());
        }
    }

    private Optional<Cached> readCache(String network, String containerId, String ifname) {
        Path f = cacheFile(network, containerId, ifname);
        try {
            return Files.exists(f) ? Optional.of(Json.read(Files.readAllBytes(f), Cached.class)) : Optional.empty();
        } catch (IOException e) {
            throw LegendsException.unavailable("CNI cache " + f + ": " + e.getMessage());
        }
    }
}
