package io.reactivenet;

import java.net.InetAddress;

/** Placeholder of Node's {@code net.BlockList}; replaced by the addresses work. */
public final class BlockList {
    public boolean check(InetAddress address) {
        return false;
    }
}
