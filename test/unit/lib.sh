# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the host tests; sourced. The test environment (Makefile.am)
# exports MEMREMAPCTL, EXAMPLE, TOP_SRCDIR, PYTHON3 and JQ.
set -u
: "${MEMREMAPCTL:?run through make check}"
schema_dir=$TOP_SRCDIR/schema
unit_dir=$TOP_SRCDIR/test/unit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$TOP_SRCDIR/test/unit/tap.sh"

# ctl ARGS...: run memremapctl
ctl() { run "$MEMREMAPCTL" "$@"; }

# same FILE WHAT: stdout of the last run equals FILE
same() {
	if printf '%s\n' "$out" | diff -u "$1" - > "$tmp/diff"; then
		pass "$2"
	else
		fail "$2" "$(cat "$tmp/diff")"
	fi
}

# valid SCHEMA WHAT: stdout of the last run matches schema/SCHEMA.schema.json
valid() {
	if [ -z "${PYTHON3:-}" ]; then
		skip "$2" "no python3 with jsonschema"
		return
	fi
	printf '%s\n' "$out" > "$tmp/doc.json"
	if "$PYTHON3" "$unit_dir/validate-json.py" "$schema_dir" "$1" "$tmp/doc.json" > "$tmp/v" 2>&1; then
		pass "$2"
	else
		fail "$2" "$(head -20 "$tmp/v")"
	fi
}

# tree N: a canned sysfs with N pagemaps; prints its root
tree() {
	rm -rf "$tmp/tree$1"
	sh "$unit_dir/mktree.sh" "$tmp/tree$1" "$1" && echo "$tmp/tree$1"
}

# jqok FILTER WHAT: jq -e FILTER holds for stdout of the last run
jqok() {
	if printf '%s' "$out" | "${JQ:-jq}" -e "$1" > /dev/null 2>&1; then
		pass "$2"
	else
		fail "$2" "jq $1" "exit status $rc" "stdout: $out" "stderr: $err"
	fi
}
