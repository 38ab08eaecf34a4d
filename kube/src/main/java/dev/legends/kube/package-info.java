/**
 * kube layer (shared/DESIGN.md): the same apps and releases on a Kubernetes cluster, through the
 * workload ports the release controller already drives.
 * <ul>
 *   <li>{@link dev.legends.kube.KubernetesBackend#open}: Platform, TrafficRouter and MetricsSource
 *       on one fabric8 client, chosen by {@link dev.legends.kube.KubeOptions} (what
 *       {@code legends daemon --platform kubernetes} uses);</li>
 *   <li>{@link dev.legends.kube.KubeExport}: {@code legends export k8s APP}, the same objects as YAML.</li>
 * </ul>
 * Adapters live in subpackages: {@code platform} (Deployments, Services, HorizontalPodAutoscalers),
 * {@code routing} (Gateway API HTTPRoute, ingress-nginx canary annotations), {@code metrics}
 * (Prometheus); {@code objects} builds and names what they all write.
 */
package dev.legends.kube;
