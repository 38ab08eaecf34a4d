package dev.legends.build.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

    @Test
    void aPatternMatchesAtItsDepthAndExcludesWhatIsUnderAMatchedDirectory() {
        DockerIgnore ig = DockerIgnore.parse("*.log\nbuild\n/secrets/\n# comment\n\n  tmp  \n");
        assertThat(ig.excluded("a.log")).isTrue();
        assertThat(ig.excluded("sub/a.log")).isFalse();
        assertThat(ig.excluded("build")).isTrue();
        assertThat(ig.excluded("build/out/app.jar")).isTrue();
        assertThat(ig.excluded("secrets/key")).isTrue();
        assertThat(ig.excluded("tmp/x")).isTrue();
        assertThat(ig.excluded("# comment")).isFalse();
        assertThat(ig.excluded("src/Main.java")).isFalse();
    }

    @Test
    void doubleStarSpansDirectories() {
        DockerIgnore ig = DockerIgnore.parse("**/*.log\ndocs/**\n**/node_modules\na/**/z");
        assertThat(ig.excluded("x.log")).isTrue();
        assertThat(ig.excluded("deep/er/x.log")).isTrue();
        assertThat(ig.excluded("docs/a/b.md")).isTrue();
        assertThat(ig.excluded("docs")).isFalse();
        assertThat(ig.excluded("web/node_modules/react/index.js")).isTrue();
        assertThat(ig.excluded("a/z")).isTrue();
        assertThat(ig.excluded("a/b/c/z")).isTrue();
        assertThat(ig.excluded("a/b/c/y")).isFalse();
    }

    @Test
    void exceptionsReincludeAndLaterLinesWin() {
        DockerIgnore ig = DockerIgnore.parse("*.md\n!README.md\n");
        assertThat(ig.excluded("CHANGES.md")).isTrue();
        assertThat(ig.excluded("README.md")).isFalse();

        DockerIgnore reversed = DockerIgnore.parse("!README.md\n*.md\n");
        assertThat(reversed.excluded("README.md")).isTrue();

        DockerIgnore dir = DockerIgnore.parse("logs\n!logs/keep.txt\n");
        assertThat(dir.excluded("logs/other.txt")).isTrue();
        assertThat(dir.excluded("logs/keep.txt")).isFalse();
        assertThat(dir.mayIncludeUnder("logs")).isTrue();
        assertThat(DockerIgnore.parse("logs").mayIncludeUnder("logs")).isFalse();
    }

    @Test
    void goMatchSyntaxWorks() {
        DockerIgnore ig = DockerIgnore.parse("file?.txt\n[a-c]*.bin\n[^x]y\nweird\\*name");
        assertThat(ig.excluded("file1.txt")).isTrue();
        assertThat(ig.excluded("file10.txt")).isFalse();
        assertThat(ig.excluded("b.bin")).isTrue();
        assertThat(ig.excluded("d.bin")).isFalse();
        assertThat(ig.excluded("ay")).isTrue();
        assertThat(ig.excluded("xy")).isFalse();
        assertThat(ig.excluded("weird*name")).isTrue();
        assertThat(ig.excluded("weirdXname")).isFalse();
    }

    @Test
    void patternsAreCleaned() {
        DockerIgnore ig = DockerIgnore.parse("./a/../b/\n/c//d");
        assertThat(ig.excluded("b/x")).isTrue();
        assertThat(ig.excluded("c/d")).isTrue();
    }
}
