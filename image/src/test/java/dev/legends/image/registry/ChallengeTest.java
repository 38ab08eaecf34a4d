package dev.legends.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void aBearerChallengeKeepsRealmServiceAndScope() {
        List<Challenge> c = Challenge.parseAll(List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\""));
        assertThat(c).containsExactly(new Challenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:library/busybox:pull")));
    }

    @Test
    void commasInsideQuotesEscapesAndSeveralChallengesInOneHeader() {
        List<Challenge> c = Challenge.parseAll(List.of(
                "Basic realm=\"a, \\\"quoted\\\" realm\", Bearer realm=https://t.example/token, service=svc,scope=\"repository:a:pull,push\""));
        assertThat(c).containsExactly(
                new Challenge("basic", Map.of("realm", "a, \"quoted\" realm")),
                new Challenge("bearer", Map.of("realm", "https://t.example/token", "service", "svc", "scope", "repository:a:pull,push")));
    }

    @Test
    void aSchemeWithoutParametersAndGarbageDoNotThrow() {
        assertThat(Challenge.parseAll(List.of("Negotiate"))).containsExactly(new Challenge("negotiate", Map.of()));
        assertThat(Challenge.parseAll(List.of("", " , ", "Bearer realm=\"unterminated"))).extracting(Challenge::scheme)
                .containsExactly("bearer");
    }
}
