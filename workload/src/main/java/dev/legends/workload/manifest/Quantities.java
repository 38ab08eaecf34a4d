package dev.legends.workload.manifest;

import dev.legends.core.LegendsException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes' resource quantities, the two kinds a manifest uses: CPU ("250m", "0.5") and bytes ("64Mi", "1G"). */
final class Quantities {
    private static final Pattern CPU = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m?)");
    private static final Pattern BYTES = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?");
    private static final Map<String, Long> UNITS = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40,
            "k", 1000L, "K", 1000L, "M", 1000_000L, "G", 1000_000_000L, "T", 1000_000_000_000L);

    private Quantities() {}

    static int cpuMillis(String s) {
        Matcher m = CPU.matcher(s.strip());
        if (!m.matches()) {
            throw LegendsException.invalid("not a CPU quantity: " + s + " (use cores, \"0.5\", or millicores, \"500m\")");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        return (m.group(2).isEmpty() ? v.movePointRight(3) : v).setScale(0, java.math.RoundingMode.CEILING).intValueExact();
    }

    static long bytes(String s) {
        Matcher m = BYTES.matcher(s.strip());
        if (!m.matches()) {
            throw LegendsException.invalid("not a memory quantity: " + s + " (use bytes or a suffix: 64Mi, 1Gi, 500M)");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        long unit = m.group(2) == null ? 1 : UNITS.get(m.group(2));
        return v.multiply(BigDecimal.valueOf(unit)).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
