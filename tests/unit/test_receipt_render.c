/* test_receipt_render: receipts and tickets laid out with SDL2_ttf, read back
 * with the zbar library (an independent decoder): the tracking QR, the VietQR
 * code and the CODE128 dossier code must read exactly what was encoded, at
 * both paper widths; a free procedure prints no payment code; tracking QR
 * modules are at least 5 dots. The rasters are saved as PNG under
 * tests/output/printer in the build directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zbar.h>

#include "decode.h"
#include "printer.h"
#include "qrgen.h"
#include "render.h"

#define MAX_CODES 8

typedef struct found {
    int n;
    char type[MAX_CODES][16];
    char text[MAX_CODES][300];
} found;

static void scan(const raster *r, found *f)
{
    memset(f, 0, sizeof *f);
    /* 8-bit grey with a white border, as a camera would see clean paper. */
    int b = 16, w = r->width + 2 * b, h = r->height + 2 * b;
    unsigned char *grey = malloc((size_t)w * (size_t)h);
    memset(grey, 255, (size_t)w * (size_t)h);
    for (int y = 0; y < r->height; y++)
        for (int x = 0; x < r->width; x++)
            if (raster_get(r, x, y))
                grey[(size_t)(y + b) * (size_t)w + (size_t)(x + b)] = 0;
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, grey, (unsigned long)w * (unsigned long)h, NULL);
    zbar_scan_image(sc, img);
    for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s && f->n < MAX_CODES;
         s = zbar_symbol_next(s)) {
        snprintf(f->type[f->n], sizeof f->type[0], "%s",
                 zbar_get_symbol_name(zbar_symbol_get_type(s)));
        unsigned len = zbar_symbol_get_data_length(s);
        if (len >= sizeof f->text[0])
            len = sizeof f->text[0] - 1;
        memcpy(f->text[f->n], zbar_symbol_get_data(s), len);
        f->text[f->n][len] = '\0';
        f->n++;
    }
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    free(grey);
}

static int has(const found *f, const char *type, const char *text)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->type[i], type) && !strcmp(f->text[i], text))
            return 1;
    return 0;
}

static int count_type(const found *f, const char *type)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += !strcmp(f->type[i], type);
    return n;
}

static void save(const raster *r, const char *name)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/tests/output", KIOSK_BINARY_DIR);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/tests/output/printer", KIOSK_BINARY_DIR);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(decode_save_png(r, path), 0);
}

static render_fonts *fonts;

static int setup(void **state)
{
    (void)state;
    return render_fonts_open(NULL, NULL, &fonts) == PRINTER_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    render_fonts_close(fonts);
    return 0;
}

static void test_receipt_codes(void **state)
{
    (void)state;
    receipt *r = calloc(1, sizeof *r);
    assert_int_equal(receipt_fill_demo(r, NULL), RECEIPT_OK);
    const int widths[] = { 384, 576 };
    for (int i = 0; i < 2; i++) {
        raster page;
        assert_int_equal(render_receipt(fonts, r, widths[i], &page), PRINTER_OK);
        assert_int_equal(page.width, widths[i]);
        assert_true(page.height > 800 && page.height < 3000);   /* 10 to 37 cm */
        found f;
        scan(&page, &f);
        if (!has(&f, "QR-Code", r->tracking_qr) || !has(&f, "QR-Code", r->vietqr) ||
            !has(&f, "CODE-128", r->dossier_code)) {
            for (int k = 0; k < f.n; k++)
                print_message("read %s:%s\n", f.type[k], f.text[k]);
            fail_msg("width %d: codes not read back exactly", widths[i]);
        }
        save(&page, widths[i] == 384 ? "unit-receipt-58.png" : "unit-receipt-80.png");
        raster_free(&page);
    }
    free(r);
}

static void test_free_receipt_has_no_payment_code(void **state)
{
    (void)state;
    receipt *r = calloc(1, sizeof *r);
    assert_int_equal(receipt_fill_demo(r, NULL), RECEIPT_OK);
    receipt_set_fee(r, 0, NULL);
    raster page;
    assert_int_equal(render_receipt(fonts, r, 384, &page), PRINTER_OK);
    found f;
    scan(&page, &f);
    assert_int_equal(count_type(&f, "QR-Code"), 1);
    assert_true(has(&f, "QR-Code", r->tracking_qr));
    raster_free(&page);
    free(r);
}

