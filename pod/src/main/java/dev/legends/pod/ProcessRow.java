package dev.legends.pod;

/** One process of a container as {@code ps -ef} prints it (what {@code legends top} shows). */
public record ProcessRow(String uid, long pid, long ppid, int cpuPercent, String started, String tty, String time, String command) {}
