#!/bin/sh
# check-prompts.sh ROOT AUDIO_OUT [PROCEDURES_TSV]: every prompt ID the app speaks is listed in
# assets/audio/prompts.tsv, and (when espeak-ng is installed) the build made
# a vi and an en file for every prompt, a file for every number word, and a
# vi file for every procedure summary of PROCEDURES_TSV.
set -eu
ROOT=$1
OUT=$2
PROCS=${3:-}
TSV="$ROOT/assets/audio/prompts.tsv"
fail=0
ids=$(grep -v '^#' "$TSV" | cut -f1)

# IDs in the app: every "id" inside app_say(a, ...) and a->prompt = ...;
# statements, over several lines and in both arms of a ?: choice.
used=$(cat "$ROOT"/kiosk/app/*.c 2>/dev/null |
       perl -0777 -ne 'while (/(?:app_say\(\s*\w+\s*,|prompt\s*=)([^;]*);/g) {
                           my $s = $1; print "$1\n" while $s =~ /"([a-z0-9_]+)"/g }' |
       sort -u || true)
for id in $used; do
    if ! printf '%s\n' $ids | grep -qx "$id"; then
        echo "check-prompts: the app speaks prompt '$id' but assets/audio/prompts.tsv lacks it" >&2
        fail=1
    fi
done

if command -v espeak-ng >/dev/null 2>&1; then
    for id in $ids; do
        for lang in vi en; do
            [ -s "$OUT/$lang/$id.wav" ] || {
                echo "check-prompts: $OUT/$lang/$id.wav was not built" >&2
                fail=1
            }
        done
    done
    for pair in vi:words.tsv en:words-en.tsv; do
        lang=${pair%%:*}
        for id in $(grep -v '^#' "$ROOT/assets/audio/${pair#*:}" | cut -f1); do
            [ -s "$OUT/$lang/$id.wav" ] || {
                echo "check-prompts: word clip $OUT/$lang/$id.wav was not built" >&2
                fail=1
            }
        done
    done
    if [ -n "$PROCS" ] && [ -f "$PROCS" ]; then
        for id in $(cut -f1 "$PROCS"); do
            [ -s "$OUT/vi/$id.wav" ] || {
                echo "check-prompts: procedure summary $OUT/vi/$id.wav was not built" >&2
                fail=1
            }
        done
    fi
else
    echo "check-prompts: espeak-ng not installed: built files not checked"
fi
[ "$fail" = 0 ] && echo "check-prompts: $(printf '%s\n' $used | grep -c .) prompt IDs used by the app, all listed"
exit "$fail"
