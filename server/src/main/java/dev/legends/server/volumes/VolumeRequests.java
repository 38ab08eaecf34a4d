package dev.legends.server.volumes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The wire forms of the volume API, shared with the CLI; docker's field names. Times are RFC 3339 in UTC. */
public final class VolumeRequests {
    private VolumeRequests() {}

    /** {@code legends volume create}'s options: no name gets a random one. */
    public record Create(String name, Map<String, String> labels) {}

    /** A volume, as docker's volume inspect shows it, with the containers (running or not) that use it. */
    public record Row(@JsonProperty("Name") String name, @JsonProperty("Driver") String driver,
                      @JsonProperty("Mountpoint") String mountpoint, @JsonProperty("CreatedAt") String createdAt,
                      @JsonProperty("Labels") Map<String, String> labels, @JsonProperty("Scope") String scope,
                      @JsonProperty("Anonymous") boolean anonymous, @JsonProperty("UsedBy") List<String> usedBy) {}

    public record Pruned(@JsonProperty("VolumesDeleted") List<String> volumesDeleted, @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
}
