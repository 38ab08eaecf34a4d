/**
 * The release layer (shared/DESIGN.md): the six strategies as step plans, the rollout state
 * machine, analysis and rollback, over the Platform, TrafficRouter, MetricsSource and AppCatalog
 * ports only, so it runs unchanged on the local engine and on Kubernetes.
 *
 * <p>{@link dev.legends.release.Releases} is the whole API: start, status, promote, pause, resume,
 * abort, undo, history, report, and {@code tick()} (or {@code startLoop}) to reconcile. Each tick
 * gathers the observed instances and route once, then runs the current step of every unfinished
 * release ({@code StepRunner}), its rollback or its delayed scale-down ({@code Rollout}); every
 * change is one SQLite transaction ({@code ReleaseStore}), so a controller made again on the same
 * database carries on at the same step.
 */
package dev.legends.release;
