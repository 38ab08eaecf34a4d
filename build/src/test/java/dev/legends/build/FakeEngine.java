package dev.legends.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.build.context.RootPath;
import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every port in one test double over a temp dir: a layer is kept as a full copy of the
 * filesystem after it (keyed by chain id), and RUN interprets a tiny command language
 * ({@code echo}, {@code write PATH TEXT}, {@code fail N}) joined by {@code &&}.
 */
final class FakeEngine implements ImageSource, RootfsProvider, CommandRunner, ImageSink, BuildCache {
    final Path dir;
    final Map<String, BaseImage> images = new HashMap<>();
    final Map<Digest, Path> snapshots = new HashMap<>();
    final Map<String, CachedStep> cache = new HashMap<>();
    final List<RunSpec> runs = new ArrayList<>();
    final Map<String, BuiltImage> tagged = new HashMap<>();
    final List<BuiltImage> stored = new ArrayList<>();
    int prepares;
    int commits;
    private int serial;
    /** A clock that moves one second each time it is read, so that timestamps tell steps apart. */
    final Clock clock = new Clock() {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofSeconds(1));
            return now;
        }
    };

    FakeEngine(Path dir) {
        this.dir = dir;
    }

    BuildPorts ports() {
        return new BuildPorts(this, this, this, this, this, clock);
    }

    /** Registers a one-layer image whose files are {@code files} and whose container config is {@code config}. */
    void addImage(String name, Map<String, String> files, ObjectNode config) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("image-" + (++serial)));
        for (var e : files.entrySet()) {
            Path p = tree.resolve(e.getKey().substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        Digest diffId = Digest.of(("image " + name + " " + treeDigest(tree)).getBytes(StandardCharsets.UTF_8));
        LayerChain chain = LayerChain.EMPTY.plus(diffId);
        snapshots.put(chain.chainId().orElseThrow(), tree);
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("created", "2024-06-01T00:00:00Z");
        doc.put("architecture", ImageJson.architecture());
        doc.put("os", "linux");
        doc.set("config", config);
        doc.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(diffId.toString());
        doc.putArray("history").addObject().put("created", "2024-06-01T00:00:00Z").put("created_by", "/bin/sh -c #(nop) ADD file:base in / ");
        byte[] bytes = Json.bytes(doc);
        images.put(name, new BaseImage(name, Digest.of(bytes), bytes, chain));
    }

    /** The directory holding the full filesystem of {@code chain}. */
    Path tree(LayerChain chain) {
        return chain.chainId().map(snapshots::get).orElseThrow();
    }

    @Override
    public BaseImage resolve(String reference) {
        BaseImage image = images.get(reference);
        if (image == null) {
            throw LegendsException.notFound("image " + reference + ": not found");
        }
        return image;
    }

    @Override
    public WritableRootfs prepare(LayerChain parent) {
        prepares++;
        Path work = dir.resolve("rootfs-" + (++serial));
        try {
            if (parent.diffIds().isEmpty()) {
                Files.createDirectories(work);
            } else {
                Trees.copy(tree(parent), work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WritableRootfs() {
            @Override
            public Path dir() {
                return work;
            }

            @Override
            public Optional<Layer> commit() {
                commits++;
                String before = parent.diffIds().isEmpty() ? treeDigest(null) : treeDigest(tree(parent));
                String after = treeDigest(work);
                if (before.equals(after)) {
                    return Optional.empty();
                }
                Digest diffId = Digest.of((parent.chainId().map(Digest::toString).orElse("") + after).getBytes(StandardCharsets.UTF_8));
                Path keep = dir.resolve("layer-" + (++serial));
                try {
                    Trees.copy(work, keep);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                snapshots.put(parent.plus(diffId).chainId().orElseThrow(), keep);
                return Optional.of(new Layer(diffId, after.length()));
            }

            @Override
            public void close() {
                Trees.delete(work);
            }
        };
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    @Override
    public int run(RunSpec spec, Consumer<String> output) {
        runs.add(spec);
        Map<String, String> env = new HashMap<>();
        spec.env().forEach(e -> env.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
        String script = spec.args().getLast();
        Matcher m = VAR.matcher(script);
        script = m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1), "")));
        for (String cmd : script.split("\\s*&&\\s*")) {
            String[] w = cmd.strip().split(" ", 3);
            switch (w[0]) {
                case "echo" -> output.accept(cmd.strip().substring(5));
                case "write" -> {
                    try {
                        Path p = RootPath.resolve(spec.rootfs(), w[1]);
                        Files.createDirectories(p.getParent());
                        Files.writeString(p, w.length > 2 ? w[2] : "");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                case "fail" -> {
                    return Integer.parseInt(w[1]);
                }
                default -> {
                    output.accept("sh: " + w[0] + ": not found");
                    return 127;
                }
            }
        }
        return 0;
    }

    @Override
    public void store(BuiltImage image, List<String> tags) {
        stored.add(image);
        tags.forEach(t -> tagged.put(t, image));
    }

    @Override
    public Optional<CachedStep> lookup(String key, LayerChain parent) {
        return Optional.ofNullable(cache.get(key));
    }

    @Override
    public void put(String key, LayerChain parent, CachedStep step) {
        cache.put(key, step);
    }

    /** A digest of a tree's paths, types, modes, owners and contents. */
    static String treeDigest(Path root) {
        MessageDigest md = Digest.sha256();
        if (root != null) {
            for (Path p : Trees.list(root)) {
                try {
                    String rel = root.relativize(p).toString();
                    md.update((rel + "|" + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) + "|"
                            + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                            + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) + "|").getBytes(StandardCharsets.UTF_8));
                    if (Files.isSymbolicLink(p)) {
                        md.update(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        md.update(Files.readAllBytes(p));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Digest.of(md).hex();
    }
}
