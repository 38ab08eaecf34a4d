package dev.legends.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    @Test
    void expressionsAfterArgoRollouts() {
        Condition c = Condition.parse("result >= 0.95", "c");
        assertThat(c.test(0.95)).isTrue();
        assertThat(c.test(0.94)).isFalse();
        Condition range = Condition.parse("result > 0 && (result < 500 || result == 1000)", "c");
        assertThat(range.test(250)).isTrue();
        assertThat(range.test(1000)).isTrue();
        assertThat(range.test(600)).isFalse();
        assertThat(Condition.parse("!(result < 1e-3)", "c").test(0.01)).isTrue();
        assertThat(Condition.parse("0.99 <= result", "c").test(1)).isTrue();
    }

    @Test
    void structuredThresholds() {
        Condition c = Condition.parse(Map.of("min", 0.9), "c");
        assertThat(c.test(0.9)).isTrue();
        assertThat(c.test(0.89)).isFalse();
        assertThat(Condition.parse(Map.of("below", 100), "c").test(100)).isFalse();
    }

    @Test
    void mistakesNameTheField() {
        assertThatThrownBy(() -> Condition.parse("result >= ", "metrics[0].successCondition")).isInstanceOf(LegendsException.class)
                .hasMessageStartingWith("metrics[0].successCondition: 'result >=': expected 'result' or a number");
        assertThatThrownBy(() -> Condition.parse("System.exit(1)", "c")).isInstanceOf(LegendsException.class);
        assertThatThrownBy(() -> Condition.parse(Map.of("atLeast", 1), "c")).hasMessageContaining("unknown threshold 'atLeast'");
    }

    @Test
    void analysisSpecRejectsTemplatesAndEmptyChecks() {
        assertThatThrownBy(() -> AnalysisSpec.parse(Map.of("templates", List.of()), "a")).hasMessageContaining("write the metrics inline");
        assertThatThrownBy(() -> AnalysisSpec.parse(Map.of("metrics", List.of(Map.of("metric", "successRate"))), "a"))
                .hasMessageContaining("successCondition or failureCondition");
        assertThatThrownBy(() -> AnalysisSpec.parse(Map.of("metrics", List.of(Map.of("metric", "cpu", "successCondition", "result > 1"))), "a"))
                .hasMessageContaining("unknown metric 'cpu'");
    }
}
