/* i18n: languages list, MO catalogs per language, per-message fallback.
 *
 * At init, languages.ini names the languages (in display order) with their
 * metadata; each language's <code>.mo is loaded if present. A lookup walks
 * the chain visit language -> its fallback -> that one's fallback ... (at
 * most I18N_MAX_LANGS hops, so a cycle in the file cannot loop) and ends at
 * the Vietnamese msgid. Vietnamese needs no catalog: the msgids are it.
 * No setlocale(), no libintl: switching the language is an index change. */
#include "i18n.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_mo.h"
#include "log.h"

#define I18N_MAX_LANGS 24
#define FIELD_MAX 96

typedef struct lang_slot {
    char code[16];
    char name[FIELD_MAX];
    char name_vi[FIELD_MAX];
    char script[8];
    char font[FIELD_MAX];
    char fallback[16];
    char speech[16];
    char letters[FIELD_MAX];
    i18n_lang_info info;
    i18n_mo *mo;
} lang_slot;

static lang_slot g_langs[I18N_MAX_LANGS];
static int g_count;
static int g_current;      /* index into g_langs, -1 when no list is loaded */
static bool g_loaded;

/* Used before i18n_init or when the list is missing: Vietnamese only. */
static const i18n_lang_info g_vi_builtin = {
    .code = "vi", .name = "Tiếng Việt", .name_vi = "Tiếng Việt", .script = "Latn",
    .font = "Noto Sans", .fallback = "", .speech = "", .letters = "", .draft = false,
    .has_catalog = false,
};

static void slot_publish(lang_slot *s)
{
    s->info = (i18n_lang_info){
        .code = s->code, .name = s->name[0] ? s->name : s->code,
        .name_vi = s->name_vi[0] ? s->name_vi : s->name,
        .script = s->script[0] ? s->script : "Latn", .font = s->font,
        .fallback = s->fallback, .speech = s->speech, .letters = s->letters,
        .draft = s->info.draft,
        .has_catalog = s->mo != NULL,
    };
}

static int find_index(const char *code)
{
    if (!code)
        return -1;
    for (int i = 0; i < g_count; i++)
        if (strcmp(g_langs[i].code, code) == 0)
            return i;
    return -1;
}

static void copy_field(char *dst, size_t cap, const char *src)
{
    size_t len = strlen(src);
    if (len >= cap)
        len = 0; /* too long for the field: treat as absent rather than cut UTF-8 */
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* A language code names a file (<code>.mo): letters, digits and '-' only. */
static bool valid_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof g_langs[0].code)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return false;
    }
    return true;
}

static int on_ini(void *user, const char *section, const char *key, const char *value)
{
    (void)user;
    if (!valid_code(section))
        return 1;
    int i = find_index(section);
    if (i < 0) {
        if (g_count >= I18N_MAX_LANGS)
            return 1;
        i = g_count++;
        memset(&g_langs[i], 0, sizeof g_langs[i]);
        copy_field(g_langs[i].code, sizeof g_langs[i].code, section);
    }
    lang_slot *s = &g_langs[i];
    if (strcmp(key, "name") == 0)
        copy_field(s->name, sizeof s->name, value);
    else if (strcmp(key, "name_vi") == 0)
        copy_field(s->name_vi, sizeof s->name_vi, value);
    else if (strcmp(key, "script") == 0)
        copy_field(s->script, sizeof s->script, value);
    else if (strcmp(key, "font") == 0)
        copy_field(s->font, sizeof s->font, value);
    else if (strcmp(key, "fallback") == 0)
        copy_field(s->fallback, sizeof s->fallback, value);
    else if (strcmp(key, "speech") == 0)
        copy_field(s->speech, sizeof s->speech, value);
    else if (strcmp(key, "letters") == 0)
        copy_field(s->letters, sizeof s->letters, value);
    else if (strcmp(key, "draft") == 0)
        s->info.draft = strcmp(value, "true") == 0 || strcmp(value, "yes") == 0 ||
                        strcmp(value, "1") == 0;
    return 1;
}

int i18n_init(const char *dir)
{
    i18n_shutdown();
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/languages.ini", dir);
    if (n < 0 || (size_t)n >= sizeof path)
        return -1;
    int rc = ini_parse(path, on_ini, NULL);
    if (rc < 0) {
        log_event("i18n", "event=languages_missing error=\"cannot read languages.ini: rebuild the assets\"");
        memset(g_langs, 0, sizeof g_langs);
        g_count = 0;
        return -1;
    }
    if (rc > 0) /* a bad line: keep what was read, say where */
        log_event("i18n", "event=languages_error line=%d error=\"fix this line of languages.ini\"", rc);
    /* Vietnamese is always there, even if the list forgot it. */
    if (find_index("vi") < 0 && g_count < I18N_MAX_LANGS) {
        lang_slot *s = &g_langs[g_count++];
        memset(s, 0, sizeof *s);
        strcpy(s->code, "vi");
        copy_field(s->name, sizeof s->name, g_vi_builtin.name);
    }
    int loaded = 0;
    for (int i = 0; i < g_count; i++) {
        lang_slot *s = &g_langs[i];
        n = snprintf(path, sizeof path, "%s/%s.mo", dir, s->code);
        if (n > 0 && (size_t)n < sizeof path && strcmp(s->code, "vi") != 0) {
            i18n_mo_status st = i18n_mo_load(path, &s->mo);
            if (st == I18N_MO_OK)
                loaded++;
            else if (st != I18N_MO_ERR_IO)
                log_event("i18n", "event=catalog_error lang=%s error=\"%s\"", s->code,
                          i18n_mo_strerror(st));
        }
        slot_publish(s);
    }
    g_loaded = true;
    g_current = find_index(I18N_DEFAULT_LANGUAGE);
    log_event("i18n", "event=init languages=%d catalogs=%d", g_count, loaded);
    return 0;
}

