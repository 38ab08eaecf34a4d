package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native client (src/main/c/legends-client.c, compiled here with cc) against a real daemon: the
 * daemon runs the command line with the client's directory and environment and sends back its
 * output and exit code; whatever it declines, and any case with no daemon, goes to the launcher
 * (a script here that says how it was called).
 */
@Tag("runc")
class NativeClientTest {
    @TempDir
    static Path root;

    @TempDir
    static Path work;

    static DaemonProcess daemon;
    static Path client;
    static Path launcher;

    @BeforeAll
    static void compileAndStart() throws Exception {
        client = work.resolve("legends-client");
        Process cc = new ProcessBuilder("cc", "-O2", "-Wall", "-Werror", "-o", client.toString(), "src/main/c/legends-client.c")
                .redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as(ccOut).isZero();
        launcher = work.resolve("launcher");
        Files.writeString(launcher, "#!/bin/sh\necho \"launcher JVM=$LEGENDS_JVM BUILD=$LEGENDS_BUILD: $*\"\nexit 42\n");
        launcher.toFile().setExecutable(true);
        daemon = DaemonProcess.startWithBusybox(root, work);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (String id : Legends.run(root, "ps", "-a", "-q", "--no-trunc").out().lines().toList()) {
                Legends.run(root, "rm", "-f", id);
            }
            daemon.close();
        } finally {
            ContainerRunCliTest.removeLeftovers(root);
        }
    }

    record Ran(int code, String out, String err) {}

    /** The client in {@code cwd} with {@code env} added to a minimal environment; the build counts as checked. */
    static Ran client(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(args.length > 0 && args[0].equals("/bin/sh") ? List.of() : List.of(client.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LEGENDS_LAUNCHER", launcher.toString(),
                "LEGENDS_CHECKED", "1"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("client still running: " + argv);
        }
        // read as Latin-1: a byte that is not UTF-8 must not fail the read (see the launcher test)
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1), Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    static Ran client(String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of("--root", root.toString()));
        full.addAll(List.of(args));
        return client(work, Map.of(), full.toArray(String[]::new));
    }

    @Test
    void theDaemonRunsTheCommandAndTheClientGetsItsStreamsAndExitCode() throws Exception {
        Ran ran = client("run", "--rm", "test/busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(ran.code()).as(ran.err()).isEqualTo(3);
        assertThat(ran.out()).isEqualTo("out\n");
        assertThat(ran.err()).isEqualTo("err\n");

        Ran missing = client("run", "--rm", "no/such-image", "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.out()).doesNotContain("launcher");
        assertThat(missing.err()).startsWith("legends: ").contains("no/such-image");

        Ran json = client("image", "ls", "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode images = Json.read(json.out().getBytes(StandardCharsets.UTF_8), JsonNode.class);
        assertThat(images.isArray()).isTrue();
        assertThat(json.out()).contains("test/busybox");
    }

    @Test
    void relativePathsAndBareVariablesAreTheClients() throws Exception {
        Path here = Files.createDirectories(work.resolve("project"));
        Files.createDirectories(here.resolve("data"));
        Files.writeString(here.resolve("data/greeting"), "from the client's directory\n");
        Ran ran = client(here, Map.of("GREETING", "from the client's environment"), "--root", root.toString(),
                "run", "--rm", "-v", "./data:/data:ro", "-e", "GREETING", "test/busybox", "sh", "-c", "cat /data/greeting; echo $GREETING");
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.out()).isEqualTo("from the client's directory\nfrom the client's environment\n");

        Files.writeString(here.resolve("Dockerfile"), "FROM test/busybox\nCOPY data/greeting /greeting\nCMD [\"cat\", \"/greeting\"]\n");
        Ran built = client(here, Map.of(), "--root", root.toString(), "build", "-q", "-t", "client/built", ".");
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.out()).startsWith("sha256:");
        Ran runBuilt = client("run", "--rm", "client/built");
        assertThat(runBuilt.out()).isEqualTo("from the client's directory\n");
        Legends.run(root, "rmi", "client/built");
    }

    @Test
    void whatTheDaemonDeclinesGoesToTheLauncherUnchanged() throws Exception {
        Ran terminal = client("run", "-it", "test/busybox", "sh");
        assertThat(terminal.code()).isEqualTo(42);
        assertThat(terminal.out()).isEqualTo("launcher JVM=1 BUILD=: --root " + root + " run -it test/busybox sh\n");

        Ran itself = client("daemon");
        assertThat(itself.out()).startsWith("launcher JVM=1");

        Ran other = client(work, Map.of(), "--root", work.resolve("no-daemon-here").toString(), "ps");
        assertThat(other.out()).isEqualTo("launcher JVM=1 BUILD=: --root " + work.resolve("no-daemon-here") + " ps\n");

        Ran tcp = client(work, Map.of(), "-H", "tcp://127.0.0.1:1", "ps");
        assertThat(tcp.out()).startsWith("launcher JVM=1");

        // a word that is not UTF-8 cannot be put in JSON: the JVM gets it as it was
        Ran latin1 = client(work, Map.of(), "/bin/sh", "-c", "exec " + client + " --root " + root + " run --rm test/busybox echo \"$(printf '\\351')\"");
        assertThat(latin1.out()).startsWith("launcher JVM=1");
    }

    @Test
    void aStaleBuildGoesToTheLauncherFirst() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Path fakeLauncher = home.resolve("legends");
        Files.copy(launcher, fakeLauncher);
        fakeLauncher.toFile().setExecutable(true);
        Path source = Files.createDirectories(home.resolve("core/src/main/java")).resolve("A.java");
        Files.writeString(source, "class A {}\n");
        Files.writeString(Files.createDirectories(home.resolve("scripts")).resolve("bootstrap"), "#!/bin/sh\n");
        Path target = Files.createDirectories(home.resolve("cli/target"));
        Map<String, String> env = new HashMap<>(Map.of("LEGENDS_LAUNCHER", fakeLauncher.toString()));
        env.put("LEGENDS_CHECKED", "");

        // no build yet
        assertThat(unchecked(env).out()).startsWith("launcher JVM= BUILD=1: --root");

        Instant now = Instant.now();
        for (String stamp : List.of("legends.stamp", "bootstrap.stamp")) {
            Files.writeString(target.resolve(stamp), "");
            Files.setLastModifiedTime(target.resolve(stamp), FileTime.from(now));
        }
        Files.setLastModifiedTime(source, FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(home.resolve("scripts/bootstrap"), FileTime.from(now.minusSeconds(60)));
        Ran current = unchecked(env);
        assertThat(current.out()).doesNotContain("launcher");
        assertThat(current.out()).contains("CONTAINER ID");

        Files.setLastModifiedTime(source, FileTime.from(now.plusSeconds(5)));
        assertThat(unchecked(env).out()).startsWith("launcher JVM= BUILD=1: --root");
    }

    private Ran unchecked(Map<String, String> env) throws Exception {
        List<String> argv = new ArrayList<>(List.of(client.toString(), "--root", root.toString(), "ps"));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.forEach((k, v) -> {
            if (!v.isEmpty()) {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new Ran(p.exitValue(), out, "");
    }

    @Test
    void aFollowEndsInTheDaemonWhenTheClientGoesAway() throws Exception {
        String id = Legends.run(root, "run", "-d", "test/busybox", "sh", "-c", "while true; do echo tick; sleep 0.1; done").out().strip();
        List<String> argv = List.of(client.toString(), "--root", root.toString(), "logs", "-f", id);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("LEGENDS_LAUNCHER", launcher.toString());
        pb.environment().put("LEGENDS_CHECKED", "1");
        // the connections of the commands before this one close in their own time: wait for the listener alone
        long settle = System.nanoTime() + 5_000_000_000L;
        while (daemonConnections() > 1 && System.nanoTime() < settle) {
            Thread.sleep(20);
        }
        long idle = daemonConnections();
        Process follow = pb.redirectErrorStream(true).start();
        try {
            byte[] first = follow.getInputStream().readNBytes(5);
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("tick\n");
            // the client's connection, and the one its command opened to the daemon's API
            assertThat(daemonConnections()).isGreaterThanOrEqualTo(idle + 2);
            follow.destroyForcibly();
            follow.waitFor(10, TimeUnit.SECONDS);
            // the command's thread was interrupted, and its own connection closed with it
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (daemonConnections() > idle && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(daemonConnections()).isEqualTo(idle);
        } finally {
            follow.destroyForcibly();
            Legends.run(root, "rm", "-f", id);
        }
    }

    /** Open connections on the daemon's unix socket, as /proc/net/unix lists them (the listener included). */
    private static long daemonConnections() throws IOException {
        String socket = root.resolve("run/legends.sock").toString();
        return Files.readAllLines(Path.of("/proc/net/unix")).stream().filter(l -> l.endsWith(" " + socket)).count();
    }
}
