package dev.legends.kube.objects;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns the API server's answers into Legends' error kinds, keeping its message for the user. */
public final class KubeErrors {
    private KubeErrors() {
    }

    public static LegendsException translate(String what, KubernetesClientException e) {
        int code = e.getCode();
        ErrorKind kind = switch (code) {
            case 400, 422 -> ErrorKind.INVALID_ARGUMENT;
            case 404 -> ErrorKind.NOT_FOUND;
            case 409 -> ErrorKind.ALREADY_EXISTS;
            case 401, 403 -> ErrorKind.FAILED_PRECONDITION;
            default -> ErrorKind.UNAVAILABLE; // 0 or -1: no answer at all; 5xx: the API server is in trouble
        };
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (code <= 0) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            reason = root == e ? reason : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
        }
        String prefix = code <= 0 ? "Kubernetes API unreachable" : "Kubernetes API " + code;
        return new LegendsException(kind, "kubernetes: " + what + ": " + prefix + ": " + firstLine(reason), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
