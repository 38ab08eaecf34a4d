package dev.legends.gateway;

import java.util.List;

/** A running gateway: its process, the listeners it has bound (http://HOST:PORT or https://...), how many routes and open requests. */
public record GatewayStatus(long pid, long startedAtMillis, long generation, List<String> listening, int routes,
                            long inFlight, long connections) {}
