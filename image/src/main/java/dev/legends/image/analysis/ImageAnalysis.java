package dev.legends.image.analysis;

import dev.legends.core.Digest;
import java.util.List;
import java.util.Locale;

/**
 * What {@code legends image analyze} reports, with dive's measures: {@code efficiency} (1.0 when no
 * byte is wasted), {@code wastedBytes} (the cumulative size of every path found in more than one
 * layer), and {@code wastedUserPercent} (wasted bytes over the size of all layers but the first).
 *
 * @param waste every wasting path, largest first
 * @param cause one line on the largest waste and how to avoid it
 */
public record ImageAnalysis(
        String name,
        Digest id,
        List<LayerReport> layers,
        long sizeBytes,
        long userSizeBytes,
        double efficiency,
        long wastedBytes,
        double wastedUserPercent,
        List<Waste> waste,
        String cause) {

    public ImageAnalysis {
        layers = List.copyOf(layers);
        waste = List.copyOf(waste);
    }

    /** The report as the CLI prints it, listing at most {@code top} waste entries. */
    public String render(int top) {
        StringBuilder out = new StringBuilder();
        out.append("Image: ").append(name).append(" (").append(id.shortHex()).append(")\n\n");
        out.append(String.format(Locale.ROOT, "%-5s %-9s %-9s %s%n", "LAYER", "SIZE", "BLOB", "CREATED BY"));
        for (LayerReport l : layers) {
            String by = l.createdBy() == null ? "(missing)" : l.createdBy().strip();
            out.append(String.format(Locale.ROOT, "%-5d %-9s %-9s %s%n", l.number(), Sizes.human(l.contentSize()),
                    Sizes.human(l.blobSize()), by));
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "Efficiency:          %2.4f %%%n", efficiency * 100));
        out.append(String.format(Locale.ROOT, "Wasted bytes:        %d bytes (%s)%n", wastedBytes, Sizes.human(wastedBytes)));
        out.append(String.format(Locale.ROOT, "User wasted percent: %2.4f %%%n", wastedUserPercent * 100));
        List<Waste> shown = waste.stream().filter(w -> w.size() > 0).limit(top).toList();
        if (!shown.isEmpty()) {
            out.append('\n').append(String.format(Locale.ROOT, "%-6s %-10s %s%n", "COUNT", "WASTED", "PATH"));
            for (Waste w : shown) {
                out.append(String.format(Locale.ROOT, "%-6d %-10s %s%n", w.occurrences().size(), Sizes.human(w.size()), w.path()));
            }
        }
        out.append('\n').append("Cause: ").append(cause).append('\n');
        return out.toString();
    }
}
