# kiosk-ini.sh: read one value from the kiosk's INI files, for shell scripts.
# Sourced, not run. ini_get SECTION KEY DEFAULT FILE... prints the value from
# the last file that sets it (later files override earlier ones, as in the
# programs). Tolerates Windows line endings, a UTF-8 byte-order mark, spaces
# around '=', and straight or typographic quotes around the value.
ini_get() {
    _sec=$1 _key=$2 _def=$3
    shift 3
    _val=$_def
    for _f in "$@"; do
        [ -r "$_f" ] || continue
        _v=$(LC_ALL=C sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$_f" | awk -v sec="$_sec" -v key="$_key" '
            function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
            /^[ \t]*[;#]/ { next }
            /^[ \t]*\[/ { s = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", s); cur = trim(s); next }
            cur == sec {
                i = index($0, "="); if (i == 0) next
                k = trim(substr($0, 1, i - 1)); if (k != key) next
                v = trim(substr($0, i + 1)); found = 1; val = v
            }
            END { if (found) { print val; exit 0 } exit 1 }') || continue
        _val=$(printf '%s' "$_v" | LC_ALL=C sed -e 's/^\(["'"'"']\|\xE2\x80[\x98\x99\x9C\x9D]\)//' \
                                       -e 's/\(["'"'"']\|\xE2\x80[\x98\x99\x9C\x9D]\)$//')
    done
    printf '%s\n' "$_val"
}
