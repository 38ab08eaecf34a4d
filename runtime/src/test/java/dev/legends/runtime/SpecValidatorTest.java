package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs refused before anything is written, each with a message naming what is wrong. */
class SpecValidatorTest {
    @TempDir
    Path rootfs;

    private final SpecValidator validator = new SpecValidator(
            new RuntimeConfig(Path.of("/state"), Path.of("/usr/sbin/runc"), Path.of("/usr/bin/conmon"), Path.of("/nonexistent/catatonit"), null),
            HostLimits.read());

    private ContainerSpec.Builder spec() {
        return ContainerSpec.builder("web", rootfs).args("true");
    }

    private void refused(ContainerSpec spec, String message) {
        assertThatThrownBy(() -> validator.validate(spec)).isInstanceOf(LegendsException.class).hasMessage(message);
    }

    @Test
    void aPlainSpecPasses() {
        assertThatCode(() -> validator.validate(spec().build())).doesNotThrowAnyException();
    }

    @Test
    void idsNamesAndCommands() {
        refused(ContainerSpec.builder("a/b", rootfs).args("true").build(),
                "invalid id \"a/b\": use letters, digits, '_', '.' and '-', at most 64");
        refused(spec().name("-x").build(), "invalid name \"-x\": use letters, digits, '_', '.' and '-', at most 128");
        refused(ContainerSpec.builder("web", Path.of("relative")).args("true").build(),
                "root filesystem relative is not an absolute path to a directory");
        refused(spec().args().build(), "no command given");
        refused(spec().cwd("tmp").build(), "working directory \"tmp\" is not absolute");
    }

    @Test
    void namespaces() {
        refused(spec().namespace(NamespaceType.MOUNT, Namespace.HOST).build(), "a container needs a mount namespace of its own");
        refused(spec().hostname("h").namespace(NamespaceType.UTS, Namespace.HOST).build(),
                "a hostname needs a UTS namespace of the container's own");
    }

    @Test
    void resourcesLimitsAndCapabilities() {
        refused(spec().resources(Resources.NONE.withCpus(0.001)).build(),
                "CPU quota 100us is too small: the minimum is 1000us (--cpus 0.01)");
        refused(spec().resources(Resources.NONE.withPidsLimit(0)).build(), "pids limit 0 must be at least 1");
        refused(spec().rlimit(new Rlimit("nofile", 10, 5)).build(), "rlimit RLIMIT_NOFILE soft 10 must be between 0 and hard 5");
        refused(spec().rlimit(new Rlimit("bogus", 1, 1)).build(), "unknown rlimit RLIMIT_BOGUS");
        refused(spec().capAdd("SYS_MAGIC").build(), "unknown capability SYS_MAGIC");
        refused(spec().mount(Mount.tmpfs("/", 0)).build(), "mount destination \"/\" must be an absolute path other than /");
        refused(spec().mount(Mount.tmpfs("/a", 0)).mount(Mount.tmpfs("/a/", 0)).build(), "duplicate mount point /a/");
    }

    @Test
    void initNeedsCatatonit() {
        assertThatThrownBy(() -> validator.validate(spec().init(true).build()))
                .hasMessage("init requested but /nonexistent/catatonit is missing: install the catatonit package")
                .extracting(e -> ((LegendsException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
    }

    @Test
    void dockerStyleParsers() {
        assertThat(Mount.parseVolume("/srv:/data:ro")).isEqualTo(new Mount.Bind(Path.of("/srv"), "/data", true));
        assertThatThrownBy(() -> Mount.parseVolume("/srv:/data:rx")).hasMessage("invalid volume /srv:/data:rx: unknown mode rx (ro or rw)");
        assertThat(User.parse("1000")).isEqualTo(new User(1000, 1000));
        assertThatThrownBy(() -> User.parse("bob")).hasMessage("invalid user bob: expected numeric UID[:GID]");
        assertThat(Rlimit.parse("nproc=10:20")).isEqualTo(new Rlimit("RLIMIT_NPROC", 10, 20));
        assertThat(Signals.parse("term")).isEqualTo("SIGTERM");
        assertThat(Signals.parse("9")).isEqualTo("9");
    }
}
