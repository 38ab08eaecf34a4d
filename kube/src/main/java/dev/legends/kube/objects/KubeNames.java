package dev.legends.kube.objects;

import dev.legends.core.LegendsException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How Legends names and labels what it puts on a cluster: one Deployment and one Service
 * {@code <app>-r<rev>} per revision, a stable Service {@code <app>}, labels that say which app and
 * revision a Pod belongs to. Every adapter reads objects back by these names, so they live in one place.
 */
public final class KubeNames {
    public static final String APP_LABEL = "app.kubernetes.io/name";
    public static final String REVISION_LABEL = "legends.dev/revision";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "legends";
    /** The port every Legends Service listens on; it targets the container's HTTP port. */
    public static final int SERVICE_PORT = 80;

    // Service names are DNS-1035 labels (<= 63, start with a letter); "-r" plus a revision must fit too.
    private static final Pattern APP = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_APP = 50;
    private static final Pattern REVISION_SUFFIX = Pattern.compile(".*-r\\d+");

    private KubeNames() {
    }

    /** The app name, or an invalid-argument error naming why Kubernetes would refuse it. */
    public static String checkApp(String app) {
        if (app == null || !APP.matcher(app).matches() || app.length() > MAX_APP) {
            throw LegendsException.invalid("app name " + (app == null ? "null" : "'" + app + "'")
                    + " cannot name Kubernetes objects: use lower-case letters, digits and '-', start with a letter, at most "
                    + MAX_APP + " characters");
        }
        if (REVISION_SUFFIX.matcher(app).matches()) {
            throw LegendsException.invalid("app name '" + app + "' ends like a revision's objects (<app>-r<n>) and would collide with them");
        }
        return app;
    }

    /** Deployment, per-revision Service and HorizontalPodAutoscaler of one revision. */
    public static String revisionName(String app, int revision) {
        return checkApp(app) + "-r" + revision;
    }

    /** The stable Service and the HTTPRoute / Ingress of an app. */
    public static String appName(String app) {
        return checkApp(app);
    }

    public static Map<String, String> appSelector(String app) {
        return Map.of(APP_LABEL, app);
    }

    public static Map<String, String> revisionSelector(String app, int revision) {
        return Map.of(APP_LABEL, app, REVISION_LABEL, Integer.toString(revision));
    }

    public static Map<String, String> labels(String app, int revision) {
        return Map.of(APP_LABEL, app, REVISION_LABEL, Integer.toString(revision), MANAGED_BY_LABEL, MANAGED_BY);
    }

    /** The revision a per-revision Service name stands for, or -1 when the name is not one of {@code app}'s. */
    public static int revisionOf(String app, String serviceName) {
        String prefix = app + "-r";
        if (serviceName == null || !serviceName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(serviceName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
