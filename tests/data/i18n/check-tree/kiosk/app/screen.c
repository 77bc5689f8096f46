/* Fixture for the po-update --check test: one translated message and one that
 * en.po lacks, so the check must fail and name it. Not compiled. */
const char *fixture_a(void) { return _("Tiếp tục"); }
const char *fixture_b(void) { return _("Thông điệp chưa dịch"); }
const char *fixture_c(void) { return _("Quay lại"); }
