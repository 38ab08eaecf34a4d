package dev.legends.build.dockerfile;

import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Dockerfile text to a {@link Dockerfile}: logical lines, then instructions, then stages. The
 * first error stops parsing; its message names the file and line.
 */
final class DockerfileParser {
    private DockerfileParser() {}

    static Dockerfile parse(String name, String text) {
        LineReader.Result lines = LineReader.read(name, text);
        if (lines.lines().isEmpty()) {
            throw LegendsException.invalid(name + ": file with no instructions");
        }
        InstructionParser parser = new InstructionParser(name, lines.escape());
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        List<Dockerfile.Stage> stages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Instruction.From from = null;
        List<Instruction> body = new ArrayList<>();
        for (LineReader.Logical line : lines.lines()) {
            Instruction in = parser.parse(line.line(), line.text());
            if (in instanceof Instruction.From f) {
                if (from != null) {
                    stages.add(new Dockerfile.Stage(stages.size(), from, body));
                }
                if (f.stageName().isPresent() && !names.add(f.stageName().get())) {
                    throw f.origin().error("duplicate stage name \"" + f.stageName().get() + "\"");
                }
                from = f;
                body = new ArrayList<>();
            } else if (from != null) {
                body.add(in);
            } else if (in instanceof Instruction.Arg a) {
                metaArgs.add(a);
            } else {
                throw in.origin().error("no build stage in current context: " + in.keyword()
                        + " must come after a FROM");
            }
        }
        if (from == null) {
            throw LegendsException.invalid(name + ": no build stage in current context: the file has no FROM");
        }
        stages.add(new Dockerfile.Stage(stages.size(), from, body));
        return new Dockerfile(name, lines.escape(), lines.syntax(), metaArgs, stages, lines.warnings());
    }
}
