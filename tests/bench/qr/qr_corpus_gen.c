/* qr_corpus_gen: makes the QR test corpus the project owns.
 *
 *   qr_corpus_gen OUTDIR [VARIANTS] [SEED] [WIDTH HEIGHT]
 *
 * For each payload (ID card QR texts of made-up citizens, old and 2024 layout,
 * long addresses, receipt codes, procedure codes and portal links, a Vietnamese
 * sentence) and each degradation (blur, noise, perspective, rotation, low
 * contrast, glare, uneven light, inversion, damage, small size, JPEG
 * artefacts, combinations), it renders the code with qrgen (libqrencode, ECI 26)
 * into a camera-sized frame and writes NAME.png (8-bit gray) and NAME.txt (the
 * exact UTF-8 text). Everything comes from a seeded PRNG: the same arguments
 * give the same corpus. All citizens are made up. Test-only: never linked into
 * the kiosk. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>
#include <SDL_image.h>
#include <jpeglib.h>

#include "camera.h"
#include "qr_payload.h"
#include "qrgen.h"
#include "receipt_qr.h"

/* ---- PRNG (xorshift64*) ---- */
static unsigned long long rng_state = 88172645463325252ULL;
static unsigned long long rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
static double rng_unit(void) { return (double)(rng_next() >> 11) / 9007199254740992.0; }
static int rng_int(int lo, int hi) { return lo + (int)(rng_unit() * (hi - lo + 1)); }
static double rng_range(double lo, double hi) { return lo + rng_unit() * (hi - lo); }
static double rng_gauss(void)
{
    double u = rng_unit() + 1e-12, v = rng_unit();
    return sqrt(-2.0 * log(u)) * cos(2 * M_PI * v);
}
#define PICK(arr) (arr[rng_int(0, (int)(sizeof arr / sizeof arr[0]) - 1)])

/* ---- payloads ---- */
static const char *ho[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
                            "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý" };
static const char *dem_nam[] = { "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Xuân" };
static const char *dem_nu[] = { "Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Diệu", "Kim" };
static const char *ten_nam[] = { "An", "Bình", "Cường", "Dũng", "Khoa", "Long", "Phúc",
                                 "Sơn", "Tuấn", "Việt", "Đạt", "Hưng", "Quý" };
static const char *ten_nu[] = { "Giang", "Hà", "Hạnh", "Hương", "Lan", "Mai", "Nga",
                                "Quỳnh", "Thảo", "Trang", "Yến", "Ánh", "Nhung" };
static const char *duong[] = { "Phố Giả", "Đường Mẫu", "Ngõ Thử", "Đường Hư Cấu", "Phố Ví Dụ" };
static const char *phuong[] = { "Phường Mẫu", "Phường Thử", "Xã Giả Định", "Phường Ví Dụ",
                                "Xã Đồng Mẫu" };
static const char *tinh[] = { "Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Thừa Thiên Huế",
                              "Cần Thơ", "Quảng Ninh", "Nghệ An", "Đắk Lắk", "Lào Cai" };
static const char *thon[] = { "Thôn Bản Mẫu", "Xóm Giả", "Tổ dân phố số 7", "Ấp Thử Nghiệm",
                              "Khu phố Ví Dụ" };

static void date8(char *out, int y0, int y1, int *y)
{
    static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int yy = rng_int(y0, y1), mm = rng_int(1, 12), dd = rng_int(1, dm[mm - 1]);
    snprintf(out, 16, "%02d%02d%04d", dd % 100, mm % 100, yy % 10000);
    *y = yy;
}

