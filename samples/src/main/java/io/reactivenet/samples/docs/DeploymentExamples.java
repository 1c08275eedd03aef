package io.reactivenet.samples.docs;

import io.reactivenet.BlockList;
import io.reactivenet.ListenOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.proxy.ProxyProtocol;
import io.reactivenet.text.Text;
import java.time.Duration;

/** The example of {@code docs/deployment.md}, compiled and run by {@code DocsTest}. */
public final class DeploymentExamples {

    private DeploymentExamples() {
    }

    /**
     * A server behind a balancer that sends PROXY headers, on a port other processes may share; a
     * client plays the balancer by writing a v1 header itself. Returns the server's greeting.
     */
    public static String proxiedServer() {
        BlockList blockList = new BlockList();
        blockList.addAddress("203.0.113.66");
        // docs:begin proxied-server
        ListeningServer server = Net.createServer(ServerOptions.defaults()
                                .proxyProtocol(ProxyProtocol.ON)              // every connection starts with a header
                                .proxyHeaderTimeout(Duration.ofSeconds(5))    // or is closed, never reaching the handler
                                .blockList(blockList),                        // applied to the client the header names
                        socket -> socket.write("hello " + socket.remoteAddress()          // the client
                                + " via " + socket.proxy().balancer().address() + "\n"))  // the balancer
                .listen(ListenOptions.onPort(0).host("127.0.0.1").reusePort(true))  // N processes, one port
                .block(Duration.ofSeconds(5));
        // docs:end proxied-server
        try {
            NetSocket balancer = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
            balancer.write("PROXY TCP4 198.51.100.7 127.0.0.1 51234 8080\r\n").subscribe();
            return balancer.inbound().transform(Text.utf8()).reduce("", String::concat)
                    .block(Duration.ofSeconds(5));
        } finally {
            server.closeNow().block(Duration.ofSeconds(5));
        }
    }
}
