/* test_ipc: framing and strict parsing of the kiosk <-> kioskd protocol.
 * Frames are checked byte by byte against the format of docs/ipc.md
 * (4-byte big-endian length), not against our own encoder only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ipc.h"
#include "kioskd_client.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void test_header_bytes(void **state)
{
    (void)state;
    uint8_t h[4];
    ipc_frame_header(h, 0x01020304u);
    assert_int_equal(h[0], 1);
    assert_int_equal(h[1], 2);
    assert_int_equal(h[2], 3);
    assert_int_equal(h[3], 4);
    ipc_frame_header(h, 258);
    assert_memory_equal(h, "\x00\x00\x01\x02", 4);
}

static void test_decode(void **state)
{
    (void)state;
    const uint8_t buf[] = { 0, 0, 0, 2, '{', '}', 0, 0, 0, 1, 'x' };
    const uint8_t *p;
    size_t n, used;
    assert_int_equal(ipc_frame_decode(buf, 3, IPC_MAX_FRAME, &p, &n, &used), IPC_ERR_NEED_MORE);
    assert_int_equal(ipc_frame_decode(buf, 5, IPC_MAX_FRAME, &p, &n, &used), IPC_ERR_NEED_MORE);
    assert_int_equal(ipc_frame_decode(buf, sizeof buf, IPC_MAX_FRAME, &p, &n, &used), IPC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(used, 6);
    assert_memory_equal(p, "{}", 2);
    assert_int_equal(ipc_frame_decode(buf + used, sizeof buf - used, IPC_MAX_FRAME, &p, &n, &used),
                     IPC_OK);
    assert_int_equal(n, 1);
    const uint8_t zero[] = { 0, 0, 0, 0 };
    assert_int_equal(ipc_frame_decode(zero, 4, IPC_MAX_FRAME, &p, &n, &used), IPC_ERR_TOO_BIG);
    const uint8_t huge[] = { 0, 0x10, 0, 1 }; /* 1 MiB + 1 */
    assert_int_equal(ipc_frame_decode(huge, 4, IPC_MAX_FRAME, &p, &n, &used), IPC_ERR_TOO_BIG);
    const uint8_t small[] = { 0, 0, 0, 9 };
    assert_int_equal(ipc_frame_decode(small, 4, 8, &p, &n, &used), IPC_ERR_TOO_BIG);
}

static void test_socket_roundtrip(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    const char *msg = "{\"v\":1,\"type\":\"health\"}";
    assert_int_equal(ipc_frame_write(sv[0], msg, strlen(msg), 1000), IPC_OK);
    uint8_t raw[4];
    assert_int_equal(recv(sv[1], raw, 4, MSG_PEEK), 4);
    assert_int_equal(raw[3], strlen(msg));
    char *got;
    size_t len;
    assert_int_equal(ipc_frame_read(sv[1], &got, &len, IPC_MAX_FRAME, 1000), IPC_OK);
    assert_int_equal(len, strlen(msg));
    assert_string_equal(got, msg);
    ipc_wipe_free(got, len);
    /* A peer that sends half a frame and stalls: the read times out. */
    assert_int_equal(write(sv[0], "\0\0\0\x10{", 5), 5);
    assert_int_equal(ipc_frame_read(sv[1], &got, &len, IPC_MAX_FRAME, 100), IPC_ERR_TIMEOUT);
    /* An over-long prefix is refused before any allocation. */
    close(sv[0]);
    close(sv[1]);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    assert_int_equal(write(sv[0], "\x7f\xff\xff\xff", 4), 4);
    assert_int_equal(ipc_frame_read(sv[1], &got, &len, IPC_MAX_FRAME, 100), IPC_ERR_TOO_BIG);
    close(sv[0]);
    assert_int_equal(ipc_frame_read(sv[1], &got, &len, IPC_MAX_FRAME, 100), IPC_ERR_IO);
    close(sv[1]);
}

static ipc_status parse(const char *s, ipc_request *r)
{
    char err[96];
    return ipc_request_parse(s, strlen(s), r, err, sizeof err);
}

