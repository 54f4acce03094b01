#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The pin tables test/guest/pagemap-io.sh expects (test/guest/pin-table/*.txt)
# are well formed, the README shows the table they make
# (test/guest/pin-table/readme) and the C example's very source.
. "$TOP_SRCDIR/test/unit/lib.sh"
dir=$TOP_SRCDIR/test/guest/pin-table
ops=$(sed -n '/^static const char \*const op_names/,/^};/s/.*= "\(.*\)",$/\1/p' \
	"$TOP_SRCDIR/test/pinio/pinio.c" | tr '\n' ' ')
for t in stock stock-6.12 mainline debug; do
	f=$dir/$t.txt
	if [ ! -f "$f" ]; then
		fail "test/guest/pin-table/$t.txt exists"
		continue
	fi
	grep -v '^#' "$f" > "$tmp/t"
	head_ops=$(head -n 1 "$tmp/t" | awk '{ for (i = 2; i <= NF; i++) printf "%s ", $i }')
	if [ "$(head -n 1 "$tmp/t" | awk '{ print $1 }')" = type ] && [ "$head_ops" = "$ops" ] &&
	   awk -v n="$(head -n 1 "$tmp/t" | awk '{ print NF }')" 'NF != n { exit 1 }' "$tmp/t" &&
	   [ "$(awk '{ print $1 }' "$tmp/t" | sort | uniq -d)" = "" ]; then
		pass "test/guest/pin-table/$t.txt: memremap-pinio's columns, one row per type"
	else
		fail "test/guest/pin-table/$t.txt: memremap-pinio's columns, one row per type" \
			"operations: $ops" "$(cat "$tmp/t")"
	fi
done
run "$dir/readme" --check "$TOP_SRCDIR/README.md"
if [ "$rc" -eq 0 ]; then
	pass "README.md shows the pin table test/guest/pin-table/readme makes"
else
	fail "README.md shows the pin table test/guest/pin-table/readme makes" "$out" "$err"
fi
sed -n '/^#include <fcntl.h>$/,/^}$/p' "$TOP_SRCDIR/test/pinio/map-example.c" > "$tmp/example"
sed -n '/^```c$/,/^```$/p' "$TOP_SRCDIR/README.md" | sed '1d;$d' > "$tmp/readme-c"
if [ -s "$tmp/example" ] && grep -qxF "$(head -n 1 "$tmp/example")" "$tmp/readme-c" &&
   sed -n '/^#include <fcntl.h>$/,/^}$/p' "$tmp/readme-c" | cmp -s - "$tmp/example"; then
	pass "README.md shows test/pinio/map-example.c"
else
	fail "README.md shows test/pinio/map-example.c" "$(sed -n '/^#include <fcntl.h>$/,/^}$/p' "$tmp/readme-c" | diff "$tmp/example" -)"
fi
finish
