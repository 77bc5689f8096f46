#!/bin/sh
# po-update.sh: keep the translation catalogs in step with the code.
#
#   scripts/po-update.sh            extract every _() / N_() / NC_() message from
#                                   kiosk/**/*.{c,h} and drivers/**/*.{c,h} into
#                                   assets/i18n/kiosk.pot, merge it into every
#                                   assets/i18n/<lang>.po, and refill vi.po
#                                   (msgstr = msgid: Vietnamese is the source)
#   scripts/po-update.sh --check    change nothing; exit 1 and name every message
#                                   used in the code that vi.po or en.po lacks
#                                   (missing, untranslated or fuzzy). Run as a test.
#   scripts/po-update.sh --list     print the msgids of the code, one per line
#
# Message IDs are the Vietnamese strings; see docs/translators.md.
# Needs GNU gettext (xgettext, msgmerge, msgattrib, msgen, msginit).
set -eu

ROOT=${KIOSK_PO_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}  # KIOSK_PO_ROOT: a test tree
I18N="$ROOT/assets/i18n"
MODE=${1:-update}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

extract() {
    # $1: output POT. Sorted file list: a stable POT for small diffs.
    (cd "$ROOT" && find kiosk drivers -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null |
        LC_ALL=C sort) > "$TMP/files"
    (cd "$ROOT" && xgettext --language=C --from-code=UTF-8 \
        --keyword=_ --keyword=N_ --keyword=NC_:1c,2 --keyword=i18n_vi_en:2 \
        --keyword=i18n_get --keyword=i18n_nget:1,2 --keyword=i18n_pget:1c,2 \
        --add-comments=TRANSLATORS: --sort-by-file --no-wrap \
        --package-name=kiosk --msgid-bugs-address=kiosk-translators \
        --files-from="$TMP/files" --output="$1" --force-po)
    # The creation date changes every run; keep the file stable for git.
    sed -i 's/^"POT-Creation-Date: .*\\n"$/"POT-Creation-Date: 2026-01-01 00:00+0000\\n"/' "$1"
}

# Messages of $2 (POT) that $1 (PO) does not translate: printed as PO text.
missing() {
    msgattrib --translated --no-fuzzy --no-obsolete "$1" -o "$TMP/ok.po"
    msgmerge --quiet --no-fuzzy-matching --no-wrap "$TMP/ok.po" "$2" -o "$TMP/merged.po"
    msgattrib --untranslated --no-obsolete --no-wrap "$TMP/merged.po" -o "$TMP/missing.po"
    if [ -s "$TMP/missing.po" ]; then
        # Drop the header entry: it is never "missing".
        awk 'BEGIN{RS=""; ORS="\n\n"} !/^(#[^\n]*\n)*msgid ""\nmsgstr ""/' "$TMP/missing.po"
    fi
}