static void test_parse_submit(void **state)
{
    (void)state;
    ipc_request r;
    const char *good =
        "{\"v\":1,\"type\":\"submit\",\"request_id\":\"6f1c9a52-3b0e-4c55-9d1e-2f7a8b9c0d1e\","
        "\"dossier\":{\"procedure\":\"1.001193\",\"answers\":{\"a\":\"b\"},"
        "\"identity\":{\"id_number\":\"001099012345\"},\"documents\":[],"
        "\"consent_at\":\"2026-11-22T09:30:00+07:00\"}}";
    assert_int_equal(parse(good, &r), IPC_OK);
    assert_int_equal(r.type, IPC_SUBMIT);
    assert_string_equal(r.procedure, "1.001193");
    assert_non_null(r.dossier);
    ipc_request_free(&r);
    const char *bad[] = {
        "", "[]", "{}", "{\"v\":2,\"type\":\"health\"}", "{\"v\":1,\"type\":\"nope\"}",
        "{\"v\":1,\"type\":\"health\",\"extra\":1}",
        "{\"v\":1,\"type\":\"health\",\"type\":\"health\"}",
        /* procedure code shape */
        "{\"v\":1,\"type\":\"submit\",\"request_id\":\"x1\",\"dossier\":{\"procedure\":"
        "\"1.00119\",\"answers\":{},\"consent_at\":\"2026-11-22T09:30:00+07:00\"}}",
        /* missing consent */
        "{\"v\":1,\"type\":\"submit\",\"request_id\":\"x1\",\"dossier\":{\"procedure\":"
        "\"1.001193\",\"answers\":{}}}",
        /* unknown dossier field */
        "{\"v\":1,\"type\":\"submit\",\"request_id\":\"x1\",\"dossier\":{\"procedure\":"
        "\"1.001193\",\"answers\":{},\"consent_at\":\"2026-11-22T09:30:00\",\"x\":1}}",
        /* request id with a space */
        "{\"v\":1,\"type\":\"submit\",\"request_id\":\"a b\",\"dossier\":{\"procedure\":"
        "\"1.001193\",\"answers\":{},\"consent_at\":\"2026-11-22T09:30:00\"}}",
        "{\"v\":1,\"type\":\"rate\",\"score\":6}", "{\"v\":1,\"type\":\"rate\",\"score\":0}",
        "{\"v\":1,\"type\":\"rate\",\"score\":3.0}",
        "{\"v\":1,\"type\":\"rate\",\"score\":3,\"reasons\":[\"a\",\"b\",\"c\",\"d\",\"e\","
        "\"f\",\"g\",\"h\",\"i\"]}",
        "{\"v\":1,\"type\":\"ticket\",\"group\":\"HT\",\"priority\":\"vip\"}",
        "{\"v\":1,\"type\":\"ticket\",\"group\":\"\"}",
        "{\"v\":1,\"type\":\"status\",\"code\":\"38.98.H29-210519-13\"}",
        "{\"v\":1,\"type\":\"status\",\"code\":\"38.98.H29-210519-0013\",\"refresh\":1}",
        "{\"v\":1,\"type\":\"catalog_import\",\"path\":\"relative.bundle\"}",
        "{\"v\":1,\"type\":\"call_staff\",\"reason\":\"x\\u0000y\"}",
        NULL
    };
    for (int i = 0; bad[i]; i++) {
        if (parse(bad[i], &r) == IPC_OK)
            fail_msg("accepted bad message %d: %s", i, bad[i]);
    }
}

static void test_parse_others(void **state)
{
    (void)state;
    ipc_request r;
    assert_int_equal(parse("{\"v\":1,\"type\":\"status\",\"code\":\"38.98.H29-210519-0013\","
                           "\"refresh\":true}", &r), IPC_OK);
    assert_true(r.refresh);
    assert_string_equal(r.code, "38.98.H29-210519-0013");
    ipc_request_free(&r);
    assert_int_equal(parse("{\"v\":1,\"type\":\"ticket\",\"group\":\"HT\",\"priority\":"
                           "\"pregnant\"}", &r), IPC_OK);
    assert_int_equal(r.priority, IPC_PRIO_PREGNANT);
    ipc_request_free(&r);
    assert_int_equal(parse("{\"v\":1,\"type\":\"rate\",\"score\":5,\"reasons\":[\"staff\","
                           "\"wait_time\"]}", &r), IPC_OK);
    assert_int_equal(r.score, 5);
    assert_int_equal(r.n_reasons, 2);
    assert_string_equal(r.reasons[1], "wait_time");
    ipc_request_free(&r);
    assert_int_equal(parse("{\"v\":1,\"type\":\"call_staff\"}", &r), IPC_OK);
    assert_string_equal(r.reason, "help");
    ipc_request_free(&r);
}

