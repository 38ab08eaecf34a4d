package dev.legends.kube.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplatesTest {
    static Container container(Map<String, Object> template) {
        return PodTemplates.toPodTemplate("web", 1, template, null).getSpec().getContainers().getFirst();
    }

    @Test
    void leniencyOnShapesTheManifestAllows() {
        Container c = container(Map.of("image", "web:1",
                "args", List.of("--port", 8080),
                "env", List.of(Map.of("name", "A", "value", 1), "B=two=2", Map.of("name", "EMPTY")),
                "ports", List.of(8080, "9090"),
                "startupProbe", Map.of("exec", Map.of("command", List.of("cat", "/ready")), "failureThreshold", 30),
                "resources", Map.of("requests", Map.of("cpu", "250m"), "limits", Map.of("memory", "1Gi"))));
        assertThat(c.getArgs()).containsExactly("--port", "8080");
        assertThat(c.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("A=1", "B=two=2", "EMPTY=");
        assertThat(c.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8080, 9090);
        assertThat(c.getStartupProbe().getExec().getCommand()).containsExactly("cat", "/ready");
        assertThat(c.getStartupProbe().getFailureThreshold()).isEqualTo(30);
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("250m")).doesNotContainKey("memory");
        assertThat(c.getCommand()).isNullOrEmpty();
        assertThat(PodTemplates.httpPort(Map.of("ports", List.of(8080, "9090")))).isEqualTo(8080);
        assertThat(PodTemplates.httpPort(Map.of())).isEqualTo(8080);
    }

    @Test
    void dockerStyleMemoryMeansMebibytes() {
        assertThat(PodTemplates.dockerMemory("512m")).isEqualTo("512Mi");
        assertThat(PodTemplates.dockerMemory("2g")).isEqualTo("2Gi");
        assertThat(PodTemplates.dockerMemory("64Mi")).isEqualTo("64Mi");
        assertThat(PodTemplates.dockerMemory("1000000")).isEqualTo("1000000");
    }

    @Test
    void wrongShapesAreNamed() {
        assertThatThrownBy(() -> container(Map.of("image", "x", "env", "A=1"))).isInstanceOf(LegendsException.class)
                .hasMessage("web revision 1: env must be a list of {name, value} or a map, not A=1");
        assertThatThrownBy(() -> container(Map.of("image", "x", "readinessProbe", "yes")))
                .hasMessageContaining("readinessProbe must be an object");
        assertThatThrownBy(() -> container(Map.of("image", "x", "resources", Map.of("memory", "lots"))))
                .hasMessageContaining("resources.memory 'lots' is not a quantity");
        assertThatThrownBy(() -> container(Map.of("image", "x", "command", Map.of())))
                .hasMessageContaining("command must be a list of strings or one string");
    }

    @Test
    void volumesPerInstanceAreRefusedRatherThanLost() {
        assertThatThrownBy(() -> container(Map.of("image", "x", "volumes", List.of(Map.of("name", "data", "mountPath", "/data")))))
                .isInstanceOf(LegendsException.class)
                .hasMessageStartingWith("web revision 1: spec.volumes (a volume per instance) is not supported on Kubernetes yet");
        assertThat(container(Map.of("image", "x", "volumes", List.of())).getImage()).isEqualTo("x");
    }
}