# Procedure texts of assets/catalog (JSON, which carries vi and en) for the
# other languages: catalog.pot with msgctxt "<code>/name", "<code>/summary",
# "field/<id>" and the Vietnamese text as msgid. Needs python3 (json).
extract_catalog() {
    [ -d "$ROOT/assets/catalog/procedures" ] || return 1
    command -v python3 >/dev/null 2>&1 || { echo "po-update: python3 missing: catalog texts skipped" >&2; return 1; }
    python3 - "$ROOT/assets/catalog" > "$1" <<'PY'
import glob, json, os, sys
root = sys.argv[1]
def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'
print('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
def entry(src, ctx, vi):
    if isinstance(vi, dict):
        vi = vi.get("vi", "")
    if vi:
        print(f"#: {src}\nmsgctxt {q(ctx)}\nmsgid {q(vi)}\nmsgstr \"\"\n")
fields = json.load(open(os.path.join(root, "fields.json"), encoding="utf-8"))
for f in fields.get("fields", []):
    entry("assets/catalog/fields.json", "field/" + f["id"], f.get("name", ""))
for path in sorted(glob.glob(os.path.join(root, "procedures", "*.json"))):
    d = json.load(open(path, encoding="utf-8"))
    src = "assets/catalog/procedures/" + os.path.basename(path)
    entry(src, d["code"] + "/name", d.get("name", ""))
    entry(src, d["code"] + "/summary", d.get("summary", ""))
    # The papers to bring: names and counts ("1 bản chính"), context
    # "document", so a paper several procedures ask for is translated once.
    for doc in d.get("documents", []):
        entry(src, "document", doc.get("name", ""))
        entry(src, "document", doc.get("count", ""))
# Forms (assets/forms/*.json carry vi and en): every text a citizen reads,
# context "form", so a sentence used by several forms is translated once.
def form_texts(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("label", "question", "hint", "pattern_hint") and isinstance(v, dict):
                yield v.get("vi", "")
            else:
                yield from form_texts(v)
    elif isinstance(o, list):
        for v in o:
            yield from form_texts(v)
forms = os.path.join(os.path.dirname(root), "forms")
for path in sorted(glob.glob(os.path.join(forms, "[0-9]*.json"))):
    src = "assets/forms/" + os.path.basename(path)
    for vi in form_texts(json.load(open(path, encoding="utf-8"))):
        entry(src, "form", vi)
# The answer checks' messages (kiosk/core/form.c: say(msg, msgsize, lang,
# "Vietnamese", "English", ...)): Vietnamese and English stay in the code,
# other languages translate the Vietnamese here, context "form". c-format:
# msgfmt --check then refuses a translation whose placeholders differ.
import re
code = open(os.path.join(os.path.dirname(os.path.dirname(root)), "kiosk", "core", "form.c"),
            encoding="utf-8").read()
lit = r'"(?:[^"\\]|\\.)*"'
for m in re.finditer(r'say\(\s*msg,\s*msgsize,\s*lang,\s*((?:' + lit + r'\s*)+),', code):
    vi = "".join(json.loads(x) for x in re.findall(lit, m.group(1)))
    if vi != "%s":
        flag = "#, c-format\n" if "%" in vi else ""
        print(f"#: kiosk/core/form.c\n{flag}msgctxt \"form\"\nmsgid {q(vi)}\nmsgstr \"\"\n")
PY
}

fill_vi() {
    # Vietnamese: msgstr = msgid for every message (msgen), header kept.
    msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap "$I18N/vi.po" "$1"
    msgattrib --clear-fuzzy --no-obsolete --no-wrap "$I18N/vi.po" -o "$TMP/vi1.po"
    msgen --no-wrap "$TMP/vi1.po" -o "$I18N/vi.po"
}

case "$MODE" in
--list)
    extract "$TMP/kiosk.pot"
    msgexec -i "$TMP/kiosk.pot" sh -c '[ -n "$MSGEXEC_MSGID" ] && printf "%s\n" "$MSGEXEC_MSGID" || true'
    ;;
--check)
    extract "$TMP/kiosk.pot"
    fail=0
    for lang in vi en; do
        po="$I18N/$lang.po"
        if [ ! -f "$po" ]; then
            echo "po-update: $po is missing" >&2
            fail=1
            continue
        fi
        out=$(missing "$po" "$TMP/kiosk.pot")
        if [ -n "$out" ]; then
            n=$(printf '%s\n' "$out" | grep -c '^msgid ')
            echo "po-update: $n message(s) used in the code are missing or untranslated" \
                 "(or fuzzy) in assets/i18n/$lang.po:" >&2
            printf '%s\n' "$out" | grep -E '^(#:|msgid|msgctxt)' >&2
            fail=1
        fi
    done
    if [ "$fail" -ne 0 ]; then
        echo "po-update: run scripts/po-update.sh, then translate the new messages" \
             "in assets/i18n/en.po (docs/translators.md)" >&2
        exit 1
    fi
    echo "po-update: vi.po and en.po cover every message in the code"
    ;;
update)
    extract "$I18N/kiosk.pot"
    for po in "$I18N"/*.po; do
        case "$(basename "$po")" in
        catalog-*) continue ;;   # procedure texts, keyed by context: see docs/translators.md
        vi.po) fill_vi "$I18N/kiosk.pot" ;;
        *) msgmerge --quiet --update --backup=none --previous --no-wrap "$po" "$I18N/kiosk.pot" ;;
        esac
    done
    if extract_catalog "$TMP/catalog.raw.pot"; then
        msguniq --no-wrap --sort-by-file "$TMP/catalog.raw.pot" -o "$I18N/catalog.pot"
        for po in "$I18N"/catalog-*.po; do
            [ -f "$po" ] && msgmerge --quiet --update --backup=none --previous --no-wrap "$po" "$I18N/catalog.pot"
        done
    fi
    for po in "$I18N"/*.po; do
        printf '%s: ' "$(basename "$po")"
        msgfmt --check --statistics -o /dev/null "$po" 2>&1
    done
    ;;
*)
    echo "usage: $0 [--check | --list]" >&2
    exit 2
    ;;
esac
