package dev.legends.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command to run in a running container, without a terminal.
 *
 * @param env     {@code KEY=value} entries laid over the container's environment
 * @param cwd     null: the container's working directory
 * @param user    null: the container's user
 * @param timeout null: wait as long as it takes
 */
public record ExecSpec(List<String> args, List<String> env, String cwd, User user, Duration timeout) {
    public ExecSpec {
        args = List.copyOf(Objects.requireNonNull(args, "args"));
        env = env == null ? List.of() : List.copyOf(env);
    }

    public static ExecSpec of(String... args) {
        return new ExecSpec(List.of(args), List.of(), null, null, null);
    }

    public ExecSpec withEnv(String... entries) {
        return new ExecSpec(args, List.of(entries), cwd, user, timeout);
    }

    public ExecSpec withCwd(String dir) {
        return new ExecSpec(args, env, dir, user, timeout);
    }

    public ExecSpec withUser(User u) {
        return new ExecSpec(args, env, cwd, u, timeout);
    }

    public ExecSpec withTimeout(Duration t) {
        return new ExecSpec(args, env, cwd, user, t);
    }
}