/* The tracking QR is drawn at 5 dots per module or more, at ECC Q. */
static void test_tracking_qr_module_size(void **state)
{
    (void)state;
    qrgen_code qr;
    const char *text = "HS1:000.00.00.H55-261122-0042:5";
    assert_int_equal(qrgen_encode(text, strlen(text), QRGEN_ECC_Q, 4, &qr), 0);
    int modules = qr.size;
    qrgen_free(&qr);
    raster r;
    raster_init(&r, 384);
    int h = render_qr(&r, 0, text, QRGEN_ECC_Q, 5);
    assert_int_equal(h, modules * 5);
    found f;
    scan(&r, &f);
    assert_true(has(&f, "QR-Code", text));
    raster_free(&r);
    /* The layout chooses at least 5: the 58 mm receipt fits the QR at >= 5. */
    assert_true(384 / modules >= 5);
}

static void test_ticket(void **state)
{
    (void)state;
    ticket t;
    ticket_fill_demo(&t);
    raster page;
    assert_int_equal(render_ticket(fonts, &t, 576, &page), PRINTER_OK);
    found f;
    scan(&page, &f);
    assert_true(has(&f, "QR-Code", t.queue_qr));
    save(&page, "unit-ticket-80.png");
    raster_free(&page);
    t.queue_qr[0] = '\0';
    t.priority = TICKET_PRIORITY_NONE;
    assert_int_equal(render_ticket(fonts, &t, 576, &page), PRINTER_OK);
    scan(&page, &f);
    assert_int_equal(count_type(&f, "QR-Code"), 0);
    /* Without the QR, the tallest run of inked rows is the number's digits:
     * huge (over 1 cm), where body text lines are about 3 mm. */
    int run = 0, best = 0;
    for (int y = 0; y < page.height; y++) {
        int ink = 0;
        for (int x = 0; x < page.width && !ink; x++)
            ink = raster_get(&page, x, y);
        run = ink ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    assert_true(best >= 80);
    raster_free(&page);
}

/* Fields filled to the brim (long words cut, many lines) still lay out and
 * the codes still read. */
static void test_long_fields(void **state)
{
    (void)state;
    receipt *r = calloc(1, sizeof *r);
    assert_int_equal(receipt_fill_demo(r, NULL), RECEIPT_OK);
    memset(r->center, 0, sizeof r->center);
    for (size_t i = 0; i + 3 < sizeof r->center; i += 2)
        memcpy(r->center + i, "\xc4\x90", 2);    /* one long word of "Đ" */
    memset(r->procedure_name, 0, sizeof r->procedure_name);
    for (size_t i = 0; i + 6 < sizeof r->procedure_name; i += 5)
        memcpy(r->procedure_name + i, "H\xe1\xbb\x99 ", 5);   /* "Hộ " repeated */
    for (int i = r->doc_count; i < RECEIPT_MAX_DOCS; i++)
        receipt_add_doc(r, "Bản sao giấy tờ chứng minh nơi cư trú của người yêu cầu", "2 bản sao");
    raster page;
    assert_int_equal(render_receipt(fonts, r, 384, &page), PRINTER_OK);
    found f;
    scan(&page, &f);
    assert_true(has(&f, "QR-Code", r->tracking_qr));
    assert_true(has(&f, "QR-Code", r->vietqr));
    save(&page, "unit-receipt-long-58.png");
    raster_free(&page);
    free(r);
}

static void test_rgba(void **state)
{
    (void)state;
    raster r;
    raster_init(&r, 16);
    raster_ensure_height(&r, 2);
    raster_set(&r, 3, 1);
    uint8_t px[16 * 2 * 4];
    raster_to_rgba(&r, px);
    assert_int_equal(px[0], 0xFF);
    assert_int_equal(px[(16 + 3) * 4], 0x20);
    assert_int_equal(px[(16 + 3) * 4 + 3], 0xFF);
    assert_int_equal(raster_count_black(&r), 1);
    raster_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_receipt_codes),
        cmocka_unit_test(test_free_receipt_has_no_payment_code),
        cmocka_unit_test(test_tracking_qr_module_size),
        cmocka_unit_test(test_ticket),
        cmocka_unit_test(test_long_fields),
        cmocka_unit_test(test_rgba),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
