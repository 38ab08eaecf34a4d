/**
 * Containers on one host: OCI bundles (runtime-spec 1.0.2) run by runc, each under its own monitor:
 * legends-monitor (ours, static, built from src/main/c) or, with a terminal or stdin, conmon.
 *
 * <p>{@link dev.legends.runtime.ContainerRuntime} is the whole API; specs, statuses and results are
 * records. The implementation is package-private: {@code LocalRuntime} composes a spec validator,
 * a translator to config.json, runc's and the monitors' command lines, a status reader, a janitor that
 * takes back cgroups and state, exec, logs and inspection. Nothing that matters is kept in memory:
 * the state directory, runc and /proc are asked each time, which is what makes live restore work.
 */
package dev.legends.runtime;
