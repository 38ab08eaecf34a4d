package dev.legends.server.api;

import java.util.List;
import java.util.Map;

/** Bodies of POST /v1/build. Paths are absolute paths on the daemon's host (the CLI runs there). */
public final class BuildRequests {
    private BuildRequests() {}

    /**
     * One build.
     *
     * @param dockerfile null for CONTEXT/Dockerfile
     * @param target null for the last stage
     * @param quiet send no progress lines, only the result
     */
    public record Build(String context, String dockerfile, List<String> tags, Map<String, String> buildArgs,
                        boolean noCache, String target, boolean quiet) {}

    /** The image made, the names it got, and what the build warned about. */
    public record Built(String id, List<String> tags, List<String> warnings) {}
}
