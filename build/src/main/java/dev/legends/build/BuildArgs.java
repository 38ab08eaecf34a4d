package dev.legends.build;

import dev.legends.build.dockerfile.Instruction;
import dev.legends.build.dockerfile.Origin;
import dev.legends.build.dockerfile.Substitution;
import dev.legends.core.LegendsException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ARG scoping as docker has it: ARGs before the first FROM (meta args) are visible only to FROM
 * lines, a stage sees an ARG only after declaring it (an {@code ARG NAME} without default takes
 * the meta arg's value), a {@code --build-arg} overrides any default, and build args no ARG
 * declares are reported as unused.
 */
final class BuildArgs {
    private final Map<String, String> given;
    private final char escape;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Set<String> declared = new HashSet<>();

    BuildArgs(Map<String, String> given, List<Instruction.Arg> metaArgs, char escape) {
        this.given = Map.copyOf(given);
        this.escape = escape;
        // buildkit's automatic platform args, usable in FROM and, once declared, in a stage
        String arch = ImageJson.architecture();
        for (String prefix : List.of("TARGET", "BUILD")) {
            meta.put(prefix + "PLATFORM", "linux/" + arch);
            meta.put(prefix + "OS", "linux");
            meta.put(prefix + "ARCH", arch);
            meta.put(prefix + "VARIANT", "");
        }
        for (Instruction.Arg a : metaArgs) {
            for (Instruction.ArgDecl d : a.args()) {
                meta.put(d.name(), value(d, metaVars(), a.origin()));
            }
        }
    }

    /** What FROM lines (and {@code --from}) substitute with. */
    Map<String, String> metaVars() {
        Map<String, String> vars = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (v != null) {
                vars.put(k, v);
            }
        });
        return vars;
    }

    /** Declares {@code d} in a stage whose variables are {@code vars}; returns its value or null. */
    String declare(Instruction.ArgDecl d, Map<String, String> vars, Origin at) {
        String v = value(d, vars, at);
        if (v == null && d.defaultValue().isEmpty() && meta.containsKey(d.name())) {
            v = meta.get(d.name());
        }
        return v;
    }

    private String value(Instruction.ArgDecl d, Map<String, String> vars, Origin at) {
        declared.add(d.name());
        if (given.containsKey(d.name())) {
            return given.get(d.name());
        }
        if (d.defaultValue().isEmpty()) {
            return null;
        }
        try {
            return Substitution.expand(d.defaultValue().get(), vars, escape);
        } catch (LegendsException e) {
            throw at.wrap("", e);
        }
    }

    /** Marks the ARGs a stage declares, before it builds, so unused-arg warnings are known early. */
    void noteDeclared(String name) {
        declared.add(name);
    }

    /** Build args that no ARG of the built stages (or before the first FROM) declares. */
    Set<String> unused() {
        Set<String> out = new TreeSet<>(given.keySet());
        out.removeAll(declared);
        return out;
    }
}