static void make_card(char *out, size_t size, int long_address, int layout2024)
{
    int female = rng_int(0, 1);
    char dob[16], issue[16];
    int by, iy;
    date8(issue, layout2024 ? 2024 : 2016, layout2024 ? 2025 : 2023, &iy);
    date8(dob, 1940, iy - 14, &by); /* a card is issued from age 14 */
    if (layout2024 && iy == 2024)
        memcpy(issue + 2, "10", 2); /* after 1 July 2024 */
    char id[32];
    /* province code, century+sex digit, birth year, 6 random digits */
    sprintf(id, "%03d%d%02d%06d", rng_int(1, 96), (by >= 2000 ? 2 : 0) + female, by % 100,
            rng_int(0, 999999));
    char old[16] = "";
    if (rng_int(0, 2))
        sprintf(old, "%09d", rng_int(0, 999999999));
    char addr[512];
    if (long_address)
        snprintf(addr, sizeof addr,
                 "Số %d, Ngách %d/%d, %s, %s, %s, Huyện Giả Lập Rất Dài Để Thử Nghiệm, Tỉnh %s",
                 rng_int(1, 999), rng_int(1, 99), rng_int(1, 99), PICK(duong), PICK(thon),
                 PICK(phuong), PICK(tinh));
    else
        snprintf(addr, sizeof addr, "Số %d %s, %s, %s", rng_int(1, 300), PICK(duong),
                 PICK(phuong), PICK(tinh));
    snprintf(out, size, "%s|%s|%s %s %s|%s|%s|%s|%s%s", id, old, PICK(ho),
             female ? PICK(dem_nu) : PICK(dem_nam), female ? PICK(ten_nu) : PICK(ten_nam), dob,
             female ? "Nữ" : "Nam", addr, issue, layout2024 ? "||||" : "");
}

static void make_receipt(char *out, size_t size)
{
    char code[64];
    snprintf(code, sizeof code, "%d.%d.H%02d-%02d%02d%02d-%04d", rng_int(10, 99), rng_int(10, 99),
             rng_int(1, 99), rng_int(24, 26), rng_int(1, 12), rng_int(1, 28), rng_int(1, 9999));
    if (receipt_qr_format(code, out, size) != 0)
        snprintf(out, size, "HS1:invalid");
}

static const char *proc_codes[] = { "1.001193", "1.000656", "1.000894", "1.004873", "2.000815",
                                    "1.004222", "1.004194", "1.014063", "2.000884" };

static void make_procedure(char *out, size_t size, int url)
{
    const char *c = PICK(proc_codes);
    if (url)
        snprintf(out, size,
                 "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
                 "?ma_thu_tuc=%s",
                 c);
    else if (qr_procedure_format(c, out, size) != 0)
        snprintf(out, size, "TTHC1:invalid");
}

/* ---- rendering ---- */
typedef struct img {
    int w, h;
    float *p;
} img;

typedef struct quad {
    double x[4], y[4];
} quad;

/* Heckbert's square-to-quad projective map and its inverse. */
typedef struct homog {
    double m[9];
} homog;

static homog square_to_quad(const quad *q)
{
    homog H;
    double dx1 = q->x[1] - q->x[2], dx2 = q->x[3] - q->x[2];
    double dx3 = q->x[0] - q->x[1] + q->x[2] - q->x[3];
    double dy1 = q->y[1] - q->y[2], dy2 = q->y[3] - q->y[2];
    double dy3 = q->y[0] - q->y[1] + q->y[2] - q->y[3];
    double g = 0, hh = 0;
    if (fabs(dx3) > 1e-9 || fabs(dy3) > 1e-9) {
        double det = dx1 * dy2 - dx2 * dy1;
        g = (dx3 * dy2 - dx2 * dy3) / det;
        hh = (dx1 * dy3 - dx3 * dy1) / det;
    }
    H.m[0] = q->x[1] - q->x[0] + g * q->x[1];
    H.m[1] = q->x[3] - q->x[0] + hh * q->x[3];
    H.m[2] = q->x[0];
    H.m[3] = q->y[1] - q->y[0] + g * q->y[1];
    H.m[4] = q->y[3] - q->y[0] + hh * q->y[3];
    H.m[5] = q->y[0];
    H.m[6] = g;
    H.m[7] = hh;
    H.m[8] = 1;
    return H;
}

