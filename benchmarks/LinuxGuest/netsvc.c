/* netsvc: the classic inetd "simple services" for the Linux comparison guest, in one
 * single-threaded epoll loop (busybox-static in Debian 12 is built without inetd).
 *
 *   TCP echo    port 7   (RFC 862)  read -> write back; stops reading while a reply is pending
 *   UDP echo    port 7   (RFC 862)  each datagram sent back to its source
 *   TCP discard port 9   (RFC 863)  read and drop
 *   TCP chargen port 19  (RFC 864)  72-character rotating lines + CRLF, written as fast as the
 *                                   peer reads; input is read and dropped
 *
 * Level-triggered epoll, non-blocking sockets, one fixed buffer per connection allocated once at
 * accept (echo only) and freed at close. After all sockets are bound and listening the process
 * forks: the parent exits 0, so the caller (the guest's /init) knows the ports are ready when the
 * command returns. Built with `gcc -O2 -static` by build.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { KIND_ECHO = 1, KIND_DISCARD, KIND_CHARGEN, KIND_UDP_ECHO, KIND_LISTEN_BASE = 16 };

#define MAX_FDS 65536
#define IO_BYTES 65536
#define CHARGEN_LINE 74 /* 72 printable + CR LF */
#define CHARGEN_CYCLE (95 * CHARGEN_LINE)

struct conn {
    int kind;
    int pending_off, pending_len; /* echo: bytes read but not yet written back */
    long chargen_pos;
    char *buf;
};

static struct conn *conns[MAX_FDS];
static char chargen_text[CHARGEN_CYCLE + IO_BYTES];
static char scratch[IO_BYTES];
static int ep;

static void build_chargen(void)
{
    for (int line = 0; line < 95; line++) {
        char *p = chargen_text + line * CHARGEN_LINE;
        for (int i = 0; i < 72; i++)
            p[i] = (char)(' ' + (line + i) % 95);
        p[72] = '\r';
        p[73] = '\n';
    }
    /* The tail repeats the head so any window of IO_BYTES starting inside the cycle is contiguous. */
    for (int i = 0; i < IO_BYTES; i++)
        chargen_text[CHARGEN_CYCLE + i] = chargen_text[i % CHARGEN_CYCLE];
}

static int open_socket(int type, int port)
{
    int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in a;
    if (fd < 0) { perror("socket"); exit(1); }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); exit(1); }
    if (type == SOCK_STREAM && listen(fd, 1024) < 0) { perror("listen"); exit(1); }
    return fd;
}

static void watch(int fd, int kind, unsigned events, int op)
{
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = ((unsigned long long)(unsigned)kind << 32) | (unsigned)fd;
    if (epoll_ctl(ep, op, fd, &ev) < 0) { perror("epoll_ctl"); exit(1); }
}

static void close_conn(int fd)
{
    struct conn *c = conns[fd];
    conns[fd] = NULL;
    close(fd); /* also removes it from the epoll set */
    if (c) { free(c->buf); free(c); }
}

static void accept_all(int lfd, int kind)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return; /* EAGAIN, or a transient error: the listener stays armed */
        if (fd >= MAX_FDS) { close(fd); continue; }
        struct conn *c = calloc(1, sizeof *c);
        if (!c || (kind == KIND_ECHO && !(c->buf = malloc(IO_BYTES)))) { free(c); close(fd); continue; }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->kind = kind;
        conns[fd] = c;
        watch(fd, kind, kind == KIND_CHARGEN ? EPOLLIN | EPOLLOUT : EPOLLIN, EPOLL_CTL_ADD);
    }
}

/* Echo: write what is pending; while something remains, wait for EPOLLOUT instead of reading. */
static void echo_ready(int fd, struct conn *c, unsigned events)
{
    if (c->pending_len == 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
        ssize_t n = read(fd, c->buf, IO_BYTES);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) { close_conn(fd); return; }
        if (n < 0) return;
        c->pending_off = 0;
        c->pending_len = (int)n;
    }
    while (c->pending_len > 0) {
        ssize_t n = write(fd, c->buf + c->pending_off, (size_t)c->pending_len);
        if (n < 0 && errno == EAGAIN) break;
        if (n <= 0) { close_conn(fd); return; }
        c->pending_off += (int)n;
        c->pending_len -= (int)n;
    }
    watch(fd, KIND_ECHO, c->pending_len > 0 ? EPOLLOUT : EPOLLIN, EPOLL_CTL_MOD);
}

static void discard_ready(int fd)
{
    ssize_t n = read(fd, scratch, sizeof scratch);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) close_conn(fd);
}

static void chargen_ready(int fd, struct conn *c, unsigned events)
{
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ssize_t n = read(fd, scratch, sizeof scratch);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) { close_conn(fd); return; }
    }
    if (events & EPOLLOUT) {
        long at = c->chargen_pos % CHARGEN_CYCLE;
        ssize_t n = write(fd, chargen_text + at, IO_BYTES);
        if (n < 0 && errno != EAGAIN && errno != EINTR) { close_conn(fd); return; }
        if (n > 0) c->chargen_pos += n;
    }
}

static void udp_echo_ready(int fd)
{
    for (int i = 0; i < 64; i++) {
        struct sockaddr_in from;
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(fd, scratch, sizeof scratch, 0, (struct sockaddr *)&from, &len);
        if (n < 0) return;
        sendto(fd, scratch, (size_t)n, 0, (struct sockaddr *)&from, len);
    }
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    build_chargen();
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) { perror("epoll_create1"); return 1; }
    watch(open_socket(SOCK_STREAM, 7), KIND_LISTEN_BASE + KIND_ECHO, EPOLLIN, EPOLL_CTL_ADD);
    watch(open_socket(SOCK_STREAM, 9), KIND_LISTEN_BASE + KIND_DISCARD, EPOLLIN, EPOLL_CTL_ADD);
    watch(open_socket(SOCK_STREAM, 19), KIND_LISTEN_BASE + KIND_CHARGEN, EPOLLIN, EPOLL_CTL_ADD);
    watch(open_socket(SOCK_DGRAM, 7), KIND_UDP_ECHO, EPOLLIN, EPOLL_CTL_ADD);

    pid_t pid = fork(); /* parent exits once everything listens: "ready" for the caller */
    if (pid < 0) { perror("fork"); return 1; }
    if (pid > 0) return 0;
    setsid();

    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(ep, events, 64, -1);
        for (int i = 0; i < n; i++) {
            int fd = (int)(events[i].data.u64 & 0xffffffffu);
            int kind = (int)(events[i].data.u64 >> 32);
            unsigned ev = events[i].events;
            if (kind >= KIND_LISTEN_BASE) { accept_all(fd, kind - KIND_LISTEN_BASE); continue; }
            if (kind == KIND_UDP_ECHO) { udp_echo_ready(fd); continue; }
            struct conn *c = conns[fd];
            if (!c) continue; /* closed earlier in this batch */
            if (kind == KIND_ECHO) echo_ready(fd, c, ev);
            else if (kind == KIND_DISCARD) discard_ready(fd);
            else chargen_ready(fd, c, ev);
        }
    }
}
