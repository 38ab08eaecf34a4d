package dev.legends.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A minimal root filesystem: static busybox, the applets the tests use, root and nobody. */
final class TestRootfs {
    private static final List<String> APPLETS = List.of(
            "sh", "echo", "sleep", "cat", "hostname", "ls", "readlink", "true", "false", "id", "dd", "head",
            "top", "ps", "env", "grep", "kill", "seq", "[", "test", "touch", "mkdir", "wc", "pwd", "yes");

    private TestRootfs() {}

    static Path create(Path dir) throws IOException {
        Path root = dir.resolve("rootfs");
        for (String d : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "data")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.writeString(root.resolve("etc/not-a-program"), "just text\n");
        return root;
    }
}
