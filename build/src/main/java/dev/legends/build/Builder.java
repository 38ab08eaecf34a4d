package dev.legends.build;

import dev.legends.build.context.SourceTree;
import dev.legends.build.dockerfile.Dockerfile;
import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * Builds images from Dockerfiles over the engine's ports. Everything that can be checked before
 * work starts is checked first (the Dockerfile parses, the target exists, references resolve to
 * stages or images), so a malformed Dockerfile fails with one line and changes nothing.
 */
public final class Builder {
    private final BuildPorts ports;

    private Builder(BuildPorts ports) {
        this.ports = ports;
    }

    public static Builder create(BuildPorts ports) {
        return new Builder(ports);
    }

    /** Runs {@code request}; progress goes to {@code listener}; the image is stored under its tags. */
    public BuildResult build(BuildRequest request, BuildListener listener) {
        Path file = request.dockerfilePath();
        Dockerfile df = Dockerfile.parse(file.getFileName().toString(), read(file));
        SourceTree context = SourceTree.context(request.context());
        BuildArgs args = new BuildArgs(request.buildArgs(), df.metaArgs(), df.escape());
        BuildPlan plan = BuildPlan.of(df, request.target(), args);

        List<String> warnings = new ArrayList<>(df.warnings());
        Set<String> unused = args.unused();
        if (!unused.isEmpty()) {
            warnings.add("One or more build-args " + HistoryText.plainList(List.copyOf(unused)) + " were not consumed");
        }
        warnings.forEach(w -> listener.on(new BuildEvent.Warning(w)));

        StepCache cache = new StepCache(ports.cache(), request.noCache(), ports.clock(), listener);
        Session session = new Session(ports, listener, cache, context, df.escape(), plan, args, new HashMap<>());
        StageBuilder stages = new StageBuilder(session);
        for (Dockerfile.Stage stage : plan.stages()) {
            session.done().put(stage.index(), stages.build(stage));
        }
        StageState result = session.done().get(plan.target().index());
        byte[] config = ImageJson.write(result);
        Digest id = Digest.of(config);
        ports.sink().store(new BuiltImage(id, config, result.chain), request.tags());
        listener.on(new BuildEvent.Built(id, request.tags()));
        return new BuildResult(id, request.tags(), warnings);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw LegendsException.notFound("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw LegendsException.invalid("read " + file + ": " + e.getMessage());
        }
    }
}
