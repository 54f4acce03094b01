#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Real I/O through /dev/pagemapN, and the pin table: a generic, an fsdax,
# a generic with 2M compound pages, a generic with an altmap, a coherent
# and (where the kernel has PCI_P2PDMA) a p2pdma pagemap, each mapped
# MAP_SHARED through its device node by test/pinio/memremap-pinio, which
# writes a pattern, does O_DIRECT both ways on a loop device,
# process_vm_readv/writev from another process, vmsplice and an io_uring
# fixed buffer (a FOLL_LONGTERM pin), each in a child under a watchdog.
# Anonymous memory and a device-dax /dev/daxX.Y (the kernel's own
# ZONE_DEVICE mapping) are the reference rows. The table is printed and
# compared with the one kept for this kernel in test/guest/pin-table/
# (KERNEL.txt, KERNEL the test/vm/run --kernel name), so that any change
# of the kernel's or the module's behaviour fails with a diff; update
# that file (test/guest/pin-table/update) only for a change understood.
# Afterwards every pagemap is destroyed, and /proc/iomem and free memory
# are as before.
# vm-options: --nvdimm 512M --ivshmem 64M
# vm-long
. "$(dirname "$0")/cli-common.subr"

PINIO=./pinio/memremap-pinio
tier=${MEMREMAP_VM_KERNEL:-unknown}
LEN=4M

for m in memremap_ctl loop; do
	modprobe $m 2> /dev/null
done
[ -e /dev/memremap ] || { fail "modprobe memremap_ctl"; finish; exit 1; }

# --- the scratch block device: a loop device over a file in tmpfs
dd if=/dev/zero of="$tmp/backing" bs=1M count=8 2> /dev/null
LOOPDEV=$(losetup -f 2> /dev/null)
if [ -n "$LOOPDEV" ] && losetup "$LOOPDEV" "$tmp/backing"; then
	pass "loop device $LOOPDEV over a file in tmpfs"
else
	fail "a loop device over a file in tmpfs" "losetup -f: '$LOOPDEV'" "$(ls /dev/loop* 2>&1)"
	finish
	exit 1
fi
trap 'memremapctl destroy all > /dev/null 2>&1; losetup -d "$LOOPDEV" 2> /dev/null; rm -rf "$tmp"' EXIT

# row LABEL FILE [ARGS...]: one row of the table from memremap-pinio into
# $tmp/table, its details (one "# " line per operation) printed
row() {
	label=$1 file=$2
	shift 2
	"$PINIO" -v -t 60 -l $LEN -b "$LOOPDEV" -L "$label" "$@" "$file" \
		>> "$tmp/table" 2> "$tmp/detail"
	pinio_rc=$?
	cat "$tmp/detail"
	[ "$pinio_rc" -le 1 ] || fail "memremap-pinio ran on $label ($file)" "exit status $pinio_rc"
}

# --- the reference rows: anonymous memory (with the table's header), then
# device-dax
: > "$tmp/table"
row anon anon -H
if tail -n 1 "$tmp/table" | awk '{ for (i = 2; i <= NF; i++) if ($i != "ok") exit 1 }'; then
	pass "anonymous memory: every operation ok (the reference row)"
else
	fail "anonymous memory: every operation ok (the reference row)" "$(tail -n 1 "$tmp/table")"
fi

for m in nfit nd_pmem dax_pmem device_dax; do
	modprobe $m 2> /dev/null
done
R=$(ndctl list -R 2> /dev/null | jq -r '.[0].dev // empty')
N=$(ndctl list -D 2> /dev/null | jq -r '.[0].dev // empty')
if [ -n "$R" ] && [ -n "$N" ] && ndctl disable-region "$R" > /dev/null &&
	ndctl init-labels "$N" > /dev/null && ndctl enable-region "$R" > /dev/null &&
	ndctl create-namespace -r "$R" -m devdax -s 128M > "$tmp/ns" 2>&1; then
	DAXDEV=$(jq -r '.daxregion.devices[0].chardev' "$tmp/ns")
	pass "a device-dax $DAXDEV on the emulated NVDIMM"
	row devdax "/dev/$DAXDEV"
else
	fail "a device-dax device on the emulated NVDIMM" "$(cat "$tmp/ns" 2>&1)" "$(ndctl list -RD 2>&1)"
