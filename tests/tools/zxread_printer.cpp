// zxread_printer: read every QR code and CODE128 barcode in a PNG with
// zxing-cpp (Debian libzxing-dev), a decoder independent of zbar, and print
// one "FORMAT:text" line per symbol (text as UTF-8 bytes, exactly as decoded).
// A test tool only: never linked into the kiosk. The PNG is loaded with
// SDL2_image and turned into 8-bit luminance.
//
// usage: zxread_printer FILE.png
#define ZX_USE_UTF8 1
#include <SDL.h>
#include <SDL_image.h>
#include <ZXing/ReadBarcode.h>

#include <cstdio>
#include <vector>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: zxread_printer FILE.png\n");
        return 2;
    }
    SDL_Surface *img = IMG_Load(argv[1]);
    if (!img) {
        std::fprintf(stderr, "zxread_printer: cannot load %s: %s\n", argv[1], IMG_GetError());
        return 2;
    }
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGBA32, 0);
    SDL_FreeSurface(img);
    if (!rgb)
        return 2;
    std::vector<unsigned char> lum((size_t)rgb->w * (size_t)rgb->h);
    SDL_LockSurface(rgb);
    for (int y = 0; y < rgb->h; y++) {
        const unsigned char *row = (const unsigned char *)rgb->pixels + (size_t)y * rgb->pitch;
        for (int x = 0; x < rgb->w; x++) {
            const unsigned char *p = row + 4 * x;
            lum[(size_t)y * rgb->w + x] = (unsigned char)((p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8);
        }
    }
    SDL_UnlockSurface(rgb);
    ZXing::ImageView view(lum.data(), rgb->w, rgb->h, ZXing::ImageFormat::Lum);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::Code128);
    hints.setTryHarder(true);
    hints.setTryDownscale(false);
    auto results = ZXing::ReadBarcodes(view, hints);
    int n = 0;
    for (const auto &r : results) {
        if (!r.isValid())
            continue;
        std::string text = r.text();
        const char *fmt = r.format() == ZXing::BarcodeFormat::QRCode ? "QR-Code" : "CODE-128";
        std::printf("%s:%s\n", fmt, text.c_str());
        n++;
    }
    SDL_FreeSurface(rgb);
    return n > 0 ? 0 : 1;
}
