package dev.legends.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: the ARGs before the first FROM (usable only in FROM lines), then one
 * {@link Stage} per FROM. Parsing checks everything that can be checked before variables are
 * known, so a malformed file fails before the build does any work.
 */
public record Dockerfile(String name, char escape, Optional<String> syntax, List<Instruction.Arg> metaArgs,
                         List<Stage> stages, List<String> warnings) {

    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }

    /** A build stage: its FROM, its name if it has one, and the instructions after the FROM. */
    public record Stage(int index, Instruction.From from, List<Instruction> body) {
        public Stage {
            body = List.copyOf(body);
        }

        public Optional<String> name() {
            return from.stageName();
        }

        /** The stage's number of steps, its FROM included. */
        public int steps() {
            return body.size() + 1;
        }
    }

    /** The stage called {@code name} (stage names are case-insensitive), if any. */
    public Optional<Stage> stage(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return stages.stream().filter(s -> s.name().filter(lower::equals).isPresent()).findFirst();
    }

    public static Dockerfile parse(String name, String text) {
        return DockerfileParser.parse(name, text);
    }

    /** One instruction on its own, as an ONBUILD trigger stored in a base image is. */
    public static Instruction parseInstruction(String name, int line, String text, char escape) {
        return new InstructionParser(name, escape).parse(line, text);
    }
}