static homog invert3(const homog *A)
{
    const double *m = A->m;
    homog R;
    double c0 = m[4] * m[8] - m[5] * m[7], c1 = m[5] * m[6] - m[3] * m[8],
           c2 = m[3] * m[7] - m[4] * m[6];
    double det = m[0] * c0 + m[1] * c1 + m[2] * c2;
    R.m[0] = c0 / det;
    R.m[1] = (m[2] * m[7] - m[1] * m[8]) / det;
    R.m[2] = (m[1] * m[5] - m[2] * m[4]) / det;
    R.m[3] = c1 / det;
    R.m[4] = (m[0] * m[8] - m[2] * m[6]) / det;
    R.m[5] = (m[2] * m[3] - m[0] * m[5]) / det;
    R.m[6] = c2 / det;
    R.m[7] = (m[1] * m[6] - m[0] * m[7]) / det;
    R.m[8] = (m[0] * m[4] - m[1] * m[3]) / det;
    return R;
}

static void render(img *im, const qrgen_code *qr, const quad *q, float dark, float light,
                   float bg)
{
    homog H = square_to_quad(q);
    homog I = invert3(&H);
    int S = qr->size;
    /* Supersample only the code's bounding box; the background is smooth. */
    double bx0 = q->x[0], bx1 = q->x[0], by0 = q->y[0], by1 = q->y[0];
    for (int i = 1; i < 4; i++) {
        bx0 = fmin(bx0, q->x[i]);
        bx1 = fmax(bx1, q->x[i]);
        by0 = fmin(by0, q->y[i]);
        by1 = fmax(by1, q->y[i]);
    }
    for (int y = 0; y < im->h; y++) {
        for (int x = 0; x < im->w; x++) {
            if (x + 1 < bx0 || x > bx1 || y + 1 < by0 || y > by1) {
                /* background: a card-like surface with soft stripes */
                im->p[y * im->w + x] = bg + 18.0f * (float)sin((x + 0.5 + 2 * (y + 0.5)) / 37.0);
                continue;
            }
            float acc = 0;
            for (int sy = 0; sy < 3; sy++)
                for (int sx = 0; sx < 3; sx++) {
                    double px = x + (sx + 0.5) / 3.0, py = y + (sy + 0.5) / 3.0;
                    double den = I.m[6] * px + I.m[7] * py + I.m[8];
                    double u = (I.m[0] * px + I.m[1] * py + I.m[2]) / den;
                    double v = (I.m[3] * px + I.m[4] * py + I.m[5]) / den;
                    float val;
                    if (u < 0 || u >= 1 || v < 0 || v >= 1) {
                        val = bg + 18.0f * (float)sin((px + 2 * py) / 37.0);
                    } else {
                        int mx = (int)(u * S), my = (int)(v * S);
                        val = qr->modules[my * S + mx] ? dark : light;
                    }
                    acc += val;
                }
            im->p[y * im->w + x] = acc / 9.0f;
        }
    }
}

static void box_blur(img *im, int r)
{
    if (r < 1)
        return;
    float *tmp = malloc(sizeof(float) * (size_t)(im->w > im->h ? im->w : im->h));
    for (int pass = 0; pass < 2; pass++) {
        for (int y = 0; y < im->h; y++) {
            float *row = im->p + y * im->w;
            for (int x = 0; x < im->w; x++) {
                float s = 0;
                int n = 0;
                for (int k = -r; k <= r; k++) {
                    int xx = x + k;
                    if (xx >= 0 && xx < im->w) {
                        s += row[xx];
                        n++;
                    }
                }
                tmp[x] = s / n;
            }
            memcpy(row, tmp, sizeof(float) * (size_t)im->w);
        }
        for (int x = 0; x < im->w; x++) {
            for (int y = 0; y < im->h; y++) {
                float s = 0;
                int n = 0;
                for (int k = -r; k <= r; k++) {
                    int yy = y + k;
                    if (yy >= 0 && yy < im->h) {
                        s += im->p[yy * im->w + x];
                        n++;
                    }
                }
                tmp[y] = s / n;
            }
            for (int y = 0; y < im->h; y++)
                im->p[y * im->w + x] = tmp[y];
        }
    }
    free(tmp);
}

