package dev.legends.build.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.build.BuildEvent;
import dev.legends.build.BuildRequest;
import dev.legends.build.BuildResult;
import dev.legends.image.Compression;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.archive.ImageArchives;
import dev.legends.image.oci.Descriptor;
import dev.legends.pod.Unpacker;
import dev.legends.snapshot.SnapshotKind;
import dev.legends.snapshot.Snapshotter;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import dev.legends.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The real engine on a temporary root: image store, overlay snapshots, runc, the SQLite cache;
 * a busybox base image imported from the host's static busybox; and the checks that a build left
 * nothing behind (mounts, active snapshots, containers).
 */
final class LocalEngine {
    static final String BASE = "test/busybox:1";

    final Path root;
    final Path context;
    final ImageStore images;
    final Snapshotter snapshots;
    final Unpacker unpacker;
    final Store store;
    LocalBuilder builder;
    final List<BuildEvent> events = new ArrayList<>();

    LocalEngine(Path root) throws IOException {
        this.root = root;
        this.context = Files.createDirectories(root.resolve("context"));
        this.images = ImageStore.open(root);
        this.snapshots = Snapshotter.overlay(root.resolve("snapshots"));
        this.unpacker = new Unpacker(images.content(), snapshots);
        this.store = Store.open(root.resolve("legends.db"), LocalBuilder.SCHEMA);
        this.builder = reopen("build");
        importBusybox();
    }

    /** A new builder on the same store and database, working in {@code ROOT/workDir}. */
    LocalBuilder reopen(String workDir) {
        builder = LocalBuilder.open(images, unpacker, store, root.resolve(workDir));
        return builder;
    }

    Path runtimeState() {
        return root.resolve("build/runtime");
    }

    private void importBusybox() throws IOException {
        Path fs = Files.createDirectories(root.resolve("busybox"));
        for (String d : List.of("bin", "etc", "proc", "sys", "dev", "root", "opt")) {
            Files.createDirectories(fs.resolve(d));
        }
        Path tmp = Files.createDirectories(fs.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Files.copy(Path.of("/bin/busybox"), fs.resolve("bin/busybox"));
        Files.setPosixFilePermissions(fs.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Process list = new ProcessBuilder("/bin/busybox", "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(fs.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
            }
        }
        Files.writeString(fs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:app:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(fs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nwheel:x:10:app\nnogroup:x:65534:\n");
        Path tar = root.resolve("busybox.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(fs, out, WriteOptions.plain().keepingOwners());
        }
        try (InputStream in = Files.newInputStream(tar)) {
            ImageArchives.importRootfs(images, in, BASE, List.of("ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", "CMD [\"sh\"]"));
        }
    }

    void write(String path, String content) throws IOException {
        Path p = context.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    BuildResult build(String dockerfile, String... tags) throws IOException {
        return build(dockerfile, BuildRequest.of(context).withTags(tags));
    }

    BuildResult build(String dockerfile, BuildRequest request) throws IOException {
        return build(dockerfile, request, () -> false);
    }

    BuildResult build(String dockerfile, BuildRequest request, BooleanSupplier cancelled) throws IOException {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        events.clear();
        return builder.build(request, events::add, cancelled);
    }

    <T extends BuildEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every layer's entries (path without "./", to the entry), bottom layer first. */
    List<Map<String, Entry>> layers(String name) throws IOException {
        Image image = images.resolve(name);
        List<Map<String, Entry>> out = new ArrayList<>();
        for (Descriptor layer : image.manifest().layers()) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            try (InputStream in = Compression.decompressing(images.content().open(layer.digest()));
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    String path = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                    String content = e.isFile() && e.getSize() < 4096 ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : null;
                    entries.put(path, new Entry(path, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), content));
                }
            }
            out.add(entries);
        }
        return out;
    }

    /** The file at {@code path} as the image's top-most layer holding it has it. */
    Entry file(String name, String path) throws IOException {
        List<Map<String, Entry>> layers = layers(name);
        for (Map<String, Entry> layer : layers.reversed()) {
            if (layer.containsKey(path)) {
                return layer.get(path);
            }
        }
        throw new AssertionError(path + " is in no layer of " + name);
    }

    record Entry(String path, int mode, long uid, long gid, String content) {}

    /** No mount under the root, no active snapshot, no build container: what every build must leave. */
    void assertNothingLeft() throws IOException {
        store.close();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .noneMatch(l -> l.split(" ")[4].startsWith(root.toString()));
        assertThat(snapshots.list()).noneMatch(s -> s.kind() != SnapshotKind.COMMITTED);
        Path runc = runtimeState().resolve("runc");
        if (Files.isDirectory(runc)) {
            try (Stream<Path> s = Files.list(runc)) {
                assertThat(s.toList()).as("runc containers").isEmpty();
            }
            try (Stream<Path> s = Files.list(runtimeState().resolve("containers"))) {
                assertThat(s.toList()).as("runtime containers").isEmpty();
            }
        }
        try (Stream<Path> s = Files.list(root.resolve("build/mnt"))) {
            assertThat(s.toList()).as("mount points").isEmpty();
        }
    }
}
