package dev.legends.server.api;

import java.util.Map;

/**
 * What `legends info` shows of a running daemon.
 *
 * @param platform where its apps run: "local", or "kubernetes (namespace NS)"
 */
public record DaemonInfo(
        long pid, String root, String socket, String tcp, String store, Map<String, Integer> schema, String startedAt,
        VersionInfo version, String platform) {}
