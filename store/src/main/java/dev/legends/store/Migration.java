package dev.legends.store;

import java.util.List;

/**
 * One step of a component's schema. Versions of a component start at 1 and never change once
 * released: a new need is a new migration, never an edit of an old one.
 */
public record Migration(int version, String description, List<String> statements) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
        statements = List.copyOf(statements);
    }

    public static Migration of(int version, String description, String... statements) {
        return new Migration(version, description, List.of(statements));
    }
}
