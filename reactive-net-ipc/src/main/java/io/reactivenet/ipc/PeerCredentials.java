package io.reactivenet.ipc;

import org.jspecify.annotations.Nullable;

/**
 * Who is at the other end of a Unix domain socket, as the kernel recorded it when the connection
 * was made ({@code SO_PEERCRED}).
 *
 * <p>Node counterpart: none. What is known depends on the transport (see {@link io.reactivenet.Transport}):
 * epoll gives {@code pid}, {@code uid} and {@code gid} (numbers, names null); NIO gives the
 * {@code user} and {@code group} names only (numbers {@link #UNKNOWN}), because the JDK's
 * {@code SO_PEERCRED} returns a {@code UnixDomainPrincipal}.
 *
 * @param pid   the peer's process id, or {@link #UNKNOWN}
 * @param uid   the peer's effective user id, or {@link #UNKNOWN}
 * @param gid   the peer's effective group id, or {@link #UNKNOWN}
 * @param user  the peer's user name, or null when the transport gives numbers only
 * @param group the peer's group name, or null when the transport gives numbers only
 */
public record PeerCredentials(int pid, int uid, int gid, @Nullable String user, @Nullable String group) {

    /** The value of a number the transport does not give. */
    public static final int UNKNOWN = -1;

    /** Whether the numbers (pid, uid, gid) are known: true on epoll. */
    public boolean hasIds() {
        return pid != UNKNOWN;
    }
}
