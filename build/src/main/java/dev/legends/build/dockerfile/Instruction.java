package dev.legends.build.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One Dockerfile instruction, as parsed: words keep their quotes and {@code $VARS}, because
 * substitution depends on the ARG and ENV in effect when the builder reaches the step.
 */
public sealed interface Instruction {

    Origin origin();

    /** The keyword, upper case ({@code RUN}). */
    default String keyword() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code name=value} as written (ENV, LABEL): both halves still to be substituted. */
    record KeyValue(String key, String value) {}

    /** {@code ARG name} or {@code ARG name=default}. */
    record ArgDecl(String name, Optional<String> defaultValue) {}

    record From(Origin origin, String image, Optional<String> stageName, Optional<String> platform)
            implements Instruction {}

    record Run(Origin origin, Command command, List<String> mounts, Optional<String> network,
               Optional<String> security) implements Instruction {
        public Run {
            mounts = List.copyOf(mounts);
        }
    }

    record Copy(Origin origin, List<String> sources, String dest, Optional<String> from,
                Optional<String> chown, Optional<String> chmod, boolean link) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
        }
    }

    record Add(Origin origin, List<String> sources, String dest, Optional<String> chown,
               Optional<String> chmod, boolean link, Optional<String> checksum) implements Instruction {
        public Add {
            sources = List.copyOf(sources);
        }
    }

    record Env(Origin origin, List<KeyValue> pairs) implements Instruction {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    record Arg(Origin origin, List<ArgDecl> args) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    record Workdir(Origin origin, String path) implements Instruction {}

    record User(Origin origin, String user) implements Instruction {}

    record Expose(Origin origin, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    record Label(Origin origin, List<KeyValue> pairs) implements Instruction {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    record Entrypoint(Origin origin, Command command) implements Instruction {}

    record Cmd(Origin origin, Command command) implements Instruction {}

    record Shell(Origin origin, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    record StopSignal(Origin origin, String signal) implements Instruction {}

    /** {@code HEALTHCHECK NONE} has no command; zero durations and retries mean "inherit the default". */
    record Healthcheck(Origin origin, Optional<Command> command, Duration interval, Duration timeout,
                       Duration startPeriod, Duration startInterval, int retries) implements Instruction {
        public boolean none() {
            return command.isEmpty();
        }
    }

    record Volume(Origin origin, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    /** Stored in the image for builds that start FROM it; {@code expression} is the trigger's text. */
    record OnBuild(Origin origin, String expression, Instruction trigger) implements Instruction {}

    /** Deprecated by docker, still accepted: sets the image's author. */
    record Maintainer(Origin origin, String name) implements Instruction {}
}
