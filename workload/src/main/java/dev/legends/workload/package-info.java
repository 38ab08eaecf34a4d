/**
 * workload layer (see shared/DESIGN.md): apps applied from {@code kind: App} manifests
 * ({@link dev.legends.workload.manifest}), immutable numbered revisions, a level-triggered replica
 * controller over the local engine's pods (one pod per instance, named {@code <app>-r<rev>-<i>}),
 * kubelet-style probes and crash back-off, and horizontal autoscaling ({@link dev.legends.workload.hpa}).
 * {@link dev.legends.workload.Workloads} is the entry point; it implements the
 * {@link dev.legends.workload.port} ports Platform and AppCatalog. Where instances run is an
 * {@link dev.legends.workload.AppRunner}: the local engine's (package-private {@code LocalRunner}),
 * or one given by a layer above, such as the kube layer's on a Kubernetes cluster.
 */
package dev.legends.workload;
