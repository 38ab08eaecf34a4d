package dev.legends.runtime;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs a command in a running container with {@code runc exec}, straight from the daemon: the
 * caller waits for the result, so nothing has to outlive the daemon. The process gets the
 * container's confinement (capabilities, rlimits, no_new_privs) from its config.json.
 */
final class ExecRunner {
    private final Runc runc;

    ExecRunner(Runc runc) {
        this.runc = runc;
    }

    ExecResult exec(String id, StateDir.ContainerPaths paths, ExecSpec exec) {
        OciSpec.Process process = process(paths, exec, false);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path processFile = paths.dir().resolve("exec-" + tag + ".json");
        Path runcLog = paths.dir().resolve("exec-" + tag + ".log");
        try {
            Files.write(processFile, Json.bytes(process));
            List<String> argv = new ArrayList<>();
            argv.add(runc.binary().toString());
            argv.addAll(runc.globalArgs());
            // runc's own messages go to the log file, so that they are not taken for the command's stderr
            argv.addAll(List.of("--log", runcLog.toString(), "exec", "--process", processFile.toString(), id));
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            Command.Result r = Command.collect(p, "exec", exec.timeout());
            String runcError = Files.exists(runcLog) ? RuncError.message(Files.readString(runcLog)) : "";
            if (!runcError.isEmpty()) {
                if (runcError.contains("not running") || runcError.contains("cannot exec in a stopped")) {
                    throw LegendsException.precondition("container is not running");
                }
                return new ExecResult(RuncError.exitCode(runcError), "", runcError);
            }
            return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw LegendsException.unavailable("runc exec: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(processFile);
                Files.deleteIfExists(runcLog);
            } catch (IOException ignored) {
                // deleted with the container at the latest
            }
        }
    }

    /**
     * The process {@code runc exec} runs: the command, over the container's environment, user and
     * working directory, with the container's confinement (capabilities, rlimits, no_new_privs).
     */
    static OciSpec.Process process(StateDir.ContainerPaths paths, ExecSpec exec, boolean terminal) {
        if (exec.args().isEmpty() || exec.args().getFirst().isEmpty()) {
            throw LegendsException.invalid("no command given");
        }
        if (exec.cwd() != null && !exec.cwd().startsWith("/")) {
            throw LegendsException.invalid("working directory \"" + exec.cwd() + "\" is not absolute");
        }
        OciSpec.Process base = Json.read(readConfig(paths), OciSpec.class).process();
        OciSpec.User user = exec.user() == null ? base.user()
                : new OciSpec.User(exec.user().uid(), exec.user().gid(),
                        exec.user().additionalGids().isEmpty() ? null : exec.user().additionalGids());
        return new OciSpec.Process(terminal, user, exec.args(),
                OciTranslator.environment(base.env(), exec.env()),
                exec.cwd() == null ? base.cwd() : exec.cwd(),
                base.capabilities(), base.rlimits(), base.noNewPrivileges());
    }

    private static byte[] readConfig(StateDir.ContainerPaths paths) {
        try {
            return Files.readAllBytes(paths.config());
        } catch (IOException e) {
            throw LegendsException.unavailable("read " + paths.config() + ": " + e.getMessage());
        }
    }
}
