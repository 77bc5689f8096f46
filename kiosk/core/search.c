/* search: an in-memory word index over folded catalog text.
 *
 * Every distinct folded word gets an id (a hash table) and a place in a
 * sorted array (prefix ranges by binary search). A procedure is three runs of
 * word ids: name; summary with keywords and result; field (a word is kept
 * only in its best column). Each word has a posting list of the procedures
 * holding it. A query becomes a few words; for each, a byte per vocabulary
 * word says how well that word matches (exact, prefix, Telex repair, typo),
 * and walking the postings of the matched words touches only procedures that
 * can match. That keeps a keystroke over 6,000 procedures far under the 2 ms
 * budget, and handles what FTS5 cannot (typos, Telex, synonyms, tiered
 * ranking). The plain scan of every procedure is kept as the reference the
 * tests compare the postings with. */
#include "search.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fold.h"
#include "i18n.h"
#include "text.h"

#define MAX_Q 12            /* query words considered */
#define WORD_MAX 48

typedef struct proc {
    char code[CATALOG_CODE_MAX];
    uint32_t off;           /* into toks */
    uint16_t n_name, n_sum, n_field;
    uint16_t weight;        /* search_weight 0..9 */
} proc;

typedef struct synonym {
    char phrase[8][WORD_MAX];
    int plen;
    char means[8][WORD_MAX];
    int mlen;
} synonym;

struct search_index {
    /* vocabulary */
    char **words;
    uint8_t *wlen;
    uint8_t *is_stop;
    int nwords, capwords;
    uint32_t *slots;        /* hash: id + 1, 0 empty */
    uint32_t nslots;
    uint32_t *sorted;       /* ids sorted by word */
    bool sorted_ok;
    /* procedures */
    proc *procs;
    int nprocs, capprocs;
    uint32_t *toks;
    size_t ntoks, captoks;
    /* query help */
    synonym *syns;
    int nsyns, capsyns;
    /* scratch, sized to the vocabulary */
    uint8_t *qual[MAX_Q];
    uint16_t *mask;
    int scratch_n;
    /* postings: for each word, the procedures holding it (proc << 2 | level) */
    bool post_ok;
    uint32_t *post_start;   /* nwords + 1 */
    uint32_t *post;
    uint8_t *post_cnt;      /* times the word occurs in that column */
    uint16_t *name_core;    /* per procedure: name words that are not stopwords */
    /* matched words of the current query, per query word */
    uint32_t *matched;
    size_t nmatched, capmatched;
    size_t mstart[MAX_Q + 1];
    /* per-procedure scratch of the current query, reset lazily by epoch */
    uint32_t epoch;
    uint32_t *p_epoch;
    uint16_t (*p_cm)[4];
    uint8_t (*p_best)[MAX_Q][4];
    uint16_t *p_namehit;
    uint32_t *touched;
    uint32_t *v_epoch;
    bool scan;              /* score by scanning every procedure (reference, tests) */
};

typedef struct qword {
    char text[WORD_MAX];
    size_t len;
    bool optional;
    bool telex;             /* repaired from Telex keystrokes */
    bool last;              /* the word being typed */
} qword;

/* ---- vocabulary ------------------------------------------------------------------- */

