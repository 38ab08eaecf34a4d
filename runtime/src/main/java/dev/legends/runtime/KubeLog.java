package dev.legends.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads conmon's k8s-file log: one record per line, {@code TIMESTAMP STREAM TAG TEXT}, where TAG
 * is F for a full line and P for a piece of a longer one (or of one without a newline yet).
 * Pieces are joined per stream and stamped with their first piece's time.
 */
final class KubeLog {
    /** Reads from a byte offset; keeps partial records and pieces between calls, for following. */
    static final class Cursor {
        private static final int MAX_READ = 1 << 24;

        private final Path file;
        private long offset;
        private final Map<LogLine.Stream, StringBuilder> pieces = new EnumMap<>(LogLine.Stream.class);
        private final Map<LogLine.Stream, Instant> pieceTimes = new EnumMap<>(LogLine.Stream.class);
        /** Whether the last read stopped at its size limit with more of the file behind it. */
        private boolean more;

        Cursor(Path file) {
            this.file = file;
        }

        /** The complete lines written since the last call. */
        List<LogLine> next() throws IOException {
            List<LogLine> out = new ArrayList<>();
            byte[] chunk;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long len = raf.length();
                if (len < offset) {
                    offset = 0; // truncated by log rotation: start over
                }
                chunk = new byte[(int) Math.min(len - offset, MAX_READ)];
                raf.seek(offset);
                raf.readFully(chunk);
            } catch (java.io.FileNotFoundException e) {
                return out; // not started yet, or deleted
            }
            int start = 0;
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == '\n') {
                    record(new String(chunk, start, i - start, StandardCharsets.UTF_8), out);
                    start = i + 1;
                }
            }
            offset += start; // an unfinished record is read again next time
            more = chunk.length == MAX_READ && start > 0;
            return out;
        }

        /** Whether a read stopped at its size limit ({@value #MAX_READ} bytes): call {@link #next} again for the rest. */
        boolean more() {
            return more;
        }

        /** Pieces still waiting for their end: the last words of a container that exited mid-line. */
        List<LogLine> flush() {
            List<LogLine> out = new ArrayList<>();
            pieces.forEach((stream, sb) -> {
                if (!sb.isEmpty()) {
                    out.add(new LogLine(pieceTimes.remove(stream), stream, sb.toString()));
                    sb.setLength(0);
                }
            });
            return out;
        }

        private void record(String rec, List<LogLine> out) {
            String[] f = rec.split(" ", 4);
            if (f.length < 3) {
                return;
            }
            Instant time;
            try {
                time = OffsetDateTime.parse(f[0]).toInstant();
            } catch (DateTimeParseException e) {
                return;
            }
            LogLine.Stream stream = f[1].equals("stderr") ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
            String text = f.length == 4 ? f[3] : "";
            StringBuilder sb = pieces.computeIfAbsent(stream, s -> new StringBuilder());
            pieceTimes.putIfAbsent(stream, time);
            sb.append(text);
            if (f[2].startsWith("F")) {
                // a terminal ends lines with CR LF; the CR is not part of the text
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                out.add(new LogLine(pieceTimes.remove(stream), stream, sb.substring(0, end)));
                sb.setLength(0);
            }
        }
    }

    private KubeLog() {}

    static List<LogLine> readAll(Path file) {
        try {
            Cursor c = new Cursor(file);
            List<LogLine> lines = new ArrayList<>(c.next());
            while (c.more()) {
                lines.addAll(c.next());
            }
            lines.addAll(c.flush());
            return lines;
        } catch (IOException e) {
            throw dev.legends.core.LegendsException.unavailable("read log " + file + ": " + e.getMessage());
        }
    }
}
