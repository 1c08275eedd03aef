package io.reactivenet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.channel.unix.Errors.NativeIoException;
import io.reactivenet.NetException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Node's codes for what the JDK and Netty throw, whatever language {@code strerror} speaks. The
 * texts below are glibc's own in {@code de_DE} and {@code fr_FR}; the "process locale" is stubbed
 * with them, as {@link StrerrorIndex#processLocale()} would read them from libc under that locale.
 */
class ErrorsTest {

    static final StrerrorIndex GERMAN = StrerrorIndex.of(Map.of(
            2, "Datei oder Verzeichnis nicht gefunden",
            13, "Keine Berechtigung",
            32, "Datenübergabe unterbrochen (broken pipe)",
            98, "Die Adresse wird bereits verwendet",
            99, "Die angeforderte Adresse kann nicht zugewiesen werden",
            104, "Die Verbindung wurde vom Kommunikationspartner zurückgesetzt",
            110, "Die Wartezeit für die Verbindung ist abgelaufen",
            111, "Verbindungsaufbau abgelehnt")::get);

    static final StrerrorIndex FRENCH = StrerrorIndex.of(Map.of(
            13, "Permission non accordée",
            32, "Relais brisé (pipe)",
            98, "Adresse déjà utilisée",
            99, "Ne peut attribuer l'adresse demandée",
            104, "Connexion ré-initialisée par le correspondant",
            111, "Connexion refusée")::get);

    static final StrerrorIndex NONE = StrerrorIndex.of(n -> null);

    @Test
    void nioExceptionsWithGermanTextGetNodesCodes() {
        assertThat(Errors.codeOf(new ConnectException("Verbindungsaufbau abgelehnt"), GERMAN)).isEqualTo("ECONNREFUSED");
        assertThat(Errors.codeOf(new BindException("Die Adresse wird bereits verwendet"), GERMAN)).isEqualTo("EADDRINUSE");
        assertThat(Errors.codeOf(new BindException("Die angeforderte Adresse kann nicht zugewiesen werden"), GERMAN))
                .isEqualTo("EADDRNOTAVAIL");
        assertThat(Errors.codeOf(new BindException("Keine Berechtigung"), GERMAN)).isEqualTo("EACCES");
        assertThat(Errors.codeOf(new IOException("Datenübergabe unterbrochen (broken pipe)"), GERMAN)).isEqualTo("EPIPE");
        assertThat(Errors.codeOf(new IOException("Die Verbindung wurde vom Kommunikationspartner zurückgesetzt"), GERMAN))
                .isEqualTo("ECONNRESET");
        assertThat(Errors.codeOf(new ConnectException("Die Wartezeit für die Verbindung ist abgelaufen"), GERMAN))
                .isEqualTo("ETIMEDOUT");
    }

    @Test
    void nioExceptionsWithFrenchTextGetNodesCodes() {
        assertThat(Errors.codeOf(new ConnectException("Connexion refusée"), FRENCH)).isEqualTo("ECONNREFUSED");
        assertThat(Errors.codeOf(new BindException("Adresse déjà utilisée"), FRENCH)).isEqualTo("EADDRINUSE");
        assertThat(Errors.codeOf(new BindException("Ne peut attribuer l'adresse demandée"), FRENCH)).isEqualTo("EADDRNOTAVAIL");
        assertThat(Errors.codeOf(new IOException("Relais brisé (pipe)"), FRENCH)).isEqualTo("EPIPE");
        assertThat(Errors.codeOf(new IOException("Connexion ré-initialisée par le correspondant"), FRENCH))
                .isEqualTo("ECONNRESET");
    }

    @Test
    void withoutTheLocalesTextsTheTypesStillGiveTheCommonCodes() {
        // No libc texts at all (no native library): the JDK's types and literals still decide.
        assertThat(Errors.codeOf(new ConnectException("Verbindungsaufbau abgelehnt"), NONE)).isEqualTo("ECONNREFUSED");
        assertThat(Errors.codeOf(new BindException("Die Adresse wird bereits verwendet"), NONE)).isEqualTo("EADDRINUSE");
        assertThat(Errors.codeOf(new SocketException("Connection reset"), NONE)).isEqualTo("ECONNRESET");
        assertThat(Errors.codeOf(new PortUnreachableException("Nicht erreichbar"), NONE)).isEqualTo("ECONNREFUSED");
        assertThat(Errors.codeOf(new IOException("Irgendetwas"), NONE)).isEqualTo(Errors.UNKNOWN);
    }

    @Test
    void nettyConnectExceptionsCarryTheErrnoWhateverTheText() {
        // Netty's native connect failures: "<method>(..) failed with error(-errno): <strerror>".
        assertThat(Errors.codeOf(new ConnectException("finishConnect(..) failed with error(-111): Verbindungsaufbau abgelehnt"),
                NONE)).isEqualTo("ECONNREFUSED");
        // Netty annotates it with the address, the original as the cause.
        ConnectException annotated = new ConnectException(
                "finishConnect(..) failed with error(-110): Die Wartezeit ist abgelaufen: /127.0.0.1:80");
        assertThat(Errors.codeOf(annotated, NONE)).isEqualTo("ETIMEDOUT");
        assertThat(Errors.codeOf(new ConnectException("connect(..) failed with error(-13): Keine Berechtigung"), NONE))
                .isEqualTo("EACCES");
        assertThat(Errors.errno(new ConnectException("connect(..) failed with error(-101): x"))).isEqualTo(101);
        assertThat(Errors.errno(new IOException("failed with error("))).isEqualTo(-1);
    }

    @Test
    void nettyNativeIoExceptionsAreMappedByErrnoNotText() {
        Assumptions.assumeTrue(Epoll.isAvailable(), "Netty's native library is needed to build its exceptions");
        assertThat(Errors.codeOf(new NativeIoException("writev", -32, false), NONE)).isEqualTo("EPIPE");
        assertThat(Errors.codeOf(io.netty.channel.unix.Errors.newConnectionResetException("syscall:read", -104), NONE))
                .isEqualTo("ECONNRESET");
        assertThat(Errors.codeOf(new NativeIoException("bind", -98, false), NONE)).isEqualTo("EADDRINUSE");
        assertThat(Errors.codeOf(new NativeIoException("connect", -111, false), NONE)).isEqualTo("ECONNREFUSED");
        // Netty fails writes after a close with a ClosedChannelException caused by the real error.
        ClosedChannelException closed = new ClosedChannelException();
        closed.initCause(new NativeIoException("writev", -104, false));
        assertThat(Errors.codeOf(closed, NONE)).isEqualTo("ECONNRESET");
    }

    @Test
    void theProcessLocalesTextsComeFromLibc() {
        Assumptions.assumeTrue(Epoll.isAvailable(), "the texts are read through Netty's native library");
        String refused = new NativeIoException("", -111, false).getMessage();
        assertThat(StrerrorIndex.processLocale().errnoIn(refused)).isEqualTo(111);
        String pipe = new NativeIoException("", -32, false).getMessage();
        assertThat(Errors.codeOf(new IOException(pipe.substring(pipe.indexOf("): ") + 3)))).isEqualTo("EPIPE");
    }

    @Test
    void typesThatSayItAlone() {
        assertThat(Errors.codeOf(new ConnectTimeoutException("x"), NONE)).isEqualTo("ETIMEDOUT");
        assertThat(Errors.codeOf(new SocketTimeoutException(), NONE)).isEqualTo("ETIMEDOUT");
        assertThat(Errors.codeOf(new UnknownHostException("nowhere.invalid"), NONE)).isEqualTo("ENOTFOUND");
        assertThat(Errors.codeOf(new NoRouteToHostException(), NONE)).isEqualTo("EHOSTUNREACH");
        assertThat(Errors.codeOf(new NoSuchFileException("/s"), NONE)).isEqualTo("ENOENT");
        assertThat(Errors.codeOf(new AccessDeniedException("/s"), NONE)).isEqualTo("EACCES");
        assertThat(Errors.codeOf(new java.nio.file.FileAlreadyExistsException("/s"), NONE)).isEqualTo("EEXIST");
        assertThat(Errors.codeOf(new FileNotFoundException(), NONE)).isEqualTo("ENOENT");
        assertThat(Errors.codeOf(new FileNotFoundException("/s (Keine Berechtigung)"), GERMAN)).isEqualTo("EACCES");
        assertThat(Errors.codeOf(new ChannelOutputShutdownException("out", new IOException("Broken pipe")), NONE))
                .isEqualTo("ERR_STREAM_WRITE_AFTER_END");
        assertThat(Errors.codeOf(new ClosedChannelException(), NONE)).isEqualTo("ERR_SOCKET_CLOSED");
        assertThat(Errors.codeOf(new AsynchronousCloseException(), NONE)).isEqualTo("ERR_SOCKET_CLOSED");
        // English strerror text is still understood (a JDK on another OS, a C-locale process).
        assertThat(Errors.codeOf(new SocketException("Network is unreachable"), NONE)).isEqualTo("ENETUNREACH");
        assertThat(Errors.codeOf(new BindException("Can't assign requested address"), NONE)).isEqualTo("EADDRNOTAVAIL");
        assertThat(Errors.codeOf(new SocketException("No such device or address"), NONE)).isEqualTo(Errors.UNKNOWN);
    }

    @Test
    void translateWritesNodesMessageAndRetranslatesAnUnknown() {
        NetException e = Errors.translate(new ConnectException("Verbindungsaufbau abgelehnt"), "connect", "127.0.0.1", 80,
                GERMAN);
        assertThat(e).hasMessage("connect ECONNREFUSED 127.0.0.1:80");
        assertThat(e.syscall()).isEqualTo("connect");
        assertThat(e.address()).isEqualTo("127.0.0.1");
        assertThat(e.port()).isEqualTo(80);
        assertThat(e.getCause()).isInstanceOf(ConnectException.class);

        NetException path = Errors.translate(new FileNotFoundException(), "connect", "/tmp/x.sock", -1, NONE);
        assertThat(path).hasMessage("connect ENOENT /tmp/x.sock");

        NetException known = new NetException(NetException.EADDRINUSE, "listen EADDRINUSE /s");
        assertThat(Errors.translate(known, "listen", "/s", -1, NONE)).isSameAs(known);
        NetException unknown = new NetException(NetException.EUNKNOWN, "listen EUNKNOWN /s", "listen", "/s", -1,
                new AccessDeniedException("/s"));
        NetException again = Errors.translate(unknown, "listen", "/s", -1, NONE);
        assertThat(again.code()).isEqualTo("EACCES");
        assertThat(again.getCause()).isInstanceOf(AccessDeniedException.class);
        NetException hopeless = new NetException(NetException.EUNKNOWN, "x", new IOException("?"));
        assertThat(Errors.translate(hopeless, "listen", "/s", -1, NONE)).isSameAs(hopeless);
    }

    @org.junit.jupiter.api.Test
    void enotconnFromNettysNativeTransportsHasItsCode() {
        // Netty's unix Errors.ioResult throws NotYetConnectedException for -ENOTCONN (no errno, no text).
        org.assertj.core.api.Assertions.assertThat(Errors.codeOf(new java.nio.channels.NotYetConnectedException()))
                .isEqualTo(io.reactivenet.NetException.ENOTCONN);
    }
}
