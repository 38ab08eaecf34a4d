package dev.legends.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.Platform;
import org.junit.jupiter.api.Test;

class PlatformSpecTest {
    private static Platform p(String os, String arch, String variant) {
        return new Platform(arch, os, null, null, variant);
    }

    @Test
    void parsesOsArchAndVariantWithDockersAliases() {
        assertThat(PlatformSpec.parse("linux/amd64")).isEqualTo(PlatformSpec.DEFAULT);
        assertThat(PlatformSpec.parse("Linux/x86_64")).isEqualTo(PlatformSpec.DEFAULT);
        assertThat(PlatformSpec.parse("linux/aarch64")).isEqualTo(new PlatformSpec("linux", "arm64", null));
        assertThat(PlatformSpec.parse("linux/arm/v7")).hasToString("linux/arm/v7");
        for (String bad : new String[] {"linux", "linux/", "/amd64", "linux/arm/", "a/b/c/d"}) {
            assertThatThrownBy(() -> PlatformSpec.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
    }

    @Test
    void aVariantIsMatchedOnlyWhenAskedForAndArm64DefaultsToV8() {
        assertThat(PlatformSpec.parse("linux/arm64").matches(p("linux", "arm64", "v8"))).isTrue();
        assertThat(PlatformSpec.parse("linux/arm64/v8").matches(p("linux", "arm64", null))).isTrue();
        assertThat(PlatformSpec.parse("linux/arm/v7").matches(p("linux", "arm", "v6"))).isFalse();
        assertThat(PlatformSpec.DEFAULT.matches(p("windows", "amd64", null))).isFalse();
        assertThat(PlatformSpec.DEFAULT.matches(p("unknown", "unknown", null))).isFalse();
        assertThat(PlatformSpec.DEFAULT.matches(null)).isFalse();
    }
}
