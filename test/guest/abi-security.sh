#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What a caller must not get from the module (issue 14): a change of state
# behind an EFAULT (test/abi readonly_*), and, for a user without
# CAP_SYS_ADMIN, physical addresses (QUERY, the sysfs files, memremapctl
# list, which must say so rather than print zeroes). Prints TAP.
. "$(dirname "$0")/cli-common.subr"

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }
ABI_LABEL="abi: " abi_tests readonly unprivileged_query
need_range "the CLI as nobody"
memremapctl create --name scratch --start $A --size 256M > /dev/null ||
	fail "create scratch"
d=/sys/class/memremap/pagemap0
for f in start parent_start; do
	mode=$(stat -c %a "$d/$f")
	[ "$mode" = 400 ] && pass "sysfs $f is mode 0400" ||
		fail "sysfs $f is mode 0400" "mode $mode"
done
mode=$(stat -c %a "$d/size")
[ "$mode" = 444 ] && pass "sysfs size is still 0444" || fail "sysfs size is still 0444" "mode $mode"
if as_nobody cat "$d/start" > /dev/null 2>&1; then
	fail "nobody cannot read sysfs start"
else
	pass "nobody cannot read sysfs start"
fi

out=$(memremapctl list -j) rc=$?
jqok '.[0].start == 2147483648 and .[0].parent_start == 2147483648' "root: list -j has the addresses"
out=$(as_nobody memremapctl list -j 2> "$tmp/err") rc=$? err=$(cat "$tmp/err")
jqok ".[0].start == null and .[0].parent_start == null and .[0].size == 268435456
      and .[0].name == \"scratch\" and ($LIST_SHAPE)" "nobody: list -j has null addresses"
case $err in
*"shown to root alone"*) pass "nobody: list -j says the addresses are hidden" ;;
*) fail "nobody: list -j says the addresses are hidden" "rc $rc" "stderr: $err" ;;
esac
out=$(as_nobody memremapctl list -o dev,start,size,parent_start 2> "$tmp/err") rc=$?
err=$(cat "$tmp/err")
if [ $rc = 0 ] && printf '%s\n' "$out" | grep -q '^pagemap0 *hidden *268435456 *hidden$' &&
   ! printf '%s\n' "$out" | grep -q '0x0'; then
	pass "nobody: the table says hidden, not 0x0"
else
	fail "nobody: the table says hidden, not 0x0" "rc $rc" "$out" "stderr: $err"
fi
out=$(memremapctl list -o dev,start 2> "$tmp/err") rc=$? err=$(cat "$tmp/err")
if printf '%s\n' "$out" | grep -q '^pagemap0 *0x80000000$' && [ -z "$err" ]; then
	pass "root: the table has the address and no note"
else
	fail "root: the table has the address and no note" "$out" "stderr: $err"
fi
finish
