package dev.legends.release;

/**
 * One line of a release's timeline.
 *
 * @param weights the route as applied at that moment ("stable 900, canary 100"), or null
 */
public record TimelineEntry(long timeMs, int step, String phase, String weights, String message) {
    static TimelineEntry of(long timeMs, String weights, String message) {
        return new TimelineEntry(timeMs, 0, "", weights, message);
    }
}
