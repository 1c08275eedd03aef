package io.reactivenet.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Linux errno numbers and the codes Node reports for them ({@code err.code}).
 *
 * <p>Source: the Linux uapi headers {@code include/uapi/asm-generic/errno-base.h} (1–34) and
 * {@code errno.h} (35–133), the numbering of x86, ARM and RISC-V (Alpha, MIPS, PA-RISC and SPARC
 * number differently; no native transport of ours runs there). Only the errnos libuv maps to a
 * name are listed (Node's {@code util.getSystemErrorMap()}); Node reports any other errno as an
 * unknown error. Where two names share a number, the one Node prints is kept ({@code EAGAIN}, not
 * {@code EWOULDBLOCK}; {@code ENOTSUP}, not {@code EOPNOTSUPP}). {@code ErrnoTest} checks the table
 * against a real {@code node}.
 *
 * <p>Only Netty's native transport (epoll, Linux) hands us errno numbers; the JDK's NIO does not.
 * Immutable, thread-safe.
 */
public final class Errno {

    private static final String[] NAMES = new String[134];

    static {
        put(1, "EPERM");
        put(2, "ENOENT");
        put(3, "ESRCH");
        put(4, "EINTR");
        put(5, "EIO");
        put(6, "ENXIO");
        put(7, "E2BIG");
        put(9, "EBADF");
        put(11, "EAGAIN");
        put(12, "ENOMEM");
        put(13, "EACCES");
        put(14, "EFAULT");
        put(16, "EBUSY");
        put(17, "EEXIST");
        put(18, "EXDEV");
        put(19, "ENODEV");
        put(20, "ENOTDIR");
        put(21, "EISDIR");
        put(22, "EINVAL");
        put(23, "ENFILE");
        put(24, "EMFILE");
        put(25, "ENOTTY");
        put(26, "ETXTBSY");
        put(27, "EFBIG");
        put(28, "ENOSPC");
        put(29, "ESPIPE");
        put(30, "EROFS");
        put(31, "EMLINK");
        put(32, "EPIPE");
        put(34, "ERANGE");
        put(36, "ENAMETOOLONG");
        put(38, "ENOSYS");
        put(39, "ENOTEMPTY");
        put(40, "ELOOP");
        put(49, "EUNATCH");
        put(61, "ENODATA");
        put(64, "ENONET");
        put(71, "EPROTO");
        put(75, "EOVERFLOW");
        put(84, "EILSEQ");
        put(88, "ENOTSOCK");
        put(89, "EDESTADDRREQ");
        put(90, "EMSGSIZE");
        put(91, "EPROTOTYPE");
        put(92, "ENOPROTOOPT");
        put(93, "EPROTONOSUPPORT");
        put(94, "ESOCKTNOSUPPORT");
        put(95, "ENOTSUP");
        put(97, "EAFNOSUPPORT");
        put(98, "EADDRINUSE");
        put(99, "EADDRNOTAVAIL");
        put(100, "ENETDOWN");
        put(101, "ENETUNREACH");
        put(103, "ECONNABORTED");
        put(104, "ECONNRESET");
        put(105, "ENOBUFS");
        put(106, "EISCONN");
        put(107, "ENOTCONN");
        put(108, "ESHUTDOWN");
        put(110, "ETIMEDOUT");
        put(111, "ECONNREFUSED");
        put(112, "EHOSTDOWN");
        put(113, "EHOSTUNREACH");
        put(114, "EALREADY");
        put(121, "EREMOTEIO");
        put(125, "ECANCELED");
    }

    private Errno() {
    }

    private static void put(int errno, String name) {
        NAMES[errno] = name;
    }

    /** Node's code for a (positive) Linux errno, or null when Node has no name for it. */
    public static @Nullable String name(int errno) {
        return errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
    }

    /** Every errno that has a name, ascending. */
    public static int[] numbers() {
        return java.util.stream.IntStream.range(1, NAMES.length).filter(i -> NAMES[i] != null).toArray();
    }

    /** The errno Node names {@code name}, or -1. */
    public static int number(String name) {
        return Arrays.asList(NAMES).indexOf(name);
    }
}
