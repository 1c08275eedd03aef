/*
 * The harness's native load generator: one process, one thread, one epoll set, the same code for
 * every server under test, and cheap enough per byte that the server, not the generator, is the
 * limit (the Java generator it replaces saturated first: a harness whose generator is the limit
 * cannot tell servers apart).
 *
 * Usage:
 *   loadgen                      read commands on stdin, answer each with one JSON line
 *   loadgen <command> <args...>  run one command, print its JSON line, exit
 *
 * Commands (target: a port on 127.0.0.1, host:port for IPv4, or /path for a Unix domain socket;
 * prefixed with "tls:", e.g. tls:8443, the connection speaks TLS, see below):
 *   stream  <target> <conns> <msgSize>  <warmMs> <measureMs> [windowBytes]
 *       every connection keeps up to windowBytes (default max(4 x msgSize, 64 KiB)) in flight,
 *       pipelining whole messages in writes of up to 64 KiB (512 messages of 128 B); reports
 *       echoed MB/s and messages/s (opsPerSec).
 *   lines   <target> <conns> <lineLen>  <warmMs> <measureMs> [windowBytes]
 *       the same with lineLen-byte lines (the last byte of each is '\n', no other byte is), writes
 *       of whole lines up to 64 KiB (one line if longer), window 4 x write by default.
 *   rr      <target> <conns> <size>     <warmMs> <measureMs>
 *       request/response: one size-byte request outstanding per connection; reports req/s and
 *       p50/p99/p99.9/max latency in microseconds.
 *   connect <target> <parallel> <size>  <warmMs> <measureMs>
 *       connect, write size bytes, read them back, close; parallel at a time; reports conn/s.
 *   idle    <target> <count> <holdMs>
 *       opens count connections (256 connecting at a time), echoes one byte on each, prints
 *       {"type":"idle-held","n":...}, holds them holdMs (the harness reads the server's RSS
 *       meanwhile), closes them, then prints its result.
 *   quit
 *
 * Every echoed byte is verified: what is sent is a pseudo-random pattern addressed by stream
 * offset (each connection starting at its own offset), every read is compared with what was sent
 * at that offset ("corrupt" counts reads that differ), and when the measured time is over the
 * generator stops starting messages, finishes the one it is writing and waits (at most 5 s) for
 * every byte sent to come back ("unechoed" counts those that did not). A correct echo reports
 * corrupt=0 and unechoed=0 and verifiedBytes equal to every byte it echoed.
 *
 * TLS (stream, lines and connect; target "tls:<port>"): OpenSSL's default client, TLS 1.3 unless
 * the server offers only 1.2, no certificate check (the servers use throwaway self-signed
 * certificates; the handshake's signature is still verified, as TLS requires), no session cache
 * (every connect is a full handshake), read-ahead on. stream and lines handshake each connection
 * before the clock starts; connect counts connect + handshake + echo + close_notify and close. The
 * result adds "tls":"<protocol> <cipher>". Built without OpenSSL (-DLOADGEN_NO_TLS) a tls: target
 * is an error.
 *
 * clientCpu is this process's CPU time over the measured wall time: near 1.0 means the generator,
 * not the server, was the limit. Every loop ends at its deadline whatever the server does.
 *
 * Build: gcc -O2 -o loadgen loadgen.c -lssl -lcrypto   (Linux; OpenSSL 1.1.1+ headers: libssl-dev)
 *    or: gcc -O2 -DLOADGEN_NO_TLS -o loadgen loadgen.c (libc only, no tls: targets)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#ifndef LOADGEN_NO_TLS
#include <openssl/err.h>
#include <openssl/ssl.h>
#else
typedef struct ssl_st SSL; /* never created without OpenSSL: every SSL pointer stays NULL */
#endif

#define MAX_WRITE (64 * 1024)
#define READ_BUF (256 * 1024)
#define PERIOD_TARGET (1 << 20)
#define MAX_EVENTS 1024
#define DRAIN_NS 5000000000LL
#define IDLE_OPEN_NS 60000000000LL
#define LATENCY_CAP (1 << 23)

