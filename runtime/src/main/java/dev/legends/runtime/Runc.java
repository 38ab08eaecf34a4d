package dev.legends.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * runc's command line, always with our own state root so that Legends' containers never mix
 * with podman's or docker's, and with JSON logs so that its errors can be told apart and parsed.
 */
final class Runc {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A container as {@code runc state} reports it; {@code pid} is 0 once stopped. */
    record State(String id, long pid, String status) {
        boolean running() {
            return status.equals("running") || status.equals("paused");
        }
    }

    private final Path binary;
    private final Path root;

    Runc(Path binary, Path root) {
        this.binary = binary;
        this.root = root;
    }

    Path binary() {
        return binary;
    }

    /** Options that go before any runc subcommand, also when conmon runs it. */
    List<String> globalArgs() {
        return List.of("--root", root.toString(), "--log-format", "json");
    }

    List<String> argv(String... subcommand) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(globalArgs());
        argv.addAll(List.of(subcommand));
        return argv;
    }

    /** runc's view of one container; empty when runc does not know it. */
    Optional<State> state(String id) {
        Command.Result r = Command.run(argv("state", id), TIMEOUT);
        if (!r.ok()) {
            if (r.stderr().contains("does not exist")) {
                return Optional.empty();
            }
            throw LegendsException.unavailable("runc state: " + RuncError.message(r.stderr()));
        }
        return Optional.of(parse(readTree(r.stdout())));
    }

    /** Every container under our root, by id: one runc call for all of them. */
    Map<String, State> list() {
        Command.Result r = Command.run(argv("list", "--format", "json"), TIMEOUT);
        if (!r.ok()) {
            throw LegendsException.unavailable("runc list: " + RuncError.message(r.stderr()));
        }
        Map<String, State> all = new HashMap<>();
        JsonNode arr = readTree(r.stdout());
        if (arr.isArray()) {
            arr.forEach(n -> all.put(n.path("id").asText(), parse(n)));
        }
        return all;
    }

    void start(String id) {
        Command.Result r = Command.run(argv("start", id), TIMEOUT);
        if (!r.ok()) {
            throw LegendsException.unavailable("runc start: " + RuncError.message(r.stderr()));
        }
    }

    /** Sends a signal; {@code all} reaches every process of the cgroup, not only PID 1. */
    void kill(String id, String signal, boolean all) {
        Command.Result r = all ? Command.run(argv("kill", "--all", id, signal), TIMEOUT)
                : Command.run(argv("kill", id, signal), TIMEOUT);
        if (!r.ok()) {
            String msg = RuncError.message(r.stderr());
            if (msg.contains("not running") || msg.contains("does not exist")) {
                throw LegendsException.precondition("container is not running");
            }
            throw LegendsException.unavailable("runc kill: " + msg);
        }
    }

    /** Removes runc's state and cgroups; quiet when runc never knew the container. */
    void delete(String id) {
        Command.Result r = Command.run(argv("delete", "--force", id), TIMEOUT);
        if (!r.ok() && !r.stderr().contains("does not exist")) {
            throw LegendsException.unavailable("runc delete: " + RuncError.message(r.stderr()));
        }
    }

    /**
     * Forgets a stopped container without a runc process: for a container whose PID 1 is gone,
     * {@code runc delete} only removes its cgroups and its state directory, and the caller removes
     * the cgroups itself (killing whatever is left in them).
     */
    void forgetStopped(String id) {
        if (id.isEmpty() || id.contains("/") || id.startsWith(".")) {
            throw LegendsException.invalid("runc: invalid container id " + id);
        }
        try {
            StateDir.deleteTree(root.resolve(id));
        } catch (java.io.IOException e) {
            throw LegendsException.unavailable("remove runc state of " + id + ": " + e.getMessage());
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw LegendsException.unavailable("runc printed malformed JSON: " + e.getMessage());
        }
    }

    private static State parse(JsonNode n) {
        return new State(n.path("id").asText(), n.path("pid").asLong(), n.path("status").asText());
    }
}
