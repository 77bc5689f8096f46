/* test_outbox: kioskd's store and backoff. Dossier codes follow the
 * published format <agency>-<yymmdd>-<nnnn> (reference example
 * 38.98.H29-210519-0013), are gap-free across reopen, stay inside the kiosk's
 * block, survive a full disk without damage; backoff stays within its bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backoff.h"
#include "ipc.h"
#include "store.h"
#include "upstream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void cfg_make(svc_config *c, int kiosk, int block, long max_pages)
{
    memset(c, 0, sizeof *c);
    snprintf(c->database, sizeof c->database, "%s/k%d.db", dir, kiosk);
    snprintf(c->agency_code, sizeof c->agency_code, "38.98.H29");
    c->kiosk_number = kiosk;
    c->seq_block = block;
    c->db_max_pages = max_pages;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_outbox.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* 2021-05-19 12:00 in UTC+7: the day of the reference example. */
static const time_t DAY = 1621400400;

static store_status submit(store *s, const char *rid, char code[40], bool *dup)
{
    char at[40];
    return store_submit(s, rid, "1.001193", "sealed", 6, DAY, code, at, dup);
}

static void test_sequence(void **state)
{
    (void)state;
    setenv("TZ", "<+07>-7", 1); /* UTC+7 without tzdata */
    tzset();
    svc_config c;
    cfg_make(&c, 0, 1000, 0);
    store s;
    char err[200], code[40];
    bool dup;
    assert_int_equal(store_open(&s, &c, false, err, sizeof err), STORE_OK);
    assert_int_equal(submit(&s, "r1", code, &dup), STORE_OK);
    assert_string_equal(code, "38.98.H29-210519-0001");
    assert_true(ipc_valid_dossier_code(code));
    assert_int_equal(submit(&s, "r2", code, &dup), STORE_OK);
    assert_string_equal(code, "38.98.H29-210519-0002");
    /* Same request id: same code, no new number. */
    assert_int_equal(submit(&s, "r1", code, &dup), STORE_OK);
    assert_true(dup);
    assert_string_equal(code, "38.98.H29-210519-0001");
    store_close(&s);
    /* Reopen (a restart): continues without a gap. */
    assert_int_equal(store_open(&s, &c, false, err, sizeof err), STORE_OK);
    assert_int_equal(submit(&s, "r3", code, &dup), STORE_OK);
    assert_false(dup);
    assert_string_equal(code, "38.98.H29-210519-0003");
    /* Next day starts again at 0001. */
    char at[40];
    assert_int_equal(store_submit(&s, "r4", "1.001193", "x", 1, DAY + 86400, code, at, &dup),
                     STORE_OK);
    assert_string_equal(code, "38.98.H29-210520-0001");
    assert_string_equal(at, "2021-05-20T12:00:00+07:00");
    store_close(&s);
}

static void test_kiosk_blocks(void **state)
{
    (void)state;
    svc_config c;
    cfg_make(&c, 3, 1000, 0);
    int first, last;
    store_seq_range(&c, &first, &last);
    assert_int_equal(first, 3000);
    assert_int_equal(last, 3999);
    store s;
    char err[200], code[40];
    bool dup;
    assert_int_equal(store_open(&s, &c, false, err, sizeof err), STORE_OK);
    assert_int_equal(submit(&s, "a", code, &dup), STORE_OK);
    assert_string_equal(code, "38.98.H29-210519-3000");
    store_close(&s);
    /* A tiny block runs out with a clear status, and nothing is stored. */
    cfg_make(&c, 1, 10, 0);
    store_seq_range(&c, &first, &last);
    assert_int_equal(first, 10);
    assert_int_equal(last, 19);
    assert_int_equal(store_open(&s, &c, false, err, sizeof err), STORE_OK);
    char rid[8];
    for (int i = 0; i < 10; i++) {
        snprintf(rid, sizeof rid, "b%d", i);
        assert_int_equal(submit(&s, rid, code, &dup), STORE_OK);
    }
    assert_string_equal(code, "38.98.H29-210519-0019");
    assert_int_equal(submit(&s, "b99", code, &dup), STORE_EXHAUSTED);
    assert_int_equal(store_count(&s, "SELECT COUNT(*) FROM outbox"), 10);
    store_close(&s);
}