static void test_codes(void **state)
{
    (void)state;
    /* The published example of the reference: 38.98.H29-210519-0013. */
    assert_true(ipc_valid_dossier_code("38.98.H29-210519-0013"));
    assert_false(ipc_valid_dossier_code("38.98.H29-210519-013"));
    assert_false(ipc_valid_dossier_code("38.98.H29_210519-0013"));
    assert_false(ipc_valid_dossier_code("-210519-0013"));
    assert_false(ipc_valid_dossier_code("38 98-210519-0013"));
    assert_true(ipc_valid_procedure_code("1.001193"));
    assert_false(ipc_valid_procedure_code("1001193"));
    assert_false(ipc_valid_procedure_code("1.00119a"));
    assert_false(ipc_valid_procedure_code("2.000815.000.00.00.H55"));
}

static void test_dump_stable(void **state)
{
    (void)state;
    json_error_t e;
    json_t *a = json_loads("{\"b\":1,\"a\":\"Nguy\\u1ec5n\"}", 0, &e);
    size_t n;
    char *s = ipc_json_dump(a, &n);
    /* Sorted keys, compact, UTF-8 kept as is. */
    assert_string_equal(s, "{\"a\":\"Nguy\xe1\xbb\x85n\",\"b\":1}");
    assert_int_equal(n, strlen(s));
    ipc_wipe_free(s, n);
    json_decref(a);
}

static void test_response(void **state)
{
    (void)state;
    json_t *o;
    bool ok;
    char err[64] = "";
    const char *r1 = "{\"v\":1,\"ok\":false,\"error\":\"storage_full\",\"message\":\"m\"}";
    assert_int_equal(ipc_response_parse(r1, strlen(r1), &o, &ok, err, sizeof err), IPC_OK);
    assert_false(ok);
    json_decref(o);
    const char *r2 = "{\"v\":1,\"ok\":false}";
    assert_int_equal(ipc_response_parse(r2, strlen(r2), &o, &ok, err, sizeof err),
                     IPC_ERR_PARSE);
    const char *r3 = "{\"v\":1,\"ok\":\"yes\"}";
    assert_int_equal(ipc_response_parse(r3, strlen(r3), &o, &ok, err, sizeof err),
                     IPC_ERR_PARSE);
}

static long long ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The UI must never hang on kioskd: no service, or one that accepts and
 * never answers, costs at most the client's timeout. */
static void test_client_timeouts(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_ipc.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[108];
    snprintf(path, sizeof path, "%s/s", dir);
    kioskd_client c;
    kioskd_client_init(&c, path);
    c.timeout_ms = 300;
    kioskd_health_info h;
    long long t0 = ms_now();
    assert_int_equal(kioskd_health(&c, &h), KIOSKD_ERR_UNAVAILABLE);
    assert_true(ms_now() - t0 < 100);

    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 4), 0);   /* connects succeed, nobody answers */
    t0 = ms_now();
    assert_int_equal(kioskd_health(&c, &h), KIOSKD_ERR_TIMEOUT);
    long long took = ms_now() - t0;
    assert_true(took >= 250 && took < 1500);
    kioskd_receipt r;
    assert_int_equal(kioskd_submit(&c, "{\"procedure\":\"1.001193\"}", "bad id", &r),
                     KIOSKD_ERR_ARG);
    kioskd_status_info st;
    assert_int_equal(kioskd_status(&c, "not-a-code", false, &st), KIOSKD_ERR_ARG);
    close(fd);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    ipc_json_use_wiping_allocator();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_bytes),   cmocka_unit_test(test_decode),
        cmocka_unit_test(test_socket_roundtrip), cmocka_unit_test(test_parse_submit),
        cmocka_unit_test(test_parse_others),   cmocka_unit_test(test_codes),
        cmocka_unit_test(test_dump_stable),    cmocka_unit_test(test_response),
        cmocka_unit_test(test_client_timeouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
