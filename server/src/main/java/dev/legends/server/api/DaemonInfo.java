package dev.legends.server.api;

import java.util.Map;

/** What `legends info` shows of a running daemon. */
public record DaemonInfo(
        long pid, String root, String socket, String tcp, String store, Map<String, Integer> schema, String startedAt,
        VersionInfo version) {}
