package dev.legends.workload;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's pods have no labels, so an app's pod carries its app, revision and ordinal in its
 * name: {@code web-r3-0}. Names are unique in the engine, so a controller that died half-way
 * through a create and tries again finds the pod instead of making a second one; ordinals make
 * the count exact (slot i of N is there or it is not).
 */
record PodNames(String app, int revision, int ordinal) {
    private static final Pattern NAME = Pattern.compile("(.+)-r([0-9]{1,9})-([0-9]{1,4})");
    static final String APP_CONTAINER = "-app";

    static Optional<PodNames> parse(String podName) {
        Matcher m = NAME.matcher(podName);
        return m.matches() ? Optional.of(new PodNames(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))))
                : Optional.empty();
    }

    String pod() {
        return app + "-r" + revision + "-" + ordinal;
    }

    /** The app container's name in the engine (containers and pods share one namespace of names). */
    String container() {
        return pod() + APP_CONTAINER;
    }
}
