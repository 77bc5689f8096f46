/* transport_mock: scripted or handler-driven fake card (see transport_mock.h). */
#include "transport_mock.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int card_hex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *s; s++) {
        if (isspace((unsigned char)*s))
            continue;
        int v = isdigit((unsigned char)*s) ? *s - '0'
                : (*s >= 'a' && *s <= 'f') ? *s - 'a' + 10
                : (*s >= 'A' && *s <= 'F') ? *s - 'A' + 10 : -1;
        if (v < 0)
            return -1;
        if (hi < 0) {
            hi = v;
        } else {
            if (n >= cap)
                return -1;
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return hi < 0 ? (int)n : -1;
}

static card_err mock_transmit(void *ctx, const uint8_t *cmd, size_t n, uint8_t *rsp, size_t *rl)
{
    card_mock *m = ctx;
    if (m->fn)
        return m->fn(m->user, cmd, n, rsp, rl);
    if (m->pos >= m->n_steps) {
        m->failed = true;
        snprintf(m->why, sizeof m->why, "command %zu beyond the script", m->pos);
        return CARD_E_TRANSPORT;
    }
    const card_mock_step *st = &m->steps[m->pos++];
    if (st->cmd) {
        uint8_t want[APDU_MAX];
        int wl = card_hex(st->cmd, want, sizeof want);
        if (wl != (int)n || memcmp(want, cmd, n)) {
            m->failed = true;
            int o = snprintf(m->why, sizeof m->why, "step %zu: got ", m->pos - 1);
            for (size_t i = 0; i < n && o < (int)sizeof m->why - 3; i++)
                o += snprintf(m->why + o, sizeof m->why - (size_t)o, "%02X", cmd[i]);
            return CARD_E_TRANSPORT;
        }
    }
    int l = card_hex(st->rsp, rsp, *rl);
    if (l < 2)
        return CARD_E_TRANSPORT;
    *rl = (size_t)l;
    return CARD_OK;
}

static card_err mock_reset(void *ctx)
{
    card_mock *m = ctx;
    m->resets++;
    return CARD_OK;
}

void card_mock_script(card_mock *m, const card_mock_step *steps, size_t n)
{
    memset(m, 0, sizeof *m);
    m->steps = steps;
    m->n_steps = n;
    m->tr.ctx = m;
    m->tr.transmit = mock_transmit;
    m->tr.reset = mock_reset;
}

void card_mock_handler(card_mock *m, card_mock_fn fn, void *user)
{
    memset(m, 0, sizeof *m);
    m->fn = fn;
    m->user = user;
    m->tr.ctx = m;
    m->tr.transmit = mock_transmit;
    m->tr.reset = mock_reset;
}
