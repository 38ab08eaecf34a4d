/**
 * The pod layer: the local engine for containers and pods.
 *
 * <p>{@link dev.legends.pod.Engine} opens it; {@link dev.legends.pod.Containers} and
 * {@link dev.legends.pod.Pods} and {@link dev.legends.pod.Volumes} are its API, with records for values ({@link dev.legends.pod.RunSpec},
 * {@link dev.legends.pod.ContainerInfo}, {@link dev.legends.pod.ContainerDetails}...). Behind them,
 * package-private: {@code Runner} (run: image, overlay snapshot, merged config, runtime create and
 * start, undone step by step on failure), {@code Lifecycle} (start, rejoin a pod, remove),
 * {@code Supervisor} (exit files, restart policies with docker's back-off), {@code Reconciler}
 * (live restore), {@code Records} (the SQLite tables), {@code Attacher}, {@code DetailsReader},
 * {@code Top}, {@code LocalVolumes} and {@code VolumeDirs} (named volumes: a row and a
 * {@code ROOT/volumes/NAME/_data} directory, made whole before it is recorded). The runtime holds what is live; the records hold what was asked; nothing that
 * matters lives only in memory.
 */
package dev.legends.pod;
