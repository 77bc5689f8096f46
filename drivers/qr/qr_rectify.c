/* qr_rectify: undo a strong perspective before zbar sees the code.
 *
 * zbar reads a tilted code of version 2 and up only if the alignment pattern
 * is near where its affine estimate from the three finder patterns puts it;
 * tilt the card 40 degrees and it is not, and zbar gives up. We find the
 * three finder patterns ourselves (1:1:3:1:1 runs across and down a binary
 * image), search for the bottom-right alignment pattern in a wide window
 * around the affine estimate, fit a homography to the four centres, and
 * resample the code upright at 3 pixels per module with a quiet zone. zbar
 * then reads a clean, square code. The cost is a few million instructions:
 * one pass over the runs of the image, a small template search, a small
 * resampled image. */
#include "qr_rectify.h"

#include <math.h>
#ifdef QR_RECTIFY_DEBUG
#include <stdio.h>
#endif
#include <stdlib.h>
#include <string.h>

#define MAX_CLUSTERS 64
#define OUT_MODULE 3

typedef struct cluster {
    double x, y, m;
    int n;
} cluster;

static int ratio_ok(const int *r, double *module)
{
    int total = r[0] + r[1] + r[2] + r[3] + r[4];
    if (total < 7)
        return 0;
    double m = total / 7.0, tol = m * 0.7;
    if (fabs(r[0] - m) > tol || fabs(r[1] - m) > tol || fabs(r[3] - m) > tol ||
        fabs(r[4] - m) > tol || fabs(r[2] - 3 * m) > 3 * tol)
        return 0;
    *module = m;
    return 1;
}

/* The five vertical runs through (x, y), y inside the centre run. */
static int vertical_check(const uint8_t *b, int w, int h, int x, int y, uint8_t dark, double *cy,
                          double *m)
{
    int r[5] = { 0 };
    int yy = y;
    while (yy >= 0 && b[(size_t)yy * (size_t)w + (size_t)x] == dark) {
        r[2]++;
        yy--;
    }
    int top = yy + 1;
    while (yy >= 0 && b[(size_t)yy * (size_t)w + (size_t)x] != dark) {
        r[1]++;
        yy--;
    }
    while (yy >= 0 && b[(size_t)yy * (size_t)w + (size_t)x] == dark) {
        r[0]++;
        yy--;
    }
    yy = y + 1;
    while (yy < h && b[(size_t)yy * (size_t)w + (size_t)x] == dark) {
        r[2]++;
        yy++;
    }
    while (yy < h && b[(size_t)yy * (size_t)w + (size_t)x] != dark) {
        r[3]++;
        yy++;
    }
    while (yy < h && b[(size_t)yy * (size_t)w + (size_t)x] == dark) {
        r[4]++;
        yy++;
    }
    if (!r[0] || !r[1] || !r[3] || !r[4] || !ratio_ok(r, m))
        return 0;
    *cy = top + r[2] / 2.0;
    return 1;
}

static void add_candidate(cluster *c, int *nc, double x, double y, double m)
{
    for (int i = 0; i < *nc; i++) {
        double dx = c[i].x / c[i].n - x, dy = c[i].y / c[i].n - y;
        double cm = c[i].m / c[i].n;
        if (dx * dx + dy * dy < 4 * cm * cm) {
            c[i].x += x;
            c[i].y += y;
            c[i].m += m;
            c[i].n++;
            return;
        }
    }
    if (*nc < MAX_CLUSTERS) {
        c[*nc] = (cluster){ x, y, m, 1 };
        (*nc)++;
    }
}

