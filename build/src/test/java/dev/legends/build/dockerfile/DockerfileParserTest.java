package dev.legends.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.build.dockerfile.Command.ExecForm;
import dev.legends.build.dockerfile.Command.ShellForm;
import dev.legends.build.dockerfile.Instruction.ArgDecl;
import dev.legends.build.dockerfile.Instruction.KeyValue;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerfileParserTest {

    private static Dockerfile parse(String text) {
        return Dockerfile.parse("Dockerfile", text);
    }

    private static List<Instruction> body(String text) {
        return parse("FROM scratch\n" + text).stages().getFirst().body();
    }

    private static Instruction one(String line) {
        return body(line).getFirst();
    }

    @Test
    void fromTakesAPlatformAndAStageName() {
        Dockerfile df = parse("FROM --platform=linux/amd64 golang:1.22 AS Build\nRUN make\nfrom build\n");
        assertThat(df.stages()).hasSize(2);
        Instruction.From f = df.stages().getFirst().from();
        assertThat(f.image()).isEqualTo("golang:1.22");
        assertThat(f.stageName()).contains("build");
        assertThat(f.platform()).contains("linux/amd64");
        assertThat(df.stages().get(1).from().image()).isEqualTo("build");
        assertThat(df.stage("BUILD")).isPresent();
        assertThat(df.stages().getFirst().steps()).isEqualTo(2);
    }

    @Test
    void runHasAShellFormAndAnExecForm() {
        assertThat(((Instruction.Run) one("RUN apt-get update && make")).command())
                .isEqualTo(new ShellForm("apt-get update && make"));
        assertThat(((Instruction.Run) one("run [\"make\", \"all\"]")).command())
                .isEqualTo(new ExecForm(List.of("make", "all")));
        Instruction.Run r = (Instruction.Run) one("RUN --mount=type=cache,target=/root --network=none make");
        assertThat(r.mounts()).containsExactly("type=cache,target=/root");
        assertThat(r.network()).contains("none");
        assertThat(r.command()).isEqualTo(new ShellForm("make"));
    }

    @Test
    void anArrayThatIsNotValidJsonIsTheShellForm() {
        assertThat(((Instruction.Run) one("RUN [\"a\", ]")).command()).isEqualTo(new ShellForm("[\"a\", ]"));
        assertThat(((Instruction.Cmd) one("CMD ['single']")).command()).isEqualTo(new ShellForm("['single']"));
        assertThat(((Instruction.Cmd) one("CMD [\"a\"] tail")).command()).isEqualTo(new ShellForm("[\"a\"] tail"));
    }

    @Test
    void copyAndAddTakeFlagsAndTheJsonForm() {
        Instruction.Copy c = (Instruction.Copy) one("COPY --from=build --chown=app:app --chmod=0644 --link a b /dst/");
        assertThat(c.sources()).containsExactly("a", "b");
        assertThat(c.dest()).isEqualTo("/dst/");
        assertThat(c.from()).contains("build");
        assertThat(c.chown()).contains("app:app");
        assertThat(c.chmod()).contains("0644");
        assertThat(c.link()).isTrue();
        Instruction.Copy json = (Instruction.Copy) one("COPY [\"my file.txt\", \"/opt/my dir/\"]");
        assertThat(json.sources()).containsExactly("my file.txt");
        assertThat(json.dest()).isEqualTo("/opt/my dir/");
        Instruction.Add a = (Instruction.Add) one("ADD --chown=1:2 app.tar.gz /opt/");
        assertThat(a.sources()).containsExactly("app.tar.gz");
        assertThat(a.chown()).contains("1:2");
        assertThat(((Instruction.Add) one("ADD [\"a b.tar\", \"/x/\"]")).sources()).containsExactly("a b.tar");
    }

    @Test
    void envHasTheKeyValueFormAndTheLegacyForm() {
        Instruction.Env e = (Instruction.Env) one("ENV A=1 B=\"two words\" C=three\\ four D=");
        assertThat(e.pairs()).containsExactly(new KeyValue("A", "1"), new KeyValue("B", "\"two words\""),
                new KeyValue("C", "three\\ four"), new KeyValue("D", ""));
        Instruction.Env legacy = (Instruction.Env) one("ENV GREETING hello big   world");
        assertThat(legacy.pairs()).containsExactly(new KeyValue("GREETING", "hello big   world"));
    }

    @Test
    void labelHasBothFormsToo() {
        Instruction.Label l = (Instruction.Label) one("LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0");
        assertThat(l.pairs()).containsExactly(new KeyValue("\"com.example.vendor\"", "\"ACME Inc\""), new KeyValue("version", "1.0"));
        assertThat(((Instruction.Label) one("LABEL maintainer someone@example.com")).pairs())
                .containsExactly(new KeyValue("maintainer", "someone@example.com"));
    }

    @Test
    void argsBeforeTheFirstFromAreMetaArgs() {
        Dockerfile df = parse("ARG VERSION=1.0 OTHER\nFROM base:${VERSION}\nARG VERSION\nARG A=\"x y\"");
        assertThat(df.metaArgs()).hasSize(1);
        assertThat(df.metaArgs().getFirst().args()).containsExactly(new ArgDecl("VERSION", Optional.of("1.0")),
                new ArgDecl("OTHER", Optional.empty()));
        List<Instruction> body = df.stages().getFirst().body();
        assertThat(((Instruction.Arg) body.get(0)).args()).containsExactly(new ArgDecl("VERSION", Optional.empty()));
        assertThat(((Instruction.Arg) body.get(1)).args()).containsExactly(new ArgDecl("A", Optional.of("\"x y\"")));
    }

    @Test
    void singleArgumentInstructionsKeepTheWholeRest() {
        assertThat(((Instruction.Workdir) one("WORKDIR /my app")).path()).isEqualTo("/my app");
        assertThat(((Instruction.User) one("USER app:staff")).user()).isEqualTo("app:staff");
        assertThat(((Instruction.StopSignal) one("STOPSIGNAL SIGQUIT")).signal()).isEqualTo("SIGQUIT");
        assertThat(((Instruction.Maintainer) one("MAINTAINER Jane <jane@example.com>")).name()).isEqualTo("Jane <jane@example.com>");
    }

    @Test
    void exposeAndVolumeTakeLists() {
        assertThat(((Instruction.Expose) one("EXPOSE 80 443/tcp 53/udp")).ports()).containsExactly("80", "443/tcp", "53/udp");
        assertThat(((Instruction.Volume) one("VOLUME /data /logs")).paths()).containsExactly("/data", "/logs");
        assertThat(((Instruction.Volume) one("VOLUME [\"/my data\"]")).paths()).containsExactly("/my data");
    }

    @Test
    void entrypointAndCmdHaveBothForms() {
        assertThat(((Instruction.Entrypoint) one("ENTRYPOINT [\"/bin/app\", \"--serve\"]")).command())
                .isEqualTo(new ExecForm(List.of("/bin/app", "--serve")));
        assertThat(((Instruction.Entrypoint) one("ENTRYPOINT exec app")).command()).isEqualTo(new ShellForm("exec app"));
        assertThat(((Instruction.Cmd) one("CMD [\"sh\"]")).command()).isEqualTo(new ExecForm(List.of("sh")));
        assertThat(((Instruction.Cmd) one("CMD echo $HOME")).command()).isEqualTo(new ShellForm("echo $HOME"));
        assertThat(((Instruction.Cmd) one("CMD []")).command()).isEqualTo(new ExecForm(List.of()));
    }

    @Test
    void shellTakesOnlyTheJsonForm() {
        assertThat(((Instruction.Shell) one("SHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]")).shell())
                .containsExactly("/bin/bash", "-eo", "pipefail", "-c");
    }

    @Test
    void healthcheckIsNoneOrOptionsAndACommand() {
        Instruction.Healthcheck none = (Instruction.Healthcheck) one("HEALTHCHECK NONE");
        assertThat(none.none()).isTrue();
        Instruction.Healthcheck h = (Instruction.Healthcheck) one(
                "HEALTHCHECK --interval=1m30s --timeout=3s --start-period=500ms --retries=4 CMD curl -f http://localhost/");
        assertThat(h.command()).contains(new ShellForm("curl -f http://localhost/"));
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(h.startPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(h.retries()).isEqualTo(4);
        assertThat(((Instruction.Healthcheck) one("HEALTHCHECK CMD [\"/bin/check\"]")).command())
                .contains(new ExecForm(List.of("/bin/check")));
    }

    @Test
    void onbuildStoresItsTrigger() {
        Instruction.OnBuild o = (Instruction.OnBuild) one("ONBUILD COPY --chown=app . /src/");
        assertThat(o.expression()).isEqualTo("COPY --chown=app . /src/");
        assertThat(o.trigger()).isInstanceOf(Instruction.Copy.class);
        assertThat(((Instruction.Copy) o.trigger()).chown()).contains("app");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(body("copy a b\nEnV A=1\nworkDir /x")).extracting(Instruction::keyword)
                .containsExactly("COPY", "ENV", "WORKDIR");
    }

    @Test
    void continuationsJoinLinesKeepingTheirIndentation() {
        List<Instruction> b = body("RUN apt-get update && \\\n    apt-get install -y curl\nENV A=1 \\\n  B=2\n");
        assertThat(((Instruction.Run) b.get(0)).command()).isEqualTo(new ShellForm("apt-get update &&     apt-get install -y curl"));
        assertThat(((Instruction.Env) b.get(1)).pairs()).containsExactly(new KeyValue("A", "1"), new KeyValue("B", "2"));
        assertThat(b.get(0).origin().line()).isEqualTo(2);
        assertThat(b.get(1).origin().line()).isEqualTo(4);
    }

    @Test
    void commentsAndEmptyLinesInsideAContinuationAreSkipped() {
        Dockerfile df = parse("FROM scratch\nRUN echo a \\\n# a comment\n  # an indented one\n\n    && echo b\nUSER x\n");
        List<Instruction> b = df.stages().getFirst().body();
        assertThat(((Instruction.Run) b.get(0)).command()).isEqualTo(new ShellForm("echo a     && echo b"));
        assertThat(b.get(1).origin().line()).isEqualTo(7);
        assertThat(df.warnings()).singleElement().asString().startsWith("Dockerfile:2: empty continuation line");
    }

    @Test
    void aHashInsideAnInstructionIsNotAComment() {
        assertThat(((Instruction.Run) one("RUN echo hi # not a comment")).command()).isEqualTo(new ShellForm("echo hi # not a comment"));
    }

    @Test
    void theEscapeDirectiveMakesTheBacktickTheEscapeCharacter() {
        Dockerfile df = parse("# escape=`\n# syntax=docker/dockerfile:1\nFROM scratch\nCOPY testfile.txt c:\\\nRUN dir c:\\ `\n    && echo done\n");
        assertThat(df.escape()).isEqualTo('`');
        assertThat(df.syntax()).contains("docker/dockerfile:1");
        List<Instruction> b = df.stages().getFirst().body();
        assertThat(((Instruction.Copy) b.get(0)).dest()).isEqualTo("c:\\");
        assertThat(((Instruction.Run) b.get(1)).command()).isEqualTo(new ShellForm("dir c:\\     && echo done"));
    }

    @Test
    void directivesCountOnlyAtTheTop() {
        assertThat(parse("# a comment\n# escape=`\nFROM scratch").escape()).isEqualTo('\\');
        assertThat(parse("\n# escape=`\nFROM scratch").escape()).isEqualTo('\\');
        assertThat(parse("#  ESCAPE = `\nFROM scratch").escape()).isEqualTo('`');
        assertThat(parse("# unknown=x\n# escape=`\nFROM scratch").escape()).isEqualTo('\\');
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "FROM scratch\\nRUNN make                      | Dockerfile:2: unknown instruction: RUNN",
        "RUN echo hi                                   | Dockerfile:1: no build stage in current context: RUN must come after a FROM",
        "FROM a b                                      | Dockerfile:1: FROM requires either one or three arguments",
        "FROM a AS 1x                                  | Dockerfile:1: invalid name for build stage: \"1x\", name can't start with a number or contain symbols",
        "FROM a AS x\\nFROM b AS X                     | Dockerfile:2: duplicate stage name \"x\"",
        "FROM scratch\\nCOPY onlyone                   | Dockerfile:2: COPY requires at least two arguments, but only one was provided. Destination could not be determined",
        "FROM scratch\\nCOPY --frm=x a b               | Dockerfile:2: unknown flag: frm",
        "FROM scratch\\nCOPY --chown a b               | Dockerfile:2: missing a value on flag: chown",
        "FROM scratch\\nCOPY --from=a --from=b x y     | Dockerfile:2: duplicate flag specified: from",
        "FROM scratch\\nCMD --help                     | Dockerfile:2: unknown flag: help",
        "FROM scratch\\nENV                            | Dockerfile:2: ENV requires at least one argument",
        "FROM scratch\\nENV ONLYKEY                    | Dockerfile:2: ENV must have two arguments",
        "FROM scratch\\nENV A=1 B                      | Dockerfile:2: Syntax error - can't find = in \"B\". Must be of the form: name=value",
        "FROM scratch\\nARG =x                         | Dockerfile:2: ARG names can not be blank",
        "FROM scratch\\nWORKDIR                        | Dockerfile:2: WORKDIR requires exactly one argument",
        "FROM scratch\\nEXPOSE                         | Dockerfile:2: EXPOSE requires at least one argument",
        "FROM scratch\\nRUN                            | Dockerfile:2: RUN requires at least one argument",
        "FROM scratch\\nRUN [1, 2]                     | Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only",
        "FROM scratch\\nSHELL /bin/bash -c             | Dockerfile:2: SHELL requires the arguments to be in JSON form",
        "FROM scratch\\nVOLUME [\"\"]                  | Dockerfile:2: VOLUME specified can not be an empty string",
        "FROM scratch\\nHEALTHCHECK NONE x             | Dockerfile:2: HEALTHCHECK NONE takes no arguments",
        "FROM scratch\\nHEALTHCHECK PING x             | Dockerfile:2: Unknown type \"PING\" in HEALTHCHECK (try CMD)",
        "FROM scratch\\nHEALTHCHECK --interval=0.5ms CMD true | Dockerfile:2: Interval \"interval\" cannot be less than 1ms",
        "FROM scratch\\nHEALTHCHECK --timeout=5 CMD true | Dockerfile:2: time: missing unit in duration \"5\"",
        "FROM scratch\\nHEALTHCHECK --retries=-1 CMD true | Dockerfile:2: --retries cannot be negative (-1)",
        "FROM scratch\\nONBUILD ONBUILD RUN x          | Dockerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        "FROM scratch\\nONBUILD FROM x                 | Dockerfile:2: FROM isn't allowed as an ONBUILD trigger",
        "# escape=x\\nFROM scratch                     | Dockerfile:1: invalid escape token 'x' does not match ` or \\",
        "# escape=`\\n# escape=\\\\\\nFROM scratch     | Dockerfile:2: only one escape parser directive can be used",
        "# only a comment\\n\\n                        | Dockerfile: file with no instructions",
        "ARG A=1                                       | Dockerfile: no build stage in current context: the file has no FROM",
    })
    void malformedInputsFailWithOneLineNamingFileAndLine(String text, String message) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
                .isInstanceOf(LegendsException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void theLineOfAnErrorInAContinuationIsWhereTheInstructionStarts() {
        assertThatThrownBy(() -> parse("FROM scratch\n\nRUNN a \\\n  b"))
                .hasMessage("Dockerfile:3: unknown instruction: RUNN");
    }
}
