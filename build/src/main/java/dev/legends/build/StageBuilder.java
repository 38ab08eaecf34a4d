package dev.legends.build;

import dev.legends.build.BuildPlan.Ref;
import dev.legends.build.dockerfile.Dockerfile;
import dev.legends.build.dockerfile.Dockerfile.Stage;
import dev.legends.build.dockerfile.Instruction;
import dev.legends.build.dockerfile.Origin;
import dev.legends.core.LegendsException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Builds one stage: its base, the base's ONBUILD triggers, then each instruction as a step. */
final class StageBuilder {
    private final Session session;
    private final MetadataSteps metadata;
    private int step;

    StageBuilder(Session session) {
        this.session = session;
        this.metadata = new MetadataSteps(session.args(), session.escape());
    }

    StageState build(Stage stage) {
        int n = start(stage.from().origin());
        long t0 = System.nanoTime();
        StageState s = base(stage);
        runTriggers(s, stage.from().origin(), n);
        finish(n, t0, false);
        for (Instruction in : stage.body()) {
            int k = start(in.origin());
            long t = System.nanoTime();
            finish(k, t, dispatch(s, in, k));
        }
        return s;
    }

    private int start(Origin at) {
        step++;
        session.listener().on(new BuildEvent.StepStarted(step, session.plan().totalSteps(), at.text()));
        return step;
    }

    private void finish(int n, long t0, boolean cached) {
        session.listener().on(new BuildEvent.StepFinished(n, Duration.ofNanos(System.nanoTime() - t0), cached));
    }

    /** Runs one instruction; true if its result came from the cache. */
    private boolean dispatch(StageState s, Instruction in, int n) {
        return switch (in) {
            case Instruction.Run r -> RunStep.run(session, s, r, n);
            case Instruction.Copy c -> CopyStep.copy(session, s, c, n);
            case Instruction.Add a -> CopyStep.add(session, s, a, n);
            case Instruction.From f -> throw f.origin().error("FROM isn't allowed here");
            default -> {
                String comment = metadata.apply(s, in);
                String createdBy = HistoryText.nop(s.config.shellOrDefault(), comment);
                StepCache.Outcome out = session.cache().step(s, n, "NOP\n" + createdBy, Optional::empty);
                s.addStep(out.step(), createdBy);
                yield out.cached();
            }
        };
    }

    private StageState base(Stage stage) {
        Origin at = stage.from().origin();
        StageState s = switch (session.plan().bases().get(stage.index())) {
            case Ref.Scratch x -> ImageJson.scratch();
            case Ref.StageRef(int index) -> session.done().get(index).derive();
            case Ref.Image(String reference) -> {
                try {
                    yield ImageJson.read(session.ports().images().resolve(reference));
                } catch (LegendsException e) {
                    throw at.wrap("", e);
                }
            }
        };
        stage.from().platform().ifPresent(p -> {
            String platform = new Expander(at, session.args().metaVars(), session.escape()).word(p);
            String ours = "linux/" + ImageJson.architecture();
            if (!platform.isEmpty() && !platform.equals(ours)) {
                session.listener().on(new BuildEvent.Warning(at.prefix() + "--platform=" + platform
                        + " ignored: this builder builds for " + ours));
            }
        });
        return s;
    }

    /** A base image's ONBUILD instructions run right after its FROM; the new image does not keep them. */
    private void runTriggers(StageState s, Origin from, int n) {
        List<String> triggers = s.config.onBuild;
        if (triggers == null || triggers.isEmpty()) {
            return;
        }
        s.config.onBuild = null;
        for (String text : triggers) {
            session.listener().on(new BuildEvent.Output(n, "Executing ONBUILD trigger: " + text));
            // errors in a trigger point at the FROM that brought it in
            Instruction in = Dockerfile.parseInstruction(from.file(), from.line(), text, session.escape());
            if (in instanceof Instruction.OnBuild || in instanceof Instruction.Maintainer) {
                throw in.origin().error(in.keyword() + " isn't allowed as an ONBUILD trigger");
            }
            dispatch(s, in, n);
        }
    }
}
