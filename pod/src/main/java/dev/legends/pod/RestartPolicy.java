package dev.legends.pod;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.legends.core.LegendsException;
import java.util.Locale;

/**
 * Docker's restart policies: {@code no}, {@code on-failure[:N]}, {@code always} and
 * {@code unless-stopped}. A container its user stopped is never restarted by the supervisor;
 * {@code always} differs from {@code unless-stopped} only in that a daemon restart brings such a
 * container back.
 *
 * @param maxRetries for on-failure, the most restarts in a row (0: no limit)
 */
public record RestartPolicy(Mode mode, int maxRetries) {
    public enum Mode { NO, ON_FAILURE, ALWAYS, UNLESS_STOPPED }

    public static final RestartPolicy NO = new RestartPolicy(Mode.NO, 0);

    public RestartPolicy {
        if (maxRetries < 0) {
            throw LegendsException.invalid("restart policy: maximum retry count cannot be negative");
        }
        if (maxRetries > 0 && mode != Mode.ON_FAILURE) {
            throw LegendsException.invalid("restart policy: maximum retry count cannot be used with " + name(mode));
        }
    }

    @JsonCreator
    public static RestartPolicy parse(String s) {
        if (s == null || s.isBlank()) {
            return NO;
        }
        String[] p = s.strip().split(":", -1);
        Mode mode = switch (p[0].toLowerCase(Locale.ROOT)) {
            case "no" -> Mode.NO;
            case "on-failure" -> Mode.ON_FAILURE;
            case "always" -> Mode.ALWAYS;
            case "unless-stopped" -> Mode.UNLESS_STOPPED;
            default -> throw LegendsException.invalid("invalid restart policy " + s + ": use no, on-failure[:N], always or unless-stopped");
        };
        if (p.length > 2) {
            throw LegendsException.invalid("invalid restart policy " + s);
        }
        int max = 0;
        if (p.length == 2) {
            try {
                max = Integer.parseInt(p[1]);
            } catch (NumberFormatException e) {
                throw LegendsException.invalid("invalid restart policy " + s + ": maximum retry count must be a number");
            }
        }
        return new RestartPolicy(mode, max);
    }

    /** Whether an exit with {@code exitCode}, after {@code restarts} restarts so far, is followed by another. */
    boolean restartsAfter(int exitCode, int restarts) {
        return switch (mode) {
            case NO -> false;
            case ON_FAILURE -> exitCode != 0 && (maxRetries == 0 || restarts < maxRetries);
            case ALWAYS, UNLESS_STOPPED -> true;
        };
    }

    private static String name(Mode m) {
        return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonValue
    @Override
    public String toString() {
        return name(mode) + (maxRetries > 0 ? ":" + maxRetries : "");
    }
}
