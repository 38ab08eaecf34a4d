package dev.legends.linux;

import dev.legends.core.LegendsException;

/**
 * A failed system call: the message names the call, the path and the error ("mknod /x/null:
 * operation not permitted (EPERM)"); {@link #errno()} lets a caller tell EEXIST from the rest.
 */
public final class SyscallException extends LegendsException {
    private final String call;
    private final int errno;

    SyscallException(String call, String subject, int errno) {
        super(Errno.kind(errno), call + " " + subject + ": " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
