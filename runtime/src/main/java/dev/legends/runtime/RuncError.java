package dev.legends.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what runc printed on failure into the one line a user reads, and decides docker's exit
 * code for a command that never ran: 127 when it was not found, 126 when it could not be executed.
 */
final class RuncError {
    static final int NOT_FOUND = 127;
    static final int CANNOT_EXECUTE = 126;
    /** Docker's code for a container that failed to run for any other reason. */
    static final int OTHER = 125;

    // logrus's text format, in case a runc writes that instead of the JSON we ask for
    private static final Pattern TEXT_MSG = Pattern.compile("level=(?:error|fatal) msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    // runc wraps the reason that matters in layers of its own context
    private static final List<String> NOISE = List.of(
            "runc create failed: ", "runc run failed: ", "runc exec failed: ", "exec failed: ",
            "unable to start container process: ", "container_linux.go:", "OCI runtime error: ");

    private RuncError() {}

    /** The last error runc reported in {@code output} (JSON log lines or plain text), without runc's prefixes. */
    static String message(String output) {
        String found = null;
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String msg = null;
            if (l.startsWith("{")) {
                try {
                    JsonNode n = Json.mapper().readTree(l);
                    String level = n.path("level").asText("");
                    if (level.equals("error") || level.equals("fatal")) {
                        msg = n.path("msg").asText(null);
                    }
                } catch (java.io.IOException e) {
                    msg = l;
                }
            } else {
                Matcher m = TEXT_MSG.matcher(l);
                msg = m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : l;
            }
            if (msg != null) {
                found = msg;
            }
        }
        return found == null ? "" : strip(found);
    }

    static String strip(String msg) {
        String m = msg.strip();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String prefix : NOISE) {
                if (m.startsWith(prefix)) {
                    m = m.substring(prefix.length());
                    changed = true;
                }
            }
        }
        return m;
    }

    /**
     * The exit code docker gives a container or exec whose command runc could not start. Only
     * errors of the exec step count: a missing mount source is also "no such file or directory".
     */
    static int exitCode(String message) {
        if (!message.contains("exec: \"")) {
            return OTHER;
        }
        if (message.contains("executable file not found") || message.contains("no such file or directory")) {
            return NOT_FOUND;
        }
        return CANNOT_EXECUTE;
    }
}
