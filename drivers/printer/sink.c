/* sink: device file, TCP, file and simulated printer. See sink.h.
 *
 * File descriptors are non-blocking and every wait is a poll() with the
 * sink's timeout, so a printer that stops reading or answering makes a write
 * or read fail with PRINTER_ERR_TIMEOUT instead of blocking the UI. Writes to
 * sockets use MSG_NOSIGNAL: a printer that resets the connection is an error
 * to report, not a SIGPIPE. */
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "printer.h"

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- simulated printer ---- */

static int sim_parse_spec(printer_sim *sim, const char *opts)
{
    sim->out_after = -1;
    while (opts && *opts) {
        const char *end = strchr(opts, ',');
        size_t n = end ? (size_t)(end - opts) : strlen(opts);
        char item[300];
        if (n >= sizeof item)
            return -1;
        memcpy(item, opts, n);
        item[n] = '\0';
        if (!strncmp(item, "out_after=", 10)) {
            char *e;
            long v = strtol(item + 10, &e, 10);
            if (*e || v < 0 || v > 100000)
                return -1;
            sim->out_after = (int)v;
        } else if (!strcmp(item, "near_end")) {
            sim->near_end = true;
        } else if (!strcmp(item, "cover_open")) {
            sim->cover_open = true;
        } else if (!strncmp(item, "save=", 5) && n - 5 < sizeof sim->save) {
            memcpy(sim->save, item + 5, n - 4);
        } else {
            return -1;
        }
        opts = end ? end + 1 : NULL;
    }
    return 0;
}

static bool sim_paper_out(const printer_sim *sim)
{
    return sim->out_after >= 0 && sim->bands_printed >= sim->out_after;
}

static void sim_reply(printer_sim *sim, int q)
{
    unsigned char v;
    bool out = sim_paper_out(sim);
    switch (q) {
    case 1: v = (unsigned char)(0x12 | ((out || sim->cover_open) ? 0x08 : 0)); break;
    case 2: v = (unsigned char)(0x12 | (sim->cover_open ? 0x04 : 0) | (out ? 0x20 : 0)); break;
    case 3: v = 0x12; break;
    case 4: v = (unsigned char)(0x12 | (sim->near_end || out ? 0x0C : 0) | (out ? 0x60 : 0)); break;
    case 0x101: v = (unsigned char)((sim->near_end || out ? 0x03 : 0) | (out ? 0x0C : 0)); break;
    default: return;
    }
    if (sim->nreplies < sizeof sim->replies)
        sim->replies[sim->nreplies++] = v;
}

static int sim_feed(printer_sim *sim, const void *data, size_t len)
{
    if (escpos_buf_append(&sim->pending, data, len))
        return PRINTER_ERR_NOMEM;
    size_t pos = 0;
    for (;;) {
        escpos_cmd_info ci;
        escpos_cmd c = escpos_next_command(sim->pending.data + pos, sim->pending.len - pos, &ci);
        if (c == ESCPOS_CMD_INCOMPLETE)
            break;
        if (c == ESCPOS_CMD_STATUS) {
            sim_reply(sim, ci.arg);
        } else if (c == ESCPOS_CMD_RASTER) {
            sim->bands_received++;
            if (!sim_paper_out(sim) && !sim->cover_open) {
                escpos_buf_append(&sim->paper, sim->pending.data + pos, ci.len);
                sim->bands_printed++;
            }
        } else if (c != ESCPOS_CMD_UNKNOWN) {
            if (!sim_paper_out(sim) && !sim->cover_open)
                escpos_buf_append(&sim->paper, sim->pending.data + pos, ci.len);
        }
        pos += ci.len;
    }
    memmove(sim->pending.data, sim->pending.data + pos, sim->pending.len - pos);
    sim->pending.len -= pos;
    return PRINTER_OK;
}

static void sim_save(const printer_sim *sim)
{
    if (!sim->save[0])
        return;
    FILE *f = fopen(sim->save, "wb");
    if (!f) {
        log_event("printer", "event=sim_save_failed errno=%d", errno);
        return;
    }
    if (sim->paper.len)
        fwrite(sim->paper.data, 1, sim->paper.len, f);
    fclose(f);
}

/* ---- opening ---- */

static int open_tcp(const char *hostport, int timeout_ms, int *fd_out)
{
    char host[256];
    const char *colon = strrchr(hostport, ':');
    if (!colon || colon == hostport || (size_t)(colon - hostport) >= sizeof host || !colon[1])
        return PRINTER_ERR_CONFIG;
    memcpy(host, hostport, (size_t)(colon - hostport));
    host[colon - hostport] = '\0';
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {   /* [::1]:9100 */
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = '\0';
    }
    struct addrinfo hints = { 0 }, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res)
        return PRINTER_ERR_CONNECT;
    int err = PRINTER_ERR_CONNECT;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                        ai->ai_protocol);
        if (fd < 0)
            continue;
        /* Status questions are 12 bytes: send them now, not after a delayed ACK. */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            *fd_out = fd;
            freeaddrinfo(res);
            return PRINTER_OK;
        }
        if (errno == EINPROGRESS) {
            struct pollfd pfd = { fd, POLLOUT, 0 };
            int pr = poll(&pfd, 1, timeout_ms);
            int soerr = 0;
            socklen_t sl = sizeof soerr;
            if (pr == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0) {
                *fd_out = fd;
                freeaddrinfo(res);
                return PRINTER_OK;
            }
            if (pr == 0)
                err = PRINTER_ERR_TIMEOUT;
        }
        close(fd);
    }
    freeaddrinfo(res);
    return err;
}

