package io.reactivenet.samples.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** A chat user on a plain blocking socket: its id as the server sees it, say a line, wait for a line. */
final class TcpUser implements AutoCloseable {

    final Socket socket = new Socket();
    final String id;
    private final BufferedReader in;
    private final OutputStream out;

    TcpUser(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        id = "127.0.0.1:" + socket.getLocalPort();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    void say(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The first line (after skipping others) that matches; fails after the socket's read timeout or at EOF. */
    String await(Predicate<String> wanted) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new IOException("connection ended before the line came");
    }

    /** The next line, or null at EOF. */
    String readLine() throws IOException {
        return in.readLine();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
