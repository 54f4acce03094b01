#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# memremapctl destroy and create on canned trees, where there is no control
# node: what must be decided from sysfs alone (unknown pagemaps, idempotent
# create by name) is, and what needs the kernel fails with exit 5.
. "$TOP_SRCDIR/test/unit/lib.sh"
five=$(tree 5)
mkdir -p "$tmp/empty/sys/class/memremap"

ctl --sysroot "$five" destroy pagemap0 pagemap9
expect 3 "cannot destroy pagemap9: pagemap9 does not exist" "destroy of a missing pagemap: exit 3"
if [ -z "$out" ] && ! printf '%s' "$err" | grep -q "not loaded"; then
	pass "  ... and nothing was attempted, not even the existing one"
else
	fail "  ... and nothing was attempted, not even the existing one" "$out" "$err"
fi
ctl --sysroot "$five" destroy nosuchname
expect 3 "no pagemap is named \"nosuchname\"" "destroy of an unknown name: exit 3"

ctl --sysroot "$tmp/empty" destroy all
if [ "$rc" -eq 0 ] && [ "$out" = "destroyed 0 pagemaps" ]; then
	pass "destroy all without pagemaps: destroyed 0 pagemaps, exit 0"
else
	fail "destroy all without pagemaps: destroyed 0 pagemaps, exit 0" "exit status $rc" "$out" "$err"
fi
ctl --sysroot "$tmp/empty" destroy all -j
valid destroy "destroy all -j without pagemaps matches the schema"

ctl --sysroot "$five" destroy scratch
expect 5 "cannot destroy pagemap0 \"scratch\": " "destroy without the module: exit 5"
expect 5 "module memremap_ctl is not loaded" "  ... saying the module is not loaded"
if [ "$out" = "destroyed 0 pagemaps, 1 failed" ]; then
	pass "  ... and the summary counts no destroyed pagemap"
else
	fail "  ... and the summary counts no destroyed pagemap" "$out"
fi
ctl --sysroot "$five" destroy -j all
valid destroy "destroy all -j with failures matches the schema"
n=$(printf '%s\n' "$out" | grep -c '"error": ')
if [ "$rc" -eq 5 ] && [ "$n" -eq 5 ]; then
	pass "destroy all -j reports each of 5 pagemaps as failed"
else
	fail "destroy all -j reports each of 5 pagemaps as failed" "exit status $rc, $n errors" "$out"
fi

# create by name: an existing pagemap with the same parameters is success
ctl --sysroot "$five" create --name scratch --start 0x100000000 --size 256M --reserve 2M -j
if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q '"dev": "pagemap0"'; then
	pass "create of an existing name with the same parameters prints it, exit 0"
else
	fail "create of an existing name with the same parameters prints it, exit 0" "exit status $rc" "$out" "$err"
fi
valid pagemap "create -j output matches the schema"
ctl --sysroot "$five" create --name pm4 --start 0x140000000 --size 256M --type fsdax --reserve 2M --align 2M
if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q "^pagemap4 "; then
	pass "create of an existing name prints the table row"
else
	fail "create of an existing name prints the table row" "exit status $rc" "$out" "$err"
fi
ctl --sysroot "$five" create --name scratch --start 0x100000000 --size 512M --altmap
expect 1 "cannot create pagemap \"scratch\": --size 512M differs from pagemap0 \"scratch\" size 256M" \
	"create of an existing name with another size: exit 1 naming the size"
expect 1 "--reserve 0 (the default) differs from pagemap0 \"scratch\" reserve 2M" "  ... and the reserve"
ctl --sysroot "$five" create --name pm2 --start 0x120000000 --size 256M -t fsdax --numa-node 1
expect 1 "--type fsdax differs from pagemap2 \"pm2\" type coherent" "a differing type is named"
expect 1 "no --altmap differs from pagemap2 \"pm2\", which has an altmap" "a differing altmap is named"
expect 1 "--numa-node 1 differs from pagemap2 \"pm2\" numa node 0" "a differing node is named"
ctl --sysroot "$five" create --name newname --start 0x200000000 --size 2M
expect 5 "cannot create pagemap \"newname\": " "create of a new pagemap without the module: exit 5"
finish
