package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.image.oci.ContainerConfig;
import dev.legends.runtime.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's rules for merging an image's config with run options, and for --user. */
class ConfigMergeTest {
    static final ContainerConfig IMAGE = new ContainerConfig("app", null, List.of("PATH=/opt/bin:/bin", "MODE=image", "LANG=C"),
            List.of("/entry.sh"), List.of("serve", "--port", "80"), null, "/srv", null, "SIGQUIT", null, null, null, null);

    @TempDir
    Path rootfs;

    @Test
    void argumentsReplaceTheCmdButKeepTheEntrypoint() {
        assertThat(ConfigMerge.command(IMAGE, spec().build())).containsExactly("/entry.sh", "serve", "--port", "80");
        assertThat(ConfigMerge.command(IMAGE, spec("debug").build())).containsExactly("/entry.sh", "debug");
    }

    @Test
    void anEntrypointGivenAtRunDropsTheImagesCmdAndAnEmptyOneRemovesIt() {
        assertThat(ConfigMerge.command(IMAGE, spec().entrypoint("/bin/sh").build())).containsExactly("/bin/sh");
        assertThat(ConfigMerge.command(IMAGE, spec("-c", "id").entrypoint("/bin/sh").build())).containsExactly("/bin/sh", "-c", "id");
        assertThat(ConfigMerge.command(IMAGE, spec("ls").entrypoint("").build())).containsExactly("ls");
        assertThat(ConfigMerge.command(IMAGE, spec().entrypoint("").build())).containsExactly("serve", "--port", "80");
        assertThatThrownBy(() -> ConfigMerge.command(ContainerConfig.empty(), spec().build())).hasMessageStartingWith("no command specified");
    }

    @Test
    void envIsPathHostnameImageThenRunWithRunWinningInPlace() {
        MergedConfig m = ConfigMerge.merge(IMAGE, spec().env("MODE=run", "EXTRA=1", "UNSET").build(), "abc123");
        assertThat(m.env()).containsExactly("PATH=/opt/bin:/bin", "HOSTNAME=abc123", "MODE=run", "LANG=C", "EXTRA=1");
        assertThat(ConfigMerge.merge(ContainerConfig.empty(), spec("x").build(), "h").env())
                .containsExactly(ConfigMerge.DEFAULT_PATH, "HOSTNAME=h");
    }

    @Test
    void workdirUserAndStopSignalComeFromTheImageUnlessGiven() {
        MergedConfig fromImage = ConfigMerge.merge(IMAGE, spec().build(), "h");
        assertThat(fromImage.cwd()).isEqualTo("/srv");
        assertThat(fromImage.user()).isEqualTo("app");
        assertThat(fromImage.stopSignal()).isEqualTo("SIGQUIT");
        MergedConfig given = ConfigMerge.merge(IMAGE, spec().workdir("/tmp").user("0").build(), "h");
        assertThat(given.cwd()).isEqualTo("/tmp");
        assertThat(given.user()).isEqualTo("0");
        assertThat(ConfigMerge.merge(ContainerConfig.empty(), spec("x").build(), "h").stopSignal()).isEqualTo("SIGTERM");
        assertThatThrownBy(() -> ConfigMerge.merge(IMAGE, spec().workdir("rel").build(), "h")).hasMessageContaining("absolute path");
    }

    @Test
    void usersResolveByNameOrNumberAgainstTheImagesFiles() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:app,other\napp:x:1001:\nwheel:x:10:root\n");

        assertThat(Users.resolve(rootfs, "")).isEqualTo(new User(0, 0, List.of(10L)));
        assertThat(Users.resolve(rootfs, "app")).isEqualTo(new User(1000, 1001, List.of(50L)));
        assertThat(Users.resolve(rootfs, "1000")).isEqualTo(new User(1000, 1001, List.of(50L)));
        assertThat(Users.resolve(rootfs, "app:staff")).isEqualTo(new User(1000, 50, List.of()));
        assertThat(Users.resolve(rootfs, "4242")).isEqualTo(new User(4242, 0, List.of()));
        assertThat(Users.resolve(rootfs, "4242:7")).isEqualTo(new User(4242, 7, List.of()));
        assertThatThrownBy(() -> Users.resolve(rootfs, "ghost")).hasMessage("unable to find user ghost: no matching entries in passwd file");
        assertThatThrownBy(() -> Users.resolve(rootfs, "app:ghosts")).hasMessage("unable to find group ghosts: no matching entries in group file");
    }

    @Test
    void anImagesPasswdLinkCannotLeadOutOfItsRoot() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("real"));
        Files.writeString(rootfs.resolve("real/passwd"), "inside:x:7:7::/:/bin/sh\n");
        Files.writeString(rootfs.resolve("real/group"), "insiders:x:8:inside\n");
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/real/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/group"), Path.of("../../../../../../real/group"));
        Files.createSymbolicLink(rootfs.resolve("etc/loop"), Path.of("../../etc/loop"));

        assertThat(Users.resolve(rootfs, "inside")).isEqualTo(new User(7, 7, List.of(8L)));
        assertThat(RootPaths.resolve(rootfs, "/etc/group")).isEqualTo(rootfs.resolve("real/group"));
        assertThatThrownBy(() -> RootPaths.resolve(rootfs, "/etc/loop")).hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void restartPoliciesAndSizesParseAsDockerWritesThem() {
        assertThat(RestartPolicy.parse("on-failure:3")).isEqualTo(new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 3));
        assertThat(RestartPolicy.parse("unless-stopped").toString()).isEqualTo("unless-stopped");
        assertThat(RestartPolicy.parse("on-failure:2").restartsAfter(1, 1)).isTrue();
        assertThat(RestartPolicy.parse("on-failure:2").restartsAfter(1, 2)).isFalse();
        assertThat(RestartPolicy.parse("on-failure").restartsAfter(0, 0)).isFalse();
        assertThatThrownBy(() -> RestartPolicy.parse("always:3")).hasMessageContaining("cannot be used with always");
        assertThatThrownBy(() -> RestartPolicy.parse("sometimes")).hasMessageStartingWith("invalid restart policy sometimes");
        assertThat(ByteSizes.parse("64m")).isEqualTo(64L << 20);
        assertThat(ByteSizes.parse("1.5g")).isEqualTo(3L << 29);
        assertThat(ByteSizes.parse("512")).isEqualTo(512);
        assertThat(ByteSizes.parse("10MB")).isEqualTo(10L << 20);
        assertThatThrownBy(() -> ByteSizes.parse("lots")).hasMessageStartingWith("invalid size lots");
    }

    private static RunSpec.Builder spec(String... args) {
        return RunSpec.builder("img", args);
    }
}