/* ------------------------------------------------------------------ plumbing */

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void emit(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static void emit_error(const char *what) {
    /* messages are ours or strerror's: no quote or backslash to escape */
    emit("{\"type\":\"error\",\"message\":\"%s: %s\"}", what, strerror(errno));
}

typedef struct {
    struct sockaddr_storage addr;
    socklen_t len;
    int family;
    int tls;
} target_t;

static int parse_target(const char *s, target_t *t) {
    memset(t, 0, sizeof(*t));
    if (strncmp(s, "tls:", 4) == 0) {
        t->tls = 1;
        s += 4;
    }
    if (s[0] == '/') {
        struct sockaddr_un *un = (struct sockaddr_un *) &t->addr;
        if (strlen(s) >= sizeof(un->sun_path)) {
            return -1;
        }
        un->sun_family = AF_UNIX;
        strcpy(un->sun_path, s);
        t->len = sizeof(*un);
        t->family = AF_UNIX;
        return 0;
    }
    struct sockaddr_in *in = (struct sockaddr_in *) &t->addr;
    in->sin_family = AF_INET;
    const char *colon = strrchr(s, ':');
    char host[64] = "127.0.0.1";
    const char *port = s;
    if (colon != NULL) {
        size_t n = (size_t) (colon - s);
        if (n >= sizeof(host)) {
            return -1;
        }
        memcpy(host, s, n);
        host[n] = 0;
        port = colon + 1;
    }
    if (inet_pton(AF_INET, host, &in->sin_addr) != 1) {
        return -1;
    }
    int p = atoi(port);
    if (p <= 0 || p > 65535) {
        return -1;
    }
    in->sin_port = htons((uint16_t) p);
    t->len = sizeof(*in);
    t->family = AF_INET;
    return 0;
}

static void no_delay(int fd, const target_t *t) {
    if (t->family == AF_INET) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
}

/* A connected non-blocking socket (the connect itself blocks: setup, not measured). */
static int connect_blocking(const target_t *t) {
    int fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    no_delay(fd, t);
    if (connect(fd, (const struct sockaddr *) &t->addr, t->len) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

/* A non-blocking socket whose connect is under way (or done); -1 on failure. */
static int connect_async(const target_t *t) {
    int fd = socket(t->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    no_delay(fd, t);
    if (connect(fd, (const struct sockaddr *) &t->addr, t->len) < 0 && errno != EINPROGRESS) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static void ep_set(int ep, int op, int fd, uint32_t events, uint32_t index) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = index;
    epoll_ctl(ep, op, fd, &ev);
}

/* ------------------------------------------------------------------ TLS (OpenSSL) and plain I/O */

static char tls_desc[96] = "";

#ifndef LOADGEN_NO_TLS
static SSL_CTX *tls_ctx;

static void emit_tls_error(const char *what) {
    char msg[256];
    unsigned long e = ERR_get_error();
    ERR_error_string_n(e, msg, sizeof(msg));
    ERR_clear_error();
    emit("{\"type\":\"error\",\"message\":\"%s: %s\"}", what, e == 0 ? strerror(errno) : msg);
}

static int tls_init(void) {
    if (tls_ctx != NULL) {
        return 0;
    }
    tls_ctx = SSL_CTX_new(TLS_client_method());
    if (tls_ctx == NULL) {
        emit_tls_error("tls");
        return -1;
    }
    /* throwaway self-signed server certificates: no chain check (the handshake signature still is) */
    SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL);
    /* every handshake a full one: no session is kept for resumption */
    SSL_CTX_set_session_cache_mode(tls_ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_min_proto_version(tls_ctx, TLS1_2_VERSION);
    /* a write may end after any whole record; a retry passes the same bytes (the pattern at the same offset) */
    SSL_CTX_set_mode(tls_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    /* read-ahead: one read() fetches many records, not a header and then a body per record */
    SSL_CTX_set_read_ahead(tls_ctx, 1);
    SSL_CTX_set_default_read_buffer_len(tls_ctx, 128 * 1024);
    return 0;
}

static SSL *tls_new(int fd) {
    SSL *ssl = SSL_new(tls_ctx);
    if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    SSL_set_connect_state(ssl);
    return ssl;
}

static void tls_describe(SSL *ssl) {
    if (tls_desc[0] == 0) {
        snprintf(tls_desc, sizeof(tls_desc), "%s %s", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
    }
}

/* One handshake step: 1 done, 0 wants *events (EPOLLIN or EPOLLOUT), -1 failed. */
static int tls_step(SSL *ssl, uint32_t *events) {
    int r = SSL_do_handshake(ssl);
    if (r == 1) {
        tls_describe(ssl);
        return 1;
    }
    int e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        *events = e == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT;
        return 0;
    }
    ERR_clear_error();
    return -1;
}

/* A TLS session on a connected blocking-mode handshake (setup, not measured); NULL on failure. */
static SSL *tls_connect_blocking(int fd) {
    SSL *ssl = tls_new(fd);
    if (ssl == NULL) {
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    int r = SSL_connect(ssl);
    fcntl(fd, F_SETFL, flags);
    if (r != 1) {
        SSL_free(ssl);
        return NULL;
    }
    tls_describe(ssl);
    return ssl;
}

/* close_notify (without waiting for the answer), then the session goes; the caller closes fd. */
static void tls_close(SSL *ssl, int clean) {
    if (ssl != NULL) {
        if (clean) {
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        ERR_clear_error();
    }
}
#else
static int tls_init(void) {
    emit("{\"type\":\"error\",\"message\":\"tls: this loadgen was built without OpenSSL (-DLOADGEN_NO_TLS)\"}");
    return -1;
}
static void emit_tls_error(const char *what) {
    emit_error(what);
}
static SSL *tls_new(int fd) {
    (void) fd;
    return NULL;
}
static int tls_step(SSL *ssl, uint32_t *events) {
    (void) ssl;
    (void) events;
    return -1;
}
static SSL *tls_connect_blocking(int fd) {
    (void) fd;
    return NULL;
}
static void tls_close(SSL *ssl, int clean) {
    (void) ssl;
    (void) clean;
}
#endif

/*
 * write(2) or SSL_write: bytes written (> 0), or -1 with errno EAGAIN (try again when writable) or
 * another errno (the connection failed).
 */
static ssize_t io_write(int fd, SSL *ssl, const void *buf, size_t len) {
#ifndef LOADGEN_NO_TLS
    if (ssl != NULL) {
        int r = SSL_write(ssl, buf, (int) len);
        if (r > 0) {
            return r;
        }
        int e = SSL_get_error(ssl, r);
        if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
            errno = EAGAIN;
        } else {
            ERR_clear_error();
            errno = EIO;
        }
        return -1;
    }
#endif
    return write(fd, buf, len);
}

/* read(2) or SSL_read: bytes (> 0), 0 at the end of the stream, or -1 with errno (EAGAIN: no more now). */
static ssize_t io_read(int fd, SSL *ssl, void *buf, size_t len) {
#ifndef LOADGEN_NO_TLS
    if (ssl != NULL) {
        int r = SSL_read(ssl, buf, (int) len);
        if (r > 0) {
            return r;
        }
        int e = SSL_get_error(ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            errno = EAGAIN;
            return -1;
        }
        ERR_clear_error();
        if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && r == 0)) {
            return 0;
        }
        errno = EIO;
        return -1;
    }
#endif
    return read(fd, buf, len);
}

/* ------------------------------------------------------------------ the pattern */

/*
 * Bytes sent at stream offset o are pattern[o % period]; the buffer is period + READ_BUF +
 * MAX_WRITE long so that any read or write is one contiguous slice of it. The period is odd for
 * streams (a shift by a whole number of messages never lines up again) and a whole number of lines
 * for line echo. The bytes are pseudo-random, so a byte from a wrong offset does not match by luck.
 */
static unsigned char *pattern;
static size_t period;

static int make_pattern(size_t line_len) {
    period = line_len == 0 ? PERIOD_TARGET - 3 : line_len * (PERIOD_TARGET / line_len > 0 ? PERIOD_TARGET / line_len : 1);
    free(pattern);
    pattern = malloc(period + READ_BUF + MAX_WRITE);
    if (pattern == NULL) {
        return -1;
    }
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < period; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        unsigned char b = (unsigned char) (x >> 24);
        if (line_len > 0) {
            b = (i % line_len == line_len - 1) ? '\n' : (unsigned char) ('!' + b % 94);
        }
        pattern[i] = b;
    }
    memcpy(pattern + period, pattern, READ_BUF + MAX_WRITE);
    return 0;
}

static inline const unsigned char *at(uint64_t offset) {
    return pattern + offset % period;
}

/* ------------------------------------------------------------------ stream and lines */

typedef struct {
    int fd;
    SSL *ssl;           /* NULL: plain */
    int open;
    int want_out;
    uint64_t base;      /* this connection's offset into the pattern */
    uint64_t sent;      /* bytes written */
    uint64_t committed; /* end of the messages started (sent <= committed) */
    uint64_t received;  /* bytes read back (and compared) */
} sconn_t;

typedef struct {
    uint64_t bytes, corrupt, errors, writes, reads;
} scount_t;

/* Writes what the window allows, whole messages at a time; stop=1 only finishes the current one. */
static void s_fill(int ep, sconn_t *c, uint32_t idx, size_t msg, size_t chunk, size_t window, int stop, scount_t *k) {
    while (c->open) {
        if (c->sent == c->committed) {
            if (stop) {
                break;
            }
            uint64_t inflight = c->sent - c->received;
            if (inflight + msg > window) {
                break;
            }
            size_t room = window - inflight;
            size_t n = room < chunk ? room : chunk;
            n = n / msg * msg;
            if (n == 0) {
                n = msg;
            }
            c->committed += n;
        }
        uint64_t left = c->committed - c->sent;
        size_t len = left < MAX_WRITE ? (size_t) left : MAX_WRITE;
        ssize_t w = io_write(c->fd, c->ssl, at(c->base + c->sent), len);
        k->writes++;
        if (w > 0) {
            c->sent += (uint64_t) w;
            continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->want_out) {
                c->want_out = 1;
                ep_set(ep, EPOLL_CTL_MOD, c->fd, EPOLLIN | EPOLLOUT, idx);
            }
            return;
        }
        k->errors++;
        c->open = 0;
        return;
    }
    if (c->want_out) {
        c->want_out = 0;
        ep_set(ep, EPOLL_CTL_MOD, c->fd, EPOLLIN, idx);
    }
}

static void s_read(sconn_t *c, unsigned char *buf, scount_t *k, int counting) {
    for (;;) {
        ssize_t n = io_read(c->fd, c->ssl, buf, READ_BUF);
        k->reads++;
        if (n > 0) {
            if (c->received + (uint64_t) n > c->sent || memcmp(buf, at(c->base + c->received), (size_t) n) != 0) {
                k->corrupt++;
            }
            c->received += (uint64_t) n;
            if (counting) {
                k->bytes += (uint64_t) n;
            }
            /* plain: a short read emptied the socket; TLS: SSL_read gives a record at a time, read to EAGAIN */
            if ((size_t) n < READ_BUF && c->ssl == NULL) {
                return;
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        k->errors++; /* end of stream or a reset: an echo never closes first */
        c->open = 0;
        return;
    }
}

static void stream(const char *cmd, const target_t *t, int conns, size_t msg, int lines, long warm_ms, long measure_ms,
        size_t window) {
    if (make_pattern(lines ? msg : 0) < 0) {
        emit_error("pattern");
        return;
    }
    size_t chunk = msg >= MAX_WRITE ? msg : MAX_WRITE / msg * msg;
    if (window == 0) {
        window = lines ? 4 * chunk : (4 * msg > MAX_WRITE ? 4 * msg : MAX_WRITE);
    }
    if (!lines && chunk > window) {
        chunk = window / msg * msg;
    }
    if (t->tls && tls_init() < 0) {
        return;
    }
    sconn_t *cs = calloc((size_t) conns, sizeof(sconn_t));
    unsigned char *buf = malloc(READ_BUF);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    scount_t k = {0};
    int opened = 0;
    int tls_failed = 0;
    for (; opened < conns; opened++) {
        int fd = connect_blocking(t);
        if (fd < 0) {
            break;
        }
        SSL *ssl = NULL;
        if (t->tls && (ssl = tls_connect_blocking(fd)) == NULL) {
            close(fd);
            tls_failed = 1;
            break;
        }
        /* line echo: every connection starts on a line boundary of the pattern */
        uint64_t base = (uint64_t) opened * 104729u * (lines ? msg : 1);
        cs[opened] = (sconn_t) {.fd = fd, .ssl = ssl, .open = 1, .base = base};
        ep_set(ep, EPOLL_CTL_ADD, fd, EPOLLIN, (uint32_t) opened);
    }
    if (tls_failed) {
        emit_tls_error("tls handshake");
    } else if (opened < conns) {
        emit_error("connect");
    } else {
        struct epoll_event evs[MAX_EVENTS];
        for (int i = 0; i < conns; i++) {
            s_fill(ep, &cs[i], (uint32_t) i, msg, chunk, window, 0, &k);
        }
        int64_t start = now_ns();
        int64_t from = start + warm_ms * 1000000LL;
        int64_t end = from + measure_ms * 1000000LL;
        int counting = 0;
        double cpu0 = 0;
        uint64_t writes0 = 0, reads0 = 0;
        int64_t now;
        while ((now = now_ns()) < end) {
            if (!counting && now >= from) {
                counting = 1;
                k.bytes = 0;
                cpu0 = cpu_seconds();
                writes0 = k.writes;
                reads0 = k.reads;
            }
            int n = epoll_wait(ep, evs, MAX_EVENTS, 10);
            for (int e = 0; e < n; e++) {
                uint32_t i = (uint32_t) evs[e].data.u64;
                sconn_t *c = &cs[i];
                if (!c->open) {
                    continue;
                }
                if (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                    s_read(c, buf, &k, counting);
                }
                s_fill(ep, c, i, msg, chunk, window, 0, &k);
                if (!c->open) {
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); /* level-triggered: else it fires forever */
                }
            }
        }
        double seconds = measure_ms / 1000.0;
        double cpu = (cpu_seconds() - cpu0) / seconds;
        uint64_t measured = k.bytes;
        uint64_t writes = k.writes - writes0, reads = k.reads - reads0;
        /* drain: finish the messages under way, then wait for every byte sent to come back */
        int64_t drain_end = now_ns() + DRAIN_NS;
        for (;;) {
            uint64_t missing = 0;
            for (int i = 0; i < conns; i++) {
                if (cs[i].open) {
                    s_fill(ep, &cs[i], (uint32_t) i, msg, chunk, window, 1, &k);
                    missing += cs[i].committed - cs[i].received;
                }
            }
            if (missing == 0 || now_ns() >= drain_end) {
                break;
            }
            int n = epoll_wait(ep, evs, MAX_EVENTS, 10);
            for (int e = 0; e < n; e++) {
                sconn_t *c = &cs[(uint32_t) evs[e].data.u64];
                if (c->open && (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
                    s_read(c, buf, &k, 0);
                    if (!c->open) {
                        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    }
                }
            }
        }
        uint64_t unechoed = 0, verified = 0;
        for (int i = 0; i < conns; i++) {
            unechoed += cs[i].sent - cs[i].received;
            verified += cs[i].received;
        }
        emit("{\"type\":\"result\",\"cmd\":\"%s\",\"conns\":%d,\"size\":%zu,\"window\":%zu,\"bytes\":%llu,"
             "\"seconds\":%.3f,\"mbps\":%.2f,\"opsPerSec\":%.1f,\"errors\":%llu,\"corrupt\":%llu,"
             "\"unechoed\":%llu,\"verifiedBytes\":%llu,\"writesPerSec\":%.1f,\"readsPerSec\":%.1f,\"clientCpu\":%.3f%s%s%s}",
                cmd, conns, msg, window, (unsigned long long) measured, seconds, measured / seconds / 1e6,
                measured / (double) msg / seconds, (unsigned long long) k.errors, (unsigned long long) k.corrupt,
                (unsigned long long) unechoed, (unsigned long long) verified, writes / seconds, reads / seconds, cpu,
                t->tls ? ",\"tls\":\"" : "", t->tls ? tls_desc : "", t->tls ? "\"" : "");
    }
    for (int i = 0; i < opened; i++) {
        tls_close(cs[i].ssl, cs[i].open);
        close(cs[i].fd);
    }
    close(ep);
    free(cs);
    free(buf);
}

/* ------------------------------------------------------------------ request/response */

typedef struct {
    int fd;
    int open;
    uint64_t offset; /* pattern offset of the request under way */
    int64_t sent_at;
    size_t got;
    unsigned char *resp;
} rconn_t;

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static double pct(const int64_t *sorted, size_t n, double p) {
    if (n == 0) {
        return 0.0;
    }
    double r = p * (double) n;
    size_t i = (size_t) r;
    if ((double) i < r) {
        i++;
    }
    i = i == 0 ? 0 : i - 1;
    if (i >= n) {
        i = n - 1;
    }
    return sorted[i] / 1000.0;
}

static int r_send(rconn_t *c, size_t size) {
    c->got = 0;
    c->sent_at = now_ns();
    /* a small write into an empty socket buffer is never partial; loop for safety */
    size_t done = 0;
    for (int tries = 0; done < size && tries < 1000; tries++) {
        ssize_t w = write(c->fd, at(c->offset) + done, size - done);
        if (w > 0) {
            done += (size_t) w;
        } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
            return -1;
        }
    }
    return done == size ? 0 : -1;
}

static void rr(const target_t *t, int conns, size_t size, long warm_ms, long measure_ms) {
    if (t->tls) {
        emit("{\"type\":\"error\",\"message\":\"rr: no tls: target (stream, lines and connect speak TLS)\"}");
        return;
    }
    if (make_pattern(0) < 0 || size > MAX_WRITE) {
        emit("{\"type\":\"error\",\"message\":\"rr: size must be at most %d\"}", MAX_WRITE);
        return;
    }
    rconn_t *cs = calloc((size_t) conns, sizeof(rconn_t));
    int64_t *lat = malloc(sizeof(int64_t) * LATENCY_CAP);
    unsigned char *buf = malloc(READ_BUF);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    size_t recorded = 0;
    uint64_t errors = 0, corrupt = 0, requests = 0, verified = 0;
    int opened = 0;
    for (; opened < conns; opened++) {
        int fd = connect_blocking(t);
        if (fd < 0) {
            break;
        }
        cs[opened] = (rconn_t) {.fd = fd, .open = 1, .offset = (uint64_t) opened * 104729u, .resp = malloc(size)};
        ep_set(ep, EPOLL_CTL_ADD, fd, EPOLLIN, (uint32_t) opened);
    }
    if (opened < conns) {
        emit_error("connect");
    } else {
        for (int i = 0; i < conns; i++) {
            if (r_send(&cs[i], size) < 0) {
                errors++;
            }
        }
        struct epoll_event evs[MAX_EVENTS];
        int64_t start = now_ns();
        int64_t from = start + warm_ms * 1000000LL;
        int64_t end = from + measure_ms * 1000000LL;
        int counting = 0;
        double cpu0 = 0;
        int64_t now;
        while ((now = now_ns()) < end) {
            if (!counting && now >= from) {
                counting = 1;
                requests = 0;
                recorded = 0;
                cpu0 = cpu_seconds();
            }
            int n = epoll_wait(ep, evs, MAX_EVENTS, 10);
            for (int e = 0; e < n; e++) {
                rconn_t *c = &cs[(uint32_t) evs[e].data.u64];
                if (!c->open) {
                    continue;
                }
                ssize_t r = read(c->fd, buf, READ_BUF);
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                    continue;
                }
                if (r <= 0) {
                    errors++;
                    c->open = 0;
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    continue;
                }
                if (c->got + (size_t) r > size) {
                    corrupt++; /* more than was asked: an echo never does that */
                    r = (ssize_t) (size - c->got);
                }
                memcpy(c->resp + c->got, buf, (size_t) r);
                c->got += (size_t) r;
                if (c->got < size) {
                    continue;
                }
                int64_t t1 = now_ns();
                if (memcmp(c->resp, at(c->offset), size) != 0) {
                    corrupt++;
                }
                verified += size;
                requests++;
                if (counting && recorded < LATENCY_CAP) {
                    lat[recorded++] = t1 - c->sent_at;
                }
                c->offset += size;
                if (r_send(c, size) < 0) {
                    errors++;
                    c->open = 0;
                }
            }
        }
        double seconds = measure_ms / 1000.0;
        double cpu = (cpu_seconds() - cpu0) / seconds;
        qsort(lat, recorded, sizeof(int64_t), cmp_i64);
        emit("{\"type\":\"result\",\"cmd\":\"rr\",\"conns\":%d,\"size\":%zu,\"requests\":%llu,\"seconds\":%.3f,"
             "\"opsPerSec\":%.1f,\"p50us\":%.1f,\"p99us\":%.1f,\"p999us\":%.1f,\"maxus\":%.1f,\"errors\":%llu,"
             "\"corrupt\":%llu,\"verifiedBytes\":%llu,\"clientCpu\":%.3f}",
                conns, size, (unsigned long long) requests, seconds, requests / seconds, pct(lat, recorded, 0.50),
                pct(lat, recorded, 0.99), pct(lat, recorded, 0.999), recorded == 0 ? 0.0 : lat[recorded - 1] / 1000.0,
                (unsigned long long) errors, (unsigned long long) corrupt, (unsigned long long) verified, cpu);
    }
    for (int i = 0; i < opened; i++) {
        close(cs[i].fd);
        free(cs[i].resp);
    }
    close(ep);
    free(cs);
    free(lat);
    free(buf);
}

/* ------------------------------------------------------------------ connect rate and idle */

typedef struct {
    int fd;
    SSL *ssl;  /* NULL: plain */
    int state; /* 0 free, 1 connecting, 2 waiting for the echo, 3 held, 4 TLS handshake */
    size_t got;
    uint64_t offset;
} cconn_t;

/* Starts a connection in slot i; 0 if under way, -1 if it failed at once. */
static int c_start(int ep, cconn_t *c, uint32_t i, const target_t *t, uint64_t offset) {
    int fd = connect_async(t);
    if (fd < 0) {
        c->state = 0;
        return -1;
    }
    *c = (cconn_t) {.fd = fd, .state = 1, .offset = offset};
    if (t->tls && (c->ssl = tls_new(fd)) == NULL) {
        close(fd);
        c->state = 0;
        return -1;
    }
    ep_set(ep, EPOLL_CTL_ADD, fd, EPOLLOUT, i);
    return 0;
}

/* Ends slot c's connection: close_notify first on a TLS one that succeeded. */
static void c_close(cconn_t *c, int clean) {
    tls_close(c->ssl, clean);
    c->ssl = NULL;
    close(c->fd);
}

/* The echo request: connect (and handshake) done, write it and wait for the answer. */
static int c_request(int ep, cconn_t *c, uint32_t i, size_t size) {
    if (io_write(c->fd, c->ssl, at(c->offset), size) != (ssize_t) size) {
        return -1;
    }
    c->state = 2;
    ep_set(ep, EPOLL_CTL_MOD, c->fd, EPOLLIN, i);
    return 0;
}

/* A TLS handshake step of slot c: 0 under way or done (request sent), -1 failed. */
static int c_handshake(int ep, cconn_t *c, uint32_t i, size_t size) {
    uint32_t want = 0;
    int r = tls_step(c->ssl, &want);
    if (r < 0) {
        return -1;
    }
    if (r == 0) {
        ep_set(ep, EPOLL_CTL_MOD, c->fd, want, i);
        return 0;
    }
    return c_request(ep, c, i, size);
}

/* One readiness event of slot c: 1 when the echo is complete and verified, -1 on failure, 0 otherwise. */
static int c_step(int ep, cconn_t *c, uint32_t i, uint32_t events, size_t size, unsigned char *buf, uint64_t *corrupt) {
    if (c->state == 1) {
        int err = 0;
        socklen_t len = sizeof(err);
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
            return -1;
        }
        if (c->ssl != NULL) {
            c->state = 4;
            return c_handshake(ep, c, i, size);
        }
        return c_request(ep, c, i, size);
    }
    if (c->state == 4) {
        return c_handshake(ep, c, i, size);
    }
    if (c->state == 2 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
        /* TLS: a read may give a record without data (a session ticket) or leave records for the next */
        for (;;) {
            ssize_t r = io_read(c->fd, c->ssl, buf, READ_BUF);
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                return 0;
            }
            if (r <= 0) {
                return -1;
            }
            if (c->got + (size_t) r > size || memcmp(buf, at(c->offset + c->got), (size_t) r) != 0) {
                (*corrupt)++;
            }
            c->got += (size_t) r;
            if (c->got >= size) {
                return 1;
            }
            if (c->ssl == NULL) {
                return 0;
            }
        }
    }
    return 0;
}

