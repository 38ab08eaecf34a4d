package dev.legends.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The container's main process, already final: the caller has merged the image's entrypoint, cmd
 * and env with the user's. {@code env} holds {@code KEY=value} entries.
 *
 * @param stdin keep the process's stdin open for a client of the attach socket ({@code docker run -i})
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, User user, boolean terminal, boolean stdin) {
    public ProcessSpec {
        args = List.copyOf(Objects.requireNonNull(args, "args"));
        env = env == null ? List.of() : List.copyOf(env);
        cwd = cwd == null || cwd.isEmpty() ? "/" : cwd;
        user = user == null ? User.ROOT : user;
    }

    public static ProcessSpec of(String... args) {
        return new ProcessSpec(List.of(args), List.of(), "/", User.ROOT, false, false);
    }
}
