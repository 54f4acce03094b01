#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The memory type (x86 PAT) of pagemaps. A process maps part of a memmap=
# range uncached through /dev/mem with O_SYNC (abi/memremap-devmem-hold,
# which says "ready" and holds the mapping until its stdin closes): a
# create over it is refused naming the cache mode, the range and the pid,
# with /proc/iomem, the class directory and the kernel's memtype list as
# they were. Once the holder is gone the create succeeds, memtype is
# write-back in list -j and sysfs and in the kernel's list, and destroy
# leaves the list as at the start. A p2pdma pagemap on the ivshmem BAR is
# uncached-minus, and one over a write-combining mapping of the BAR is
# refused (where the kernel has PCI_P2PDMA).
# vm-options: --ivshmem 256M
. "$(dirname "$0")/cli-common.subr"

HOLD=./abi/memremap-devmem-hold
PATLIST=/sys/kernel/debug/x86/pat_memtype_list
DEV=0000:00:10.0
sysdev=/sys/bus/pci/devices/$DEV

# hold NAME START SIZE [FILE]: start a holder and wait for its "ready";
# $NAME_pid is its pid, $NAME_in and $NAME_out the shell's ends of its stdin
# and stdout (kept open until release NAME).
fdn=3
hold() {
	mkfifo "$tmp/$1.in" "$tmp/$1.out"
	$HOLD "$2" "$3" ${4:+"$4"} < "$tmp/$1.in" > "$tmp/$1.out" 2> "$tmp/$1.err" &
	eval "$1_pid=$! $1_in=$fdn $1_out=$((fdn + 1))"
	eval "exec $fdn> \"$tmp/$1.in\" $((fdn + 1))< \"$tmp/$1.out\""
	fdn=$((fdn + 2))
	line=
	eval "read -r line <&$((fdn - 1))" || line=
	[ "$line" = ready ]
}
# touched NAME: the holder touches its mapping again and says so
touched() {
	eval "echo touch >&\$$1_in"
	line=
	eval "read -r line <&\$$1_out" || line=
	[ "$line" = touched ]
}
# drop NAME: close the shell's ends (the holder sees end of file); the
# last holder's descriptors are taken again by the next (fds stay below 10)
drop() {
	i=$(eval echo \$$1_in) o=$(eval echo \$$1_out)
	eval "exec $i>&- $o<&-"
	[ "$i" -eq $((fdn - 2)) ] && fdn=$((fdn - 2))
	return 0
}
# release NAME: let the holder end and wait for it
release() {
	drop "$1"
	wait "$(eval echo \$$1_pid)"
}

# state: what must not change when a create is refused
state() {
	{ cat /proc/iomem; ls /sys/class/memremap 2> /dev/null; cat "$PATLIST"; } > "$tmp/$1"
}
same_state() {
	state now
	if cmp -s "$tmp/$1" "$tmp/now"; then
		pass "$2"
	else
		fail "$2" "$(diff "$tmp/$1" "$tmp/now")"
	fi
}
# patline REGEX WHAT: the kernel's memtype list has a line matching REGEX
patline() {
	if grep -q "$1" "$PATLIST"; then
		pass "$2"
	else
		fail "$2" "no line like $1 in:" "$(cat "$PATLIST")"
	fi
}

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }
ctl version -j
if ! printf '%s' "$out" | jq -e '.module.features | index("memtype")' > /dev/null; then
	# no PAT: nothing to conflict, nothing to show
	ctl create --start $A --size 64M -j
	jqok '.memtype == null' "without PAT a pagemap's memtype is null"
	memremapctl destroy all > /dev/null
	skip "memory type conflicts" "kernel without PAT (no memtype feature)"
	finish
	exit
fi
pass "the module has the memtype feature (PAT enabled)"
state start

