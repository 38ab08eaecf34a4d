package dev.legends.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstitutionTest {
    private static final Map<String, String> VARS = Map.of("NAME", "app", "EMPTY", "", "PATH", "/usr/bin:/bin",
            "FILE", "archive.tar.gz");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "$NAME                 | app",
        "${NAME}               | app",
        "pre-${NAME}-post      | pre-app-post",
        "$NAME.txt             | app.txt",
        "$UNSET                | ~~",
        "${UNSET:-default}     | default",
        "${EMPTY:-default}     | default",
        "${EMPTY-default}      | ~~",
        "${NAME:-default}      | app",
        "${UNSET-default}      | default",
        "${NAME:+alt}          | alt",
        "${EMPTY:+alt}         | ~~",
        "${EMPTY+alt}          | alt",
        "${UNSET:+alt}         | ~~",
        "${UNSET:-$NAME}       | app",
        "${UNSET:-\"a b\"}     | a b",
        "\\$NAME               | $NAME",
        "\\${NAME}             | ${NAME}",
        "'$NAME'               | $NAME",
        "\"$NAME\"             | app",
        "\"a \\\" b\"          | a \" b",
        "\"\\$NAME\"           | $NAME",
        "\"c:\\dir\"           | c:\\dir",
        "a\\ b                 | a b",
        "$                     | $",
        "[$5]                  | []",
        "${FILE#*.}            | tar.gz",
        "${FILE##*.}           | gz",
        "${FILE%.*}            | archive.tar",
        "${FILE%%.*}           | archive",
        "${PATH}:/opt          | /usr/bin:/bin:/opt",
    })
    void substitutesAsDockerDoes(String word, String expected) {
        assertThat(Substitution.expand(word, VARS, '\\')).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "${NAME          | failed to process \"${NAME\": syntax error: missing '}'",
        "${}             | failed to process \"${}\": syntax error: bad substitution",
        "${NAME:x}       | failed to process \"${NAME:x}\": unsupported modifier (:x) in substitution",
        "${UNSET:?is required} | failed to process \"${UNSET:?is required}\": UNSET: is required",
        "${EMPTY:?}      | failed to process \"${EMPTY:?}\": EMPTY: is not allowed to be empty",
        "'open           | failed to process \"'open\": unexpected end of statement while looking for matching single-quote",
        "\"open          | failed to process \"\"open\": unexpected end of statement while looking for matching double-quote",
    })
    void syntaxErrorsSayWhatIsWrong(String word, String message) {
        assertThatThrownBy(() -> Substitution.expand(word, VARS, '\\'))
                .isInstanceOf(LegendsException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "`$NAME     | $NAME",
        "c:\\$NAME  | c:\\app",
    })
    void theBacktickEscapeReplacesTheBackslash(String word, String expected) {
        assertThat(Substitution.expand(word, VARS, '`')).isEqualTo(expected);
    }
}
