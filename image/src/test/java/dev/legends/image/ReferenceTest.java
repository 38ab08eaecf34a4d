package dev.legends.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReferenceTest {
    private static final String HEX = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

    @ParameterizedTest
    @CsvSource({
            // input, full form, familiar form
            "busybox, docker.io/library/busybox:latest, busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
            "library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "docker.io/busybox, docker.io/library/busybox:latest, busybox:latest",
            "index.docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "user/app:v1, docker.io/user/app:v1, user/app:v1",
            "localhost/app, localhost/app:latest, localhost/app:latest",
            "localhost:5000/team/app:v2, localhost:5000/team/app:v2, localhost:5000/team/app:v2",
            "127.0.0.1:5000/app, 127.0.0.1:5000/app:latest, 127.0.0.1:5000/app:latest",
            "ghcr.io/org/sub/app:1.0-rc_1, ghcr.io/org/sub/app:1.0-rc_1, ghcr.io/org/sub/app:1.0-rc_1",
            "Registry.Example.com/app, Registry.Example.com/app:latest, Registry.Example.com/app:latest",
            "my-app__x/y.z, docker.io/my-app__x/y.z:latest, my-app__x/y.z:latest",
    })
    void parsesAndNormalisesLikeDocker(String input, String full, String familiar) {
        Reference ref = Reference.parse(input);
        assertThat(ref.toString()).isEqualTo(full);
        assertThat(ref.familiar()).isEqualTo(familiar);
    }

    @Test
    void aPortIsNotATag() {
        Reference ref = Reference.parse("localhost:5000/app");
        assertThat(ref.domain()).isEqualTo("localhost:5000");
        assertThat(ref.path()).isEqualTo("app");
        assertThat(ref.tag()).isEqualTo("latest");
    }

    @Test
    void aDigestReplacesTheDefaultTagAndKeepsAnExplicitOne() {
        Reference bare = Reference.parse("busybox@sha256:" + HEX);
        assertThat(bare.tag()).isNull();
        assertThat(bare.digest().hex()).isEqualTo(HEX);
        assertThat(bare.toString()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);

        Reference both = Reference.parse("localhost:5000/app:v1@sha256:" + HEX);
        assertThat(both.tag()).isEqualTo("v1");
        assertThat(both.digest().hex()).isEqualTo(HEX);
        assertThat(both.repository()).isEqualTo("localhost:5000/app");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "Busybox", "busybox:", "busybox:-x", "a//b", "/busybox", "busybox/",
            "bad_-name", "my-app__x.y/z", "app@sha256:123", "app@md5:ab", "-app", "app:tag:more", "local host/app",
            HEX,
    })
    void refusesInvalidNamesWithAReason(String input) {
        assertThatThrownBy(() -> Reference.parse(input))
                .isInstanceOf(LegendsException.class)
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid reference \"" + input + "\": ");
    }

    @Test
    void aTagLongerThan128CharactersIsRefused() {
        assertThatThrownBy(() -> Reference.parse("busybox:" + "t".repeat(129))).hasMessageContaining("bad tag");
        assertThat(Reference.parse("busybox:" + "t".repeat(128)).tag()).hasSize(128);
    }

    @Test
    void upperCaseInTheRepositoryIsNamedAsTheProblem() {
        assertThatThrownBy(() -> Reference.parse("docker.io/User/app"))
                .hasMessage("invalid reference \"docker.io/User/app\": repository name must be lowercase");
    }

    @Test
    void aNameLongerThan255CharactersIsRefused() {
        assertThatThrownBy(() -> Reference.parse("a/" + "b".repeat(260)))
                .hasMessageContaining("must not be more than 255 characters");
    }
}
