/* test_escpos: the ESC/POS encoder's bytes, the status parser against the
 * bit meanings of the Epson command reference (DLE EOT n, GS r 1), the
 * command walker on whole, cut and foreign input, and the messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "decode.h"
#include "escpos.h"
#include "printer.h"

static void test_encoder_bytes(void **state)
{
    (void)state;
    escpos_buf b;
    escpos_buf_init(&b);
    escpos_initialize(&b);
    escpos_feed_dots(&b, 300);          /* split: 255 + 45 */
    escpos_cut(&b, 96);
    escpos_query_status(&b, ESCPOS_Q_PAPER);
    escpos_query_status(&b, ESCPOS_Q_GS_PAPER);
    const unsigned char want[] = { 0x1B, 0x40, 0x1B, 0x4A, 255, 0x1B, 0x4A, 45,
                                   0x1D, 0x56, 0x42, 96, 0x10, 0x04, 0x04, 0x1D, 0x72, 0x01 };
    assert_int_equal(b.len, sizeof want);
    assert_memory_equal(b.data, want, sizeof want);
    escpos_buf_free(&b);
}

static void test_raster_band(void **state)
{
    (void)state;
    raster r;
    assert_int_equal(raster_init(&r, 576), 0);
    assert_int_equal(raster_ensure_height(&r, 300), 0);
    raster_set(&r, 0, 256);     /* first dot of the band's first row */
    raster_set(&r, 575, 299);   /* last dot of its last row */
    escpos_buf b;
    escpos_buf_init(&b);
    assert_int_equal(escpos_raster_band(&b, &r, 256, 44), 0);
    /* GS v 0 m=0, x = 72 bytes (0x48 0x00), y = 44 rows (0x2C 0x00). */
    const unsigned char head[] = { 0x1D, 0x76, 0x30, 0x00, 0x48, 0x00, 0x2C, 0x00 };
    assert_int_equal(b.len, 8 + 72 * 44);
    assert_memory_equal(b.data, head, 8);
    assert_int_equal(b.data[8], 0x80);
    assert_int_equal(b.data[b.len - 1], 0x01);
    assert_int_equal(escpos_raster_band(&b, &r, 290, 11), -1);  /* past the end */
    assert_int_equal(escpos_raster_band(&b, &r, 0, 0), -1);
    escpos_buf_free(&b);
    raster_free(&r);
}

/* Reply bytes as the Epson reference describes them. */
static void test_status_dle_eot(void **state)
{
    (void)state;
    escpos_status st;
    memset(&st, 0, sizeof st);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PRINTER, 0x12, &st), 0);
    assert_false(st.offline);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PRINTER, 0x1A, &st), 0);   /* bit 3 */
    assert_true(st.offline);

    memset(&st, 0, sizeof st);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_OFFLINE, 0x16, &st), 0);   /* bit 2 */
    assert_true(st.cover_open);
    assert_false(st.paper_out);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_OFFLINE, 0x32, &st), 0);   /* bit 5 */
    assert_true(st.paper_out);
    assert_false(st.cover_open);

    memset(&st, 0, sizeof st);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_ERROR, 0x1A, &st), 0);     /* bit 3 */
    assert_true(st.cutter_error);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_ERROR, 0x52, &st), 0);     /* bit 6 */
    assert_true(st.auto_recoverable);
    assert_false(st.cutter_error);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_ERROR, 0x32, &st), 0);     /* bit 5 */
    assert_true(st.unrecoverable);

    memset(&st, 0, sizeof st);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PAPER, 0x1E, &st), 0);     /* bits 2,3 */
    assert_true(st.paper_near_end);
    assert_false(st.paper_out);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PAPER, 0x72, &st), 0);     /* bits 5,6 */
    assert_true(st.paper_out);
    assert_false(st.paper_near_end);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PAPER, 0x7E, &st), 0);
    assert_true(st.paper_out && st.paper_near_end);
    assert_int_equal(st.answers, 3);

    /* Fixed bits wrong: not a status byte; nothing changes. */
    escpos_status before = st;
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PAPER, 0x00, &st), -1);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PAPER, 0x13, &st), -1);    /* bit 0 */
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PAPER, 0x92, &st), -1);    /* bit 7 */
    assert_int_equal(escpos_status_parse(ESCPOS_Q_PAPER, 0x02, &st), -1);    /* bit 4 clear */
    assert_int_equal(escpos_status_parse((escpos_query)7, 0x12, &st), -1);
    assert_memory_equal(&before, &st, sizeof st);
}

static void test_status_gs_r(void **state)
{
    (void)state;
    escpos_status st;
    memset(&st, 0, sizeof st);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_GS_PAPER, 0x00, &st), 0);
    assert_false(st.paper_out || st.paper_near_end);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_GS_PAPER, 0x03, &st), 0);
    assert_true(st.paper_near_end);
    assert_false(st.paper_out);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_GS_PAPER, 0x0F, &st), 0);
    assert_true(st.paper_out);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_GS_PAPER, 0x10, &st), -1);
    assert_int_equal(escpos_status_parse(ESCPOS_Q_GS_PAPER, 0x80, &st), -1);
}

