// qr_bench_zxing: the zxing-cpp peer for the QR benchmark. Test-only, never
// linked into the kiosk.
//
//   qr_bench_zxing DIR        decode every image of DIR that has NAME.txt beside
//                             it with zxing-cpp (QR only, its default TryHarder
//                             and TryRotate); per image pass/fail, then
//                             "zxing-cpp: N passed, M failed" and, for fairness
//                             on inverted codes (zxing-cpp 1.4 has no TryInvert),
//                             "zxing-cpp+invert: N passed, M failed"
//   qr_bench_zxing --selftest codes made by our qrgen (libqrencode, ECI 26) with
//                             Vietnamese payloads must decode byte-exact
#define ZX_USE_UTF8 1
#include <ReadBarcode.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <algorithm>

extern "C" {
#include "camera.h"
#include "qrgen.h"
}

static std::string decode(const uint8_t *luma, int w, int h)
{
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    ZXing::ImageView view(luma, w, h, ZXing::ImageFormat::Lum);
    ZXing::Result r = ZXing::ReadBarcode(view, hints);
    if (!r.isValid())
        return std::string("\x01nothing");
    return r.text();
}

static int selftest()
{
    const char *texts[] = {
        "001099012345|012345678|Nguyễn Văn An|01021999|Nam|Số 1 Phố Giả, Phường Mẫu, Hà Nội|10072021",
        "079160000123||Trần Thị Bình|15051960|Nữ|12 Đường Mẫu, Phường Thử, TP. Hồ Chí Minh|20092021",
        "HS1:38.98.H29-210519-0013:U",
        "Đăng ký khai sinh – Ủy ban nhân dân xã ỹ ữ ự ẫ",
    };
    int failed = 0;
    for (const char *t : texts) {
        qrgen_code qr;
        if (qrgen_encode(t, strlen(t), QRGEN_ECC_M, 4, &qr) != 0)
            return 1;
        int m = 4, side = qr.size * m;
        std::vector<uint8_t> img((size_t)side * side);
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                img[(size_t)y * side + x] = qr.modules[(y / m) * qr.size + x / m] ? 0 : 255;
        qrgen_free(&qr);
        std::string got = decode(img.data(), side, side);
        bool ok = got == t;
        printf("%s: %s\n", ok ? "pass" : "FAIL", t);
        failed += !ok;
    }
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--selftest"))
        return selftest();
    if (argc != 2) {
        fprintf(stderr, "usage: qr_bench_zxing DIR | --selftest\n");
        return 2;
    }
    std::string dir = argv[1];
    DIR *dh = opendir(dir.c_str());
    if (!dh)
        return 2;
    std::vector<std::string> names;
    while (dirent *e = readdir(dh)) {
        std::string n = e->d_name;
        if (n.size() > 4 && n.substr(n.size() - 4) == ".png")
            names.push_back(n);
    }
    closedir(dh);
    std::sort(names.begin(), names.end());
    int pass = 0, fail = 0, ipass = 0, ifail = 0;
    double total = 0;
    for (const std::string &n : names) {
        std::ifstream tf(dir + "/" + n.substr(0, n.size() - 4) + ".txt", std::ios::binary);
        if (!tf)
            continue;
        std::stringstream ss;
        ss << tf.rdbuf();
        std::string want = ss.str();
        uint8_t *luma = nullptr;
        int w, h;
        if (camera_load_luma((dir + "/" + n).c_str(), &luma, &w, &h) != CAMERA_OK) {
            fail++;
            ifail++;
            continue;
        }
        auto t0 = std::chrono::steady_clock::now();
        std::string got = decode(luma, w, h);
        auto t1 = std::chrono::steady_clock::now();
        double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        total += ms;
        bool ok = got == want;
        bool iok = ok;
        if (!ok) {
            for (int i = 0; i < w * h; i++)
                luma[i] = (uint8_t)(255 - luma[i]);
            iok = decode(luma, w, h) == want;
        }
        printf("%-40s zxing-cpp=%s (%.1f ms)%s\n", n.c_str(), ok ? "pass" : "fail", ms,
               !ok && iok ? " (passes inverted)" : "");
        ok ? pass++ : fail++;
        iok ? ipass++ : ifail++;
        free(luma);
    }
    printf("# time: zxing-cpp %.1f ms in total\n", total);
    printf("zxing-cpp: %d passed, %d failed\n", pass, fail);
    printf("zxing-cpp+invert: %d passed, %d failed\n", ipass, ifail);
    return 0;
}
