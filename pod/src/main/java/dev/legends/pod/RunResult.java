package dev.legends.pod;

/**
 * The outcome of {@code run}. When the command could not be started, nothing of the container is
 * left, and {@code exitCode} is docker's code for it (127 not found, 126 not executable) with
 * runc's reason in {@code error}; otherwise both are null and the container is running.
 */
public record RunResult(ContainerInfo container, Integer exitCode, String error) {
    public boolean started() {
        return exitCode == null;
    }
}