static uint32_t hash_word(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static int vocab_find(const search_index *ix, const char *w, size_t n)
{
    if (!ix->nslots)
        return -1;
    uint32_t i = hash_word(w, n) & (ix->nslots - 1);
    while (ix->slots[i]) {
        uint32_t id = ix->slots[i] - 1;
        if (ix->wlen[id] == n && !memcmp(ix->words[id], w, n))
            return (int)id;
        i = (i + 1) & (ix->nslots - 1);
    }
    return -1;
}

static int vocab_rehash(search_index *ix, uint32_t nslots)
{
    uint32_t *s = calloc(nslots, sizeof *s);
    if (!s)
        return -1;
    for (int id = 0; id < ix->nwords; id++) {
        uint32_t i = hash_word(ix->words[id], ix->wlen[id]) & (nslots - 1);
        while (s[i])
            i = (i + 1) & (nslots - 1);
        s[i] = (uint32_t)id + 1;
    }
    free(ix->slots);
    ix->slots = s;
    ix->nslots = nslots;
    return 0;
}

static int vocab_add(search_index *ix, const char *w, size_t n)
{
    if (n == 0 || n >= WORD_MAX)
        return -1;
    int id = vocab_find(ix, w, n);
    if (id >= 0)
        return id;
    if ((uint32_t)(ix->nwords + 1) * 2 > ix->nslots &&
        vocab_rehash(ix, ix->nslots ? ix->nslots * 2 : 1024))
        return -1;
    if (ix->nwords == ix->capwords) {
        int cap = ix->capwords ? ix->capwords * 2 : 1024;
        char **nw = realloc(ix->words, (size_t)cap * sizeof *nw);
        if (!nw)
            return -1;
        ix->words = nw;
        uint8_t *nl = realloc(ix->wlen, (size_t)cap);
        if (!nl)
            return -1;
        ix->wlen = nl;
        uint8_t *ns = realloc(ix->is_stop, (size_t)cap);
        if (!ns)
            return -1;
        ix->is_stop = ns;
        ix->capwords = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return -1;
    memcpy(copy, w, n);
    copy[n] = '\0';
    id = ix->nwords++;
    ix->words[id] = copy;
    ix->wlen[id] = (uint8_t)n;
    ix->is_stop[id] = 0;
    uint32_t i = hash_word(w, n) & (ix->nslots - 1);
    while (ix->slots[i])
        i = (i + 1) & (ix->nslots - 1);
    ix->slots[i] = (uint32_t)id + 1;
    ix->sorted_ok = false;
    return id;
}

static int cmp_ids(const void *a, const void *b, void *ctx)
{
    const search_index *ix = ctx;
    return strcmp(ix->words[*(const uint32_t *)a], ix->words[*(const uint32_t *)b]);
}

static bool in_list(const uint32_t *list, int n, uint32_t id)
{
    for (int i = 0; i < n; i++)
        if (list[i] == id)
            return true;
    return false;
}

/* The per-procedure and per-word scratch arrays of a query, sized by the
 * index (build_postings makes them anew). */
static void free_scratch(search_index *ix)
{
    free(ix->p_epoch);
    free(ix->p_cm);
    free(ix->p_best);
    free(ix->p_namehit);
    free(ix->touched);
    free(ix->v_epoch);
}

static int build_postings(search_index *ix)
{
    size_t nw = (size_t)ix->nwords, np = (size_t)ix->nprocs;
    uint32_t *start = calloc(nw + 2, sizeof *start);
    uint16_t *core = calloc(np + 1, sizeof *core);
    if (!start || !core) {
        free(start);
        free(core);
        return -1;
    }
    /* Count: one posting per (word, procedure, column); the name may repeat a word. */
    for (int pass = 0; pass < 2; pass++) {
        uint32_t *post = NULL;
        uint8_t *cnt = NULL;
        uint32_t *fill = NULL;
        if (pass == 1) {
            for (size_t v = 0; v < nw; v++)
                start[v + 1] += start[v];
            post = malloc(((size_t)start[nw] + 1) * sizeof *post);
            cnt = malloc((size_t)start[nw] + 1);
            fill = malloc((nw + 1) * sizeof *fill);
            if (!post || !cnt || !fill) {
                free(post);
                free(cnt);
                free(fill);
                free(start);
                free(core);
                return -1;
            }
            memcpy(fill, start, nw * sizeof *fill);
        }
        for (size_t pi = 0; pi < np; pi++) {
            const proc *p = &ix->procs[pi];
            const uint32_t *t = ix->toks + p->off;
            int total = p->n_name + p->n_sum + p->n_field;
            uint16_t c = 0;
            for (int k = 0; k < total; k++) {
                int level = k < p->n_name ? 3 : k < p->n_name + p->n_sum ? 2 : 1;
                if (level == 3 && !ix->is_stop[t[k]])
                    c++;
                if (level == 3 && in_list(t, k, t[k]))
                    continue;               /* counted at its first place in the name */
                uint32_t v = t[k];
                if (pass == 0) {
                    start[v + 1]++;
                } else {
                    uint8_t times = 1;
                    if (level == 3)
                        for (int j = k + 1; j < p->n_name; j++)
                            times += t[j] == v && times < 255;
                    post[fill[v]] = (uint32_t)pi << 2 | (uint32_t)level;
                    cnt[fill[v]] = times;
                    fill[v]++;
                }
            }
            core[pi] = c;
        }
        if (pass == 1) {
            free(fill);
            free(ix->post);
            free(ix->post_cnt);
            ix->post = post;
            ix->post_cnt = cnt;
        }
    }
    free(ix->post_start);
    free(ix->name_core);
    ix->post_start = start;
    ix->name_core = core;
    free_scratch(ix);
    ix->p_epoch = calloc(np + 1, sizeof *ix->p_epoch);
    ix->p_cm = calloc(np + 1, sizeof *ix->p_cm);
    ix->p_best = calloc(np + 1, sizeof *ix->p_best);
    ix->p_namehit = calloc(np + 1, sizeof *ix->p_namehit);
    ix->touched = calloc(np + 1, sizeof *ix->touched);
    ix->v_epoch = calloc(nw + 1, sizeof *ix->v_epoch);
    ix->epoch = 0;
    if (!ix->p_epoch || !ix->p_cm || !ix->p_best || !ix->p_namehit || !ix->touched ||
        !ix->v_epoch)
        return -1;
    ix->post_ok = true;
    return 0;
}

static int prepare(search_index *ix)
{
    if (ix->sorted_ok && ix->scratch_n == ix->nwords)
        return ix->post_ok ? 0 : build_postings(ix);
    uint32_t *s = realloc(ix->sorted, (size_t)(ix->nwords ? ix->nwords : 1) * sizeof *s);
    if (!s)
        return -1;
    ix->sorted = s;
    for (int i = 0; i < ix->nwords; i++)
        s[i] = (uint32_t)i;
    qsort_r(s, (size_t)ix->nwords, sizeof *s, cmp_ids, ix);
    for (int q = 0; q < MAX_Q; q++) {
        uint8_t *nq = realloc(ix->qual[q], (size_t)ix->nwords + 1);
        if (!nq)
            return -1;
        ix->qual[q] = nq;
    }
    uint16_t *m = realloc(ix->mask, ((size_t)ix->nwords + 1) * sizeof *m);
    if (!m)
        return -1;
    ix->mask = m;
    ix->scratch_n = ix->nwords;
    ix->sorted_ok = true;
    return build_postings(ix);
}

/* First position in sorted whose word is >= w (by strncmp over n then length). */
static int lower_bound(const search_index *ix, const char *w, size_t n)
{
    int lo = 0, hi = ix->nwords;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        const char *m = ix->words[ix->sorted[mid]];
        int c = strncmp(m, w, n);
        if (c == 0 && ix->wlen[ix->sorted[mid]] < n)
            c = -1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool has_prefix(const search_index *ix, const char *w, size_t n)
{
    int i = lower_bound(ix, w, n);
    return i < ix->nwords && !strncmp(ix->words[ix->sorted[i]], w, n);
}

static bool known(const search_index *ix, const char *w, size_t n)
{
    return vocab_find(ix, w, n) >= 0 || has_prefix(ix, w, n);
}

/* ---- building --------------------------------------------------------------------- */

search_index *search_new(void)
{
    return calloc(1, sizeof(search_index));
}

static int add_tokens(search_index *ix, const char *text, uint16_t *count)
{
    char folded[8192];
    fold_str(text ? text : "", folded, sizeof folded);
    fold_token t[512];
    int n = fold_tokens(folded, t, 512);
    *count = 0;
    for (int i = 0; i < n; i++) {
        int id = vocab_add(ix, t[i].start, t[i].len);
        if (id < 0)
            continue;
        if (ix->ntoks == ix->captoks) {
            size_t cap = ix->captoks ? ix->captoks * 2 : 16384;
            uint32_t *nt = realloc(ix->toks, cap * sizeof *nt);
            if (!nt)
                return -1;
            ix->toks = nt;
            ix->captoks = cap;
        }
        ix->toks[ix->ntoks++] = (uint32_t)id;
        (*count)++;
    }
    return 0;
}

/* A word's best level is what counts, so the summary keeps only words not in
 * the name, and the field only words in neither, each once. The name keeps
 * every word in order (word order and extra words are scored on it). This
 * roughly halves the words scanned per procedure. */
static void compact_columns(search_index *ix, proc *p)
{
    uint32_t *t = ix->toks + p->off;
    int n_name = p->n_name, o = n_name;
    for (int k = n_name; k < n_name + p->n_sum; k++)
        if (!in_list(t, n_name, t[k]) && !in_list(t + n_name, o - n_name, t[k]))
            t[o++] = t[k];
    int n_sum = o - n_name;
    for (int k = n_name + p->n_sum; k < n_name + p->n_sum + p->n_field; k++)
        if (!in_list(t, o, t[k]))
            t[o++] = t[k];
    p->n_field = (uint16_t)(o - n_name - n_sum);
    p->n_sum = (uint16_t)n_sum;
    ix->ntoks = p->off + (size_t)o;
}

int search_add(search_index *ix, const char *code, const char *name, const char *summary,
               const char *keywords, const char *field, int weight)
{
    if (!catalog_code_valid(code))
        return -1;
    if (ix->nprocs == ix->capprocs) {
        int cap = ix->capprocs ? ix->capprocs * 2 : 256;
        proc *np = realloc(ix->procs, (size_t)cap * sizeof *np);
        if (!np)
            return -1;
        ix->procs = np;
        ix->capprocs = cap;
    }
    proc *p = &ix->procs[ix->nprocs];
    memset(p, 0, sizeof *p);
    strcpy(p->code, code);
    p->off = (uint32_t)ix->ntoks;
    uint16_t n_kw = 0;
    char both[8192];
    snprintf(both, sizeof both, "%s %s", summary ? summary : "", keywords ? keywords : "");
    if (add_tokens(ix, name, &p->n_name) || add_tokens(ix, both, &n_kw) ||
        add_tokens(ix, field, &p->n_field))
        return -1;
    p->n_sum = n_kw;
    compact_columns(ix, p);
    ix->post_ok = false;
    p->weight = (uint16_t)(weight < 0 ? 0 : weight > 9 ? 9 : weight);
    ix->nprocs++;
    return 0;
}

int search_add_synonym(search_index *ix, const char *phrase, const char *means)
{
    char fp[512], fm[512];
    fold_str(phrase, fp, sizeof fp);
    fold_str(means, fm, sizeof fm);
    fold_token tp[8], tm[8];
    int np = fold_tokens(fp, tp, 8), nm = fold_tokens(fm, tm, 8);
    if (np == 0 || nm == 0)
        return -1;
    if (ix->nsyns == ix->capsyns) {
        int cap = ix->capsyns ? ix->capsyns * 2 : 64;
        synonym *ns = realloc(ix->syns, (size_t)cap * sizeof *ns);
        if (!ns)
            return -1;
        ix->syns = ns;
        ix->capsyns = cap;
    }
    synonym *s = &ix->syns[ix->nsyns];
    memset(s, 0, sizeof *s);
    for (int i = 0; i < np; i++) {
        if (tp[i].len >= WORD_MAX)
            return -1;
        memcpy(s->phrase[i], tp[i].start, tp[i].len);
        vocab_add(ix, tp[i].start, tp[i].len);   /* so Telex repair leaves it alone */
    }
    for (int i = 0; i < nm; i++) {
        if (tm[i].len >= WORD_MAX)
            return -1;
        memcpy(s->means[i], tm[i].start, tm[i].len);
    }
    s->plen = np;
    s->mlen = nm;
    ix->nsyns++;
    return 0;
}

int search_add_stopword(search_index *ix, const char *word)
{
    char f[WORD_MAX];
    fold_str(word, f, sizeof f);
    int id = vocab_add(ix, f, strlen(f));
    if (id < 0)
        return -1;
    ix->is_stop[id] = 1;
    ix->post_ok = false;
    return 0;
}

/* A procedure's keywords plus its name and summary in every other language
 * the kiosk has a catalog for (catalog-<lang>.po): a H'Mông speaker typing
 * "sau npe yug" finds birth registration. They count as keywords (the summary
 * tier), below the Vietnamese name. */
static void with_translations(const char *code, const char *keywords, const char *name_vi,
                              const char *summary_vi, char *out, size_t size)
{
    size_t o = (size_t)snprintf(out, size, "%s", keywords ? keywords : "");
    char ctx[CATALOG_CODE_MAX + 16];
    for (int i = 0; i < i18n_language_count() && o < size; i++) {
        const i18n_lang_info *l = i18n_language_at(i);
        if (!l || !l->has_catalog || !strcmp(l->code, "vi") || !strcmp(l->code, "en"))
            continue;
        const char *vi[2] = { name_vi, summary_vi };
        const char *field[2] = { "name", "summary" };
        for (int k = 0; k < 2 && o < size; k++) {
            if (!vi[k] || !vi[k][0])
                continue;
            snprintf(ctx, sizeof ctx, "%s/%s", code ? code : "", field[k]);
            const char *t = i18n_pget_in(l->code, ctx, vi[k]);
            if (t != vi[k] && strcmp(t, vi[k]) != 0)
                o += (size_t)snprintf(out + o, size - o, " %s", t);
        }
    }
}

search_index *search_open(catalog *cat, catalog_error *err)
{
    sqlite3 *db = catalog_db(cat);
    search_index *ix = search_new();
    sqlite3_stmt *st = NULL;
    if (!ix)
        goto fail;
    if (sqlite3_prepare_v2(db, "SELECT word FROM stopwords", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    while (sqlite3_step(st) == SQLITE_ROW)
        search_add_stopword(ix, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "SELECT phrase, means FROM synonyms", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    while (sqlite3_step(st) == SQLITE_ROW)
        search_add_synonym(ix, (const char *)sqlite3_column_text(st, 0),
                           (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "SELECT f.code, f.name_f, f.summary_f, f.keywords_f, f.field_f, "
                               "p.weight, p.name, json_extract(p.json, '$.summary.vi') "
                               "FROM procedure_fts f JOIN procedures p ON p.code = f.code "
                               "ORDER BY f.code", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        char keywords[8192];
        with_translations(code, (const char *)sqlite3_column_text(st, 3),
                          (const char *)sqlite3_column_text(st, 6),
                          (const char *)sqlite3_column_text(st, 7), keywords, sizeof keywords);
        if (search_add(ix, code, (const char *)sqlite3_column_text(st, 1),
                       (const char *)sqlite3_column_text(st, 2), keywords,
                       (const char *)sqlite3_column_text(st, 4), sqlite3_column_int(st, 5)))
            goto fail;
    }
    sqlite3_finalize(st);
    if (prepare(ix))
        goto fail;
    return ix;
fail:
    if (err)
        snprintf(err->msg, sizeof err->msg, "catalog.db: cannot build the search index (%s)",
                 db ? sqlite3_errmsg(db) : "no database");
    sqlite3_finalize(st);
    search_close(ix);
    return NULL;
}

void search_close(search_index *ix)
{
    if (!ix)
        return;
    for (int i = 0; i < ix->nwords; i++)
        free(ix->words[i]);
    free(ix->words);
    free(ix->wlen);
    free(ix->is_stop);
    free(ix->slots);
    free(ix->sorted);
    free(ix->procs);
    free(ix->toks);
    free(ix->syns);
    for (int q = 0; q < MAX_Q; q++)
        free(ix->qual[q]);
    free(ix->mask);
    free(ix->post_start);
    free(ix->post);
    free(ix->post_cnt);
    free(ix->name_core);
    free(ix->matched);
    free_scratch(ix);
    free(ix);
}

/* ---- the query -------------------------------------------------------------------- */

static int push_word(qword *q, int n, const char *w, size_t len)
{
    if (n >= MAX_Q || len == 0 || len >= WORD_MAX)
        return n;
    memset(&q[n], 0, sizeof q[n]);
    memcpy(q[n].text, w, len);
    q[n].len = len;
    return n + 1;
}

/* Fold, repair Telex, apply synonyms, mark stopwords. Returns the word count. */
static int parse_query(search_index *ix, const char *query, qword *out)
{
    char folded[1024];
    fold_str(query, folded, sizeof folded);
    fold_token t[MAX_Q * 2];
    int nt = fold_tokens(folded, t, MAX_Q * 2);
    qword raw[MAX_Q * 2];
    int nr = 0;
    for (int i = 0; i < nt && nr < MAX_Q * 2; i++) {
        if (t[i].len >= WORD_MAX)
            continue;
        qword *w = &raw[nr++];
        memset(w, 0, sizeof *w);
        memcpy(w->text, t[i].start, t[i].len);
        w->len = t[i].len;
        if (!known(ix, w->text, w->len)) {
            char fixed[WORD_MAX];
            if (fold_telex(w->text, w->len, fixed, sizeof fixed) && fixed[0] &&
                known(ix, fixed, strlen(fixed))) {
                strcpy(w->text, fixed);
                w->len = strlen(fixed);
                w->telex = true;
            }
        }
    }
    /* Synonyms: the longest phrase starting at each position. */
    int n = 0;
    for (int i = 0; i < nr;) {
        const synonym *best = NULL;
        for (int s = 0; s < ix->nsyns; s++) {
            const synonym *sy = &ix->syns[s];
            if (sy->plen > nr - i || (best && sy->plen <= best->plen))
                continue;
            int ok = 1;
            for (int k = 0; k < sy->plen && ok; k++)
                ok = !strcmp(sy->phrase[k], raw[i + k].text);
            if (ok)
                best = sy;
        }
        if (best) {
            for (int k = 0; k < best->mlen; k++) {
                int before = n;
                n = push_word(out, n, best->means[k], strlen(best->means[k]));
                if (n > before)
                    out[n - 1].telex = false;
            }
            i += best->plen;
        } else {
            if (n < MAX_Q)
                out[n++] = raw[i];
            i++;
        }
    }
    int required = 0;
    for (int i = 0; i < n; i++) {
        int id = vocab_find(ix, out[i].text, out[i].len);
        out[i].optional = id >= 0 && ix->is_stop[id];
        required += !out[i].optional;
    }
    if (required == 0)
        for (int i = 0; i < n; i++)
            out[i].optional = false;
    /* The last word is still being typed only if the query does not end in a space. */
    size_t ql = strlen(query);
    if (n > 0 && ql && query[ql - 1] != ' ')
        out[n - 1].last = true;
    return n;
}

static void push_matched(search_index *ix, uint32_t v)
{
    if (ix->nmatched == ix->capmatched) {
        size_t cap = ix->capmatched ? ix->capmatched * 2 : 1024;
        uint32_t *m = realloc(ix->matched, cap * sizeof *m);
        if (!m)
            return;                         /* out of memory: fewer matches, still safe */
        ix->matched = m;
        ix->capmatched = cap;
    }
    ix->matched[ix->nmatched++] = v;
}

/* Fill qual[q][] and mask[] for one query word, and list the words it matches. */
static void match_word(search_index *ix, int q, const qword *w)
{
    uint8_t *qual = ix->qual[q];
    uint16_t bit = (uint16_t)(1u << q);
    int hits = 0;
    int id = vocab_find(ix, w->text, w->len);
    if (id >= 0) {
        qual[id] = w->telex ? 3 : 4;
        ix->mask[id] |= bit;
        push_matched(ix, (uint32_t)id);
        hits++;
    }
    int i = lower_bound(ix, w->text, w->len);
    for (; i < ix->nwords; i++) {
        uint32_t v = ix->sorted[i];
        if (strncmp(ix->words[v], w->text, w->len))
            break;
        if ((int)v == id)
            continue;
        uint8_t qv = w->last ? 3 : 2;
        if (w->telex)
            qv = 2;
        if (qual[v] < qv)
            qual[v] = qv;
        ix->mask[v] |= bit;
        push_matched(ix, v);
        hits++;
    }
    if (hits || w->len < 5)
        return;
    for (int v = 0; v < ix->nwords; v++) {
        size_t wl = ix->wlen[v];
        int d = 2;
        if (wl + 1 >= w->len && wl <= w->len + 1)
            d = fold_distance(w->text, w->len, ix->words[v], wl, 1);
        if (d > 1 && w->last && wl > w->len)
            d = fold_distance(w->text, w->len, ix->words[v], w->len, 1);
        if (d <= 1) {
            qual[v] = 1;
            ix->mask[v] |= bit;
                push_matched(ix, (uint32_t)v);
        }
    }
}

static void clear_word(search_index *ix, int q, const qword *w)
{
    (void)w;
    memset(ix->qual[q], 0, (size_t)ix->nwords);
}

static void insert_result(search_result *out, int *n, int max, const proc *p, search_tier tier,
                          long score)
{
    int i = *n;
    if (i == max) {
        const search_result *last = &out[max - 1];
        if (score < last->score || (score == last->score && strcmp(p->code, last->code) > 0))
            return;
        i = max - 1;
    } else {
        (*n)++;
    }
    while (i > 0 && (out[i - 1].score < score ||
                     (out[i - 1].score == score && strcmp(out[i - 1].code, p->code) > 0))) {
        out[i] = out[i - 1];
        i--;
    }
    strcpy(out[i].code, p->code);
    out[i].tier = tier;
    out[i].score = score;
}

static int popcount16(unsigned v)
{
    int c = 0;
    while (v) {
        v &= v - 1;
        c++;
    }
    return c;
}

typedef struct query_ctx {
    const qword *w;
    int nq;
    unsigned required;
    int nreq;
} query_ctx;

/* Score one procedure from what matched where: cm[level] = query words found in the
 * column (3 name, 2 summary and keywords, 1 field), best[q][level] = the best match
 * quality, extra = name words no query word matched. Returns false if it does not
 * qualify (a required word missing; in relax mode, more than one). */
static bool score_one(const search_index *ix, const query_ctx *c, const proc *p,
                      const unsigned cm[4], const uint8_t best[MAX_Q][4], int extra, bool relax,
                      search_tier *tier_out, long *score_out)
{
    unsigned nm = cm[3], sm = cm[2], fm = cm[1];
    unsigned missing = c->required & ~(nm | sm | fm);
    if (missing && (!relax || c->nreq < 2 || popcount16(missing) > 1))
        return false;
    int tier = missing ? SEARCH_TIER_PARTIAL : SEARCH_TIER_NAME;
    long score = 0;
    for (int q = 0; q < c->nq; q++) {
        unsigned bit = 1u << q;
        int level = (nm & bit) ? 3 : (sm & bit) ? 2 : (fm & bit) ? 1 : 0;
        if ((c->required & bit) && level < tier)
            tier = level;
        if (!level)
            continue;
        if (c->required & bit)
            score += level * 100 + best[q][level] * 30;
        else
            score += 15;                /* a stopword that matches: a small nudge only */
    }
    if (missing)
        tier = SEARCH_TIER_PARTIAL;
    /* Query words in the same order, side by side, in the name. */
    const uint32_t *t = ix->toks + p->off;
    int order = 0;
    for (int q = 0; q + 1 < c->nq; q++) {
        if (!(nm & (1u << q)) || !(nm & (1u << (q + 1))))
            continue;
        for (int k = 0; k + 1 < p->n_name; k++)
            if (ix->qual[q][t[k]] && ix->qual[q + 1][t[k + 1]]) {
                order++;
                break;
            }
    }
    if (extra > 6)
        extra = 6;
    score += order * 60 - extra * 10 + p->weight * 8;
    score += (long)tier * 1000000L;
    *tier_out = (search_tier)tier;
    *score_out = score;
    return true;
}

/* Reference scorer: every procedure, every word it holds. */
static int score_scan(search_index *ix, const query_ctx *c, bool relax, search_result *out,
                      int max)
{
    int n = 0;
    for (int pi = 0; pi < ix->nprocs; pi++) {
        const proc *p = &ix->procs[pi];
        const uint32_t *t = ix->toks + p->off;
        const uint32_t *cols[4] = { NULL, t + p->n_name + p->n_sum, t + p->n_name, t };
        const int lens[4] = { 0, p->n_field, p->n_sum, p->n_name };
        uint8_t best[MAX_Q][4];
        memset(best, 0, sizeof best);
        unsigned cm[4] = { 0, 0, 0, 0 };
        int extra = 0;
        for (int level = 3; level >= 1; level--) {
            const uint32_t *col = cols[level];
            for (int k = 0; k < lens[level]; k++) {
                unsigned m = ix->mask[col[k]];
                if (!m) {
                    if (level == 3 && !ix->is_stop[col[k]])
                        extra++;
                    continue;
                }
                cm[level] |= m;
                while (m) {
                    int q = __builtin_ctz(m);
                    m &= m - 1;
                    uint8_t v = ix->qual[q][col[k]];
                    if (v > best[q][level])
                        best[q][level] = v;
                }
            }
        }
        search_tier tier;
        long score;
        if (score_one(ix, c, p, cm, (const uint8_t(*)[4])best, extra, relax, &tier, &score))
            insert_result(out, &n, max, p, tier, score);
    }
    return n;
}

/* Walk the postings of the matched words: only procedures holding one of them are
 * touched, so a specific query costs little and a broad one no more than a scan. */
static int gather(search_index *ix, const query_ctx *c)
{
    if (++ix->epoch == 0) {             /* wrapped: forget every stamp */
        memset(ix->p_epoch, 0, (size_t)ix->nprocs * sizeof *ix->p_epoch);
        memset(ix->v_epoch, 0, (size_t)ix->nwords * sizeof *ix->v_epoch);
        ix->epoch = 1;
    }
    uint32_t ep = ix->epoch;
    int nt = 0;
    for (int q = 0; q < c->nq; q++) {
        const uint8_t *qual = ix->qual[q];
        for (size_t m = ix->mstart[q]; m < ix->mstart[q + 1]; m++) {
            uint32_t v = ix->matched[m];
            uint8_t qv = qual[v];
            bool count_name = ix->v_epoch[v] != ep && !ix->is_stop[v];
            ix->v_epoch[v] = ep;
            for (uint32_t e = ix->post_start[v]; e < ix->post_start[v + 1]; e++) {
                uint32_t pi = ix->post[e] >> 2, level = ix->post[e] & 3;
                if (ix->p_epoch[pi] != ep) {
                    ix->p_epoch[pi] = ep;
                    memset(ix->p_cm[pi], 0, sizeof ix->p_cm[pi]);
                    memset(ix->p_best[pi], 0, (size_t)c->nq * sizeof ix->p_best[pi][0]);
                    ix->p_namehit[pi] = 0;
                    ix->touched[nt++] = pi;
                }
                ix->p_cm[pi][level] |= (uint16_t)(1u << q);
                if (qv > ix->p_best[pi][q][level])
                    ix->p_best[pi][q][level] = qv;
                if (count_name && level == 3)
                    ix->p_namehit[pi] += ix->post_cnt[e];
            }
        }
    }
    return nt;
}

static int score_postings(search_index *ix, const query_ctx *c, int nt, bool relax,
                          search_result *out, int max)
{
    int n = 0;
    for (int i = 0; i < nt; i++) {
        uint32_t pi = ix->touched[i];
        const proc *p = &ix->procs[pi];
        unsigned cm[4] = { 0, ix->p_cm[pi][1], ix->p_cm[pi][2], ix->p_cm[pi][3] };
        int extra = (int)ix->name_core[pi] - (int)ix->p_namehit[pi];
        search_tier tier;
        long score;
        if (score_one(ix, c, p, cm, (const uint8_t(*)[4])ix->p_best[pi], extra, relax, &tier,
                      &score))
            insert_result(out, &n, max, p, tier, score);
    }
    return n;
}

static int score_all(search_index *ix, const qword *w, int nq, search_result *out, int max)
{
    query_ctx c = { w, nq, 0, 0 };
    for (int q = 0; q < nq; q++)
        if (!w[q].optional)
            c.required |= 1u << q;
    c.nreq = popcount16(c.required);
    if (ix->scan) {
        int n = score_scan(ix, &c, false, out, max);
        return n ? n : score_scan(ix, &c, true, out, max);
    }
    int nt = gather(ix, &c);
    int n = score_postings(ix, &c, nt, false, out, max);
    return n ? n : score_postings(ix, &c, nt, true, out, max);
}

static bool looks_like_code_prefix(const char *q)
{
    size_t n = strlen(q);
    if (n == 0 || n > 8 || q[0] < '0' || q[0] > '9')
        return false;
    if (n >= 2 && q[1] != '.')
        return false;
    for (size_t i = 2; i < n; i++)
        if (q[i] < '0' || q[i] > '9')
            return false;
    return true;
}

int search_query(search_index *ix, const char *query, search_result *out, int max)
{
    if (!ix || !query || max <= 0)
        return 0;
    if (prepare(ix))
        return 0;
    char trimmed[1024];
    size_t ql = strlen(query);
    while (ql && (query[ql - 1] == ' ' || query[ql - 1] == '\n'))
        ql--;
    while (ql && *query == ' ') {
        query++;
        ql--;
    }
    if (ql >= sizeof trimmed)
        ql = sizeof trimmed - 1;
    memcpy(trimmed, query, ql);
    trimmed[ql] = '\0';
    /* A code, a localised code or a portal link. */
    char code[CATALOG_CODE_MAX];
    if ((strstr(trimmed, "ma_thu_tuc=") || (trimmed[0] >= '0' && trimmed[0] <= '9')) &&
        catalog_code_from_text(trimmed, code) == 0) {
        for (int i = 0; i < ix->nprocs; i++)
            if (!strcmp(ix->procs[i].code, code)) {
                strcpy(out[0].code, code);
                out[0].tier = SEARCH_TIER_CODE;
                out[0].score = 10000000L;
                return 1;
            }
        return 0;
    }
    if (looks_like_code_prefix(trimmed)) {
        int n = 0;
        size_t tl = strlen(trimmed);
        for (int i = 0; i < ix->nprocs && n < max; i++)
            if (!strncmp(ix->procs[i].code, trimmed, tl)) {
                strcpy(out[n].code, ix->procs[i].code);
                out[n].tier = SEARCH_TIER_CODE;
                out[n].score = 10000000L - n;
                n++;
            }
        return n;
    }
    qword w[MAX_Q];
    int nq = parse_query(ix, query, w);
    if (nq == 0)
        return 0;
    memset(ix->mask, 0, (size_t)ix->nwords * sizeof *ix->mask);
    ix->nmatched = 0;
    for (int q = 0; q < nq; q++) {
        clear_word(ix, q, &w[q]);
        ix->mstart[q] = ix->nmatched;
        match_word(ix, q, &w[q]);
    }
    ix->mstart[nq] = ix->nmatched;
    return score_all(ix, w, nq, out, max);
}

void search_set_reference_scan(search_index *ix, int on)
{
    if (ix)
        ix->scan = on != 0;
}

void search_explain(search_index *ix, const char *query, char *out, size_t size)
{
    qword w[MAX_Q];
    if (size == 0)
        return;
    out[0] = '\0';
    if (!ix || !query || prepare(ix))
        return;
    int n = parse_query(ix, query, w);
    size_t o = 0;
    for (int i = 0; i < n && o + 1 < size; i++) {
        int r = snprintf(out + o, size - o, "%s%s%s%s%s", i ? " " : "", w[i].optional ? "[" : "",
                         w[i].text, w[i].telex ? "*" : "", w[i].optional ? "]" : "");
        if (r < 0 || (size_t)r >= size - o)
            break;
        o += (size_t)r;
    }
}