static void add_noise(img *im, double sigma)
{
    for (int i = 0; i < im->w * im->h; i++)
        im->p[i] += (float)(rng_gauss() * sigma);
}

static void add_glare(img *im, double cx, double cy, double radius, double strength)
{
    for (int y = 0; y < im->h; y++)
        for (int x = 0; x < im->w; x++) {
            double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (radius * radius);
            im->p[y * im->w + x] += (float)(strength * exp(-d2));
        }
}

static void uneven_light(img *im, double lo)
{
    double a = rng_range(0, 2 * M_PI);
    double ca = cos(a), sa = sin(a);
    double span = fabs(ca) * im->w + fabs(sa) * im->h;
    for (int y = 0; y < im->h; y++)
        for (int x = 0; x < im->w; x++) {
            double t = ((x - im->w / 2.0) * ca + (y - im->h / 2.0) * sa) / span + 0.5;
            im->p[y * im->w + x] *= (float)(lo + (1 - lo) * t);
        }
}

static void damage(img *im, const quad *q, int blots, float dark, float light)
{
    double minx = q->x[0], maxx = q->x[0], miny = q->y[0], maxy = q->y[0];
    for (int i = 1; i < 4; i++) {
        minx = fmin(minx, q->x[i]);
        maxx = fmax(maxx, q->x[i]);
        miny = fmin(miny, q->y[i]);
        maxy = fmax(maxy, q->y[i]);
    }
    double side = maxx - minx;
    for (int b = 0; b < blots; b++) {
        /* keep away from the three finder patterns: the middle band and the
         * bottom-right area are where scratches and stains go */
        double cx = rng_range(minx + side * 0.35, maxx - side * 0.15);
        double cy = rng_range(miny + side * 0.35, maxy - side * 0.15);
        double rw = side * rng_range(0.04, 0.10), rh = side * rng_range(0.03, 0.08);
        float v = rng_int(0, 1) ? dark : light;
        for (int y = (int)(cy - rh); y < (int)(cy + rh); y++)
            for (int x = (int)(cx - rw); x < (int)(cx + rw); x++)
                if (x >= 0 && y >= 0 && x < im->w && y < im->h)
                    im->p[y * im->w + x] = v;
    }
}

static void to_bytes(const img *im, uint8_t *out, int invert)
{
    for (int i = 0; i < im->w * im->h; i++) {
        float v = im->p[i];
        v = v < 0 ? 0 : (v > 255 ? 255 : v);
        out[i] = (uint8_t)(invert ? 255 - (int)(v + 0.5f) : (int)(v + 0.5f));
    }
}

static int jpeg_roundtrip(uint8_t *pix, int w, int h, int quality)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *mem = NULL;
    unsigned long mem_len = 0;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &mem, &mem_len);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = pix + (size_t)c.next_scanline * (size_t)w;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    uint8_t *buf = NULL;
    size_t cap = 0;
    int dw = 0, dh = 0;
    int rc = camera_jpeg_to_luma(mem, mem_len, &buf, &cap, &dw, &dh);
    if (rc == CAMERA_OK && dw == w && dh == h)
        memcpy(pix, buf, (size_t)w * (size_t)h);
    free(buf);
    free(mem);
    return rc;
}

static int save_png(const char *path, const uint8_t *pix, int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 8, SDL_PIXELFORMAT_INDEX8);
    if (!s)
        return -1;
    SDL_Color pal[256];
    for (int i = 0; i < 256; i++)
        pal[i] = (SDL_Color){ (Uint8)i, (Uint8)i, (Uint8)i, 255 };
    SDL_SetPaletteColors(s->format->palette, pal, 0, 256);
    for (int y = 0; y < h; y++)
        memcpy((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch, pix + (size_t)y * (size_t)w,
               (size_t)w);
    int rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    return rc;
}

