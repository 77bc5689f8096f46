/* prompts: resolve a prompt ID to a file along the speech fallback chain.
 * See prompts.h. */
#include "prompts.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"

/* Listed here so xgettext puts the notice in the catalogs. */
static const char *const notice_for_xgettext = N_("Chưa có lời đọc bằng ngôn ngữ này. Máy đọc bằng tiếng Việt.");

const char *prompts_strerror(prompts_status st)
{
    switch (st) {
    case PROMPTS_OK: return "ok";
    case PROMPTS_ERR_BAD_ID: return "bad prompt ID or language code (use a-z, 0-9, _ and -)";
    case PROMPTS_ERR_MISSING: return "no audio file for this prompt: add it to assets/audio/prompts.tsv and rebuild";
    }
    return "unknown error";
}

bool prompts_valid_id(const char *s)
{
    if (!s || !s[0])
        return false;
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (n >= PROMPTS_ID_MAX - 1)
            return false;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

int prompts_procedure_id(const char *code, char *out, size_t size)
{
    static const char prefix[] = "proc_";
    if (!code || !code[0] || size < sizeof prefix)
        return -1;
    size_t n = strlen(code);
    if (n + sizeof prefix > size || n + sizeof prefix > PROMPTS_ID_MAX)
        return -1;
    memcpy(out, prefix, sizeof prefix - 1);
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (c == '.')
            c = '_';
        else if (c < '0' || c > '9')
            return -1;
        out[sizeof prefix - 1 + i] = c;
    }
    out[sizeof prefix - 1 + n] = '\0';
    return 0;
}

static bool try_lang(const char *dir, const char *lang, const char *id, prompt_file *out)
{
    int n = snprintf(out->path, sizeof out->path, "%s/%s/%s.wav", dir, lang, id);
    if (n < 0 || (size_t)n >= sizeof out->path)
        return false;
    struct stat st;
    if (stat(out->path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
        return false;
    snprintf(out->lang_used, sizeof out->lang_used, "%s", lang);
    return true;
}

prompts_status prompts_resolve(const char *dir, const char *lang, const char *id, prompt_file *out)
{
    (void)notice_for_xgettext;
    memset(out, 0, sizeof *out);
    if (!lang)
        lang = i18n_language();
    if (!prompts_valid_id(id) || !prompts_valid_id(lang) || strlen(lang) >= sizeof out->lang_used)
        return PROMPTS_ERR_BAD_ID;
    /* Chain: lang, its speech language (and that one's), then Vietnamese. */
    const char *chain[6];
    int len = 0;
    chain[len++] = lang;
    const char *cur = lang;
    while (len < 5) {
        const i18n_lang_info *info = i18n_language_find(cur);
        if (!info || !info->speech[0] || !prompts_valid_id(info->speech))
            break;
        bool seen = false;
        for (int i = 0; i < len; i++)
            seen |= strcmp(chain[i], info->speech) == 0;
        if (seen)
            break;
        chain[len++] = cur = info->speech;
    }
    bool has_vi = false;
    for (int i = 0; i < len; i++)
        has_vi |= strcmp(chain[i], "vi") == 0;
    if (!has_vi)
        chain[len++] = "vi";
    for (int i = 0; i < len; i++) {
        if (try_lang(dir, chain[i], id, out)) {
            out->fallback = i > 0;
            return PROMPTS_OK;
        }
    }
    out->path[0] = '\0';
    out->fallback = true;
    return PROMPTS_ERR_MISSING;
}
