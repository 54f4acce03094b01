#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# memremapctl list on canned sysfs trees (--sysroot, MEMREMAP_SYSFS_ROOT):
# the table, -u, -v, JSON with 0, 1, 3 and many pagemaps, filters, and a
# JSON shape that does not change with flags or results.
. "$TOP_SRCDIR/test/unit/lib.sh"
exp=$unit_dir/expected

# --- no pagemaps: no class directory (module not loaded), or an empty one
mkdir -p "$tmp/none" "$tmp/empty/sys/class/memremap"
for root in "$tmp/none" "$tmp/empty"; do
	what=$(basename "$root")
	ctl --sysroot "$root" list
	if [ "$rc" -eq 0 ] && [ -z "$out" ] && [ -z "$err" ]; then
		pass "list ($what): nothing, exit 0"
	else
		fail "list ($what): nothing, exit 0" "exit status $rc" "$out" "$err"
	fi
	ctl --sysroot "$root" list -j
	if [ "$rc" -eq 0 ] && [ "$out" = "[]" ]; then
		pass "list -j ($what): []"
	else
		fail "list -j ($what): []" "exit status $rc" "$out" "$err"
	fi
	valid list "list -j ($what) matches the schema"
done

# --- one pagemap
one=$(tree 1)
ctl --sysroot "$one" list
same "$exp/list-1.txt" "list with one pagemap"
ctl --sysroot "$one" list -j
same "$exp/list-1.json" "list -j with one pagemap is an array of one"
valid list "list -j with one pagemap matches the schema"

# --- five pagemaps: every kind of value (see mktree.sh)
five=$(tree 5)
ctl --sysroot "$five" list
same "$exp/list-5.txt" "list with five pagemaps"
ctl --sysroot "$five" list -u
same "$exp/list-5-u.txt" "list -u formats sizes"
ctl --sysroot "$five" list -v
same "$exp/list-5-v.txt" "list -v adds columns"
ctl --sysroot "$five" list -u -v
same "$exp/list-5-uv.txt" "list -u -v"
ctl --sysroot "$five" list -j
same "$exp/list-5.json" "list -j with five pagemaps"
valid list "list -j with five pagemaps matches the schema"
cp "$tmp/out" "$tmp/plain.json"

# --- a p2pdma pagemap (pagemap6 of seven): its PCI BAR in JSON and in -v
seven=$(tree 7)
ctl --sysroot "$seven" list -j -t p2pdma
jqok 'length == 1 and .[0].dev == "pagemap6" and .[0].altmap == null
      and .[0].pci == {"device": "0000:06:10.0", "bar": 2, "offset": 0}' \
	"list -j shows a p2pdma pagemap's PCI device, BAR and offset"
valid list "list -j with a p2pdma pagemap matches the schema"
ctl --sysroot "$seven" list -j -t generic
jqok 'length == 2 and all(.[]; .pci == null)' "other types have \"pci\": null"
ctl --sysroot "$seven" list -j
jqok 'map(.memtype) == ["write-back","write-back","write-back","write-back","write-back",
                        "write-back","uncached-minus"]' \
	"list -j: memtype from sysfs, uncached-minus for the p2pdma pagemap"
thirteen=$(tree 13)
ctl --sysroot "$thirteen" list -j -p 12
jqok '.[0].memtype == null and (.[0] | has("memtype"))' \
	"list -j: memtype \"none\" in sysfs is null, the key still there"
valid list "list -j with a memtype of none matches the schema"
ctl --sysroot "$thirteen" list -o dev,memtype -p 12
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | sed -n 2p | grep -q '^pagemap12  *-$'; then
	pass "list -o memtype: - for none"
else
	fail "list -o memtype: - for none" "$out" "$err"
fi
rm "$thirteen/sys/class/memremap/pagemap12/memtype"
ctl --sysroot "$thirteen" list -j -p 12
jqok '.[0].memtype == null' "a module without the memtype file (older): memtype null"
ctl --sysroot "$seven" list -v -p 6
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | sed -n 2p | grep -Eq ' 0000:06:10\.0 +2 +0000:06:10\.0$'; then
	pass "list -v shows the PCI device and BAR"
else
	fail "list -v shows the PCI device and BAR" "$out" "$err"
fi

ctl --sysroot "$five" list -j -u -v
if cmp -s "$tmp/out" "$tmp/plain.json"; then
	pass "list -j is the same with -u and -v"
else
	fail "list -j is the same with -u and -v" "$(diff "$tmp/plain.json" "$tmp/out")"
fi
MEMREMAP_SYSFS_ROOT=$five/sys run "$MEMREMAPCTL" list -j
if cmp -s "$tmp/out" "$tmp/plain.json"; then
	pass "MEMREMAP_SYSFS_ROOT works like --sysroot"
else
	fail "MEMREMAP_SYSFS_ROOT works like --sysroot" "$out" "$err"
fi

