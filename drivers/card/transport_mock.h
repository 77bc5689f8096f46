/* transport_mock: the mock backend of the transport seam, for unit tests.
 *
 * Two modes: a script of (expected command, response) hex pairs that must
 * match in order (spec worked examples), or a handler function that plays a
 * card (the mock chip of the tests). The mock owns nothing. */
#ifndef KIOSK_CARD_TRANSPORT_MOCK_H
#define KIOSK_CARD_TRANSPORT_MOCK_H

#include "card_int.h"

typedef struct card_mock_step {
    const char *cmd;    /* expected command in hex (NULL = accept anything) */
    const char *rsp;    /* response in hex, data + SW */
} card_mock_step;

typedef card_err (*card_mock_fn)(void *user, const uint8_t *cmd, size_t n, uint8_t *rsp,
                                 size_t *rsp_len);

typedef struct card_mock {
    card_transport tr;
    const card_mock_step *steps;
    size_t n_steps, pos;
    card_mock_fn fn;
    void *user;
    bool failed;            /* a command differed from the script */
    char why[512];
    unsigned resets;
} card_mock;

void card_mock_script(card_mock *m, const card_mock_step *steps, size_t n);
void card_mock_handler(card_mock *m, card_mock_fn fn, void *user);
/* Hex helper: decode s into out; returns bytes or -1. */
int card_hex(const char *s, uint8_t *out, size_t cap);

#endif