# The refusals and the pagemap's type, with processes mapping the range
devmem_checks() {
	# --- one process maps 2 MiB of the range uncached
	if hold h1 0x90000000 2M; then
		pass "a process maps [0x90000000, +2M) through /dev/mem O_SYNC (pid $h1_pid)"
	else
		fail "a process maps [0x90000000, +2M) through /dev/mem O_SYNC" "$(cat "$tmp/h1.err")"
	fi
	patline '^PAT: \[mem 0x0000000090000000-0x0000000090200000\] uncached-minus$' \
		"the kernel's memtype list shows it uncached-minus"
	state held
	ctl create --start $A --size 512M --name pat
	expect 1 "range 0x90000000-0x901fffff is mapped uncached-minus by pid $h1_pid (memremap-devmem), and a generic pagemap needs write-back" \
		"a create over it: exit 1 naming the cache mode, the range and the pid"
	[ "$rc" -eq 0 ] && memremapctl destroy all > /dev/null	# wrongly made: go on from a clean state
	same_state held "... /proc/iomem, the class directory and the memtype list unchanged"
	if touched h1; then
		pass "... and the holder still reaches its memory (the refusal revoked nothing)"
	else
		fail "... and the holder still reaches its memory" "$(cat "$tmp/h1.err")"
	fi
	ctl create --start $A --size 256M -j
	jqok '.memtype == "write-back" and .start == 2147483648' \
		"a pagemap beside the mapping ([0x80000000, +256M)) is made, write-back"
	memremapctl destroy all > /dev/null
	ctl create --start 0x8fe00000 --size 4M --type fsdax --align 2M
	expect 1 "range 0x90000000-0x901fffff is mapped uncached-minus by pid $h1_pid" \
		"an fsdax pagemap that reaches 2 MiB into it is refused the same way"
	[ "$rc" -eq 0 ] && memremapctl destroy all > /dev/null

	# --- a second holder further on: the span from the first to the last, both named
	if hold h2 0x9a000000 2M; then
		ctl create --start $A --size 512M
		expect 1 "range 0x90000000-0x9a1fffff is mapped uncached-minus by " \
			"two mappings: the span from the first to the last"
		[ "$rc" -eq 0 ] && memremapctl destroy all > /dev/null
		case "$err" in
		*"pid $h1_pid (memremap-devmem)"*"pid $h2_pid (memremap-devmem)"* | \
		*"pid $h2_pid (memremap-devmem)"*"pid $h1_pid (memremap-devmem)"*)
			pass "... naming both pids" ;;
		*) fail "... naming both pids" "$err" ;;
		esac
		release h2
	else
		fail "a second process maps [0x9a000000, +2M)" "$(cat "$tmp/h2.err")"
	fi
	same_state held "... and the second holder's end leaves the state as with one"

	# --- the holder ends: the range is write-back for the pagemap
	release h1 && pass "the holder ends" || fail "the holder ends" "$(cat "$tmp/h1.err")"
	same_state start "its reservation is gone from the memtype list"
	ctl create --start $A --size 512M --name pat -j
	jqok "$PAGEMAP_SHAPE and .memtype == \"write-back\"" \
		"then the create succeeds, memtype write-back in its JSON"
	dev=$(printf '%s' "$out" | jq -r .dev)
	ctl list -j -n pat
	jqok '.[0].memtype == "write-back"' "list -j: memtype write-back"
	if [ "$(cat /sys/class/memremap/$dev/memtype)" = write-back ]; then
		pass "sysfs $dev/memtype: write-back"
	else
		fail "sysfs $dev/memtype: write-back" "$(cat /sys/class/memremap/$dev/memtype)"
	fi
	patline '^PAT: \[mem 0x0000000080000000-0x00000000a0000000\] write-back$' \
		"the memtype list shows the pagemap's range write-back"
	ctl list -v
	if printf '%s\n' "$out" | grep -q "^$dev .* write-back "; then
		pass "list -v has the MEMTYPE column"
	else
		fail "list -v has the MEMTYPE column" "$out"
	fi

	# --- /dev/mem over the live pagemap: the kernel refuses the mapping
	state live
	if hold h3 0x88000000 2M; then
		fail "mmap of /dev/mem O_SYNC over the pagemap is refused" "it was mapped"
		release h3
	else
		wait "$h3_pid" 2> /dev/null
		if grep -q "Operation not permitted" "$tmp/h3.err"; then
			pass "mmap of /dev/mem O_SYNC over the pagemap is refused (EPERM: the claim is exclusive)"
		else
			fail "mmap of /dev/mem O_SYNC over the pagemap is refused with EPERM" \
				"$(cat "$tmp/h3.err")"
		fi
		drop h3
	fi
	same_state live "... memtype list unchanged by it"
	if [ "$(cat /sys/class/memremap/$dev/memtype)" = write-back ]; then
		pass "... and memtype still write-back"
	else
		fail "... and memtype still write-back" "$(cat /sys/class/memremap/$dev/memtype)"
	fi
	ctl destroy pat
	same_state start "destroy leaves iomem, the class directory and the memtype list as at the start"
}

if [ -c /dev/mem ]; then
	devmem_checks
else
	skip "creates over a /dev/mem mapping" "kernel without /dev/mem (CONFIG_DEVMEM)"
	ctl create --start $A --size 512M -j
	jqok '.memtype == "write-back"' "a pagemap's memtype is write-back"
	memremapctl destroy all > /dev/null
fi

# --- p2pdma: BAR memory is mapped uncached
if ! printf '%s' "$(memremapctl version -j)" | jq -e '.module.features | index("pci")' > /dev/null; then
	skip "memtype of a p2pdma pagemap" "kernel without CONFIG_PCI_P2PDMA"
	finish
	exit
fi
need_pci_bar
bar_hex=$(printf '%016x' $((bar_start)))
ctl create --pci $DEV --bar 2 --name p2p -j
jqok '.memtype == "uncached-minus"' "a p2pdma pagemap's memtype is uncached-minus"
patline "^PAT: \[mem 0x$bar_hex-.*\] uncached-minus\$" \
	"the memtype list shows the BAR uncached-minus"
ctl destroy p2p
same_state start "destroying it leaves the memtype list as at the start"
if [ -e "$sysdev/resource2_wc" ] && hold wc 0 2M "$sysdev/resource2_wc"; then
	state wcheld
	ctl create --pci $DEV --bar 2
	expect 1 "range 0x$(printf '%x' $((bar_start)))-0x$(printf '%x' $((bar_start + 2 * MiB - 1))) is mapped write-combining by pid $wc_pid (memremap-devmem), and a p2pdma pagemap needs uncached-minus" \
		"a p2pdma create over a write-combining mapping of the BAR (resource2_wc) is refused naming it and the pid"
	same_state wcheld "... nothing changed"
	# two types in the BAR: the uncached-minus one is what p2pdma wants
	if [ ! -c /dev/mem ]; then
		skip "write-combining beside uncached-minus in the BAR" \
			"kernel without /dev/mem (CONFIG_DEVMEM)"
	elif hold uc $((bar_start + 128 * MiB)) 2M; then
		ctl create --pci $DEV --bar 2
		expect 1 "range 0x$(printf '%x' $((bar_start)))-0x$(printf '%x' $((bar_start + 2 * MiB - 1))) is mapped write-combining" \
			"write-combining and uncached-minus mappings in the BAR: the write-combining one is named"
		release uc
	else
		fail "a process maps the BAR's [+128M, +2M) through /dev/mem" "$(cat "$tmp/uc.err")"
	fi
	release wc
else
	skip "p2pdma over a write-combining mapping" "cannot map $sysdev/resource2_wc: $(cat "$tmp/wc.err" 2> /dev/null)"
fi
finish
