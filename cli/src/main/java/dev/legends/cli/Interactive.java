package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiClient;
import dev.legends.server.containers.ContainerRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run -i}/{@code -t} in the foreground and {@code exec -it}: joins the local terminal to the
 * container's (or the exec session's) through an attach endpoint. The terminal goes raw only when there is one; with a pipe, bytes just flow.
 */
final class Interactive {
    private Interactive() {}

    /**
     * Where a session is reached: {@code attach} upgrades to its raw stream, {@code resize} sets
     * its terminal's size, {@code exit} waits for its end and returns the exit code.
     */
    record Target(String attach, String resize, java.util.function.IntSupplier exit) {}

    /** A container run with -i/-t: its attach endpoint; the exit from its wait, then the removal for --rm. */
    static int run(ApiClient client, String id, boolean stdin, boolean tty, boolean remove, CommandSpec spec) {
        String path = "/v1/containers/" + id;
        return run(client, new Target(path + "/attach", path + "/resize", () -> {
            ContainerRequests.Exit exit = client.post(path + "/wait", java.util.Map.of(), ContainerRequests.Exit.class);
            if (remove) {
                try {
                    client.delete(path + "?force=1", Object.class);
                } catch (LegendsException e) {
                    // an auto-remove got there first
                }
            }
            return exit.exitCode();
        }), stdin, tty, spec);
    }

    /** Copies stdin to the session and its output here until it ends; returns its exit code. */
    static int run(ApiClient client, Target target, boolean stdin, boolean tty, CommandSpec spec) {
        ApiClient.Upgraded conn = client.upgrade("POST", target.attach(), "tcp");
        String saved = tty && System.console() != null && System.console().isTerminal() ? stty("-g") : null;
        try (conn) {
            if (saved != null) {
                stty("raw -echo");
                sendSize(client, target.resize());
            }
            if (stdin) {
                Thread.ofVirtual().name("stdin").start(() -> copyInput(System.in, conn, tty));
            }
            copyOutput(conn.in(), Cli.out(spec));
        } catch (IOException e) {
            // the connection broke: the exit code below still says how the session ended
        } finally {
            if (saved != null) {
                stty(saved);
            }
        }
        return target.exit().getAsInt();
    }

    private static void copyInput(InputStream in, ApiClient.Upgraded conn, boolean tty) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                conn.out().write(buf, 0, n);
            }
            // as docker: without a terminal the end of input is passed on; a terminal has no end
            // of its own (^D is a byte), and conmon would close it under the still-running command
            if (!tty) {
                conn.shutdownOutput();
            }
        } catch (IOException e) {
            // the container has gone: its output side ends the session
        }
    }

    private static void copyOutput(InputStream in, PrintWriter out) throws IOException {
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buf = new char[8192];
        for (int n; (n = r.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    private static void sendSize(ApiClient client, String resize) {
        String[] size = stty("size").strip().split("\\s+");
        if (size.length == 2) {
            try {
                client.post(resize + "?h=" + size[0] + "&w=" + size[1], java.util.Map.of(), Object.class);
            } catch (LegendsException e) {
                // it may have exited already; the session shows that
            }
        }
    }

    /** Runs stty on the controlling terminal and returns what it printed. */
    private static String stty(String args) {
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", "stty " + args + " </dev/tty"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