static void connect_rate(const target_t *t, int parallel, size_t size, long warm_ms, long measure_ms) {
    if (make_pattern(0) < 0 || size > MAX_WRITE || size == 0) {
        emit("{\"type\":\"error\",\"message\":\"connect: size must be 1..%d\"}", MAX_WRITE);
        return;
    }
    if (t->tls && tls_init() < 0) {
        return;
    }
    cconn_t *cs = calloc((size_t) parallel, sizeof(cconn_t));
    unsigned char *buf = malloc(READ_BUF);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    uint64_t done = 0, errors = 0, corrupt = 0, serial = 0;
    for (int i = 0; i < parallel; i++) {
        if (c_start(ep, &cs[i], (uint32_t) i, t, serial++ * size) < 0) {
            errors++;
        }
    }
    struct epoll_event evs[MAX_EVENTS];
    int64_t start = now_ns();
    int64_t from = start + warm_ms * 1000000LL;
    int64_t end = from + measure_ms * 1000000LL;
    int counting = 0;
    double cpu0 = 0;
    int64_t now;
    while ((now = now_ns()) < end) {
        if (!counting && now >= from) {
            counting = 1;
            done = 0;
            errors = 0;
            cpu0 = cpu_seconds();
        }
        int n = epoll_wait(ep, evs, MAX_EVENTS, 10);
        for (int e = 0; e < n; e++) {
            uint32_t i = (uint32_t) evs[e].data.u64;
            cconn_t *c = &cs[i];
            int r = c_step(ep, c, i, evs[e].events, size, buf, &corrupt);
            if (r == 0) {
                continue;
            }
            c_close(c, r > 0); /* closing removes it from the epoll set */
            if (r > 0) {
                done++;
            } else {
                errors++;
            }
            if (c_start(ep, c, i, t, serial++ * size) < 0) {
                errors++;
            }
        }
        /* slots whose connect failed at once (e.g. no free local port): retry */
        for (int i = 0; i < parallel; i++) {
            if (cs[i].state == 0 && c_start(ep, &cs[i], (uint32_t) i, t, serial++ * size) < 0) {
                errors++;
            }
        }
    }
    double seconds = measure_ms / 1000.0;
    double cpu = (cpu_seconds() - cpu0) / seconds;
    emit("{\"type\":\"result\",\"cmd\":\"connect\",\"conns\":%d,\"size\":%zu,\"connections\":%llu,\"seconds\":%.3f,"
         "\"opsPerSec\":%.1f,\"errors\":%llu,\"corrupt\":%llu,\"clientCpu\":%.3f%s%s%s}",
            parallel, size, (unsigned long long) done, seconds, done / seconds, (unsigned long long) errors,
            (unsigned long long) corrupt, cpu, t->tls ? ",\"tls\":\"" : "", t->tls ? tls_desc : "", t->tls ? "\"" : "");
    for (int i = 0; i < parallel; i++) {
        if (cs[i].state != 0) {
            c_close(&cs[i], 0);
        }
    }
    close(ep);
    free(cs);
    free(buf);
}