int sink_open(const char *spec, int timeout_ms, printer_sink **out)
{
    if (!spec || !out || timeout_ms <= 0)
        return PRINTER_ERR_ARG;
    *out = NULL;
    printer_sink *s = calloc(1, sizeof *s);
    if (!s)
        return PRINTER_ERR_NOMEM;
    s->fd = -1;
    s->timeout_ms = timeout_ms;
    int rc = PRINTER_OK;
    if (!strcmp(spec, "sim") || !strncmp(spec, "sim:", 4)) {
        s->kind = SINK_SIM;
        s->sim = calloc(1, sizeof *s->sim);
        if (!s->sim)
            rc = PRINTER_ERR_NOMEM;
        else if (sim_parse_spec(s->sim, spec[3] ? spec + 4 : NULL) != 0)
            rc = PRINTER_ERR_CONFIG;
    } else if (!strncmp(spec, "tcp:", 4)) {
        s->kind = SINK_TCP;
        rc = open_tcp(spec + 4, timeout_ms, &s->fd);
    } else if (!strncmp(spec, "file:", 5)) {
        s->kind = SINK_FILE;
        s->fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (s->fd < 0)
            rc = PRINTER_ERR_NOT_FOUND;
    } else if (spec[0] == '/') {
        struct stat st;
        if (stat(spec, &st) != 0) {
            rc = PRINTER_ERR_NOT_FOUND;
        } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
            s->kind = SINK_DEVICE;
            s->fd = open(spec, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
            if (s->fd < 0)   /* some printers are write-only */
                s->fd = open(spec, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
            if (s->fd < 0)
                rc = PRINTER_ERR_NOT_FOUND;
        } else {
            s->kind = SINK_FILE;
            s->fd = open(spec, O_WRONLY | O_TRUNC | O_CLOEXEC);
            if (s->fd < 0)
                rc = PRINTER_ERR_NOT_FOUND;
        }
    } else {
        rc = PRINTER_ERR_CONFIG;
    }
    if (rc != PRINTER_OK) {
        sink_close(s);
        return rc;
    }
    *out = s;
    return PRINTER_OK;
}

int sink_write(printer_sink *s, const void *data, size_t len)
{
    if (!s)
        return PRINTER_ERR_ARG;
    if (s->kind == SINK_SIM)
        return sim_feed(s->sim, data, len);
    const unsigned char *p = data;
    long deadline = now_ms() + s->timeout_ms;
    while (len > 0) {
        ssize_t n = s->kind == SINK_TCP ? send(s->fd, p, len, MSG_NOSIGNAL) : write(s->fd, p, len);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
            deadline = now_ms() + s->timeout_ms;  /* progress: restart the clock */
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return PRINTER_ERR_IO;
        long left = deadline - now_ms();
        if (left <= 0)
            return PRINTER_ERR_TIMEOUT;
        struct pollfd pfd = { s->fd, POLLOUT, 0 };
        int pr = poll(&pfd, 1, (int)left);
        if (pr == 0)
            return PRINTER_ERR_TIMEOUT;
        if (pr < 0 && errno != EINTR)
            return PRINTER_ERR_IO;
        if (pr > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) && !(pfd.revents & POLLOUT))
            return PRINTER_ERR_IO;
    }
    return PRINTER_OK;
}

int sink_read(printer_sink *s, unsigned char *buf, size_t len, int timeout_ms)
{
    if (!s || !buf)
        return PRINTER_ERR_ARG;
    if (s->kind == SINK_FILE)
        return PRINTER_ERR_NO_STATUS;
    if (s->kind == SINK_SIM) {
        printer_sim *sim = s->sim;
        size_t n = len < sim->nreplies ? len : sim->nreplies;
        memcpy(buf, sim->replies, n);
        memmove(sim->replies, sim->replies + n, sim->nreplies - n);
        sim->nreplies -= n;
        return (int)n;
    }
    size_t got = 0;
    long deadline = now_ms() + timeout_ms;
    while (got < len) {
        long left = deadline - now_ms();
        if (left <= 0)
            break;
        struct pollfd pfd = { s->fd, POLLIN, 0 };
        int pr = poll(&pfd, 1, (int)left);
        if (pr == 0)
            break;
        if (pr < 0) {
            if (errno == EINTR)
                continue;
            return PRINTER_ERR_IO;
        }
        ssize_t n = read(s->fd, buf + got, len - got);
        if (n > 0)
            got += (size_t)n;
        else if (n == 0)
            return got ? (int)got : PRINTER_ERR_IO;   /* peer closed */
        else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return (s->kind == SINK_DEVICE && got == 0) ? PRINTER_ERR_NO_STATUS : PRINTER_ERR_IO;
    }
    return (int)got;
}

void sink_drain(printer_sink *s)
{
    unsigned char junk[64];
    if (!s)
        return;
    if (s->kind == SINK_SIM) {
        s->sim->nreplies = 0;
        return;
    }
    if (s->kind == SINK_FILE)
        return;
    while (sink_read(s, junk, sizeof junk, 0) > 0) {
    }
}

void sink_close(printer_sink *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd);
    if (s->sim) {
        sim_save(s->sim);
        escpos_buf_free(&s->sim->pending);
        escpos_buf_free(&s->sim->paper);
        free(s->sim);
    }
    free(s);
}
