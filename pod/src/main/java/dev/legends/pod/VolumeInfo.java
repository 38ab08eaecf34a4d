package dev.legends.pod;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A volume: its data lives at {@code mountpoint}; {@code anonymous} ones were made for a lone
 * {@code -v /path} and go with their {@code --rm} container; {@code usedBy} names the containers
 * (running or stopped) that mount it.
 */
public record VolumeInfo(String name, String driver, Path mountpoint, Instant created, Map<String, String> labels, boolean anonymous,
                         List<String> usedBy) {
    public VolumeInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        usedBy = List.copyOf(usedBy);
    }
}
