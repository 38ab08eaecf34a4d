/**
 * gateway layer (see shared/DESIGN.md): the public API of the Legends HTTP gateway.
 *
 * <p>Values: {@link dev.legends.gateway.GatewayConfig} (listeners and routes),
 * {@link dev.legends.gateway.Route} (hosts and a path prefix to versions, with matches, stickiness,
 * a mirror and an upstream policy; its javadoc states the precedence: header, cookie, query
 * matches, then stickiness, then weight), {@link dev.legends.gateway.RouteMetrics} and
 * {@link dev.legends.gateway.GatewayStatus}.
 *
 * <p>{@link dev.legends.gateway.GatewayClient} talks to a running gateway process through its admin
 * unix socket (HTTP/1.1, JSON): {@code GET /status}, {@code GET|PUT /config},
 * {@code GET /routes}, {@code GET|PUT|DELETE /routes/NAME}, {@code GET /metrics/NAME?window=SECONDS}
 * and {@code GET /metrics} (Prometheus text). Every change is validated and applied atomically,
 * then saved; the gateway loads its saved config when it starts.
 *
 * <p>The data plane is {@code dev.legends.gateway.engine} ({@code Gateway}, {@code GatewayMain});
 * the daemon runs it as a child process ({@code dev.legends.server.gateway.GatewaySupervisor}).
 */
package dev.legends.gateway;
