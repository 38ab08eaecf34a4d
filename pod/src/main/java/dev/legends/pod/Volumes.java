package dev.legends.pod;

import java.util.List;
import java.util.Map;

/**
 * Named volumes, as docker's {@code volume} commands know them: directories under
 * {@code ROOT/volumes/NAME/_data} that outlive containers. A volume a container uses (running or
 * not) cannot be removed, forced or not, as in docker.
 */
public interface Volumes {
    /** Creates a volume; a null or empty name gets a random 64-hex one. Creating an existing one returns it unchanged. */
    VolumeInfo create(String name, Map<String, String> labels);

    /** All volumes, by name. */
    List<VolumeInfo> list();

    VolumeInfo inspect(String name);

    /** Removes the volume and its data; refused while a container uses it. {@code force}: a missing one is no error. */
    void remove(String name, boolean force);

    /** Removes every volume no container uses. */
    Pruned prune();

    /** What prune removed and the bytes it freed. */
    record Pruned(List<String> removed, long reclaimedBytes) {
        public Pruned {
            removed = List.copyOf(removed);
        }
    }
}