static int save_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

enum degr {
    D_CLEAN, D_BLUR, D_NOISE, D_PERSPECTIVE, D_ROTATE, D_LOWCONTRAST, D_GLARE, D_UNEVEN,
    D_INVERT, D_DAMAGE, D_SMALL, D_JPEG, D_COMBO, D_COUNT
};
static const char *degr_name[D_COUNT] = { "clean",   "blur",   "noise",   "perspective", "rotate",
                                          "lowcontrast", "glare", "uneven", "invert",   "damage",
                                          "small",   "jpeg",   "combo" };

/* Place a code of side `side` pixels centred near the frame centre, rotated by
 * angle, with perspective `persp` (0 = none). */
static quad place(int w, int h, double side, double angle, double persp)
{
    quad q;
    double cx = w / 2.0 + rng_range(-0.1, 0.1) * w, cy = h / 2.0 + rng_range(-0.08, 0.08) * h;
    double hs = side / 2;
    double ux[4] = { -hs, hs, hs, -hs }, uy[4] = { -hs, -hs, hs, hs };
    double ca = cos(angle), sa = sin(angle);
    for (int i = 0; i < 4; i++) {
        double px = ux[i], py = uy[i];
        if (persp > 0) {
            /* tilt: one side shorter than the other */
            double k = (i == 0 || i == 3) ? 1 - persp : 1 + persp * 0.3;
            py *= k;
            px *= 1 - persp * 0.25;
        }
        q.x[i] = cx + px * ca - py * sa;
        q.y[i] = cy + px * sa + py * ca;
    }
    return q;
}

