package dev.legends.core;

/**
 * The few kinds of failure every layer shares (after containerd's errdefs). A kind decides the
 * HTTP status the API answers with and the CLI's exit code; the message carries the context.
 */
public enum ErrorKind {
    INVALID_ARGUMENT(400),
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    FAILED_PRECONDITION(412),
    UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The kind an API error status maps back to, so a client rethrows what the server threw. */
    public static ErrorKind fromHttpStatus(int status) {
        for (ErrorKind k : values()) {
            if (k.httpStatus == status) {
                return k;
            }
        }
        return status >= 500 ? INTERNAL : INVALID_ARGUMENT;
    }
}
