package dev.legends.build;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code legends build}: the context directory, the Dockerfile ({@code CONTEXT/Dockerfile}
 * unless {@code -f}; it may live outside the context), the names to give the image, build args,
 * {@code --no-cache} and {@code --target}.
 */
public record BuildRequest(Path context, Optional<Path> dockerfile, List<String> tags, Map<String, String> buildArgs,
                           boolean noCache, Optional<String> target) {

    public BuildRequest {
        tags = List.copyOf(tags);
        buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    }

    public static BuildRequest of(Path context) {
        return new BuildRequest(context, Optional.empty(), List.of(), Map.of(), false, Optional.empty());
    }

    public BuildRequest withDockerfile(Path file) {
        return new BuildRequest(context, Optional.of(file), tags, buildArgs, noCache, target);
    }

    public BuildRequest withTags(String... names) {
        return new BuildRequest(context, dockerfile, List.of(names), buildArgs, noCache, target);
    }

    public BuildRequest withBuildArgs(Map<String, String> args) {
        return new BuildRequest(context, dockerfile, tags, args, noCache, target);
    }

    public BuildRequest withNoCache(boolean value) {
        return new BuildRequest(context, dockerfile, tags, buildArgs, value, target);
    }

    public BuildRequest withTarget(String stage) {
        return new BuildRequest(context, dockerfile, tags, buildArgs, noCache, Optional.of(stage));
    }

    /** The Dockerfile to read. */
    public Path dockerfilePath() {
        return dockerfile.orElse(context.resolve("Dockerfile"));
    }
}
