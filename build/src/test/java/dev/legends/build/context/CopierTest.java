package dev.legends.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's copy rules, into a rootfs in a temp dir. */
class CopierTest {
    @TempDir
    Path tmp;
    Path ctx;
    Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        ctx = Files.createDirectories(tmp.resolve("ctx"));
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        write(ctx, "app.txt", "app");
        write(ctx, "src/a.java", "a");
        write(ctx, "src/sub/b.java", "b");
        write(ctx, "notes1.md", "1");
        write(ctx, "notes2.md", "2");
        write(rootfs, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        write(rootfs, "etc/group", "root:x:0:\nstaff:x:50:\n");
    }

    private static void write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void copy(String dest, Copier.Options options, String... sources) {
        SourceTree tree = SourceTree.context(ctx);
        List<CopySource> resolved = new ArrayList<>();
        for (String s : sources) {
            resolved.addAll(tree.resolve(s));
        }
        Copier.copy(tree, resolved, rootfs, dest, options);
    }

    private void copy(String dest, String... sources) {
        copy(dest, Copier.Options.copy(), sources);
    }

    private String read(String path) throws IOException {
        return Files.readString(rootfs.resolve(path.substring(1)));
    }

    private int attr(String path, String name) throws IOException {
        return (Integer) Files.getAttribute(rootfs.resolve(path.substring(1)), "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aFileGoesToTheDestinationPathUnlessItEndsInASlash() throws IOException {
        copy("/opt/renamed", "app.txt");
        assertThat(read("/opt/renamed")).isEqualTo("app");
        copy("/opt/dir/", "app.txt");
        assertThat(read("/opt/dir/app.txt")).isEqualTo("app");
        copy("/opt/dir", "notes1.md"); // an existing directory takes the file in
        assertThat(read("/opt/dir/notes1.md")).isEqualTo("1");
    }

    @Test
    void aDirectoryCopiesItsContentsNotItself() throws IOException {
        copy("/app", "src");
        assertThat(read("/app/a.java")).isEqualTo("a");
        assertThat(read("/app/sub/b.java")).isEqualTo("b");
        assertThat(rootfs.resolve("app/src")).doesNotExist();
        copy("/all/", ".");
        assertThat(read("/all/src/sub/b.java")).isEqualTo("b");
    }

    @Test
    void wildcardsAndSeveralSources() throws IOException {
        copy("/docs/", "*.md", "app.txt");
        assertThat(read("/docs/notes1.md")).isEqualTo("1");
        assertThat(read("/docs/notes2.md")).isEqualTo("2");
        assertThat(read("/docs/app.txt")).isEqualTo("app");
        assertThat(SourceTree.context(ctx).resolve("src/*.java")).extracting(CopySource::rel).containsExactly("src/a.java");
        assertThatThrownBy(() -> SourceTree.context(ctx).resolve("*.nothing"))
                .isInstanceOf(LegendsException.class).hasMessage("no source files were specified");
    }

    @Test
    void chownAppliesToFilesAndToTheParentsItCreates() throws IOException {
        Owner app = Owners.resolve("app:staff", rootfs);
        assertThat(app).isEqualTo(new Owner(1000, 50));
        copy("/srv/data/", new Copier.Options(Optional.of(app), OptionalInt.empty(), false), "src");
        assertThat(attr("/srv/data/a.java", "uid")).isEqualTo(1000);
        assertThat(attr("/srv/data/a.java", "gid")).isEqualTo(50);
        assertThat(attr("/srv", "uid")).isEqualTo(1000);
        assertThat(attr("/srv/data/sub", "gid")).isEqualTo(50);
        assertThat(attr("/etc", "uid")).isZero(); // existing parents are left alone
    }

    @Test
    void withoutChownOwnersAreRootAndModesAreKept() throws IOException {
        Files.setAttribute(ctx.resolve("app.txt"), "unix:mode", 0750);
        copy("/bin/app", "app.txt");
        assertThat(attr("/bin/app", "uid")).isZero();
        assertThat(attr("/bin/app", "mode") & 07777).isEqualTo(0750);
    }

    @Test
    void chmodSetsTheModeOfEverythingCopied() throws IOException {
        copy("/x/", new Copier.Options(Optional.empty(), OptionalInt.of(Owners.mode("0604")), false), "src");
        assertThat(attr("/x/a.java", "mode") & 07777).isEqualTo(0604);
        assertThat(attr("/x/sub", "mode") & 07777).isEqualTo(0604);
        assertThatThrownBy(() -> Owners.mode("u+x")).hasMessageContaining("invalid chmod parameter: 'u+x'");
    }

    @Test
    void chownSpecsFollowDocker() {
        assertThat(Owners.resolve("55", rootfs)).isEqualTo(new Owner(55, 55));
        assertThat(Owners.resolve("app", rootfs)).isEqualTo(new Owner(1000, 1000));
        assertThat(Owners.resolve("10:staff", rootfs)).isEqualTo(new Owner(10, 50));
        assertThatThrownBy(() -> Owners.resolve("bob", rootfs)).hasMessage("can't find uid for user bob: no such user: bob");
        assertThatThrownBy(() -> Owners.resolve("a:b:c", rootfs)).hasMessage("invalid chown string format: a:b:c");
    }

    @Test
    void sourcesCannotEscapeTheContext() throws IOException {
        SourceTree tree = SourceTree.context(ctx);
        assertThatThrownBy(() -> tree.resolve("../x")).hasMessage("forbidden path outside the build context: ../x");
        assertThatThrownBy(() -> tree.resolve("src/../../x")).hasMessage("forbidden path outside the build context: src/../../x");
        assertThat(tree.resolve("/app.txt")).extracting(CopySource::rel).containsExactly("app.txt");
        assertThatThrownBy(() -> tree.resolve("missing")).hasMessage(
                "file not found in build context or excluded by .dockerignore: stat missing: file does not exist");
    }

    @Test
    void symlinksThatPointOutOfTheContextAreCopiedAsSymlinks() throws IOException {
        Files.writeString(tmp.resolve("host-secret"), "secret");
        Files.createSymbolicLink(ctx.resolve("out"), Path.of("../host-secret"));
        Files.createSymbolicLink(ctx.resolve("abs"), tmp.resolve("host-secret"));
        Files.createSymbolicLink(ctx.resolve("in"), Path.of("app.txt"));
        copy("/l/", "out", "abs", "in");
        assertThat(Files.isSymbolicLink(rootfs.resolve("l/out"))).isTrue();
        assertThat(Files.readSymbolicLink(rootfs.resolve("l/out"))).isEqualTo(Path.of("../host-secret"));
        assertThat(Files.isSymbolicLink(rootfs.resolve("l/abs"))).isTrue();
        assertThat(Files.isSymbolicLink(rootfs.resolve("l/in"))).isFalse(); // named and inside: copied as its target
        assertThat(read("/l/in")).isEqualTo("app");
    }

    @Test
    void symlinksInTheTargetAreFollowedOnlyInsideIt() throws IOException {
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("usr/bin"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("/../../" + host));
        Files.createSymbolicLink(rootfs.resolve("replaced"), host.resolve("file"));
        copy("/bin/", "app.txt");
        copy("/escape/", "app.txt");
        copy("/replaced", "app.txt");
        assertThat(read("/usr/bin/app.txt")).isEqualTo("app");
        assertThat(host).isEmptyDirectory();
        assertThat(rootfs.resolve(host.toString().substring(1)).resolve("app.txt")).hasContent("app");
        assertThat(Files.isSymbolicLink(rootfs.resolve("replaced"))).isFalse();
        assertThat(read("/replaced")).isEqualTo("app");
    }

    @Test
    void dockerignoreIsHonouredAndAnExceptionReachesIntoAnIgnoredDirectory() throws IOException {
        Files.writeString(ctx.resolve(".dockerignore"), "*.md\nsrc\n!src/sub/b.java\n");
        copy("/c/", ".");
        assertThat(rootfs.resolve("c/notes1.md")).doesNotExist();
        assertThat(rootfs.resolve("c/src/a.java")).doesNotExist();
        assertThat(read("/c/src/sub/b.java")).isEqualTo("b");
        assertThat(read("/c/.dockerignore")).contains("*.md");
        assertThatThrownBy(() -> SourceTree.context(ctx).resolve("notes1.md"))
                .hasMessageContaining("excluded by .dockerignore");
    }

    @Test
    void severalSourcesIntoAFileIsTheCallersToRefuseButAFileOverADirectoryIsRefusedHere() throws IOException {
        Files.createDirectories(rootfs.resolve("d/app.txt"));
        assertThatThrownBy(() -> copy("/d/", "app.txt"))
                .hasMessageContaining("cannot overwrite directory \"/d/app.txt\" with non-directory");
    }

    @Test
    void addExtractsGzipAndXzTarsByContentAndCopiesOtherFiles() throws IOException {
        tar(ctx.resolve("payload.bin"), GzipCompressorOutputStream::new, "hello/world.txt", "from gzip");
        tar(ctx.resolve("other.data"), XZCompressorOutputStream::new, "xz/file.txt", "from xz");
        tar(ctx.resolve("plain.tar"), out -> out, "plain/p.txt", "from tar");
        Files.writeString(ctx.resolve("x.tar.gz"), "not an archive at all");
        Copier.Options add = new Copier.Options(Optional.empty(), OptionalInt.empty(), true);
        copy("/opt/", add, "payload.bin", "other.data", "plain.tar", "x.tar.gz");
        assertThat(read("/opt/hello/world.txt")).isEqualTo("from gzip");
        assertThat(attr("/opt/hello/world.txt", "uid")).isEqualTo(123);
        assertThat(attr("/opt/hello/world.txt", "mode") & 07777).isEqualTo(0640);
        assertThat(read("/opt/xz/file.txt")).isEqualTo("from xz");
        assertThat(read("/opt/plain/p.txt")).isEqualTo("from tar");
        assertThat(read("/opt/x.tar.gz")).isEqualTo("not an archive at all");
        assertThat(rootfs.resolve("opt/payload.bin")).doesNotExist();
        // COPY never extracts
        copy("/copied/", "payload.bin");
        assertThat(rootfs.resolve("copied/payload.bin")).exists();
    }

    @Test
    void archiveEntriesCannotClimbOutOfTheDestination() throws IOException {
        tar(ctx.resolve("evil.tar"), out -> out, "../../../etc/evil", "gotcha");
        copy("/opt/", new Copier.Options(Optional.empty(), OptionalInt.empty(), true), "evil.tar");
        assertThat(read("/opt/etc/evil")).isEqualTo("gotcha");
        assertThat(tmp.resolve("etc")).doesNotExist();
    }

    @Test
    void contentDigestIgnoresTimesButNotBytesOrModes() throws IOException {
        SourceTree tree = SourceTree.context(ctx);
        var before = ContentDigest.of(tree, tree.resolve("src"));
        Files.setLastModifiedTime(ctx.resolve("src/a.java"), FileTime.fromMillis(0));
        assertThat(ContentDigest.of(tree, tree.resolve("src"))).isEqualTo(before);
        Files.writeString(ctx.resolve("src/a.java"), "changed");
        var changed = ContentDigest.of(tree, tree.resolve("src"));
        assertThat(changed).isNotEqualTo(before);
        Files.setAttribute(ctx.resolve("src/a.java"), "unix:mode", 0755);
        assertThat(ContentDigest.of(tree, tree.resolve("src"))).isNotEqualTo(changed);
    }

    private interface Compress {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static void tar(Path file, Compress compress, String name, String text) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream packed = compress.wrap(raw);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(packed)) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0100640);
            e.setIds(123, 456);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
    }
}
