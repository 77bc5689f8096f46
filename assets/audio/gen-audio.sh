#!/bin/sh
# gen-audio.sh SRC_DIR OUT_DIR [ESPEAK [PROCEDURES_TSV]]: build the prompt and
# word clips (PROCEDURES_TSV: id, vi, en summaries of the catalog's procedures).
#
# For vi and en, every prompt of prompts.tsv (and every word of words.tsv
# for vi, of words-en.tsv for en) becomes OUT_DIR/<lang>/<id>.wav: the recording
# SRC_DIR/<lang>/<id>.wav if there is one, otherwise speech synthesised by
# espeak-ng, run as a separate program (it is GPL-3.0: never linked). Every
# other SRC_DIR/<lang>/*.wav (recordings in minority languages) is copied.
# Writes OUT_DIR/MANIFEST.tsv: lang, id, source (recorded|espeak).
# Without espeak-ng, only the recordings are copied and a warning is printed:
# the kiosk then reports every prompt as missing, but the build goes on.
set -eu
SRC=$1
OUT=$2
ESPEAK=${3:-espeak-ng}
PROCS=${4:-}
mkdir -p "$OUT"
MANIFEST="$OUT/MANIFEST.tsv.tmp"
printf 'lang\tid\tsource\n' > "$MANIFEST"

have_espeak=1
if ! command -v "$ESPEAK" >/dev/null 2>&1; then
    echo "gen-audio: warning: espeak-ng not found: only recorded prompts are installed" >&2
    have_espeak=0
fi

voice_of() {
    case "$1" in
    vi) echo vi ;;
    en) echo en-gb ;;
    esac
}

# speak LANG ID TEXT
speak() {
    lang=$1 id=$2 text=$3
    mkdir -p "$OUT/$lang"
    if [ -f "$SRC/$lang/$id.wav" ]; then
        cp "$SRC/$lang/$id.wav" "$OUT/$lang/$id.wav"
        printf '%s\t%s\trecorded\n' "$lang" "$id" >> "$MANIFEST"
    elif [ "$have_espeak" = 1 ]; then
        # -s 150 words per minute: a little slower than the default, for
        # elderly listeners; -a 100 (the default amplitude) peaks near
        # -1 dBFS without clipping (-a 180 clipped some prompts).
        "$ESPEAK" -v "$(voice_of "$lang")" -s 150 -a 100 -w "$OUT/$lang/$id.wav" -- "$text"
        printf '%s\t%s\tespeak\n' "$lang" "$id" >> "$MANIFEST"
    fi
}

# Prompts: id, screen, vi, en.
grep -v '^#' "$SRC/prompts.tsv" | while IFS="$(printf '\t')" read -r id screen vi en; do
    [ -n "$id" ] || continue
    speak vi "$id" "$vi"
    speak en "$id" "$en"
done

# Number words (Vietnamese): id, word, note.
grep -v '^#' "$SRC/words.tsv" | while IFS="$(printf '\t')" read -r id word note; do
    [ -n "$id" ] || continue
    speak vi "$id" "$word"
done

# Number words (English): id, word, note.
grep -v '^#' "$SRC/words-en.tsv" | while IFS="$(printf '\t')" read -r id word note; do
    [ -n "$id" ] || continue
    speak en "$id" "$word"
done

# Procedure summaries (generated list: id, vi, en).
if [ -n "$PROCS" ] && [ -f "$PROCS" ]; then
    while IFS="$(printf '\t')" read -r id vi en; do
        [ -n "$id" ] || continue
        [ -n "$vi" ] && speak vi "$id" "$vi"
        [ -n "$en" ] && speak en "$id" "$en"
    done < "$PROCS"
fi

# Recordings in any other language folder.
for dir in "$SRC"/*/; do
    lang=$(basename "$dir")
    case "$lang" in vi|en) continue ;; esac
    for f in "$dir"*.wav; do
        [ -f "$f" ] || continue
        mkdir -p "$OUT/$lang"
        cp "$f" "$OUT/$lang/"
        printf '%s\t%s\trecorded\n' "$lang" "$(basename "$f" .wav)" >> "$MANIFEST"
    done
done
mv "$MANIFEST" "$OUT/MANIFEST.tsv"