static void test_status_replies_and_blocking(void **state)
{
    (void)state;
    escpos_status st;
    memset(&st, 0, sizeof st);
    const unsigned char ok[] = { 1, 0x12, 2, 0x12, 3, 0x12, 4, 0x12, 0x81, 0x00 };
    assert_int_equal(escpos_status_parse_replies(ok, sizeof ok, &st), 5);
    assert_false(escpos_status_blocks(&st));
    assert_int_equal(printer_status_error(&st), PRINTER_OK);
    assert_null(printer_status_message(&st));

    const unsigned char near[] = { 4, 0x1E };
    memset(&st, 0, sizeof st);
    assert_int_equal(escpos_status_parse_replies(near, sizeof near, &st), 1);
    assert_false(escpos_status_blocks(&st));
    assert_non_null(strstr(printer_status_message(&st), "sắp hết giấy"));

    const unsigned char out[] = { 2, 0x32, 4, 0x72 };
    memset(&st, 0, sizeof st);
    assert_int_equal(escpos_status_parse_replies(out, sizeof out, &st), 2);
    assert_true(escpos_status_blocks(&st));
    assert_int_equal(printer_status_error(&st), PRINTER_ERR_PAPER_OUT);
    assert_string_equal(printer_status_message(&st),
                        "Máy in hết giấy. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");

    const unsigned char cover[] = { 2, 0x16 };
    memset(&st, 0, sizeof st);
    escpos_status_parse_replies(cover, sizeof cover, &st);
    assert_int_equal(printer_status_error(&st), PRINTER_ERR_COVER_OPEN);

    const unsigned char bad[] = { 1, 0x12, 5, 0x12 };
    assert_int_equal(escpos_status_parse_replies(bad, sizeof bad, &st), -1);
    const unsigned char badbyte[] = { 1, 0x00 };
    assert_int_equal(escpos_status_parse_replies(badbyte, sizeof badbyte, &st), -1);
}

static void test_walker(void **state)
{
    (void)state;
    escpos_cmd_info ci;
    const unsigned char band[] = { 0x1D, 0x76, 0x30, 0x00, 0x01, 0x00, 0x02, 0x00, 0xAA, 0x55 };
    assert_int_equal(escpos_next_command(band, sizeof band, &ci), ESCPOS_CMD_RASTER);
    assert_int_equal(ci.len, sizeof band);
    assert_int_equal(ci.raster_xbytes, 1);
    assert_int_equal(ci.raster_rows, 2);
    /* Every shorter prefix is incomplete, never read past. */
    for (size_t n = 0; n < sizeof band; n++)
        assert_int_equal(escpos_next_command(band, n, &ci), ESCPOS_CMD_INCOMPLETE);
    const unsigned char cut[] = { 0x1D, 0x56, 0x42, 0x10 };
    assert_int_equal(escpos_next_command(cut, sizeof cut, &ci), ESCPOS_CMD_CUT);
    assert_int_equal(ci.arg, 16);
    const unsigned char st[] = { 0x10, 0x04, 0x02 };
    assert_int_equal(escpos_next_command(st, sizeof st, &ci), ESCPOS_CMD_STATUS);
    assert_int_equal(ci.arg, 2);
    const unsigned char text[] = { 'A' };
    assert_int_equal(escpos_next_command(text, sizeof text, &ci), ESCPOS_CMD_UNKNOWN);
    assert_int_equal(ci.len, 1);
    const unsigned char mode9[] = { 0x1D, 0x76, 0x30, 0x09, 0x01, 0x00, 0x01, 0x00, 0xFF };
    assert_int_equal(escpos_next_command(mode9, sizeof mode9, &ci), ESCPOS_CMD_UNKNOWN);
}

/* Encoder then the driver's decoder give back the same dots. */
static void test_decode_round_trip(void **state)
{
    (void)state;
    raster r;
    raster_init(&r, 384);
    raster_ensure_height(&r, 150);
    for (int i = 0; i < 150; i++)
        raster_set(&r, (i * 7) % 384, i);
    escpos_buf b;
    escpos_buf_init(&b);
    escpos_initialize(&b);
    escpos_query_status(&b, ESCPOS_Q_PRINTER);
    escpos_raster_band(&b, &r, 0, 64);
    escpos_raster_band(&b, &r, 64, 64);
    escpos_raster_band(&b, &r, 128, 22);
    escpos_cut(&b, 0);
    escpos_raster_band(&b, &r, 0, 10);     /* a second page */
    decode_result d;
    assert_int_equal(decode_escpos(b.data, b.len, 384, &d), 0);
    assert_int_equal(d.npages, 2);
    assert_int_equal(d.unknown_bytes, 0);
    assert_int_equal(d.pages[0].height, 150);
    assert_memory_equal(d.pages[0].bits, r.bits, (size_t)150 * 48);
    assert_int_equal(d.pages[1].height, 10);
    decode_free(&d);
    escpos_buf_free(&b);
    raster_free(&r);
}

static void test_messages(void **state)
{
    (void)state;
    assert_string_equal(printer_strerror(PRINTER_ERR_PAPER_OUT),
                        "Máy in hết giấy. Hồ sơ của bạn đã được lưu; mời lấy biên nhận tại quầy.");
    for (int e = PRINTER_ERR_ARG; e >= PRINTER_ERR_MIN; e--) {
        const char *m = printer_strerror(e);
        assert_non_null(m);
        assert_true(strlen(m) > 20);
        if (e != PRINTER_ERR_NO_STATUS)   /* every failure says the dossier is safe */
            assert_non_null(strstr(m, "Hồ sơ của bạn đã được lưu"));
    }
    assert_int_equal(printer_width_dots(58), 384);
    assert_int_equal(printer_width_dots(80), 576);
    assert_int_equal(printer_width_dots(76), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoder_bytes),
        cmocka_unit_test(test_raster_band),
        cmocka_unit_test(test_status_dle_eot),
        cmocka_unit_test(test_status_gs_r),
        cmocka_unit_test(test_status_replies_and_blocking),
        cmocka_unit_test(test_walker),
        cmocka_unit_test(test_decode_round_trip),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
