package dev.legends.store;

import java.util.List;

/**
 * The tables one layer owns, as ordered migrations. Each layer brings its own schema so the
 * store knows nothing of apps or leases, and versions of one layer never collide with another's.
 */
public record Schema(String component, List<Migration> migrations) {
    public Schema {
        migrations = List.copyOf(migrations);
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException(component + ": migration " + (i + 1) + " is missing or out of order");
            }
        }
    }

    public int latest() {
        return migrations.size();
    }
}