static void idle(const target_t *t, int count, long hold_ms) {
    if (t->tls) {
        emit("{\"type\":\"error\",\"message\":\"idle: no tls: target\"}");
        return;
    }
    if (make_pattern(0) < 0) {
        emit_error("pattern");
        return;
    }
    cconn_t *cs = calloc((size_t) count, sizeof(cconn_t));
    unsigned char *buf = malloc(READ_BUF);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    uint64_t errors = 0, corrupt = 0;
    int started = 0, held = 0, in_flight = 0;
    int64_t t0 = now_ns();
    struct epoll_event evs[MAX_EVENTS];
    while (held + (int) errors < count && now_ns() < t0 + IDLE_OPEN_NS) {
        while (started < count && in_flight < 256) {
            if (c_start(ep, &cs[started], (uint32_t) started, t, (uint64_t) started) < 0) {
                errors++;
            } else {
                in_flight++;
            }
            started++;
        }
        int n = epoll_wait(ep, evs, MAX_EVENTS, 10);
        for (int e = 0; e < n; e++) {
            uint32_t i = (uint32_t) evs[e].data.u64;
            cconn_t *c = &cs[i];
            int r = c_step(ep, c, i, evs[e].events, 1, buf, &corrupt);
            if (r > 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                c->state = 3;
                held++;
                in_flight--;
            } else if (r < 0) {
                close(c->fd);
                c->state = 0;
                errors++;
                in_flight--;
            }
        }
    }
    double open_seconds = (now_ns() - t0) / 1e9;
    emit("{\"type\":\"idle-held\",\"n\":%d}", held);
    struct timespec hold = {hold_ms / 1000, (hold_ms % 1000) * 1000000L};
    while (nanosleep(&hold, &hold) < 0 && errno == EINTR) {
    }
    for (int i = 0; i < started; i++) {
        if (cs[i].state != 0) {
            close(cs[i].fd);
        }
    }
    emit("{\"type\":\"result\",\"cmd\":\"idle\",\"held\":%d,\"errors\":%llu,\"corrupt\":%llu,\"openSeconds\":%.3f}", held,
            (unsigned long long) errors, (unsigned long long) corrupt, open_seconds);
    close(ep);
    free(cs);
    free(buf);
}

