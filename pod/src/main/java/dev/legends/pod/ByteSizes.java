package dev.legends.pod;

import dev.legends.core.LegendsException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as docker's {@code --memory} reads them: a number with an optional binary unit b, k, m, g, t. */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmgt]?)b?", Pattern.CASE_INSENSITIVE);

    private ByteSizes() {}

    public static long parse(String s) {
        Matcher m = s == null ? null : SIZE.matcher(s.strip());
        if (m == null || !m.matches()) {
            throw LegendsException.invalid("invalid size " + s + ": expected a number with an optional unit (b, k, m, g), e.g. 64m");
        }
        double n = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return (long) (n * (1L << shift));
    }
}
