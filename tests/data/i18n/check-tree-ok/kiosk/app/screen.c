/* Fixture for the po-update --check test: a plain message, a plural and a
 * message with a context, all translated: the check must pass. Not compiled. */
const char *fixture_a(void) { return _("Tiếp tục"); }
const char *fixture_b(unsigned long n) { return i18n_nget("%lu hồ sơ", "%lu hồ sơ", n); }
const char *fixture_c(void) { return NC_("nút", "Quay lại"); }