/* ------------------------------------------------------------------ commands */

static void run(int argc, char **argv) {
    if (argc < 1) {
        return;
    }
    const char *cmd = argv[0];
    target_t t;
    if (argc < 4 || parse_target(argv[1], &t) < 0) {
        emit("{\"type\":\"error\",\"message\":\"usage: stream|lines|rr|connect <target> <n> <size> <warmMs> "
             "<measureMs> | idle <target> <count> <holdMs>\"}");
        return;
    }
    int n = atoi(argv[2]);
    long size = atol(argv[3]);
    if (n <= 0 || size <= 0) {
        emit("{\"type\":\"error\",\"message\":\"%s: counts and sizes must be positive\"}", cmd);
        return;
    }
    if (strcmp(cmd, "idle") == 0) {
        idle(&t, n, size);
        return;
    }
    if (argc < 6) {
        emit("{\"type\":\"error\",\"message\":\"%s: needs <warmMs> <measureMs>\"}", cmd);
        return;
    }
    long warm = atol(argv[4]), measure = atol(argv[5]);
    if (warm < 0 || measure <= 0) {
        emit("{\"type\":\"error\",\"message\":\"%s: measureMs must be positive\"}", cmd);
        return;
    }
    size_t window = argc > 6 ? (size_t) atol(argv[6]) : 0;
    if (strcmp(cmd, "stream") == 0 || strcmp(cmd, "lines") == 0) {
        stream(cmd, &t, n, (size_t) size, cmd[0] == 'l', warm, measure, window);
    } else if (strcmp(cmd, "rr") == 0) {
        rr(&t, n, (size_t) size, warm, measure);
    } else if (strcmp(cmd, "connect") == 0) {
        connect_rate(&t, n, (size_t) size, warm, measure);
    } else {
        emit("{\"type\":\"error\",\"message\":\"unknown command %s\"}", cmd);
    }
}

int main(int argc, char **argv) {
    /* idle mode holds thousands of sockets: take every descriptor the hard limit allows */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    /* a server that closes under us must not kill the generator: a write then fails with EPIPE */
    signal(SIGPIPE, SIG_IGN);
    if (argc > 1) {
        run(argc - 1, argv + 1);
        return 0;
    }
    char line[1024];
    while (fgets(line, sizeof(line), stdin) != NULL) {
        char *args[16];
        int n = 0;
        for (char *tok = strtok(line, " \t\r\n"); tok != NULL && n < 16; tok = strtok(NULL, " \t\r\n")) {
            args[n++] = tok;
        }
        if (n == 0) {
            continue;
        }
        if (strcmp(args[0], "quit") == 0) {
            break;
        }
        run(n, args);
    }
    return 0;
}
