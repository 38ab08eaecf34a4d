package dev.legends.build;

import dev.legends.build.dockerfile.Dockerfile;
import dev.legends.build.dockerfile.Dockerfile.Stage;
import dev.legends.build.dockerfile.Instruction;
import dev.legends.build.dockerfile.Origin;
import dev.legends.build.dockerfile.Substitution;
import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which stages a build runs and what each FROM and {@code COPY --from} refers to, settled before
 * any work: only the target stage and the stages it needs are built (as buildkit does), and a
 * reference names an earlier stage (by name or index) or else an image.
 */
record BuildPlan(List<Stage> stages, Stage target, int totalSteps, Map<Integer, Ref> bases,
                 Map<Instruction.Copy, Ref> copySources) {

    /** What a FROM or {@code --from} names. */
    sealed interface Ref {
        record Scratch() implements Ref {}

        record StageRef(int index) implements Ref {}

        record Image(String reference) implements Ref {}
    }

    static BuildPlan of(Dockerfile df, Optional<String> targetName, BuildArgs args) {
        Stage target = targetName.map(t -> df.stage(t).orElseThrow(() ->
                LegendsException.invalid("target stage \"" + t + "\" could not be found"))).orElse(df.stages().getLast());
        Map<Integer, Ref> bases = new HashMap<>();
        Map<Instruction.Copy, Ref> copies = new LinkedHashMap<>();
        Map<String, String> metaVars = args.metaVars();
        for (Stage s : df.stages()) {
            String image = expand(s.from().image(), metaVars, df.escape(), s.from().origin());
            if (image.isBlank()) {
                throw s.from().origin().error("base name (" + s.from().image() + ") should not be blank");
            }
            bases.put(s.index(), image.equalsIgnoreCase("scratch") ? new Ref.Scratch() : ref(df, s, image));
            Map<String, String> stageVars = new LinkedHashMap<>(metaVars);
            for (Instruction in : s.body()) {
                if (in instanceof Instruction.Arg a) {
                    a.args().forEach(d -> d.defaultValue().ifPresent(v -> stageVars.put(d.name(), v)));
                } else if (in instanceof Instruction.Copy c && c.from().isPresent()) {
                    String from = expand(c.from().get(), stageVars, df.escape(), c.origin());
                    copies.put(c, ref(df, s, from));
                }
            }
        }
        TreeSet<Integer> needed = new TreeSet<>();
        collect(target.index(), bases, copies, df, needed);
        List<Stage> stages = new ArrayList<>();
        int total = 0;
        for (int i : needed) {
            Stage s = df.stages().get(i);
            stages.add(s);
            total += s.steps();
            s.body().stream().filter(Instruction.Arg.class::isInstance).map(Instruction.Arg.class::cast)
                    .flatMap(a -> a.args().stream()).forEach(d -> args.noteDeclared(d.name()));
        }
        return new BuildPlan(stages, target, total, bases, copies);
    }

    /** An earlier stage by name or index, or else an image reference. */
    private static Ref ref(Dockerfile df, Stage from, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Stage s : df.stages().subList(0, from.index())) {
            if (s.name().filter(lower::equals).isPresent() || String.valueOf(s.index()).equals(name)) {
                return new Ref.StageRef(s.index());
            }
        }
        return new Ref.Image(name);
    }

    private static void collect(int index, Map<Integer, Ref> bases, Map<Instruction.Copy, Ref> copies, Dockerfile df,
                                TreeSet<Integer> needed) {
        if (!needed.add(index)) {
            return;
        }
        if (bases.get(index) instanceof Ref.StageRef(int base)) {
            collect(base, bases, copies, df, needed);
        }
        for (Instruction in : df.stages().get(index).body()) {
            if (in instanceof Instruction.Copy c && copies.get(c) instanceof Ref.StageRef(int from)) {
                collect(from, bases, copies, df, needed);
            }
        }
    }

    private static String expand(String word, Map<String, String> vars, char escape, Origin at) {
        try {
            return Substitution.expand(word, vars, escape);
        } catch (LegendsException e) {
            throw at.wrap("", e);
        }
    }
}
