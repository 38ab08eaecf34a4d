package dev.legends.build.dockerfile;

import java.util.List;

/** The two ways RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD take a command. */
public sealed interface Command {

    /** {@code RUN make all}: handed to the image's shell as one string. */
    record ShellForm(String text) implements Command {}

    /** {@code RUN ["make", "all"]}: executed as is, no shell. */
    record ExecForm(List<String> args) implements Command {
        public ExecForm {
            args = List.copyOf(args);
        }
    }

    /** The argv to execute: the shell form goes behind {@code shell} ({@code /bin/sh -c} by default). */
    default List<String> argv(List<String> shell) {
        return switch (this) {
            case ShellForm s -> {
                var all = new java.util.ArrayList<>(shell);
                all.add(s.text());
                yield List.copyOf(all);
            }
            case ExecForm e -> e.args();
        };
    }
}
