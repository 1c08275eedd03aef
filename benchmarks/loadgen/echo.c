/*
 * The harness's ceiling: a native echo server in the harness's server protocol, one thread, one
 * epoll set. If a JVM server comes close to it in a scenario, that scenario measures the load
 * generator, not the servers, and the report says so.
 *
 * Listens on 127.0.0.1 port 0 with a byte-stream echo and a line echo (echoes every complete
 * '\n'-terminated line, each burst of lines in one write; a line longer than 128 KiB closes the
 * connection), and on a Unix domain socket (stream echo) in a fresh temporary directory. Prints
 *   READY stream=<port> lines=<port> pid=<pid> loops=1 uds=<path> transport=epoll
 * then reads commands on stdin: "gc" (answers "HEAP -1": no heap to measure) and "quit"; end of
 * stdin quits too, and the process exits by itself after 15 minutes.
 *
 * The echo path: read into one shared buffer and write it straight back; only what the socket
 * does not take at once is copied into a per-connection buffer, and the connection stops reading
 * until it is written (backpressure). An idle connection costs a small struct and its socket.
 *
 * Build: gcc -O2 -o echo echo.c   (Linux, no library beyond libc)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define BUF (256 * 1024)
#define MAX_LINE (128 * 1024)
#define MAX_EVENTS 1024
#define BURST 16

enum { K_STREAM_LISTEN = 1, K_LINES_LISTEN, K_UDS_LISTEN, K_STDIN, K_STREAM, K_LINES };

typedef struct {
    int kind;
    unsigned char *out; /* bytes the socket did not take yet */
    size_t out_off, out_len;
    unsigned char *part; /* lines: an unfinished line, kept across reads */
    size_t part_len;
} conn_t;

static inline int pending(const conn_t *c) {
    return c->out_off < c->out_len;
}

static int ep;
static conn_t **conns; /* by fd */
static size_t conns_cap;
static unsigned char *buf;
static char uds_dir[64];
static char uds_path[sizeof(((struct sockaddr_un *) 0)->sun_path)];

static void ep_set(int op, int fd, uint32_t events) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.fd = fd;
    epoll_ctl(ep, op, fd, &ev);
}

static void cleanup(void) {
    if (uds_path[0]) {
        unlink(uds_path);
    }
    if (uds_dir[0]) {
        rmdir(uds_dir);
    }
}

static void on_signal(int sig) {
    (void) sig;
    cleanup();
    _exit(0);
}

static int listen_tcp(int *port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(fd, (struct sockaddr *) &a, sizeof(a)) < 0 || listen(fd, 4096) < 0) {
        perror("echo: listen");
        exit(1);
    }
    socklen_t len = sizeof(a);
    getsockname(fd, (struct sockaddr *) &a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

static int listen_uds(void) {
    const char *tmp = getenv("TMPDIR");
    snprintf(uds_dir, sizeof(uds_dir), "%s/rn-bench-c-XXXXXX", tmp && strlen(tmp) < 30 ? tmp : "/tmp");
    if (mkdtemp(uds_dir) == NULL) {
        uds_dir[0] = 0;
        return -1;
    }
    snprintf(uds_path, sizeof(uds_path), "%s/echo.sock", uds_dir);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    memcpy(a.sun_path, uds_path, sizeof(a.sun_path));
    if (bind(fd, (struct sockaddr *) &a, sizeof(a)) < 0 || listen(fd, 4096) < 0) {
        close(fd);
        uds_path[0] = 0;
        return -1;
    }
    return fd;
}

static conn_t *track(int fd, int kind) {
    if ((size_t) fd >= conns_cap) {
        size_t cap = conns_cap ? conns_cap : 1024;
        while (cap <= (size_t) fd) {
            cap *= 2;
        }
        conns = realloc(conns, cap * sizeof(conn_t *));
        memset(conns + conns_cap, 0, (cap - conns_cap) * sizeof(conn_t *));
        conns_cap = cap;
    }
    conn_t *c = calloc(1, sizeof(conn_t));
    c->kind = kind;
    conns[fd] = c;
    return c;
}

static void drop(int fd) {
    conn_t *c = conns[fd];
    if (c != NULL) {
        free(c->out);
        free(c->part);
        free(c);
        conns[fd] = NULL;
    }
    close(fd); /* closing removes it from the epoll set */
}

static void accept_all(int lfd, int kind, int tcp) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            return; /* EAGAIN, or out of descriptors: the backlog waits */
        }
        if (tcp) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        }
        track(fd, kind);
        ep_set(EPOLL_CTL_ADD, fd, EPOLLIN);
    }
}

/* Writes p[0..n); keeps what the socket did not take and stops reading. 0 ok, -1 failed. */
static int send_or_keep(int fd, conn_t *c, const unsigned char *p, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, p + done, n - done);
        if (w > 0) {
            done += (size_t) w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            return -1;
        }
    }
    if (done < n) {
        if (c->out == NULL) {
            c->out = malloc(MAX_LINE + BUF); /* kept for the connection's life: no mmap per event */
        }
        memcpy(c->out, p + done, n - done);
        c->out_off = 0;
        c->out_len = n - done;
        ep_set(EPOLL_CTL_MOD, fd, EPOLLOUT);
    }
    return 0;
}

