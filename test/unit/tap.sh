# SPDX-License-Identifier: GPL-2.0-or-later
# TAP for shell tests, on the host (lib.sh) and in the guest
# (test/guest/cli-common.subr); plain POSIX sh, busybox is enough.
# Needs $tmp, a scratch directory.
tap_n=0
tap_failed=0

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
# fail WHAT [DETAIL...]: a failed test with the details as TAP comments
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"; shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
finish() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }

# run CMD...: the command's stdout in $out, stderr in $err, status in $rc
run() {
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
# expect STATUS TEXT WHAT: the last run exited STATUS and stderr has TEXT
expect() {
	if [ "$rc" -eq "$1" ] && printf '%s' "$err" | grep -qF -- "$2"; then
		pass "$3"
	else
		fail "$3" "exit status $rc (want $1)" "stderr: $err" "want in stderr: $2"
	fi
}

