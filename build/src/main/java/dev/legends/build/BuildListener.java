package dev.legends.build;

/** Hears a build's progress as it happens; the CLI prints it (or not, with {@code -q}). */
@FunctionalInterface
public interface BuildListener {
    BuildListener NONE = event -> { };

    void on(BuildEvent event);
}
