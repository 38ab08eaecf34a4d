package dev.legends.build.dockerfile;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;

/**
 * Where an instruction comes from: the Dockerfile's name, the line it starts on (1-based) and its
 * text with continuations joined, as a user wrote it. Every error about an instruction goes
 * through here, so that each one reads {@code Dockerfile:7: <what went wrong>}.
 */
public record Origin(String file, int line, String text) {

    /** An invalid-argument error naming this file and line. */
    public LegendsException error(String message) {
        return new LegendsException(ErrorKind.INVALID_ARGUMENT, prefix() + message);
    }

    /** {@code cause} (of its own kind) with this file and line and {@code what} put in front. */
    public LegendsException wrap(String what, LegendsException cause) {
        return new LegendsException(cause.kind(), prefix() + what + cause.getMessage(), cause);
    }

    public String prefix() {
        return file + ":" + line + ": ";
    }
}
