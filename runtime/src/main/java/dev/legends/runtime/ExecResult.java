package dev.legends.runtime;

/**
 * What an exec produced. When the command could not be started, {@code exitCode} is 127 (not
 * found) or 126 (not executable) and {@code stderr} holds the runtime's one-line reason.
 */
public record ExecResult(int exitCode, String stdout, String stderr) {}