static void test_disk_full(void **state)
{
    (void)state;
    svc_config c;
    cfg_make(&c, 5, 1000, 40);  /* 40 pages of 4 KiB */
    store s;
    char err[200], code[40], rid[16];
    bool dup;
    assert_int_equal(store_open(&s, &c, false, err, sizeof err), STORE_OK);
    static unsigned char blob[20000];
    memset(blob, 0xA5, sizeof blob);
    int stored = 0;
    store_status r = STORE_OK;
    for (int i = 0; i < 100 && r == STORE_OK; i++) {
        snprintf(rid, sizeof rid, "f%d", i);
        char at[40];
        r = store_submit(&s, rid, "1.001193", blob, sizeof blob, DAY, code, at, &dup);
        if (r == STORE_OK)
            stored++;
    }
    assert_int_equal(r, STORE_FULL);
    assert_true(stored > 0);
    /* Nothing half-written: as many rows as successes, sequence gap-free. */
    assert_int_equal(store_count(&s, "SELECT COUNT(*) FROM outbox"), stored);
    assert_int_equal(store_count(&s, "SELECT MAX(last) FROM daily_seq"), 5000 + stored - 1);
    assert_int_equal(store_count(&s, "SELECT COUNT(*) FROM pragma_integrity_check "
                                     "WHERE integrity_check='ok'"), 1);
    store_close(&s);
}

static void test_due_order(void **state)
{
    (void)state;
    svc_config c;
    cfg_make(&c, 6, 1000, 0);
    store s;
    char err[200], code[40];
    bool dup;
    assert_int_equal(store_open(&s, &c, false, err, sizeof err), STORE_OK);
    assert_int_equal(submit(&s, "d1", code, &dup), STORE_OK);
    assert_int_equal(submit(&s, "d2", code, &dup), STORE_OK);
    outbox_item it;
    long long next;
    assert_int_equal(store_next_due(&s, 1000, NULL, 0, &it, &next), STORE_OK);
    long long first = it.id;
    assert_int_equal(it.payload_len, 6);
    outbox_item_free(&it);
    /* Excluding the in-flight one yields the other. */
    assert_int_equal(store_next_due(&s, 1000, &first, 1, &it, &next), STORE_OK);
    assert_true(it.id != first);
    long long both[2] = { first, it.id };
    outbox_item_free(&it);
    assert_int_equal(store_next_due(&s, 1000, both, 2, &it, &next), STORE_NOT_FOUND);
    assert_int_equal(store_mark_retry(&s, first, 1, 5000, "x"), STORE_OK);
    assert_int_equal(store_next_due(&s, 1000, &both[1], 1, &it, &next), STORE_NOT_FOUND);
    assert_int_equal(next, 5000);
    assert_int_equal(store_mark_sent(&s, both[1], "OFF-1", ""), STORE_OK);
    assert_int_equal(store_mark_parked(&s, first, 2, "HTTP 422"), STORE_OK);
    assert_int_equal(store_next_due(&s, 99999, NULL, 0, &it, &next), STORE_NOT_FOUND);
    assert_int_equal(next, -1);
    assert_int_equal(store_requeue(&s, "38.98.H29-210519-6000"), STORE_OK);
    assert_int_equal(store_next_due(&s, 1, NULL, 0, &it, &next), STORE_OK);
    outbox_item_free(&it);
    store_close(&s);
}