static int find_finders(const uint8_t *b, int w, int h, uint8_t dark, cluster *out3)
{
    cluster c[MAX_CLUSTERS];
    int nc = 0;
    for (int y = 0; y < h; y++) {
        const uint8_t *row = b + (size_t)y * (size_t)w;
        int runs[5] = { 0 }, starts[5] = { 0 }, cols[5] = { 0 };
        int k = 0; /* runs seen, up to 5 kept */
        int x = 0;
        while (x < w) {
            int start = x;
            int color = row[x] != dark;
            while (x < w && (row[x] != dark) == color)
                x++;
            /* shift the window of the last five runs */
            if (k == 5) {
                memmove(runs, runs + 1, 4 * sizeof *runs);
                memmove(starts, starts + 1, 4 * sizeof *starts);
                memmove(cols, cols + 1, 4 * sizeof *cols);
                k = 4;
            }
            runs[k] = x - start;
            starts[k] = start;
            cols[k] = color;
            k++;
            double m;
            if (k == 5 && cols[0] == 0 && cols[2] == 0 && cols[4] == 0 && ratio_ok(runs, &m)) {
                int cx = starts[2] + runs[2] / 2;
                double cy, mv;
                if (vertical_check(b, w, h, cx, y, dark, &cy, &mv) && mv < 2 * m && m < 2 * mv)
                    add_candidate(c, &nc, starts[2] + runs[2] / 2.0, cy, (m + mv) / 2);
            }
        }
    }
    /* the three clusters with most hits (at least 2 each) */
    for (int pick = 0; pick < 3; pick++) {
        int best = -1;
        for (int i = 0; i < nc; i++)
            if (c[i].n >= 2 && (best < 0 || c[i].n > c[best].n))
                best = i;
        if (best < 0)
            return 0;
        out3[pick] = (cluster){ c[best].x / c[best].n, c[best].y / c[best].n,
                                c[best].m / c[best].n, c[best].n };
        c[best].n = 0;
    }
    return 1;
}

static double dist(const cluster *a, const cluster *b)
{
    return hypot(a->x - b->x, a->y - b->y);
}

/* Solve the 8x8 system of a homography from 4 point pairs (module -> pixel). */
static int homography(const double *mx, const double *my, const double *px, const double *py,
                      double H[9])
{
    double A[8][9];
    for (int i = 0; i < 4; i++) {
        double X = mx[i], Y = my[i], u = px[i], v = py[i];
        double r0[9] = { X, Y, 1, 0, 0, 0, -u * X, -u * Y, u };
        double r1[9] = { 0, 0, 0, X, Y, 1, -v * X, -v * Y, v };
        memcpy(A[2 * i], r0, sizeof r0);
        memcpy(A[2 * i + 1], r1, sizeof r1);
    }
    for (int col = 0; col < 8; col++) {
        int piv = col;
        for (int r = col + 1; r < 8; r++)
            if (fabs(A[r][col]) > fabs(A[piv][col]))
                piv = r;
        if (fabs(A[piv][col]) < 1e-12)
            return -1;
        if (piv != col)
            for (int k = 0; k < 9; k++) {
                double t = A[col][k];
                A[col][k] = A[piv][k];
                A[piv][k] = t;
            }
        for (int r = 0; r < 8; r++) {
            if (r == col)
                continue;
            double f = A[r][col] / A[col][col];
            for (int k = col; k < 9; k++)
                A[r][k] -= f * A[col][k];
        }
    }
    for (int i = 0; i < 8; i++)
        H[i] = A[i][8] / A[i][i];
    H[8] = 1;
    return 0;
}

static int dark_at(const uint8_t *b, int w, int h, uint8_t dark, double x, double y)
{
    if (x < 0 || y < 0 || x >= w || y >= h)
        return -1;
    return b[(size_t)y * (size_t)w + (size_t)x] == dark;
}