void i18n_shutdown(void)
{
    for (int i = 0; i < g_count; i++)
        i18n_mo_free(g_langs[i].mo);
    memset(g_langs, 0, sizeof g_langs);
    g_count = 0;
    g_current = -1;
    g_loaded = false;
}

int i18n_set_language(const char *code)
{
    if (!code)
        return -1;
    if (!g_loaded)
        return strcmp(code, "vi") == 0 ? 0 : -1;
    int i = find_index(code);
    if (i < 0)
        return -1;
    g_current = i;
    return 0;
}

void i18n_reset(void)
{
    if (g_loaded)
        g_current = find_index(I18N_DEFAULT_LANGUAGE);
}

const char *i18n_language(void)
{
    return i18n_current()->code;
}

int i18n_language_count(void)
{
    return g_loaded ? g_count : 1;
}

const i18n_lang_info *i18n_language_at(int index)
{
    if (!g_loaded)
        return index == 0 ? &g_vi_builtin : NULL;
    if (index < 0 || index >= g_count)
        return NULL;
    return &g_langs[index].info;
}

const i18n_lang_info *i18n_language_find(const char *code)
{
    if (!g_loaded)
        return code && strcmp(code, "vi") == 0 ? &g_vi_builtin : NULL;
    int i = find_index(code);
    return i < 0 ? NULL : &g_langs[i].info;
}

const i18n_lang_info *i18n_current(void)
{
    if (!g_loaded || g_current < 0)
        return &g_vi_builtin;
    return &g_langs[g_current].info;
}

/* Walk the chain from language index `start`; call the probe on each catalog. */
static const i18n_mo_entry *chain_find(int start, const char *key, const i18n_mo **which)
{
    int i = start;
    for (int hops = 0; i >= 0 && hops < I18N_MAX_LANGS; hops++) {
        const lang_slot *s = &g_langs[i];
        if (strcmp(s->code, "vi") == 0)
            return NULL; /* Vietnamese: the msgid itself */
        const i18n_mo_entry *e = i18n_mo_find(s->mo, key);
        if (e) {
            if (which)
                *which = s->mo;
            return e;
        }
        i = s->fallback[0] ? find_index(s->fallback) : -1;
    }
    return NULL;
}

static int lang_index(const char *lang)
{
    if (!g_loaded)
        return -1;
    return lang ? find_index(lang) : g_current;
}

const char *i18n_get_in(const char *lang, const char *msgid)
{
    if (!msgid)
        return "";
    const i18n_mo_entry *e = chain_find(lang_index(lang), msgid, NULL);
    return e ? e->str : msgid;
}

const char *i18n_pvi_en(const char *lang, const char *context, const char *vi, const char *en)
{
    if (!lang || !strcmp(lang, "vi"))
        return vi;
    if (!strcmp(lang, "en"))
        return en && en[0] ? en : vi;
    return i18n_pget_in(lang, context, vi);
}

const char *i18n_vi_en(const char *lang, const char *vi, const char *en)
{
    return i18n_pvi_en(lang, NULL, vi, en);
}

const char *i18n_get(const char *msgid)
{
    return i18n_get_in(NULL, msgid);
}

const char *i18n_nget(const char *msgid, const char *msgid_plural, unsigned long n)
{
    const i18n_mo *mo = NULL;
    const i18n_mo_entry *e = chain_find(lang_index(NULL), msgid, &mo);
    if (e) {
        const char *form = i18n_mo_form(e, i18n_plural_select(&mo->plural, n));
        if (form)
            return form;
    }
    /* Vietnamese has one form; the source pair still follows gettext's rule. */
    return n == 1 ? msgid : msgid_plural;
}

const char *i18n_pget_in(const char *lang, const char *context, const char *msgid)
{
    if (!msgid)
        return "";
    if (!context)
        return i18n_get_in(lang, msgid);
    size_t cl = strlen(context), ml = strlen(msgid);
    char stack[512];
    char *key = cl + ml + 2 <= sizeof stack ? stack : malloc(cl + ml + 2);
    if (!key)
        return msgid;
    memcpy(key, context, cl);
    key[cl] = '\x04';
    memcpy(key + cl + 1, msgid, ml + 1);
    const i18n_mo_entry *e = chain_find(lang_index(lang), key, NULL);
    if (key != stack)
        free(key);
    return e ? e->str : msgid;
}

const char *i18n_pget(const char *context, const char *msgid)
{
    return i18n_pget_in(NULL, context, msgid);
}

bool i18n_has(const char *lang, const char *msgid)
{
    int i = lang_index(lang);
    if (!g_loaded || i < 0)
        return lang == NULL || strcmp(lang, "vi") == 0;
    if (strcmp(g_langs[i].code, "vi") == 0)
        return true;
    return i18n_mo_find(g_langs[i].mo, msgid) != NULL;
}
