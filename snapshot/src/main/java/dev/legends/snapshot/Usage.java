package dev.legends.snapshot;

/**
 * Disk used by one snapshot's own directory (not its parents): bytes of file content, each hard
 * linked file counted once, and the number of inodes.
 */
public record Usage(long size, long inodes) {}
