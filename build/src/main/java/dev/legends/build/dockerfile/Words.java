package dev.legends.build.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.legends.core.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ways instruction arguments are split into words, after buildkit's line parsers. */
final class Words {
    // Go's json.Unmarshal refuses anything after the array; Jackson would ignore it.
    private static final ObjectReader STRICT = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Words() {}

    /** Splits on whitespace. */
    static List<String> whitespace(String rest) {
        String t = rest.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("[\\t\\u000B\\f\\r ]+"));
    }

    /**
     * Splits on whitespace outside quotes, keeping quotes and escapes in the words: substitution
     * removes them later. A quoted empty string is a word.
     */
    static List<String> quoted(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        char quote = 0;
        int n = rest.length();
        for (int i = 0; i < n; i++) {
            char ch = rest.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == escape && quote != '\'') {
                    if (i + 1 == n) {
                        continue;
                    }
                    word.append(ch);
                    ch = rest.charAt(++i);
                }
                word.append(ch);
                continue;
            }
            if (Character.isWhitespace(ch)) {
                if (inWord && (blankOk || !word.isEmpty())) {
                    words.add(word.toString());
                }
                word.setLength(0);
                inWord = false;
                blankOk = false;
                continue;
            }
            inWord = true;
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
            } else if (ch == escape) {
                if (i + 1 == n) {
                    continue; // an escape at the end of the line is dropped
                }
                word.append(ch);
                ch = rest.charAt(++i);
            }
            word.append(ch);
        }
        if (inWord && (blankOk || !word.isEmpty())) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The JSON array form ({@code ["a", "b"]}) if {@code rest} is one; empty if it is not JSON,
     * which makes it the shell form. A JSON array of anything but strings is an error.
     */
    static Optional<List<String>> jsonArray(String rest, Origin at) {
        String t = LineReader.stripLeading(rest);
        if (!t.startsWith("[")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = STRICT.readTree(t);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isTextual()) {
                throw at.error("when using JSON array syntax, arrays must be comprised of strings only");
            }
            out.add(e.textValue());
        }
        return Optional.of(List.copyOf(out));
    }
}
