package dev.legends.build;

import dev.legends.build.BuildPlan.Ref;
import dev.legends.build.context.CleanPath;
import dev.legends.build.context.ContentDigest;
import dev.legends.build.context.Copier;
import dev.legends.build.context.CopySource;
import dev.legends.build.context.Owner;
import dev.legends.build.context.Owners;
import dev.legends.build.context.SourceTree;
import dev.legends.build.dockerfile.Instruction;
import dev.legends.build.dockerfile.Origin;
import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * COPY and ADD: sources from the context, a stage or an image, written into a rootfs prepared
 * from the stage's layers. Keyed by the content of the sources, so touching a file changes
 * nothing and editing one invalidates this step and every step after it.
 */
final class CopyStep {
    private static final Pattern URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://|git@).*");

    /** Where the sources are read from; closing releases a prepared rootfs. */
    private record Sources(SourceTree tree, String describe, WritableRootfs rootfs) implements AutoCloseable {
        @Override
        public void close() {
            if (rootfs != null) {
                rootfs.close();
            }
        }
    }

    /** One COPY or ADD, its words not yet substituted. */
    private record Transfer(Origin at, String keyword, List<String> sources, String dest, Optional<String> chown,
                            Optional<String> chmod, Optional<Ref> from, boolean add) {}

    private CopyStep() {}

    static boolean copy(Session session, StageState s, Instruction.Copy c, int step) {
        Optional<Ref> from = c.from().map(f -> Optional.ofNullable(session.plan().copySources().get(c))
                .orElseGet(() -> new Ref.Image(f)));
        return transfer(session, s, new Transfer(c.origin(), "COPY", c.sources(), c.dest(), c.chown(), c.chmod(), from, false), step);
    }

    static boolean add(Session session, StageState s, Instruction.Add a, int step) {
        if (a.checksum().isPresent()) {
            throw a.origin().error("ADD --checksum is only supported with URLs, and ADD from URLs is not supported: no network");
        }
        return transfer(session, s, new Transfer(a.origin(), "ADD", a.sources(), a.dest(), a.chown(), a.chmod(), Optional.empty(), true), step);
    }

    private static boolean transfer(Session session, StageState s, Transfer t, int step) {
        Expander ex = new Expander(t.at(), s.vars(), session.escape());
        List<String> sources = t.sources().stream().map(ex::word).toList();
        for (String src : sources) {
            if (URL.matcher(src).matches()) {
                throw t.at().error(t.add() ? "ADD from URLs is not supported: no network" : "source can't be a URL for COPY");
            }
        }
        String dest = destination(ex.word(t.dest()), s.config.workingDirOrRoot());
        Optional<String> chown = t.chown().map(ex::word);
        OptionalInt chmod = OptionalInt.empty();
        if (t.chmod().isPresent()) {
            chmod = OptionalInt.of(failed(t, () -> Owners.mode(ex.word(t.chmod().get()))));
        }
        OptionalInt mode = chmod;
        try (Sources src = open(session, t)) {
            List<CopySource> resolved = new ArrayList<>();
            for (String source : sources) {
                resolved.addAll(failed(t, () -> src.tree().resolve(source)));
            }
            if (resolved.size() > 1 && !dest.endsWith("/")) {
                throw t.at().error("When using " + t.keyword() + " with more than one source file, "
                        + "the destination must be a directory and end with a /");
            }
            Digest content = ContentDigest.of(src.tree(), resolved);
            String hash = (resolved.size() == 1 ? resolved.getFirst().kind() : "multi") + ":" + content.hex();
            String createdBy = HistoryText.copy(s.config.shellOrDefault(), t.keyword(), hash, dest);
            String material = t.keyword() + "\n" + src.describe() + "\n" + chown.orElse("") + "\n"
                    + (mode.isPresent() ? Integer.toOctalString(mode.getAsInt()) : "") + "\n" + createdBy;
            StepCache.Outcome out = session.cache().step(s, step, material, () -> {
                try (WritableRootfs fs = session.ports().rootfs().prepare(s.chain)) {
                    Optional<Owner> owner = chown.map(spec -> failed(t, () -> Owners.resolve(spec, fs.dir())));
                    failed(t, () -> {
                        Copier.copy(src.tree(), resolved, fs.dir(), dest, new Copier.Options(owner, mode, t.add()));
                        return null;
                    });
                    return fs.commit();
                }
            });
            s.addStep(out.step(), createdBy);
            return out.cached();
        }
    }

    private static Sources open(Session session, Transfer t) {
        if (t.from().isEmpty()) {
            return new Sources(session.context(), "context", null);
        }
        return switch (t.from().get()) {
            case Ref.Scratch x -> rootfs(session, LayerChain.EMPTY, "scratch");
            case Ref.StageRef(int index) -> {
                StageState stage = session.done().get(index);
                if (stage == null) {
                    throw t.at().error(t.keyword() + " --from: stage " + index + " was not built");
                }
                yield rootfs(session, stage.chain, "stage");
            }
            case Ref.Image(String reference) -> {
                BaseImage image;
                try {
                    image = session.ports().images().resolve(reference);
                } catch (LegendsException e) {
                    throw t.at().wrap(t.keyword() + " --from=" + reference + ": ", e);
                }
                yield rootfs(session, image.layers(), "image:" + image.id());
            }
        };
    }

    private static Sources rootfs(Session session, LayerChain chain, String describe) {
        WritableRootfs fs = session.ports().rootfs().prepare(chain);
        return new Sources(SourceTree.rootfs(fs.dir()), describe, fs);
    }

    /** {@code dest} made absolute against the working directory; "dir/", "." and "dir/." stay directories. */
    static String destination(String dest, String workdir) {
        boolean dir = dest.isEmpty() || dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
        String clean = CleanPath.clean(dest.startsWith("/") ? dest : workdir + "/" + dest);
        return dir && !clean.endsWith("/") ? clean + "/" : clean;
    }

    /** Runs {@code work}, putting "Dockerfile:N: COPY failed: " in front of what it throws. */
    private static <T> T failed(Transfer t, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (LegendsException e) {
            if (e.getMessage().startsWith(t.at().prefix())) {
                throw e;
            }
            throw t.at().wrap(t.keyword() + " failed: ", e);
        }
    }
}
