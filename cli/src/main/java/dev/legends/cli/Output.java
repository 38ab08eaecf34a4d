package dev.legends.cli;

import dev.legends.core.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The -o option of listing commands: an aligned table for people, JSON or YAML for scripts. */
public final class Output {
    public enum Format { table, json, yaml }

    @Option(names = {"-o", "--output"}, description = "Output format: ${COMPLETION-CANDIDATES} (default: table)",
            defaultValue = "table")
    Format format;

    /** True for the structured formats: the command prints its value with {@link #printJson}. */
    boolean json() {
        return format == Format.json || format == Format.yaml;
    }

    /** The value as JSON, or as YAML (the same tree, as kubectl -o yaml shows it) when asked for. */
    void printJson(PrintWriter out, Object value) {
        if (format == Format.yaml) {
            try {
                out.print(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(Json.mapper().valueToTree(value)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("YAML output: " + e.getMessage(), e);
            }
        } else {
            out.println(Json.pretty(value));
        }
        out.flush();
    }

    /** Columns padded to their widest cell, separated by three spaces, as docker prints them. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        Table row(Object... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = cells[i] == null ? "" : cells[i].toString();
            }
            rows.add(r);
            return this;
        }

        void print(PrintWriter out) {
            int cols = rows.getFirst().length;
            int[] width = new int[cols];
            for (String[] r : rows) {
                for (int i = 0; i < cols - 1; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < cols; i++) {
                    line.append(r[i]);
                    if (i < cols - 1) {
                        line.append(" ".repeat(width[i] - r[i].length() + 3));
                    }
                }
                out.println(line.toString().stripTrailing());
            }
            out.flush();
        }
    }
}
