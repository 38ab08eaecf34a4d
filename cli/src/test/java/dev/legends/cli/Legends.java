package dev.legends.cli;

import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CLI as a user types it, in-process, and the busybox base image the CLI tests build on. */
final class Legends {
    private Legends() {}

    record Result(int code, String out, String err) {}

    /** `legends --root ROOT ARGS...`, with what it printed on stdout and stderr. */
    static Result run(Path root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--root";
        full[1] = root.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), full);
        return new Result(code, out.toString(), err.toString());
    }

    /** A one-layer root filesystem tar: the host's static busybox with every applet, root and nobody. */
    static Path busyboxTar(Path work) throws IOException {
        Path fs = Files.createDirectories(work.resolve("busybox-rootfs"));
        for (String d : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "opt")) {
            Files.createDirectories(fs.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), fs.resolve("bin/busybox"));
        Process list = new ProcessBuilder("/bin/busybox", "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(fs.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
            }
        }
        Files.writeString(fs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n");
        Files.writeString(fs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Path tar = work.resolve("busybox.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(fs, out, WriteOptions.plain());
        }
        return tar;
    }
}
