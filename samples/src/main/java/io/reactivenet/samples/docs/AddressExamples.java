package io.reactivenet.samples.docs;

import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The examples of {@code docs/addresses.md}, compiled and run by {@code DocsTest}. */
public final class AddressExamples {

    private AddressExamples() {
    }

    /** {@code isIP} and {@code SocketAddress}; returns every value the example computes. */
    public static List<Object> addresses() {
        // docs:begin addresses
        int family = Net.isIP("::ffff:1.2.3.4");                      // 6 (Node's net.isIP; never throws, null gives 0)
        boolean v4 = Net.isIPv4("01.2.3.4");                          // false (no leading zeros, as Node)

        SocketAddress a = SocketAddress.of("0:0::FFFF:7B7B:7B7B", 443, "IPv6", 0);
        String text = a.address();                                    // "::ffff:123.123.123.123", as Node prints it
        SocketAddress b = SocketAddress.of("10.0.0.1", 80);           // family inferred (a convenience Node lacks)
        Optional<SocketAddress> c = SocketAddress.parse("[::1]:8080");    // ::1, 8080, ipv6
        SocketAddress d = SocketAddress.from(new InetSocketAddress("127.0.0.1", 80));  // no DNS for a literal
        // docs:end addresses
        return List.of(family, v4, text, b.family(), c.orElseThrow(), d);
    }

    /** Node's {@code BlockList} plus what Node lacks; returns every value the example computes. */
    public static List<Object> blockList() throws UnknownHostException {
        // docs:begin blocklist
        BlockList blockList = new BlockList();
        blockList.addAddress("123.123.123.123");
        blockList.addRange("10.0.0.1", "10.0.0.10");
        blockList.addSubnet("8592:757c:efae:4e45::", 64, "ipv6");
        boolean inRange = blockList.check("10.0.0.3");                // true
        boolean mapped = blockList.check("::ffff:7b7b:7b7b", "ipv6"); // true: IPv4-mapped 123.123.123.123
        boolean loopback = blockList.check("::1");                    // false: checked as ipv4, like Node
        boolean fast = blockList.check(InetAddress.getByName("10.0.0.3"));  // accept path: no text, no allocation
        List<String> rules = blockList.rules();   // [Subnet: IPv6 8592:757c:efae:4e45::/64,
                                                  //  Range: IPv4 10.0.0.1-10.0.0.10,
                                                  //  Address: IPv4 123.123.123.123]  (Node's format, newest first)
        // beyond Node
        List<String> blocked = new CopyOnWriteArrayList<>();
        List<String> allowed = Flux.just("10.0.0.3", "10.0.0.11")
                .transform(blockList.filter(ip -> ip, blocked::add))  // drops elements whose address is blocked
                .collectList()
                .block(Duration.ofSeconds(5));                        // [10.0.0.11]; blocked: [10.0.0.3]
        blockList.removeRange("10.0.0.1", "10.0.0.10");
        String json = blockList.toJSON();                             // Node 22's toJSON format
        BlockList copy = new BlockList();
        copy.fromJSON(json);                                          // the same rules(), in the same order
        // docs:end blocklist
        return List.of(inRange, mapped, loopback, fast, rules, allowed, blocked, blockList.rules(), copy.rules());
    }

    /** What {@link #blockListOnServerAndClient()} observed. */
    public record Blocked(ServerEvent.Blocked serverEvent, NetException clientError) {
    }

    /** A server that refuses blocked peers, a client that refuses blocked destinations. */
    public static Blocked blockListOnServerAndClient() throws Exception {
        // docs:begin blocklist-server-client
        BlockList blockList = new BlockList();
        blockList.addSubnet("127.0.0.0", 8);
        // Server: a blocked peer is closed at accept, before the handler runs or a byte is read, and
        // events() emits ServerEvent.Blocked(remote). Rules are checked per connection: rules added
        // while the server runs apply to the next connection.
        ListeningServer server = Net.createServer(ServerOptions.defaults().blockList(blockList),
                        socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        // Client: a blocked destination fails with NetException ERR_IP_BLOCKED before any SYN is sent.
        Mono<NetSocket> refused = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())
                .blockList(blockList));
        // docs:end blocklist-server-client
        var event = server.events().ofType(ServerEvent.Blocked.class).next().toFuture();
        NetSocket unblocked = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        ServerEvent.Blocked seen = event.get(5, java.util.concurrent.TimeUnit.SECONDS);
        unblocked.inbound().then().block(Duration.ofSeconds(5));     // the server closed it: FIN, no bytes
        NetException error = refused.then(Mono.<NetException>empty())
                .onErrorResume(NetException.class, Mono::just)
                .block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return new Blocked(seen, error);
    }
}