# --- -o: the columns named, in that order, case-insensitive; +COLUMNS adds
ctl --sysroot "$seven" list -o ID,PARENT_START,PARENT_SIZE,PCI,BAR,PCI_OFFSET
same "$exp/list-7-o.txt" "list -o shows the columns named, in that order"
ctl --sysroot "$seven" list -o id,Parent_Start,parent_size,pci,bar,pci_offset
same "$exp/list-7-o.txt" "list -o takes column names in any case"
# DEFAULT+: the default table with one more column at the end
plus() {
	printf '%s\n' "$out" | sed 's/ *[^ ]*$//' > "$tmp/stripped"
	if [ "$rc" -eq 0 ] && diff -u "$1" "$tmp/stripped" > "$tmp/diff" &&
	   [ "$(printf '%s\n' "$out" | sed -n '1s/.* //p')" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "exit status $rc" "$(cat "$tmp/diff")" "$out" "$err"
	fi
}
ctl --sysroot "$five" list -o +parent_start
plus "$exp/list-5.txt" PARENT_START "list -o +COLUMN adds a column to the default ones"
ctl --sysroot "$five" list -v -o +ID
plus "$exp/list-5-v.txt" ID "list -v -o +COLUMN adds a column to -v's"
ctl --sysroot "$five" list -o DEV -j -u -v
if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/plain.json"; then
	pass "list -j keeps every key whatever -o names"
else
	fail "list -j keeps every key whatever -o names" "$(diff "$tmp/plain.json" "$tmp/out")" "$err"
fi
ctl --sysroot "$tmp/empty" list -o DEV,SIZE
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
	pass "list -o with no pagemaps: nothing, exit 0"
else
	fail "list -o with no pagemaps: nothing, exit 0" "exit status $rc" "$out" "$err"
fi
for spec in DEV,BOGUS BOGUS; do
	for j in "" -j; do
		# shellcheck disable=SC2086
		ctl --sysroot "$five" list $j -o "$spec"
		if [ -n "$out" ]; then
			fail "list $j -o $spec is a usage error" "stdout: $out"
		else
			expect 2 "unknown column 'BOGUS' in --output; columns: DEV, ID, NAME," \
				"list $j -o $spec is a usage error naming the column and the valid ones"
		fi
	done
done
for spec in "DEV,,SIZE" "" "+" "DEV,"; do
	ctl --sysroot "$five" list -o "$spec"
	expect 2 "--output '$spec' has an empty column name" "list -o '$spec' is a usage error"
done
ctl --sysroot "$five" list -o RESERVE
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | tr -d ' ' | tr '\n' ,)" = "RESERVE,2097152,-,0,-,2097152," ]; then
	pass "list -o RESERVE: \"-\" without an altmap"
else
	fail "list -o RESERVE: \"-\" without an altmap" "$out" "$err"
fi

# filter ARGS -- IDS: list -j ARGS shows exactly those ids (space separated)
filter() {
	args=$1 want=$2
	# shellcheck disable=SC2086
	ctl --sysroot "$five" list -j $args
	got=$(printf '%s\n' "$out" | sed -n 's/^    "id": \([0-9]*\),$/\1/p' | tr '\n' ' ' | sed 's/ $//')
	if [ "$rc" -eq 0 ] && [ "$got" = "$want" ] && [ "${out#\[}" != "$out" ]; then
		pass "list -j $args shows [${want}]"
	else
		fail "list -j $args shows [${want}]" "exit status $rc, ids [$got]" "$err"
	fi
}
filter "-t fsdax" "1 4"
filter "-t generic" "0 3"
filter "-t private" ""
filter "-n pm2" "2"
filter "-n nothere" ""
filter "-p pagemap2" "2"
filter "-p 1" "1"
filter "-p scratch" "0"
filter "-p pagemap7" ""
filter "-p scratch -t fsdax" ""
filter "-t coherent -n pm2" "2"
ctl --sysroot "$five" list -p pagemap9
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
	pass "list -p of a missing pagemap: nothing, exit 0"
else
	fail "list -p of a missing pagemap: nothing, exit 0" "exit status $rc" "$out"
fi

# --- many pagemaps, in id order (readdir order is not)
many=$(tree 300)
ctl --sysroot "$many" list
lines=$(printf '%s\n' "$out" | wc -l)
sorted=$(printf '%s\n' "$out" | sed 1d | awk '{print substr($1, 8)}' | sort -n -c 2>&1 && echo yes)
if [ "$rc" -eq 0 ] && [ "$lines" -eq 301 ] && [ "$sorted" = yes ]; then
	pass "list with 300 pagemaps: a header and 300 rows in id order"
else
	fail "list with 300 pagemaps: a header and 300 rows in id order" "exit status $rc, $lines lines, sorted: $sorted"
fi
ctl --sysroot "$many" list -j
valid list "list -j with 300 pagemaps matches the schema"
n=$(printf '%s\n' "$out" | grep -c '"dev": ')
if [ "$n" -eq 300 ]; then pass "list -j lists all 300"; else fail "list -j lists all 300" "got $n"; fi

# --- a sysfs value that makes no sense is an error naming the file, not a guess
bad=$(tree 2)
echo "0xzz" > "$bad/sys/devices/virtual/memremap/pagemap1/start"
ctl --sysroot "$bad" list -j
expect 5 "class/memremap/pagemap1/start holds '0xzz'" "a malformed attribute fails with exit 5 naming it"
echo 0x110000000 > "$bad/sys/devices/virtual/memremap/pagemap1/start"
rm "$bad/sys/devices/virtual/memremap/pagemap1/size"
ctl --sysroot "$bad" list
expect 5 "pagemap1/size: No such file" "a missing attribute fails naming it"
# a pagemap whose directory is gone (destroyed while listing) is skipped
rm "$bad/sys/devices/virtual/memremap/pagemap1/"*
rmdir "$bad/sys/devices/virtual/memremap/pagemap1"
ctl --sysroot "$bad" list -j
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c '"dev": ')" -eq 1 ]; then
	pass "a pagemap that vanished is skipped"
else
	fail "a pagemap that vanished is skipped" "exit status $rc" "$err"
fi
finish
