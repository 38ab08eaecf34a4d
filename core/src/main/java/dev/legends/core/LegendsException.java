package dev.legends.core;

/**
 * The one exception type that crosses layers. Its message is the line a user reads; the cause
 * chain goes to the log. Wrapping adds context in front ("pull alpine: manifest: not found").
 */
public class LegendsException extends RuntimeException {
    private final ErrorKind kind;

    public LegendsException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LegendsException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Same kind, with {@code context} put in front of the message. */
    public LegendsException wrap(String context) {
        return new LegendsException(kind, context + ": " + getMessage(), this);
    }

    public static LegendsException notFound(String message) {
        return new LegendsException(ErrorKind.NOT_FOUND, message);
    }

    public static LegendsException invalid(String message) {
        return new LegendsException(ErrorKind.INVALID_ARGUMENT, message);
    }

    public static LegendsException exists(String message) {
        return new LegendsException(ErrorKind.ALREADY_EXISTS, message);
    }

    public static LegendsException precondition(String message) {
        return new LegendsException(ErrorKind.FAILED_PRECONDITION, message);
    }

    public static LegendsException unavailable(String message) {
        return new LegendsException(ErrorKind.UNAVAILABLE, message);
    }

    public static LegendsException internal(String message, Throwable cause) {
        return new LegendsException(ErrorKind.INTERNAL, message, cause);
    }
}