int qr_rectify_find(const uint8_t *bin, int w, int h, uint8_t dark, qr_rectify_plan *plan)
{
    cluster f[3];
    memset(plan, 0, sizeof *plan);
    if (w < 32 || h < 32 || !find_finders(bin, w, h, dark, f))
        return 0;
    /* top-left is opposite the longest side */
    double d01 = dist(&f[0], &f[1]), d12 = dist(&f[1], &f[2]), d02 = dist(&f[0], &f[2]);
    int tl = d12 >= d01 && d12 >= d02 ? 0 : (d02 >= d01 ? 1 : 2);
    cluster TL = f[tl], Q = f[(tl + 1) % 3], R = f[(tl + 2) % 3];
    double cross = (Q.x - TL.x) * (R.y - TL.y) - (Q.y - TL.y) * (R.x - TL.x);
    cluster TR = cross > 0 ? Q : R, BL = cross > 0 ? R : Q;

    double dtr = dist(&TL, &TR) / ((TL.m + TR.m) / 2);
    double dbl = dist(&TL, &BL) / ((TL.m + BL.m) / 2);
    int version = (int)lround(((dtr + dbl) / 2 + 7 - 17) / 4);
    if (version < 2 || version > 40)
        return 0; /* version 1 has no alignment pattern: zbar copes alone */
    int dim = 17 + 4 * version;

    /* Alignment pattern: two estimates (the affine one from the three
     * finders, and one that scales the sides by the finders' module sizes,
     * which follows a tilt), a window around both, the best 5x5 template
     * matches, at most QR_RECTIFY_AP of them, at least 2 modules apart. */
    double span = dim - 7.0;
    double ux = (TR.x - TL.x) / span, uy = (TR.y - TL.y) / span;
    double vx = (BL.x - TL.x) / span, vy = (BL.y - TL.y) / span;
    double ax = TL.x + (ux + vx) * (span - 3), ay = TL.y + (uy + vy) * (span - 3);
    double kr = TR.m / TL.m, kb = BL.m / TL.m;
    double px1 = TR.x + vx * kr * (span - 3) - ux * 3, py1 = TR.y + vy * kr * (span - 3) - uy * 3;
    double px2 = BL.x + ux * kb * (span - 3) - vx * 3, py2 = BL.y + uy * kb * (span - 3) - vy * 3;
    double ex = (ax + px1 + px2) / 3, ey = (ay + py1 + py2) / 3;
    double ms = (TR.m + BL.m) / 2;
    double spread = fmax(fmax(hypot(ax - ex, ay - ey), hypot(px1 - ex, py1 - ey)),
                         hypot(px2 - ex, py2 - ey));
    /* the module axes near the bottom right: along the bottom edge (from the
     * bottom-left finder) and down the right edge (from the top-right one) */
    double bux = ex - BL.x, buy = ey - BL.y, rvx = ex - TR.x, rvy = ey - TR.y;
    double ul = hypot(bux, buy), vl = hypot(rvx, rvy);
    if (ul < 1 || vl < 1)
        return 0;
    double sux = bux / ul * ms, suy = buy / ul * ms, svx = rvx / vl * ms, svy = rvy / vl * ms;
    int R8 = (int)(spread + 4 * ms);
    if (R8 > 120)
        R8 = 120;
#ifdef QR_RECTIFY_DEBUG
    fprintf(stderr, "TL %.1f,%.1f m%.2f TR %.1f,%.1f m%.2f BL %.1f,%.1f m%.2f v%d est %.1f,%.1f R %d\n",
            TL.x, TL.y, TL.m, TR.x, TR.y, TR.m, BL.x, BL.y, BL.m, version, ex, ey, R8);
#endif
    /* Every position and a few scales along u and v (a tilt changes them);
     * a candidate may miss at most one of the 25 cells, which ends most
     * positions after a few samples. Keep the QR_RECTIFY_AP candidates
     * nearest the estimate (a version 7+ code has other alignment patterns
     * further in). */
    static const double scales[3] = { 0.8, 1.0, 1.25 };
    for (int oy = -R8; oy <= R8; oy += 2) {
        for (int ox = -R8; ox <= R8; ox += 2) {
            /* steps of 2 pixels: the centre module is 3 or more pixels wide */
            double cx = ex + ox, cy = ey + oy;
            if (dark_at(bin, w, h, dark, cx, cy) != 1)
                continue;
            int hit = 0;
            for (int si = 0; si < 9 && !hit; si++) {
                double ku = scales[si % 3], kv = scales[si / 3];
                int miss = 0;
                for (int j = -2; j <= 2 && miss <= 1; j++)
                    for (int i = -2; i <= 2 && miss <= 1; i++) {
                        if (!i && !j)
                            continue;
                        int d = dark_at(bin, w, h, dark, cx + sux * ku * i + svx * kv * j,
                                        cy + suy * ku * i + svy * kv * j);
                        int ring1 = abs(i) <= 1 && abs(j) <= 1;
                        if (d < 0 || d != !ring1)
                            miss++;
                    }
                hit = miss <= 1;
            }
            if (!hit)
                continue;
            double dd = hypot(ox, oy);
            int near = -1;
            for (int k = 0; k < plan->nap; k++)
                if (hypot(plan->apx[k] - cx, plan->apy[k] - cy) < 2 * ms)
                    near = k;
            if (near >= 0) {
                if (dd < plan->aps[near]) {
                    plan->apx[near] = cx;
                    plan->apy[near] = cy;
                    plan->aps[near] = (int)dd;
                }
                continue;
            }
            int slot = plan->nap < QR_RECTIFY_AP ? plan->nap++ : -1;
            if (slot < 0) {
                int far = 0;
                for (int k = 1; k < QR_RECTIFY_AP; k++)
                    if (plan->aps[k] > plan->aps[far])
                        far = k;
                if (plan->aps[far] <= dd)
                    continue;
                slot = far;
            }
            plan->apx[slot] = cx;
            plan->apy[slot] = cy;
            plan->aps[slot] = (int)dd;
        }
    }
    /* nearest first */
    for (int i = 1; i < plan->nap; i++)
        for (int k = i; k > 0 && plan->aps[k] < plan->aps[k - 1]; k--) {
            double tx = plan->apx[k], ty = plan->apy[k];
            int ts = plan->aps[k];
            plan->apx[k] = plan->apx[k - 1];
            plan->apy[k] = plan->apy[k - 1];
            plan->aps[k] = plan->aps[k - 1];
            plan->apx[k - 1] = tx;
            plan->apy[k - 1] = ty;
            plan->aps[k - 1] = ts;
        }
    plan->dim = dim;
    plan->fx[0] = TL.x;
    plan->fy[0] = TL.y;
    plan->fx[1] = TR.x;
    plan->fy[1] = TR.y;
    plan->fx[2] = BL.x;
    plan->fy[2] = BL.y;
    return plan->nap;
}

