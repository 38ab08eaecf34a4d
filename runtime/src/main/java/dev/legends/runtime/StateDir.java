package dev.legends.runtime;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The layout of the state directory. Everything about a container is under containers/ID, except
 * what the monitors and runc decide the place of: exits/ID (the exit code, written by the monitor
 * the moment the container exits), runc/ID (runc's state) and attach/ID (conmon's socket link).
 */
final class StateDir {
    private final Path root;

    StateDir(Path root) {
        this.root = root;
        try {
            for (Path p : List.of(containers(), exits(), runcRoot(), attach())) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw LegendsException.unavailable("runtime state " + root + ": " + e.getMessage());
        }
    }

    Path containers() { return root.resolve("containers"); }
    Path exits() { return root.resolve("exits"); }
    Path runcRoot() { return root.resolve("runc"); }
    Path attach() { return root.resolve("attach"); }

    Path exitFile(String id) { return exits().resolve(id); }

    /** Paths of one container's files. */
    record ContainerPaths(Path dir) {
        Path record() { return dir.resolve("container.json"); }
        Path bundle() { return dir.resolve("bundle"); }
        Path config() { return bundle().resolve("config.json"); }
        Path pidFile() { return dir.resolve("pid"); }
        Path monitorPidFile() { return dir.resolve("conmon.pid"); }
        Path log() { return dir.resolve("ctr.log"); }
        Path sync() { return dir.resolve("sync"); }
        /** Present when the container's stdin stays open for attach clients: OCI's config has no such field. */
        Path stdinMarker() { return dir.resolve("stdin"); }
        /** The log's limit in bytes (max-size), for every start of the container; absent: unbounded. */
        Path logMaxFile() { return dir.resolve("log-max-size"); }
        /** conmon's attach socket: SOCK_SEQPACKET, output with a one-byte stream prefix, input raw. */
        Path attachSocket() { return bundle().resolve("attach"); }
        /** conmon's control FIFO: "1 ROWS COLS\n" resizes the terminal. */
        Path ctl() { return bundle().resolve("ctl"); }
        /** The monitor's --persist-dir is {@code dir}: it writes "oom" here when the cgroup hits its limit. */
        Path oom() { return dir.resolve("oom"); }
    }

    ContainerPaths container(String id) {
        return new ContainerPaths(containers().resolve(id));
    }

    /** Ids of every container that has a record, in no particular order. */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> s = Files.list(containers())) {
            s.filter(p -> Files.isRegularFile(p.resolve("container.json"))).forEach(p -> ids.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw LegendsException.unavailable("list " + containers() + ": " + e.getMessage());
        }
        return ids;
    }

    /** container.json as written: plain strings, since core's mapper has no java.time support. */
    private record Stored(String id, String name, String rootfs, String cgroupsPath, String createdAt,
                          String startedAt, Integer startExitCode, String startError) {
        static Stored of(ContainerRecord r) {
            return new Stored(r.id(), r.name(), r.rootfs().toString(), r.cgroupsPath(), r.createdAt().toString(),
                    r.startedAt() == null ? null : r.startedAt().toString(), r.startExitCode(), r.startError());
        }

        ContainerRecord toRecord() {
            return new ContainerRecord(id, name, Path.of(rootfs), cgroupsPath, Instant.parse(createdAt),
                    startedAt == null ? null : Instant.parse(startedAt), startExitCode, startError);
        }
    }

    Optional<ContainerRecord> read(String id) {
        if (id.isEmpty() || id.contains("/") || id.startsWith(".")) {
            return Optional.empty(); // not an id: never a path outside containers/
        }
        try {
            return Optional.of(Json.read(Files.readAllBytes(container(id).record()), Stored.class).toRecord());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw LegendsException.unavailable("read record of " + id + ": " + e.getMessage());
        }
    }

    /** The bundle's config.json, which exec, stop and inspect consult. */
    OciSpec readConfig(String id) {
        try {
            return Json.read(Files.readAllBytes(container(id).config()), OciSpec.class);
        } catch (IOException e) {
            throw LegendsException.unavailable("read bundle of " + id + ": " + e.getMessage());
        }
    }

    /**
     * Removes container directories without a record, left by a daemon killed during a create
     * (the record is written last); without this their ids could never be used again. Only old
     * ones, so that a create under way in another instance is not disturbed.
     */
    void removeIncomplete(java.time.Duration minAge) {
        Instant before = Instant.now().minus(minAge);
        try (Stream<Path> s = Files.list(containers())) {
            for (Path dir : s.toList()) {
                if (!Files.exists(dir.resolve("container.json")) && Files.getLastModifiedTime(dir).toInstant().isBefore(before)) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            throw LegendsException.unavailable("clean " + containers() + ": " + e.getMessage());
        }
    }

    void write(ContainerRecord record) {
        writeAtomically(container(record.id()).record(), Json.bytes(Stored.of(record)));
    }

    /** Write then rename, so that a crash leaves the old file or the new one, never half of one. */
    static void writeAtomically(Path file, byte[] content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw LegendsException.unavailable("write " + file + ": " + e.getMessage());
        }
    }

    /** Removes a directory tree; quiet when it is already gone. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