/* Echoes the complete lines of p[0..n) in one write; the unfinished tail goes to c->part. */
static int lines_chunk(int fd, conn_t *c, unsigned char *p, size_t n) {
    unsigned char *nl = memrchr(p, '\n', n);
    size_t whole = nl == NULL ? 0 : (size_t) (nl - p) + 1;
    size_t rest = n - whole;
    if (rest > MAX_LINE) {
        return -1;
    }
    /* what the socket does not take is copied to c->out first, so moving the tail is safe */
    int r = whole > 0 ? send_or_keep(fd, c, p, whole) : 0;
    if (rest > 0) {
        if (c->part == NULL) {
            c->part = malloc(MAX_LINE + BUF); /* kept for the connection's life */
        }
        memmove(c->part, p + whole, rest);
    }
    c->part_len = rest;
    return r;
}

static void on_readable(int fd, conn_t *c) {
    for (int i = 0; i < BURST && !pending(c); i++) {
        unsigned char *into = buf;
        size_t cap = BUF;
        int in_part = c->kind == K_LINES && c->part_len > 0;
        if (in_part) {
            /* an unfinished line: read after it, in its own buffer (MAX_LINE + BUF long) */
            into = c->part + c->part_len;
            cap = MAX_LINE + BUF - c->part_len;
        }
        ssize_t n = read(fd, into, cap);
        if (n > 0) {
            int r;
            if (c->kind == K_STREAM) {
                r = send_or_keep(fd, c, buf, (size_t) n);
            } else if (in_part) {
                r = lines_chunk(fd, c, c->part, c->part_len + (size_t) n);
            } else {
                r = lines_chunk(fd, c, buf, (size_t) n);
            }
            if (r < 0) {
                drop(fd);
                return;
            }
            if ((size_t) n < cap) {
                return; /* the socket is empty for now */
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            return;
        }
        drop(fd); /* end of stream (an echo has nothing left to say) or an error */
        return;
    }
}

static void on_writable(int fd, conn_t *c) {
    while (c->out_off < c->out_len) {
        ssize_t w = write(fd, c->out + c->out_off, c->out_len - c->out_off);
        if (w > 0) {
            c->out_off += (size_t) w;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            return;
        } else {
            drop(fd);
            return;
        }
    }
    c->out_off = c->out_len = 0;
    ep_set(EPOLL_CTL_MOD, fd, EPOLLIN);
    on_readable(fd, c);
}

static int on_stdin(void) {
    static char line[256];
    static size_t len;
    ssize_t n = read(0, line + len, sizeof(line) - 1 - len);
    if (n <= 0) {
        return -1;
    }
    len += (size_t) n;
    line[len] = 0;
    char *nl;
    while ((nl = strchr(line, '\n')) != NULL) {
        *nl = 0;
        if (strncmp(line, "quit", 4) == 0) {
            return -1;
        }
        if (strncmp(line, "gc", 2) == 0) {
            printf("HEAP -1\n");
            fflush(stdout);
        }
        size_t used = (size_t) (nl - line) + 1;
        memmove(line, nl + 1, len - used + 1);
        len -= used;
    }
    if (len == sizeof(line) - 1) {
        len = 0; /* a line this long is no command */
    }
    return 0;
}

int main(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGALRM, on_signal);
    alarm(15 * 60); /* nothing outlives a broken run */
    buf = malloc(BUF);
    ep = epoll_create1(EPOLL_CLOEXEC);
    int sport, lport;
    int sfd = listen_tcp(&sport);
    int lfd = listen_tcp(&lport);
    int ufd = listen_uds();
    track(sfd, K_STREAM_LISTEN);
    track(lfd, K_LINES_LISTEN);
    ep_set(EPOLL_CTL_ADD, sfd, EPOLLIN);
    ep_set(EPOLL_CTL_ADD, lfd, EPOLLIN);
    if (ufd >= 0) {
        track(ufd, K_UDS_LISTEN);
        ep_set(EPOLL_CTL_ADD, ufd, EPOLLIN);
    }
    track(0, K_STDIN);
    ep_set(EPOLL_CTL_ADD, 0, EPOLLIN);
    printf("READY stream=%d lines=%d pid=%d loops=1 uds=%s transport=epoll\n", sport, lport, (int) getpid(),
            uds_path[0] ? uds_path : "-");
    fflush(stdout);
    struct epoll_event evs[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, evs, MAX_EVENTS, -1);
        for (int e = 0; e < n; e++) {
            int fd = evs[e].data.fd;
            conn_t *c = (size_t) fd < conns_cap ? conns[fd] : NULL;
            if (c == NULL) {
                continue; /* dropped earlier in this batch */
            }
            switch (c->kind) {
                case K_STREAM_LISTEN: accept_all(fd, K_STREAM, 1); break;
                case K_LINES_LISTEN: accept_all(fd, K_LINES, 1); break;
                case K_UDS_LISTEN: accept_all(fd, K_STREAM, 0); break;
                case K_STDIN:
                    if (on_stdin() < 0) {
                        cleanup();
                        return 0;
                    }
                    break;
                default:
                    if (pending(c)) {
                        on_writable(fd, c);
                    } else {
                        on_readable(fd, c);
                    }
            }
        }
    }
}