static int make_image(const char *outdir, const char *name, const char *text, enum degr dg,
                      int w, int h)
{
    qrgen_ecc ecc = dg == D_DAMAGE ? QRGEN_ECC_H : QRGEN_ECC_M;
    qrgen_code qr;
    if (qrgen_encode(text, strlen(text), ecc, 4, &qr) != 0)
        return -1;
    img im = { w, h, calloc((size_t)w * (size_t)h, sizeof(float)) };
    float dark = (float)rng_range(20, 50), light = (float)rng_range(200, 235);
    float bg = (float)rng_range(120, 170);
    double module = rng_range(3.0, 5.0);
    double angle = rng_range(-0.06, 0.06), persp = 0;
    int blur = 0, jpegq = 0, invert = 0;
    double noise = 2.0;
    switch (dg) {
    case D_CLEAN: break;
    case D_BLUR: module = rng_range(3.5, 5.0); blur = 2; break;
    case D_NOISE: noise = rng_range(22, 32); break;
    case D_PERSPECTIVE: persp = rng_range(0.25, 0.4); break;
    case D_ROTATE: angle = rng_range(0.3, 1.2) * (rng_int(0, 1) ? 1 : -1); break;
    case D_LOWCONTRAST: dark = (float)rng_range(95, 110); light = dark + (float)rng_range(22, 32);
        bg = dark + 10; break;
    case D_GLARE: break;
    case D_UNEVEN: break;
    case D_INVERT: break;
    case D_DAMAGE: break;
    case D_SMALL: module = rng_range(1.5, 2.1); break;
    case D_JPEG: jpegq = rng_int(8, 14); module = rng_range(2.5, 3.5); break;
    case D_COMBO: persp = rng_range(0.1, 0.2); angle = rng_range(-0.4, 0.4); blur = 1;
        noise = 10; jpegq = 30; break;
    case D_COUNT: break;
    }
    double side = module * qr.size;
    double maxside = (h < w ? h : w) * 0.95;
    if (side > maxside)
        side = maxside;
    quad q = place(w, h, side, angle, persp);
    render(&im, &qr, &q, dark, light, bg);
    if (dg == D_DAMAGE)
        damage(&im, &q, rng_int(2, 4), dark, light);
    if (dg == D_GLARE)
        add_glare(&im, (q.x[0] + q.x[2]) / 2 + rng_range(-0.2, 0.2) * side,
                  (q.y[0] + q.y[2]) / 2 + rng_range(-0.2, 0.2) * side, side * rng_range(0.25, 0.4),
                  rng_range(160, 230));
    if (dg == D_UNEVEN)
        uneven_light(&im, rng_range(0.15, 0.3));
    box_blur(&im, blur);
    add_noise(&im, noise);
    if (dg == D_INVERT)
        invert = 1;
    uint8_t *pix = malloc((size_t)w * (size_t)h);
    to_bytes(&im, pix, invert);
    if (jpegq)
        jpeg_roundtrip(pix, w, h, jpegq);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.png", outdir, name);
    int rc = save_png(path, pix, w, h);
    snprintf(path, sizeof path, "%s/%s.txt", outdir, name);
    if (rc == 0)
        rc = save_text(path, text);
    free(pix);
    free(im.p);
    qrgen_free(&qr);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: qr_corpus_gen OUTDIR [VARIANTS] [SEED] [WIDTH HEIGHT]\n");
        return 2;
    }
    const char *outdir = argv[1];
    int variants = argc > 2 ? atoi(argv[2]) : 2;
    if (argc > 3)
        rng_state = strtoull(argv[3], NULL, 10) * 2654435761ULL + 1;
    int w = argc > 5 ? atoi(argv[4]) : 640, h = argc > 5 ? atoi(argv[5]) : 480;
    if (variants < 1 || w < 64 || h < 64 || w > 4096 || h > 4096) {
        fprintf(stderr, "qr_corpus_gen: bad arguments\n");
        return 2;
    }
    mkdir(outdir, 0755);
    enum { P_CARD, P_CARD2024, P_LONGADDR, P_RECEIPT, P_PROC, P_PROCURL, P_TEXT, P_COUNT };
    static const char *pname[P_COUNT] = { "card", "card2024", "longaddr", "receipt",
                                          "proc", "procurl",  "text" };
    int made = 0;
    for (int v = 0; v < variants; v++)
        for (int p = 0; p < P_COUNT; p++)
            for (int d = 0; d < D_COUNT; d++) {
                char text[1024];
                switch (p) {
                case P_CARD: make_card(text, sizeof text, 0, 0); break;
                case P_CARD2024: make_card(text, sizeof text, 0, 1); break;
                case P_LONGADDR: make_card(text, sizeof text, 1, rng_int(0, 1)); break;
                case P_RECEIPT: make_receipt(text, sizeof text); break;
                case P_PROC: make_procedure(text, sizeof text, 0); break;
                case P_PROCURL: make_procedure(text, sizeof text, 1); break;
                default:
                    snprintf(text, sizeof text,
                             "Kính mời ông/bà đến Trung tâm Phục vụ hành chính công xã "
                             "để nhận kết quả – số thứ tự %d.", rng_int(1, 500));
                }
                if (p <= P_LONGADDR) {
                    /* every made-up citizen must be a valid card QR */
                    identity id;
                    int rc = qr_card_parse(text, strlen(text), &id);
                    identity_wipe(&id);
                    if (rc != 0) {
                        fprintf(stderr, "qr_corpus_gen: invalid card text (%d)\n", rc);
                        return 1;
                    }
                }
                char name[128];
                snprintf(name, sizeof name, "%s-%s-%d", pname[p], degr_name[d], v);
                if (make_image(outdir, name, text, (enum degr)d, w, h) != 0) {
                    fprintf(stderr, "qr_corpus_gen: could not write %s\n", name);
                    return 1;
                }
                made++;
            }
    printf("qr_corpus_gen: %d images in %s\n", made, outdir);
    return 0;
}
