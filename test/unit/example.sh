#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The example program of libmemremap(3) runs and lists a canned tree; the
# man page shows exactly its source.
. "$TOP_SRCDIR/test/unit/lib.sh"
five=$(tree 5)
MEMREMAP_SYSFS_ROOT=$five/sys run "$EXAMPLE"
first='pagemap0 name=scratch type=generic start=0x100000000 size=268435456 memmap=altmap'
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | head -1)" = "$first" ] &&
   [ "$(printf '%s\n' "$out" | tail -1)" = "5 pagemaps" ]; then
	pass "the example lists a canned tree"
else
	fail "the example lists a canned tree" "exit status $rc" "$out" "$err"
fi
mkdir -p "$tmp/empty"
MEMREMAP_SYSFS_ROOT=$tmp/empty/sys MEMREMAP_DEV=$tmp/empty/memremap run "$EXAMPLE" 0x80000000 0x10000000
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q "cannot create a pagemap: .*memremap does not exist"; then
	pass "the example explains a failed create"
else
	fail "the example explains a failed create" "exit status $rc" "$out" "$err"
fi
man=$(dirname "$MEMREMAPCTL")/../man/libmemremap.3.scd
if [ ! -f "$man" ]; then
	skip "libmemremap(3) shows the example's source" "man pages not built (--disable-man)"
elif sed -e 's/^\t//' -e 's/\\\\/\\/g' "$man" | grep -qF "$(sed -n '/^int main/,/^}/p' "$TOP_SRCDIR/lib/examples/memremap-example.c")"; then
	pass "libmemremap(3) shows the example's source"
else
	fail "libmemremap(3) shows the example's source"
fi
finish
