package dev.legends.linux;

import dev.legends.core.ErrorKind;

/**
 * The errno values Legends meets, with the text strerror(3) gives (lower case, as it reads inside
 * a longer message). A table rather than a call to strerror: the latter is not thread safe on
 * every libc, and the few dozen values a container engine sees fit on one screen.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;
    public static final int EDQUOT = 122;

    private Errno() {}

    /** "no such file or directory (ENOENT)"; unknown values read "errno 123". */
    public static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM)";
            case ENOENT -> "no such file or directory (ENOENT)";
            case EINTR -> "interrupted system call (EINTR)";
            case EIO -> "input/output error (EIO)";
            case EBADF -> "bad file descriptor (EBADF)";
            case EAGAIN -> "resource temporarily unavailable (EAGAIN)";
            case ENOMEM -> "cannot allocate memory (ENOMEM)";
            case EACCES -> "permission denied (EACCES)";
            case EBUSY -> "device or resource busy (EBUSY)";
            case EEXIST -> "file exists (EEXIST)";
            case EXDEV -> "invalid cross-device link (EXDEV)";
            case ENODEV -> "no such device (ENODEV)";
            case ENOTDIR -> "not a directory (ENOTDIR)";
            case EISDIR -> "is a directory (EISDIR)";
            case EINVAL -> "invalid argument (EINVAL)";
            case ENOSPC -> "no space left on device (ENOSPC)";
            case EROFS -> "read-only file system (EROFS)";
            case EMLINK -> "too many links (EMLINK)";
            case ERANGE -> "numerical result out of range (ERANGE)";
            case ENAMETOOLONG -> "file name too long (ENAMETOOLONG)";
            case ENOSYS -> "function not implemented (ENOSYS)";
            case ENOTEMPTY -> "directory not empty (ENOTEMPTY)";
            case ELOOP -> "too many levels of symbolic links (ELOOP)";
            case ENODATA -> "no data available (ENODATA)";
            case EOPNOTSUPP -> "operation not supported (EOPNOTSUPP)";
            case EDQUOT -> "disk quota exceeded (EDQUOT)";
            default -> "errno " + errno;
        };
    }

    /** The shared error kind a failed call maps to, so the API answers with a fitting status. */
    public static ErrorKind kind(int errno) {
        return switch (errno) {
            case ENOENT, ENODATA -> ErrorKind.NOT_FOUND;
            case EEXIST -> ErrorKind.ALREADY_EXISTS;
            case EINVAL, ENAMETOOLONG, ELOOP, ERANGE -> ErrorKind.INVALID_ARGUMENT;
            case EPERM, EACCES, EBUSY, ENOTDIR, EISDIR, ENOTEMPTY, EROFS, EXDEV, EOPNOTSUPP, ENODEV ->
                    ErrorKind.FAILED_PRECONDITION;
            case ENOSPC, EDQUOT, EAGAIN, ENOMEM -> ErrorKind.UNAVAILABLE;
            default -> ErrorKind.INTERNAL;
        };
    }
}
