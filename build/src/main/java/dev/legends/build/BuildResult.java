package dev.legends.build;

import dev.legends.core.Digest;
import java.util.List;

/** The image built, the names it got, and the warnings the build gave on the way. */
public record BuildResult(Digest imageId, List<String> tags, List<String> warnings) {
    public BuildResult {
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
    }
}
