#!/bin/sh
# prompt-list.sh: the list of prompts and words for speakers, in Markdown,
# generated from assets/audio/prompts.tsv and words.tsv, kept in
# docs/recording.md between the prompt-list markers.
#   prompt-list.sh              print the list
#   prompt-list.sh --update ROOT   rewrite the section of ROOT/docs/recording.md
#   prompt-list.sh --check ROOT    exit 1 if that section is out of date
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)

list() {
    echo "| ID | screen | Tiếng Việt | English |"
    echo "|---|---|---|---|"
    grep -v '^#' "$HERE/prompts.tsv" | while IFS="$(printf '\t')" read -r id screen vi en; do
        [ -n "$id" ] && printf '| `%s` | %s | %s | %s |\n' "$id" "$screen" "$vi" "$en"
    done
    echo
    echo "Number words (record each alone; Vietnamese words serve every language but English):"
    echo
    echo "| ID | word | use |"
    echo "|---|---|---|"
    grep -v '^#' "$HERE/words.tsv" | while IFS="$(printf '\t')" read -r id word note; do
        [ -n "$id" ] && printf '| `%s` | %s | %s |\n' "$id" "$word" "$note"
    done
    echo
    echo "English number words (en folder only):"
    echo
    printf '%s' "$(grep -v '^#' "$HERE/words-en.tsv" | cut -f1,2 | sed 's/^\([^\t]*\)\t\(.*\)$/`\1` \2/' | tr '\n' ',' | sed 's/,/, /g; s/, $//')"
    echo
}

# Replace the section between the markers of $1 with the list; print the result.
splice() {
    awk -v listfile="$2" '
        /<!-- prompt-list:begin -->/ { print; while ((getline l < listfile) > 0) print l; skip = 1; next }
        /<!-- prompt-list:end -->/ { skip = 0 }
        !skip { print }' "$1"
}

case "${1:-}" in
"") list ;;
--update|--check)
    doc="$2/docs/recording.md"
    tmp=$(mktemp)
    trap 'rm -f "$tmp" "$tmp.new"' EXIT
    list > "$tmp"
    splice "$doc" "$tmp" > "$tmp.new"
    if [ "$1" = --update ]; then
        cat "$tmp.new" > "$doc"
    elif ! cmp -s "$doc" "$tmp.new"; then
        echo "prompt-list: docs/recording.md is out of date with assets/audio/prompts.tsv;" \
             "run: sh assets/audio/prompt-list.sh --update ." >&2
        diff "$doc" "$tmp.new" >&2 || true
        exit 1
    else
        echo "prompt-list: docs/recording.md is up to date"
    fi
    ;;
*) echo "usage: $0 [--update|--check ROOT]" >&2; exit 2 ;;
esac
