package dev.legends.build;

import dev.legends.build.dockerfile.Origin;
import dev.legends.build.dockerfile.Substitution;
import dev.legends.core.LegendsException;
import java.util.Map;

/** Substitution for one instruction, with its errors put on the instruction's line. */
record Expander(Origin at, Map<String, String> vars, char escape) {

    String word(String raw) {
        try {
            return Substitution.expand(raw, vars, escape);
        } catch (LegendsException e) {
            throw at.wrap("", e);
        }
    }
}
