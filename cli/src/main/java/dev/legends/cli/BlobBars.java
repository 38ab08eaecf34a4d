package dev.legends.cli;

import dev.legends.core.Json;
import dev.legends.server.api.RegistryRequests;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A progress bar per blob for pull and push. On a terminal the bars are redrawn in place (ANSI
 * cursor-up); elsewhere only changes of state are printed, one line each, so logs stay readable.
 */
final class BlobBars implements Consumer<String> {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean tty;
    private final Map<String, RegistryRequests.Blob> blobs = new LinkedHashMap<>();
    private int drawn;

    BlobBars(PrintWriter err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    @Override
    public void accept(String line) {
        RegistryRequests.Blob b = Json.read(line.getBytes(StandardCharsets.UTF_8), RegistryRequests.Blob.class);
        RegistryRequests.Blob before = blobs.put(b.id(), b);
        if (tty) {
            redraw();
        } else if (before == null || !before.state().equals(b.state())) {
            err.println(render(b));
            err.flush();
        }
    }

    private void redraw() {
        if (drawn > 0) {
            err.print("\033[" + drawn + "A");
        }
        for (RegistryRequests.Blob b : blobs.values()) {
            err.print("\033[2K" + render(b) + "\n");
        }
        drawn = blobs.size();
        err.flush();
    }

    static String render(RegistryRequests.Blob b) {
        String state = b.state().charAt(0) + b.state().substring(1).toLowerCase(java.util.Locale.ROOT);
        if (!b.state().equals("DOWNLOADING") && !b.state().equals("UPLOADING")) {
            return b.id() + ": " + state + (b.total() > 0 ? " " + Units.size(b.total()) : "");
        }
        int filled = b.total() <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * b.done() / b.total());
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
        return b.id() + ": " + state + " [" + bar + "] " + Units.size(b.done()) + "/" + Units.size(b.total());
    }
}