static void test_tickets(void **state)
{
    (void)state;
    svc_config c;
    cfg_make(&c, 7, 1000, 0);
    store s;
    char err[200], num[24], at[40];
    int ahead;
    assert_int_equal(store_open(&s, &c, false, err, sizeof err), STORE_OK);
    assert_int_equal(store_ticket_issue(&s, "HT", "none", DAY, num, &ahead, at), STORE_OK);
    assert_string_equal(num, "HT-001");
    assert_int_equal(ahead, 0);
    assert_int_equal(store_ticket_issue(&s, "HT", "none", DAY, num, &ahead, at), STORE_OK);
    assert_int_equal(ahead, 1);
    /* Priority: only earlier priority tickets are ahead. */
    assert_int_equal(store_ticket_issue(&s, "HT", "elderly", DAY, num, &ahead, at), STORE_OK);
    assert_string_equal(num, "HT-U003");
    assert_int_equal(ahead, 0);
    assert_int_equal(store_ticket_issue(&s, "HT", "none", DAY, num, &ahead, at), STORE_OK);
    assert_int_equal(ahead, 3);
    assert_int_equal(store_ticket_mark_called(&s, "HT-001"), STORE_OK);
    assert_int_equal(store_ticket_issue(&s, "CT", "none", DAY, num, &ahead, at), STORE_OK);
    assert_string_equal(num, "CT-001");
    assert_int_equal(store_ticket_issue(&s, "HT", "pregnant", DAY, num, &ahead, at), STORE_OK);
    assert_int_equal(ahead, 1);
    store_close(&s);
}

static void test_backoff(void **state)
{
    (void)state;
    for (int attempt = 1; attempt < 40; attempt++) {
        long d = 100;
        for (int i = 1; i < attempt && d < 60000; i++)
            d *= 2;
        if (d > 60000)
            d = 60000;
        for (uint32_t rnd = 0; rnd < 2000; rnd += 97) {
            long got = backoff_delay_ms(100, 60000, attempt, rnd * 2654435761u);
            assert_true(got >= d / 2);
            assert_true(got <= d);
        }
    }
    assert_int_equal(backoff_delay_ms(100, 60000, 1, 0), 50);
    assert_int_equal(backoff_with_retry_after(500, 3000), 3000);
    assert_int_equal(backoff_with_retry_after(5000, -1), 5000);
}

static void test_upstream_parsers(void **state)
{
    (void)state;
    char off[64], due[40], err[200];
    const char *a = "{\"official_code\":\"H29.98-261122-0001\",\"due_at\":\"2026-11-25T17:00:00"
                    "+07:00\"}";
    assert_int_equal(upstream_parse_submit(a, strlen(a), off, due, err, sizeof err), 0);
    assert_string_equal(off, "H29.98-261122-0001");
    assert_int_equal(upstream_parse_submit("{}", 2, off, due, err, sizeof err), -1);
    assert_int_equal(upstream_parse_submit("{\"official_code\":5}", 19, off, due, err,
                                           sizeof err), -1);
    up_status st;
    const char *b = "{\"status\":\"processing\",\"status_text\":\"\\u0110ang x\\u1eed l\\u00fd\"}";
    assert_int_equal(upstream_parse_status(b, strlen(b), &st, err, sizeof err), 0);
    assert_string_equal(st.state, "processing");
    assert_string_equal(st.state_text, "\xc4\x90\x61ng x\xe1\xbb\xad l\xc3\xbd");
    /* RFC 9110 examples: delta-seconds and an IMF-fixdate. */
    assert_int_equal(upstream_parse_retry_after("120", 0), 120);
    assert_int_equal(upstream_parse_retry_after(" Fri, 31 Dec 1999 23:59:59 GMT\r\n",
                                                946684799 - 30), 30);
    assert_int_equal(upstream_parse_retry_after("soon", 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequence),   cmocka_unit_test(test_kiosk_blocks),
        cmocka_unit_test(test_disk_full),  cmocka_unit_test(test_due_order),
        cmocka_unit_test(test_tickets),    cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_upstream_parsers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