fi

# --- the state before any pagemap, after a round of every operation (so
# that the kernel's caches have grown as the rounds below would make them)
free_kb() {
	awk '/^MemFree:/ { kb += $2 } $1 == "count:" { kb += $2 * 4 } END { print kb }' \
		/proc/meminfo /proc/zoneinfo
}
cp /proc/iomem "$tmp/iomem.before"
ls /sys/class/memremap > "$tmp/class.before"

ctl version -j
has_pci=$(printf '%s' "$out" | jq -r '.module.features | index("pci") != null')

# make_pagemaps: the pagemaps of the table, one per row, in $tmp/pagemaps
# ("LABEL DEV" lines)
make_pagemaps() {
	: > "$tmp/pagemaps"
	mk generic create --start "$A" --size 64M --name io-generic
	mk fsdax create --start $((A + 64 * MiB)) --size 64M --type fsdax --name io-fsdax
	mk generic-2M create --start $((A + 128 * MiB)) --size 64M --align 2M --name io-2M
	mk coherent create --start $((A + 192 * MiB)) --size 64M --type coherent --name io-coherent
	mk generic-altmap create --start "$B" --size 128M --altmap --name io-altmap
	if [ "$has_pci" = true ]; then
		mk p2pdma create --pci 0000:00:10.0 --bar 2 --name io-p2pdma
	fi
}
# mk LABEL ARGS...: memremapctl ARGS -j, the pagemap recorded as LABEL
mk() {
	label=$1
	shift
	ctl "$@" -j
	if [ "$rc" -ne 0 ]; then
		fail "memremapctl $* (for the $label row)" "exit status $rc" "$err"
		return
	fi
	echo "$label $(printf '%s' "$out" | jq -r .dev)" >> "$tmp/pagemaps"
}

# --- round one: create and destroy, nothing mapped. What free memory
# loses here is the kernel's own (Linux 6.19 keeps part of each memmap
# in RAM: see test/abi's unload_with_live_pagemaps); round two, with the
# I/O, may lose no more than that.
free0=$(free_kb)
make_pagemaps
ctl destroy all
free1=$(free_kb)

# --- round two: every operation on each pagemap
make_pagemaps
pass "created the pagemaps: $(awk '{ printf "%s%s (%s)", sep, $2, $1; sep = ", " }' "$tmp/pagemaps")"
while read -r label dev; do
	ctl list -j -p "$dev"
	node=$(printf '%s' "$out" | jq -r '.[0].chardev // empty')
	[ -n "$node" ] || node=$dev	# a module without the "chardev" key yet
	if [ ! -c "/dev/$node" ]; then
		fail "$dev ($label) has a device node /dev/$node" "$(ls -d /dev/pagemap* 2>&1)"
		continue
	fi
	row "$label" "/dev/$node"
	if [ "$label" = generic ]; then
		run ./pinio/map-example "/dev/$node"
		if [ "$rc" -eq 0 ] && [ "$out" = "/dev/$node: hello from ZONE_DEVICE pages" ]; then
			pass "the README's example maps /dev/$node"
		else
			fail "the README's example maps /dev/$node" "exit status $rc" "$out" "$err"
		fi
	fi
	ctl list -j -p "$dev"
	if printf '%s' "$out" | jq -e '.[0] | has("users") | not' > /dev/null; then
		skip "$dev ($label): users 0 once memremap-pinio is gone" "list -j has no users key"
	else
		jqok '.[0].users == 0' "$dev ($label): users 0 once memremap-pinio is gone"
	fi
done < "$tmp/pagemaps"

# --- the table, and the one kept for this kernel
echo "# the pin table on $tier ($(uname -r)):"
sed 's/^/#   /' "$tmp/table"
expected=guest/pin-table/$tier.txt
if [ -f "$expected" ]; then
	grep -v '^#' "$expected" > "$tmp/expected"
	if diff -u -b "$tmp/expected" "$tmp/table" > "$tmp/diff"; then
		pass "the pin table is test/$expected"
	else
		fail "the pin table is test/$expected (test/guest/pin-table/update keeps a new one)" \
			"$(cat "$tmp/diff")"
	fi
else
	fail "the pin table is test/$expected" "no such file: the table above is this kernel's"
fi

