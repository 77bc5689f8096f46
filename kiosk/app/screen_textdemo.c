/* screen_textdemo: sample text in every script the kiosk shapes, to check the
 * fonts and the per-script runs on a real screen (technician menu, tests). */
#include "app.h"
#include "i18n.h"

void screen_textdemo(app *a, ui_rect r)
{
    ui_ctx *ui = &a->ui;
    a->prompt = NULL;
    static const char *const samples[][2] = {
        { "Tiếng Việt", "Đăng ký khai sinh, kết hôn; chứng thực bản sao. Ấn Ữ Ặ Ỹ ỡ ự" },
        { "Ê Đê", "Klei hriê\xcc\x86 mơ̆ng ƀuôn sang, č ñ ĕ ĭ ŏ ŭ ê̆ ô̆ ơ̆ ư̆" },
        { "Khmer", "សូមស្វាគមន៍ ការចុះបញ្ជីកំណើត ស្ត្រី" },
        { "Chăm", "ꨌꩌ ꨀꨇꩉ ꨌꨣꨳ ꨆꨯꨱ" },
        { "Thái (Tai Viet)", "ꪼꪕ ꪁꪾꪣ ꪀꪱ ꪵꪜꪉ ꪹꪀꪷ" },
        { "Mixed", "Xin chào · សួស្តី · ꪼꪕ · ꨌꩌ" },
    };
    app_heading(a, &r, "Kiểm tra phông chữ / Font check");
    for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        ui_rect row = ui_cut_top(&r, ui_mm(ui, 20));
        ui_label(ui, ui_cut_left(&row, ui_mm(ui, 60)), samples[i][0], UI_FONT_SMALL, UI_ALIGN_LEFT);
        ui_label(ui, row, samples[i][1], UI_FONT_BODY, UI_ALIGN_LEFT);
    }
    app_flow_buttons(a, NULL, false);
}
