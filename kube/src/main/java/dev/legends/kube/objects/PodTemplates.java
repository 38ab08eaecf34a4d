package dev.legends.kube.objects;

import dev.legends.core.LegendsException;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a revision's pod template (the App manifest's pod fields as a JSON tree) into a
 * Kubernetes PodTemplateSpec. Lenient: a missing field is left to Kubernetes' defaults; only a
 * missing image, or a field of the wrong shape, is an error.
 */
public final class PodTemplates {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int DEFAULT_HTTP_PORT = 8080;
    // The API server's quantity grammar; fabric8's parser accepts more than the server would.
    private static final java.util.regex.Pattern QUANTITY =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|[KMGTPE]i|[mkMGTPE])?");

    private PodTemplates() {
    }

    /**
     * @param stickyIpAnnotations null when the cluster cannot keep a Pod's address across restarts:
     *     a template that asks for sticky IPs is then refused; otherwise they are added to the Pod
     *     (for instance the CNI's IP pool annotation).
     */
    public static PodTemplateSpec toPodTemplate(String app, int revision, Map<String, Object> template,
                                                Map<String, String> stickyIpAnnotations) {
        String where = app + " revision " + revision;
        Object image = template.get("image");
        if (!(image instanceof String s) || s.isBlank()) {
            throw LegendsException.invalid(where + ": the pod template has no image");
        }
        if (template.get("volumes") instanceof java.util.List<?> v && !v.isEmpty()) {
            // a Deployment's Pods share nothing per ordinal: that takes a StatefulSet with volumeClaimTemplates
            throw LegendsException.invalid(where + ": spec.volumes (a volume per instance) is not supported on Kubernetes yet "
                    + "(it needs a StatefulSet with volumeClaimTemplates); remove spec.volumes to run this app there");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (stickyIps(template)) {
            if (stickyIpAnnotations == null) {
                throw LegendsException.invalid(where + ": network.stickyIPs is not supported on this Kubernetes cluster "
                        + "(Pods get a new address when they are re-created; configure a CNI that keeps addresses "
                        + "and enable sticky IPs in the kubernetes platform options, or remove network.stickyIPs)");
            }
            annotations.putAll(stickyIpAnnotations);
        }
        ContainerBuilder c = new ContainerBuilder().withName(app).withImage(s)
                .withCommand(strings(template.get("command"), where + ": command"))
                .withArgs(strings(template.get("args"), where + ": args"))
                .withEnv(env(template.get("env"), where))
                .withPorts(ports(template.get("ports"), where))
                .withReadinessProbe(probe(template.get("readinessProbe"), where + ": readinessProbe"))
                .withLivenessProbe(probe(template.get("livenessProbe"), where + ": livenessProbe"))
                .withStartupProbe(probe(template.get("startupProbe"), where + ": startupProbe"));
        ResourceRequirements resources = resources(template.get("resources"), where);
        if (resources != null) {
            c.withResources(resources);
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(KubeNames.labels(app, revision)).withAnnotations(annotations.isEmpty() ? null : annotations)
                .endMetadata()
                .withNewSpec().withContainers(c.build()).endSpec()
                .build();
    }

    /** The container port HTTP traffic goes to: the one named "http", else the first, else 8080. */
    public static int httpPort(Map<String, Object> template) {
        List<ContainerPort> ports = ports(template.get("ports"), "ports");
        return httpPort(ports);
    }

    public static int httpPort(List<ContainerPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return DEFAULT_HTTP_PORT;
        }
        return ports.stream().filter(p -> "http".equals(p.getName())).findFirst().orElse(ports.getFirst()).getContainerPort();
    }

    static boolean stickyIps(Map<String, Object> template) {
        return template.get("network") instanceof Map<?, ?> network
                && (Boolean.TRUE.equals(network.get("stickyIPs")) || "true".equals(String.valueOf(network.get("stickyIPs"))));
    }

    private static List<String> strings(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            // A shell-form string, as in a Dockerfile: run it with sh -c rather than guess how to split it.
            return List.of("/bin/sh", "-c", s);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw LegendsException.invalid(what + " must be a list of strings or one string, not " + value);
    }

    private static List<EnvVar> env(Object value, String where) {
        List<EnvVar> env = new ArrayList<>();
        if (value == null) {
            return env;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.add(new EnvVar(String.valueOf(k), v == null ? "" : String.valueOf(v), null)));
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m && m.get("name") != null) {
                    Object v = m.get("value");
                    env.add(new EnvVar(String.valueOf(m.get("name")), v == null ? "" : String.valueOf(v), null));
                } else if (item instanceof String s && s.contains("=")) {
                    env.add(new EnvVar(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1), null));
                } else {
                    throw LegendsException.invalid(where + ": env entry " + item + " needs a name and a value");
                }
            }
        } else {
            throw LegendsException.invalid(where + ": env must be a list of {name, value} or a map, not " + value);
        }
        return env;
    }

    private static List<ContainerPort> ports(Object value, String where) {
        List<ContainerPort> ports = new ArrayList<>();
        if (!(value instanceof List<?> list)) {
            return ports;
        }
        for (Object item : list) {
            Object port = item instanceof Map<?, ?> m ? m.get("containerPort") : item;
            Integer number = port instanceof Number n ? Integer.valueOf(n.intValue())
                    : port instanceof String s && s.matches("\\d+") ? Integer.valueOf(s) : null;
            if (number == null || number < 1 || number > 65535) {
                throw LegendsException.invalid(where + ": port " + item + " needs a containerPort between 1 and 65535");
            }
            ContainerPortBuilder b = new ContainerPortBuilder().withContainerPort(number);
            if (item instanceof Map<?, ?> m && m.get("name") != null) {
                b.withName(String.valueOf(m.get("name")));
            }
            if (item instanceof Map<?, ?> m && m.get("protocol") != null) {
                b.withProtocol(String.valueOf(m.get("protocol")).toUpperCase(java.util.Locale.ROOT));
            }
            ports.add(b.build());
        }
        return ports;
    }

    /** "512m" means 512 MiB to docker and to the local engine, but 0.512 bytes to Kubernetes. */
    static String dockerMemory(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([kmg])b?").matcher(value.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return value;
        }
        return m.group(1) + switch (m.group(2)) {
            case "k" -> "Ki";
            case "m" -> "Mi";
            default -> "Gi";
        };
    }

    private static Probe probe(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw LegendsException.invalid(what + " must be an object (httpGet, tcpSocket or exec), not " + value);
        }
        try {
            return SERIALIZATION.convertValue(value, Probe.class);
        } catch (RuntimeException e) {
            throw new LegendsException(dev.legends.core.ErrorKind.INVALID_ARGUMENT, what + ": " + e.getMessage(), e);
        }
    }

    /** {cpu, memory} become equal requests and limits, as the local engine's cgroup limits; Kubernetes' own shape passes through. */
    private static ResourceRequirements resources(Object value, String where) {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            return null;
        }
        if (map.containsKey("requests") || map.containsKey("limits")) {
            return SERIALIZATION.convertValue(value, ResourceRequirements.class);
        }
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        for (String key : List.of("cpu", "memory")) {
            Object v = map.get(key);
            if (v != null) {
                String amount = key.equals("memory") ? dockerMemory(String.valueOf(v)) : String.valueOf(v);
                if (!QUANTITY.matcher(amount).matches()) {
                    throw LegendsException.invalid(where + ": resources." + key + " '" + v + "' is not a quantity");
                }
                amounts.put(key, new Quantity(amount));
            }
        }
        return amounts.isEmpty() ? null : new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build();
    }
}