# --- pages held after munmap and close: an io_uring fixed buffer keeps
# its long-term pins, a pipe keeps the pages vmsplice put in it. No mapping
# or open file of the pagemap is left, but its pages are in use: destroy
# must refuse (exit 1) and not wait for them, and work once they are let go.
# cell LABEL OP: the table's outcome of OP on the row LABEL
cell() {
	awk -v l="$1" -v op="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == op) c = i }
		$1 == l { print $c }' "$tmp/table"
}
# hold LABEL DEV NODE OP
hold() {
	h_label=$1 h_dev=$2 h_node=$3 h_op=$4
	what="$h_dev ($h_label) with pages held by $h_op after munmap and close"
	rm -f "$tmp/hold.in" "$tmp/hold.out" "$tmp/destroy.out"
	mkfifo "$tmp/hold.in" "$tmp/hold.out" "$tmp/destroy.out"
	"$PINIO" --hold "$h_op" -l $LEN "/dev/$h_node" < "$tmp/hold.in" > "$tmp/hold.out" \
		2> "$tmp/hold.err" &
	hold_pid=$!
	exec 7> "$tmp/hold.in"	# its stdin, open until the hold should end
	read -r word < "$tmp/hold.out"
	if [ "$word" != holding ]; then
		exec 7>&-
		wait $hold_pid
		fail "$what: memremap-pinio holds them" "$(cat "$tmp/hold.err")"
		return
	fi
	# destroy in the background, its exit status through a FIFO: read with
	# a bound, so that a destroy that waits for the pages is seen, and
	# then let go by ending the hold
	(memremapctl destroy "$h_dev" > "$tmp/destroy.txt" 2>&1; echo $? > "$tmp/destroy.out") &
	destroy_pid=$!
	d_rc=$(timeout 60 cat "$tmp/destroy.out")
	exec 7>&-
	[ -n "$d_rc" ] || d_rc="none: no end within 60 s, $(cat "$tmp/destroy.out") once the pages were let go"
	wait $destroy_pid
	wait $hold_pid
	h_rc=$?
	if [ "$d_rc" = 1 ] && [ -e "/sys/class/memremap/$h_dev" ]; then
		pass "$what: destroy refused, exit 1: $(tr "\n" " " < "$tmp/destroy.txt")"
	else
		fail "$what: destroy refused, exit 1" "exit status $d_rc: $(tr "\n" " " < "$tmp/destroy.txt")" \
			"memremap-pinio after the hold: exit status $h_rc $(cat "$tmp/hold.err")"
	fi
}
while read -r label dev; do
	[ -e "/sys/class/memremap/$dev" ] || continue
	node=$(memremapctl list -j -p "$dev" | jq -r '.[0].chardev // empty')
	[ -n "$node" ] || node=$dev
	[ -c "/dev/$node" ] || continue
	for op in vmsplice uring-fixed; do
		# where the operation itself failed, there is nothing to hold
		c=$(cell "$label" "$op")
		[ "$c" != - ] || c="not run (mmap $(cell "$label" mmap))"
		if [ "$c" != ok ]; then
			skip "$dev ($label) with pages held by $op after munmap and close" \
				"$op is $c here"
			continue
		fi
		hold "$label" "$dev" "$node" $op
	done
done < "$tmp/pagemaps"

# --- destroy, and everything as before
ctl destroy all
if [ "$rc" -eq 0 ] && [ -z "$(ls /sys/class/memremap)" ]; then
	pass "destroy all once every mapping is gone: $out"
else
	fail "destroy all once every mapping is gone" "exit status $rc" "$out" "$err"
fi
if cmp -s /proc/iomem "$tmp/iomem.before"; then
	pass "/proc/iomem as before"
else
	fail "/proc/iomem as before" "$(diff "$tmp/iomem.before" /proc/iomem)"
fi
free2=$(free_kb)
lost1=$((free0 - free1)) lost2=$((free1 - free2))
echo "# free memory lost to a round of create and destroy: $lost1 KiB without I/O, $lost2 KiB with it"
# 1 MiB: slab and page-table pages the I/O itself may leave cached
if [ "$lost2" -le $((lost1 + 1024)) ]; then
	pass "free memory back to what a round without I/O leaves"
else
	fail "free memory back to what a round without I/O leaves" \
		"lost $lost2 KiB, a round without I/O $lost1 KiB"
fi
finish
