package dev.legends.server.images;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Root filesystems for the base images that Legends makes without a registry: busybox from
 * Debian's busybox-static (one static binary and a symlink per applet), and a Java runtime
 * jlinked from the host's JDK on top of it.
 */
final class BaseRootfs {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final String JAVA_HOME = "opt/java/openjdk";

    /** What a server-side Java app needs; no desktop, no compiler. */
    static final List<String> JRE_MODULES = List.of(
            "java.base", "java.logging", "java.management", "java.naming", "java.net.http", "java.prefs",
            "java.scripting", "java.security.jgss", "java.sql", "java.xml", "java.instrument", "jdk.crypto.ec",
            "jdk.unsupported", "jdk.zipfs", "jdk.localedata", "jdk.charsets", "jdk.management", "jdk.jfr", "java.desktop", "jdk.httpserver");

    private BaseRootfs() {}

    static void busybox(Path root) throws IOException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw LegendsException.precondition(BUSYBOX + " is missing: install busybox-static (legends bootstrap)");
        }
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "home", "var/log", "proc", "sys", "dev", "run")) {
            Files.createDirectories(root.resolve(d));
        }
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Files.copy(BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : applets()) {
            Path link = root.resolve(applet);
            if (applet.equals("bin/busybox") || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(root.resolve("bin/busybox")));
        }
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/bin/false
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                daemon:x:1:
                nogroup:x:65534:
                """, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("etc/hostname"), "legends\n");
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
        Files.writeString(root.resolve("etc/nsswitch.conf"), "hosts: files dns\n");
    }

    /** busybox + a jlinked runtime of the host JDK in /opt/java/openjdk. */
    static void jre(Path root, Path jdk, Consumer<String> progress) throws IOException {
        busybox(root);
        Path jlink = jdk.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw LegendsException.precondition(jlink + " is missing: a full JDK 25 is needed to make legends/jre");
        }
        Path out = root.resolve(JAVA_HOME);
        Files.createDirectories(out.getParent());
        progress.accept("jlink " + String.join(",", JRE_MODULES));
        run(List.of(jlink.toString(), "--add-modules", String.join(",", JRE_MODULES), "--strip-debug", "--no-man-pages",
                "--no-header-files", "--compress=zip-6", "--output", out.toString()));
        progress.accept("copying the C libraries java links against");
        copySharedLibraries(root, out);
    }

    /**
     * The jlinked java is linked against the host's glibc, which a busybox image lacks: copy every
     * library `ldd` names for the runtime's binaries and libraries (and the dynamic loader) to the
     * same absolute paths in the image, as real files.
     */
    static void copySharedLibraries(Path root, Path javaHome) throws IOException {
        List<String> elves = new ArrayList<>();
        try (var walk = Files.walk(javaHome)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (isElf(p)) {
                    elves.add(p.toString());
                }
            }
        }
        java.util.Set<String> libs = new java.util.TreeSet<>();
        for (String line : run(concat("ldd", elves), false).lines().toList()) {
            String l = line.strip();
            int arrow = l.indexOf("=> /");
            String lib = arrow >= 0 ? l.substring(arrow + 3) : l.startsWith("/") ? l : null;
            if (lib == null) {
                continue;
            }
            int paren = lib.indexOf(" (");
            lib = paren >= 0 ? lib.substring(0, paren) : lib;
            if (!lib.endsWith(":") && !lib.startsWith(javaHome.toString()) && !Path.of(lib).normalize().startsWith(javaHome)) {
                libs.add(lib);
            }
        }
        for (String lib : libs) {
            Path target = root.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(lib).toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isElf(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static List<String> applets() throws IOException {
        String listing = run(List.of(BUSYBOX.toString(), "--list-full"));
        List<String> out = new ArrayList<>();
        listing.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
        return out;
    }

    private static String run(List<String> cmd) throws IOException {
        return run(cmd, true);
    }

    /** Runs {@code cmd}; ldd exits 1 when one of many files is static, so it does not check the code. */
    private static String run(List<String> cmd, boolean checkExit) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || (checkExit && p.exitValue() != 0)) {
                throw LegendsException.internal(cmd.getFirst() + " failed: " + out.strip(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw LegendsException.unavailable("interrupted: " + cmd.getFirst());
        }
        return out;
    }
}
