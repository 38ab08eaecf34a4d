package dev.legends.release.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.workload.port.RouteMatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlansTest {
    @Test
    void nothingDeclaredRollsLikeADeployment() {
        Plan p = Plans.plan(Map.of(), null, 4);
        assertThat(p.kind()).isEqualTo(Plan.Kind.ROLLING_UPDATE);
        assertThat(p.steps().getFirst()).isEqualTo(new Step.RollingUpdate(1, 1, Duration.ZERO, Duration.ofSeconds(600)));
    }

    @Test
    void kubernetesStyleTypeAndCliNames() {
        assertThat(Plans.plan(Map.of("type", "Recreate"), null, 2).kind()).isEqualTo(Plan.Kind.RECREATE);
        assertThat(Plans.kind("ramped")).isEqualTo(Plan.Kind.ROLLING_UPDATE);
        assertThat(Plans.kind("blue-green")).isEqualTo(Plan.Kind.BLUE_GREEN);
        assertThat(Plans.kind("ab")).isEqualTo(Plan.Kind.AB_TESTING);
    }

    @Test
    void canaryStepsCompile() {
        Plan p = Plans.plan(Map.of("canary", Map.of("steps", List.of(Map.of("setWeight", 12.5), Map.of("pause", Map.of("duration", "1m")),
                Map.of("pause", Map.of()), Map.of("setCanaryScale", Map.of("matchTrafficWeight", true))))), null, 4);
        assertThat(p.steps()).startsWith(new Step.SetWeight(125), new Step.Pause(Duration.ofMinutes(1), null), new Step.Pause(null, null),
                new Step.SetCanaryScale(null, null, true));
        assertThat(p.steps().subList(4, 7)).containsExactly(new Step.ScaleUpNew(null), new Step.SwitchAll(),
                new Step.Finish(Duration.ofSeconds(30)));
    }

    @Test
    void previewHostIsAHostHeaderMatch() {
        assertThat(Plans.previewMatch(Map.of("host", "preview.web.local"), "f"))
                .isEqualTo(RouteMatch.header("Host", "preview.web.local", "preview"));
    }

    @Test
    void mistakesNameTheField() {
        assertThatThrownBy(() -> Plans.plan(Map.of("canary", Map.of(), "blueGreen", Map.of()), null, 2))
                .hasMessageContaining("names 2 strategies");
        assertThatThrownBy(() -> Plans.plan(Map.of("canary", Map.of("steps", List.of(Map.of("jump", 1)))), null, 2))
                .hasMessage("spec.strategy.canary.steps[0]: unknown step 'jump' (setWeight, pause, setCanaryScale, analysis)");
        assertThatThrownBy(() -> Plans.plan(Map.of("canary", Map.of("steps", List.of(Map.of("pause", Map.of("duration", "soon"))))), null, 2))
                .hasMessageContaining("steps[0].pause.duration: 'soon' is not a duration");
        assertThatThrownBy(() -> Plans.plan(Map.of("abTesting", Map.of()), null, 2)).hasMessageContaining("needs a match");
        assertThatThrownBy(() -> Plans.plan(Map.of("blueGreen", Map.of("scaleDownDelaySeconds", "x")), null, 2))
                .hasMessage("spec.strategy.blueGreen.scaleDownDelaySeconds: 'x' must be seconds >= 0");
    }
}