int qr_rectify_sample(const uint8_t *bin, int w, int h, uint8_t dark, const qr_rectify_plan *plan,
                      int k, uint8_t *out, size_t out_cap, int *out_side)
{
    if (k < 0 || k >= plan->nap)
        return 0;
    int dim = plan->dim;
    double mx[4] = { 3.5, dim - 3.5, 3.5, dim - 6.5 };
    double my[4] = { 3.5, 3.5, dim - 3.5, dim - 6.5 };
    double px[4] = { plan->fx[0], plan->fx[1], plan->fx[2], plan->apx[k] };
    double py[4] = { plan->fy[0], plan->fy[1], plan->fy[2], plan->apy[k] };
    double H[9];
    if (homography(mx, my, px, py, H) != 0)
        return 0;
    int side = (dim + 8) * OUT_MODULE;
    if ((size_t)side * (size_t)side > out_cap)
        return 0;
    for (int Y = 0; Y < side; Y++) {
        double my0 = (Y + 0.5) / OUT_MODULE - 4;
        for (int X = 0; X < side; X++) {
            double mx0 = (X + 0.5) / OUT_MODULE - 4;
            uint8_t v = 255;
            if (mx0 >= 0 && my0 >= 0 && mx0 < dim && my0 < dim) {
                double den = H[6] * mx0 + H[7] * my0 + H[8];
                if (fabs(den) > 1e-9) {
                    double sx = (H[0] * mx0 + H[1] * my0 + H[2]) / den;
                    double sy = (H[3] * mx0 + H[4] * my0 + H[5]) / den;
                    v = dark_at(bin, w, h, dark, sx, sy) == 1 ? 0 : 255;
                }
            }
            out[(size_t)Y * (size_t)side + (size_t)X] = v;
        }
    }
    *out_side = side;
    return 1;
}
