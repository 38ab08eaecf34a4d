package dev.legends.build;

import dev.legends.build.context.Copier;
import dev.legends.build.dockerfile.Instruction;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;

/**
 * RUN: the command in a container on a rootfs prepared from the stage's layers, its changes
 * committed as the step's layer; returns whether it came from the cache. Keyed by the command as docker records it (with the build args
 * it sees), the environment, working directory and user.
 */
final class RunStep {
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private RunStep() {}

    static boolean run(Session session, StageState s, Instruction.Run r, int step) {
        if (!r.mounts().isEmpty()) {
            throw r.origin().error("RUN --mount is not supported");
        }
        if (r.network().filter(n -> !n.equals("none") && !n.equals("default")).isPresent()) {
            throw r.origin().error("RUN --network=" + r.network().get() + " is not supported: builds have no network");
        }
        if (r.security().filter(v -> !v.equals("sandbox")).isPresent()) {
            throw r.origin().error("RUN --security=" + r.security().get() + " is not supported");
        }
        ContainerConfig c = s.config;
        List<String> argv = r.command().argv(c.shellOrDefault());
        List<String> buildArgs = s.runArgs();
        String createdBy = HistoryText.run(argv, buildArgs);
        List<String> env = new ArrayList<>(c.env == null ? List.of() : c.env);
        env.addAll(buildArgs);
        if (c.env("PATH").isEmpty()) {
            env.add(DEFAULT_PATH); // as docker does for images that set no PATH; not kept in the image
        }
        String workdir = c.workingDirOrRoot();
        String user = c.user == null ? "" : c.user;
        String material = "RUN\n" + createdBy + "\n" + String.join("\n", env) + "\n" + workdir + "\n" + user;
        StepCache.Outcome out = session.cache().step(s, step, material, () -> {
            try (WritableRootfs fs = session.ports().rootfs().prepare(s.chain)) {
                Copier.ensureDirectory(fs.dir(), workdir);
                RunSpec spec = new RunSpec(fs.dir(), argv, env, workdir, user);
                int code = session.ports().runner().run(spec, line -> session.listener().on(new BuildEvent.Output(step, line)));
                if (code != 0) {
                    throw new LegendsException(ErrorKind.FAILED_PRECONDITION, r.origin().prefix()
                            + "RUN failed: \"" + String.join(" ", argv) + "\" exited with " + code);
                }
                return fs.commit();
            }
        });
        s.addStep(out.step(), createdBy);
        return out.cached();
    }
}
