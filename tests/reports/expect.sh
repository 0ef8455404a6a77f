# Shell checks shared by the command-line tests of reports and analysis.
# Source it after setting $ngbench; it makes $tmp (removed at exit) and counts
# $failures; end the test with: exit $((failures != 0))
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_line REGEX ARGS...: exit 0 and a stdout line matching REGEX.
expect_line() {
    want=$1
    shift
    if ! "$ngbench" "$@" >"$tmp/out" 2>"$tmp/err"; then
        fail "ngbench $* exited non-zero: $(cat "$tmp/err")"
    elif ! grep -Eq -- "$want" "$tmp/out"; then
        fail "ngbench $*: no line matching '$want' in:"
        cat "$tmp/out"
    fi
}

# expect_failure RC SUBSTRING ARGS...: exit RC and one stderr line containing SUBSTRING.
expect_failure() {
    want_rc=$1 want=$2
    shift 2
    "$ngbench" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne "$want_rc" ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -qF -- "$want" "$tmp/err"; then
        fail "ngbench $*: rc=$rc, stderr: $(cat "$tmp/err"), wanted rc $want_rc and '$want'"
    fi
}

# expect_error SUBSTRING ARGS...: bad usage or input: exit 2, one line naming it.
expect_error() {
    expect_failure 2 "$@"
}
