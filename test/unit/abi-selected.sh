#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every ABI test (TEST() in test/abi/*.c) runs in some guest: a guest script
# under test/guest/ passes name prefixes to memremap-abi-test, and a test no
# prefix selects would never run. Also: no prefix selects nothing (a test
# renamed away from its script), and memremap-abi-test --list names every
# test the sources define (the harness drops none).
# ABI_DIR and GUEST_DIR point elsewhere to test this test.
. "$TOP_SRCDIR/test/unit/lib.sh"
abi_dir=${ABI_DIR:-$TOP_SRCDIR/test/abi}
guest_dir=${GUEST_DIR:-$TOP_SRCDIR/test/guest}

sed -n 's/^TEST(\([A-Za-z0-9_]*\))$/\1/p' "$abi_dir"/*.c | sort > "$tmp/tests"
# the words after memremap-abi-test (or cli-common.subr's abi_tests, which
# runs it) on each (joined) command line, up to a
# redirection, pipe or separator: "file prefix" pairs
for f in "$guest_dir"/*.sh; do
	awk -v file="${f##*/}" '
		/\\$/ { line = line substr($0, 1, length($0) - 1) " "; next }
		{ line = line $0
		  n = split(line, w, /[ \t]+/)
		  for (i = 1; i <= n; i++) if (w[i] ~ /memremap-abi-test$/ || w[i] == "abi_tests") break
		  for (i++; i <= n; i++) {
			if (w[i] !~ /^[A-Za-z0-9_]+$/) break
			print file, w[i]
		  }
		  line = "" }' "$f"
done > "$tmp/prefixes"

if [ ! -s "$tmp/tests" ]; then
	fail "the ABI tests are found in $abi_dir"
elif [ ! -s "$tmp/prefixes" ]; then
	fail "the guest scripts in $guest_dir run memremap-abi-test"
else
	: > "$tmp/unselected"
	while read -r t; do
		sel=$(awk -v t="$t" 'index(t, $2) == 1 { print $1; exit }' "$tmp/prefixes")
		[ -n "$sel" ] || echo "$t" >> "$tmp/unselected"
	done < "$tmp/tests"
	if [ -s "$tmp/unselected" ]; then
		fail "every ABI test is selected by a test/guest/*.sh command line" \
			"never run in a guest (add a prefix to a guest script):" \
			"$(cat "$tmp/unselected")"
	else
		pass "every ABI test ($(wc -l < "$tmp/tests")) is selected by a test/guest/*.sh command line"
	fi
	: > "$tmp/idle"
	while read -r file p; do
		awk -v p="$p" 'index($0, p) == 1 { found = 1 } END { exit !found }' \
			"$tmp/tests" || echo "$file: $p" >> "$tmp/idle"
	done < "$tmp/prefixes"
	if [ -s "$tmp/idle" ]; then
		fail "every prefix on a guest command line selects an ABI test" \
			"prefixes that select nothing:" "$(cat "$tmp/idle")"
	else
		pass "every prefix on a guest command line selects an ABI test"
	fi
fi

bin=$abi_dir/memremap-abi-test
if [ ! -x "$bin" ]; then
	skip "memremap-abi-test --list names every TEST()" "not built (test/build builds it)"
elif [ -n "$(find "$abi_dir" -name '*.[ch]' -newer "$bin")" ]; then
	skip "memremap-abi-test --list names every TEST()" "binary older than its sources"
else
	"$bin" --list | sort > "$tmp/listed"
	if diff -u "$tmp/tests" "$tmp/listed" > "$tmp/d"; then
		pass "memremap-abi-test --list names every TEST()"
	else
		fail "memremap-abi-test --list names every TEST()" "$(cat "$tmp/d")"
	fi
fi

# This test on a made-up tree (at the top level only): a TEST no prefix
# selects and a prefix that selects nothing each fail it, by name.
if [ -z "${ABI_DIR:-}" ]; then
	self=$tmp/self
	mkdir -p "$self/abi" "$self/guest"
	printf 'TEST(alpha_one)\n{\n}\n\nTEST(beta_two)\n{\n}\n' > "$self/abi/t.c"
	printf '#!/bin/sh\nexec ./abi/memremap-abi-test alpha \\\n\tgamma\n' > "$self/guest/g.sh"
	run env ABI_DIR="$self/abi" GUEST_DIR="$self/guest" sh "$TOP_SRCDIR/test/unit/abi-selected.sh"
	if [ "$rc" -ne 0 ] &&
	   printf '%s\n' "$out" | grep -qx '# beta_two' &&
	   printf '%s\n' "$out" | grep -qx '# g.sh: gamma' &&
	   [ "$(printf '%s\n' "$out" | grep -c '^not ok')" -eq 2 ]; then
		pass "a TEST no guest file selects, and an idle prefix, fail this test"
	else
		fail "a TEST no guest file selects, and an idle prefix, fail this test" \
			"exit status $rc" "$out"
	fi
	printf '#!/bin/sh\nexec ./abi/memremap-abi-test alpha beta_ > x\n' > "$self/guest/g.sh"
	run env ABI_DIR="$self/abi" GUEST_DIR="$self/guest" sh "$TOP_SRCDIR/test/unit/abi-selected.sh"
	if [ "$rc" -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
		pass "every TEST selected, every prefix used: this test passes"
	else
		fail "every TEST selected, every prefix used: this test passes" \
			"exit status $rc" "$out"
	fi
fi
finish
