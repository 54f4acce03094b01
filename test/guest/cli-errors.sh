#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every bad input on a real kernel: rejected with the documented exit
# status, a message naming the problem, and the pagemaps unchanged.
. "$(dirname "$0")/cli-common.subr"

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }
need_range "everything"
memremapctl create --name scratch --start $A --size 256M > /dev/null ||
	fail "create scratch for the tests"
S=$((A + 256 * MiB))

# --- usage errors (2): checked before the kernel is asked
refused 2 "invalid --size '12Q'" "malformed size: exit 2" create --start $S --size 12Q
refused 2 "invalid --start '0x8000000g'" "malformed start: exit 2" create --start 0x8000000g --size 2M
refused 2 "invalid --size '-2M': negative" "negative size: exit 2" create --start $S --size -2M
refused 2 "invalid --size '99999999999999999999': too large" "size beyond 64 bits: exit 2" \
	create --start $S --size 99999999999999999999
refused 2 "invalid --align '8K'" "align 8K: exit 2" create --start $S --size 2M --align 8K
refused 2 "invalid --type 'ram'" "unknown type: exit 2" create --start $S --size 2M --type ram
refused 2 "invalid --name 'all'" "name all: exit 2" create --start $S --size 2M --name all
refused 2 "invalid --name 'pagemap9'" "name pagemapN: exit 2" create --start $S --size 2M --name pagemap9
refused 2 "invalid --numa-node 'one'" "malformed node: exit 2" create --start $S --size 2M --numa-node one
refused 2 "missing --start" "missing start: exit 2" create --size 2M
refused 2 "invalid pagemap 'a b'" "destroy of a malformed name: exit 2" destroy 'a b'

# --- refusals (1): the module's rules, with the reason in user terms
refused 1 "start 0x90100000 is not aligned to 2 MiB" "unaligned start" \
	create --start $((S + MiB)) --size 2M
refused 1 "size 3 MiB is not aligned to 2 MiB" "unaligned size" create --start $S --size 3M
refused 1 "size 0" "size 0" create --start $S --size 0
refused 1 "overlaps System RAM" "a range in System RAM" create --start 0x10000000 --size 2M
refused 1 "overlaps pagemap0 \"scratch\" (0x80000000-0x8fffffff)" "overlap with a pagemap names it" \
	create --start 0x88000000 --size 256M
refused 1 "overlaps pagemap0 \"scratch\"" "a range containing a pagemap" \
	create --start $A --size 512M
refused 1 "ends beyond the highest physical address" "a range beyond the physical address space" \
	create --start 0x4000000000000000 --size 2M
refused 1 "runs past the end of the address space" "a range that wraps" \
	create --start 0xffffffffffe00000 --size 4M
refused 1 "an altmap needs start and size aligned to the 128 MiB memory section" \
	"altmap on 64 MiB" create --start $S --size 64M --altmap
refused 1 "the altmap needs" "altmap without room for the struct pages" \
	create --start $S --size 128M --reserve 127M
refused 1 "reserve 1000 bytes is not a multiple of the 4 KiB page size" "reserve not page aligned" \
	create --start $S --size 128M --reserve 1000
refused 1 "compound pages are only for types generic and fsdax, not coherent" \
	"compound pages on coherent" create --start $S --size 256M --type coherent --align 2M
refused 1 "is not aligned to the 1 GiB compound page size" "1G compound pages on 256 MiB" \
	create --start $S --size 256M --align 1G
refused 1 "NUMA node 63 does not exist" "a NUMA node that does not exist" \
	create --start $S --size 2M --numa-node 63
refused 1 "--size 2M differs from pagemap0 \"scratch\" size 256M" "a taken name with other parameters" \
	create --name scratch --start $A --size 2M

# a range another driver claimed: find a busy resource outside System RAM
busy=$(sed -n 's/^\([0-9a-f]*\)-[0-9a-f]* : \(.*\)$/\1 \2/p' /proc/iomem |
	awk '$2 == "IOAPIC" || $2 == "HPET" { print $1; exit }')
if [ -n "$busy" ]; then
	start=$(printf '0x%x' $(( (0x$busy / 0x200000) * 0x200000 )))
	snapshot
	ctl create --start "$start" --size 2M
	if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q "is claimed by \""; then
		pass "a range a driver claimed: exit 1 naming the owner"
	else
		fail "a range a driver claimed: exit 1 naming the owner" "exit status $rc" "$err"
	fi
	unchanged "  ... and nothing changed"
	echo "# $err"
else
	skip "a range a driver claimed" "no IOAPIC or HPET resource in /proc/iomem"
fi

# --- not found (3)
refused 3 "pagemap9 does not exist" "destroy of a missing pagemap: exit 3" destroy pagemap9
refused 3 "no pagemap is named \"nosuch\"" "destroy of an unknown name: exit 3" destroy scratch nosuch

# --- not root (4)
if as_nobody true 2> /dev/null; then
	snapshot
	run as_nobody memremapctl create --start $S --size 2M
	expect 4 "creating a pagemap needs CAP_SYS_ADMIN" "create as nobody: exit 4"
	run as_nobody memremapctl destroy scratch
	expect 4 "destroying a pagemap needs CAP_SYS_ADMIN" "destroy as nobody: exit 4"
	unchanged "  ... and nothing changed"
	run as_nobody memremapctl list -j
	if [ "$rc" -eq 0 ] && printf '%s' "$out" | jq -e 'length == 1' > /dev/null; then
		pass "list works for nobody"
	else
		fail "list works for nobody" "exit status $rc" "$out" "$err"
	fi
else
	skip "not root" "setpriv cannot switch to uid 65534 here"
fi
finish
