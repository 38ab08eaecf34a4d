package dev.legends.cli;

import dev.legends.server.containers.ContainerRequests;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** How container commands print: docker's STATUS column, its quoted COMMAND, log lines. */
final class ContainerFormat {
    private ContainerFormat() {}

    /** "Up 5 seconds", "Exited (0) 3 minutes ago", "Created", "Restarting (1) 2 seconds ago". */
    static String status(ContainerRequests.Row r) {
        return switch (r.state()) {
            case "running" -> "Up " + human(r.startedAt());
            case "created" -> "Created";
            case "restarting" -> "Restarting (" + r.exitCode() + ") " + human(r.finishedAt()) + " ago";
            default -> "Exited (" + r.exitCode() + ")" + (r.finishedAt() == null ? "" : " " + human(r.finishedAt()) + " ago");
        };
    }

    /** Docker's HumanDuration: "Less than a second", "About a minute", "3 hours"... */
    static String human(String since) {
        if (since == null) {
            return "";
        }
        long s = Duration.between(Instant.parse(since), Instant.now()).toSeconds();
        if (s < 1) {
            return "Less than a second";
        }
        if (s == 1) {
            return "1 second";
        }
        if (s < 60) {
            return s + " seconds";
        }
        long m = s / 60;
        if (m == 1) {
            return "About a minute";
        }
        if (m < 60) {
            return m + " minutes";
        }
        long h = Math.round(s / 3600.0);
        if (h == 1) {
            return "About an hour";
        }
        if (h < 48) {
            return h + " hours";
        }
        return h / 24 + " days";
    }

    /** The command as docker's ps shows it: quoted, cut to 20 characters unless {@code full}. */
    static String command(List<String> args, boolean full) {
        String c = args.stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).collect(Collectors.joining(" "));
        if (!full && c.length() > 20) {
            c = c.substring(0, 19) + "…";
        }
        return "\"" + c + "\"";
    }

    /** A log line to stdout or stderr as the container wrote it, with its time first when asked. */
    static void print(ContainerRequests.LogEntry e, boolean timestamps, PrintWriter out, PrintWriter err) {
        PrintWriter w = "stderr".equals(e.stream()) ? err : out;
        w.println(timestamps ? e.time() + " " + e.text() : e.text());
        w.flush();
    }
}
