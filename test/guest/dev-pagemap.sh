#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /dev/pagemapN: the node of each CPU-addressable type (none for private),
# its mode, mmap()'s refusals, a pattern written through one mapping read
# back through another and from a second process at the physical address
# /proc/self/pagemap names, 2 MiB and 1 GiB compound pages faulted at that
# size (the module's debugfs fault counters), page reference counts back at
# rest after the last close, users counted, destroy and rmmod refused while
# a node is open or mapped, and everything back to the start afterwards.
# Faults, counts and refusals come from memremap-map-test (test/abi).
# vm-options: --ivshmem 64M
# vm-long
. "$(dirname "$0")/cli-common.subr"

MAP=$guest_dir/../abi/memremap-map-test
DBG=/sys/kernel/debug/memremap_ctl
SYS=/sys/class/memremap

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }
mount -t debugfs none /sys/kernel/debug 2> /dev/null
ctl version -j
features=$(printf '%s' "$out" | jq -r '.module.features | join(" ")')
case " $features " in
*" chardev "*) pass "version -j names the chardev feature" ;;
*) fail "version -j names the chardev feature" "$out" ;;
esac

# free memory in KiB: MemFree and the pages on per-CPU free lists
memfree() {
	echo $(($(sed -n 's/^MemFree: *\([0-9]*\) kB$/\1/p' /proc/meminfo) +
		$(sed -n 's/^ *count: *\([0-9]*\)$/\1/p' /proc/zoneinfo | { t=0; while read -r n; do t=$((t + n)); done; echo $t; }) * 4))
}
memmap_pages() { sed -n 's/^nr_memmap_pages //p' /proc/vmstat; }
# faults ID: pte, pmd, pud, ref and idle from the pagemap's debugfs file
faults() {
	eval "$(sed -n 's/^\([a-z_]*\) \(-*[0-9]*\)$/\1=\2/p' "$DBG/pagemap$1/faults")"
	ref=$refcount idle=$refcount_idle
}
attr() { cat "$SYS/pagemap$1/$2"; }

# hold_a/hold_b ARGS: a process running "memremap-map-test hold ARGS" (the
# node open, maybe mapped) until release_a/release_b; "ready" once it is
hold_a() {
	rm -f "$tmp/a.in" "$tmp/a.out"; mkfifo "$tmp/a.in" "$tmp/a.out"
	"$MAP" hold "$@" < "$tmp/a.in" > "$tmp/a.out" 2> "$tmp/a.err" &
	pid_a=$!
	exec 5> "$tmp/a.in" 6< "$tmp/a.out"
	read -r ready_a <&6 || ready_a="failed: $(cat "$tmp/a.err")"
}
release_a() { exec 5>&- 6<&-; wait "$pid_a"; }
hold_b() {
	rm -f "$tmp/b.in" "$tmp/b.out"; mkfifo "$tmp/b.in" "$tmp/b.out"
	# not holding hold_a's pipe open: that one's end must come with release_a
	"$MAP" hold "$@" < "$tmp/b.in" > "$tmp/b.out" 2> "$tmp/b.err" 5>&- 6<&- &
	pid_b=$!
	exec 7> "$tmp/b.in" 8< "$tmp/b.out"
	read -r ready_b <&8 || ready_b="failed: $(cat "$tmp/b.err")"
}
release_b() { exec 7>&- 8<&-; wait "$pid_b"; }

# check COND WHAT [DETAIL...]: pass when the shell condition holds
check() {
	_cond=$1 _what=$2
	shift 2
	if eval "$_cond"; then pass "$_what"; else fail "$_what" "$_cond" "$@"; fi
}
# done_ok WHAT: the last run succeeded
done_ok() { check "[ \$rc -eq 0 ]" "$1" "exit status $rc" "$err"; }

# mapped ID LEN ALIGN WHAT: verify through /dev/pagemapID, from its first
# usable byte, with faults of ALIGN only (and the pages back at rest)
mapped() {
	id=$1 len=$2 align=$3 what=$4
	phys=$(($(attr "$id" start) + $(attr "$id" data_offset)))
	faults "$id"; pte0=$pte pmd0=$pmd pud0=$pud
	run "$MAP" verify "/dev/pagemap$id" "$len" "$phys" "$align"
	if [ "$rc" -eq 0 ]; then
		pass "$what: a pattern written through a mapping reads back through a second one and in another process$([ "$align" -le 2097152 ] && echo ", at start + data_offset in /proc/self/pagemap")"
	else
		fail "$what: the pattern reads back" "exit $rc" "$out" "$err"
	fi
	faults "$id"
	n=$((len / align * 3))
	case $align in
	4096) check "[ $((pte - pte0)) -ge $n ] && [ $pmd -eq $pmd0 ] && [ $pud -eq $pud0 ]" \
		"$what: faulted by PTEs only" "$(cat "$DBG/pagemap$id/faults")" ;;
	2097152) check "[ $((pmd - pmd0)) -ge $n ] && [ $pte -eq $pte0 ] && [ $pud -eq $pud0 ]" \
		"$what: faulted by 2 MiB PMDs only ($((pmd - pmd0)) of them)" "$(cat "$DBG/pagemap$id/faults")" ;;
	*) check "[ $((pud - pud0)) -ge $n ] && [ $pte -eq $pte0 ] && [ $pmd -eq $pmd0 ]" \
		"$what: faulted by 1 GiB PUDs only ($((pud - pud0)) of them)" "$(cat "$DBG/pagemap$id/faults")" ;;
	esac
	check "[ $ref -eq $idle ] && [ $(attr "$id" users) -eq 0 ]" \
		"$what: after the last close the first page's refcount is back at $idle, users 0" \
		"refcount $ref, idle $idle, users $(attr "$id" users)"
}

# warm up what the baseline must not count: the programs' page cache, the
# slab caches that a first pagemap, node, mapping and process grow (and
# keep; the debug kernel's KASAN and kmemleak more so)
"$MAP" > /dev/null 2>&1
memremapctl create --start $A --size 128M --altmap --reserve 2M > /dev/null &&
	"$MAP" verify /dev/pagemap0 4194304 \
		$(($(attr 0 start) + $(attr 0 data_offset))) 4096 > /dev/null
memremapctl destroy all > /dev/null
iomem0=$(cat /proc/iomem)
class0=$(ls "$SYS")
free0=$(memfree)
memmap0=$(memmap_pages)

# --- generic, 4 KiB pages, struct pages in an altmap
ctl create --start $A --size 128M --altmap --reserve 2M --name demo -j
jqok "$PAGEMAP_SHAPE and .chardev == \"pagemap0\" and .users == 0 and .data_offset > 0" \
	"create -j: \"chardev\": \"pagemap0\", \"users\": 0"
dev=/dev/pagemap0
check "[ -c $dev ] && [ \"\$(stat -c '%a %u %g' $dev)\" = '600 0 0' ]" \
	"$dev is a character device, mode 0600, root:root" "$(ls -l $dev)"
majmin="$((0x$(stat -c %t $dev))):$((0x$(stat -c %T $dev)))"
check "[ \"\$(attr 0 dev)\" = \"$majmin\" ] && [ \"\${majmin#*:}\" = 0 ]" \
	"/sys/class/memremap/pagemap0/dev is the node's major:minor, minor 0" "$(attr 0 dev) vs $majmin"
check "[ \"\$(attr 0 chardev)\" = 1 ] && [ \"\$(attr 0 users)\" = 0 ]" \
	"sysfs: chardev 1, users 0"
run "$MAP" open-as 65534 $dev
check "[ \"\$out\" = 'error EACCES' ]" "uid 65534 cannot open $dev (EACCES)" "$out" "$err"

data=$(($(attr 0 size) - $(attr 0 data_offset)))
run "$MAP" mmap $dev 0 4096 private
check "[ \"\$out\" = 'error EINVAL' ]" "MAP_PRIVATE: EINVAL" "$out" "$err"
run "$MAP" mmap $dev $data 4096
check "[ \"\$out\" = 'error EINVAL' ]" "an offset at the end of the data: EINVAL" "$out" "$err"
run "$MAP" mmap $dev 0 $((data + 4096))
check "[ \"\$out\" = 'error EINVAL' ]" "a length beyond the end of the data: EINVAL" "$out" "$err"
run "$MAP" mmap $dev $((data - 4096)) 4096
check "[ \"\${out%% *}\" = ok ]" "the last page of the data maps" "$out" "$err"
mapped 0 4194304 4096 "generic, 4 KiB"

# users: open files and mappings; destroy and rmmod refused meanwhile
hold_a $dev 0
hold_b $dev 4096 closefd
check "[ \"\$ready_a \$ready_b\" = 'ready ready' ] && [ \"\$(attr 0 users)\" = 2 ]" \
	"an open file and a mapping whose file was closed: users 2" \
	"$ready_a / $ready_b" "users $(attr 0 users)"
ctl list -j -p demo
jqok '.[0].users == 2' "list -j: \"users\": 2"
# who holds it, found as fuser does (comm is cut at 15 characters)
refused 1 "pagemap0 \"demo\" is mapped by pid $pid_b (memremap-map-te) and open in pid $pid_a (memremap-map-te)" \
	"destroy while open and mapped: exit 1 naming the processes" destroy demo
run rmmod memremap_ctl
check "[ \$rc -ne 0 ] && [ -d /sys/module/memremap_ctl ] && [ -c $dev ]" \
	"rmmod while the node is open fails at once, the module stays" "exit $rc" "$err"
release_a
check "[ \"\$(attr 0 users)\" = 1 ]" "the open file closed: users 1 (the mapping)"
refused 1 "pagemap0 \"demo\" is mapped by pid $pid_b (memremap-map-te)" \
	"destroy while mapped, its file closed: exit 1 naming the process" destroy demo
release_b
check "[ \"\$(attr 0 users)\" = 0 ]" "munmap: users 0"
ctl destroy demo
done_ok "destroy after the last munmap and close"
check "[ ! -e $dev ] && [ ! -e $SYS/pagemap0 ]" "the node and the class device are gone"
# struct pages in the altmap: the memory the pagemap, its node and its
# mappings took comes back whole (Linux 6.19 keeps part of a memmap in RAM,
# so this is measured on this pagemap alone)
free1=$(memfree)
if dmesg | grep -q 'KernelAddressSanitizer initialized'; then
	# freed objects wait in KASAN's quarantine; kmemleak (test/vm/run)
	# stands for this check on that kernel
	skip "free memory back ($((free0 - free1)) KiB less)" \
		"KASAN's quarantine holds freed memory; kmemleak checks for leaks"
else
	check "[ $free1 -ge $((free0 - 2048)) ]" \
		"free memory back (within 2 MiB: $((free0 - free1)) KiB less)" \
		"free $free0 KiB before, $free1 KiB after"
fi
if [ -n "$memmap0" ]; then
	check "[ \"\$(memmap_pages)\" = $memmap0 ]" "nr_memmap_pages back to $memmap0" "$(memmap_pages)"
fi

# --- the other CPU-addressable types
ctl create --start $A --size 64M --type fsdax
mapped 0 4194304 4096 "fsdax, 4 KiB"
# a mapping whose file is closed keeps an fsdax pagemap too (on 6.19 it is
# backed by the module's own file over the DAX inode, see chardev.c)
hold_b /dev/pagemap0 4096 closefd
check "[ \"\$ready_b\" = ready ] && [ \"\$(attr 0 users)\" = 1 ]" \
	"fsdax: a mapping whose file was closed: users 1" "$ready_b" "users $(attr 0 users)"
# where fsdax pages rest at refcount 0 the mapping's file is not the node:
# counted, its process not named
if [ "$(awk '/^refcount_idle/ { print $2 }' /sys/kernel/debug/memremap_ctl/pagemap0/faults)" = 0 ]; then
	want='pagemap0 has 1 open file(s) or mapping(s) of /dev/pagemap0'
else
	want="pagemap0 is mapped by pid $pid_b (memremap-map-te)"
fi
refused 1 "$want" "fsdax: destroy while mapped: exit 1, $want" destroy 0
release_b
check "[ \"\$(attr 0 users)\" = 0 ]" "fsdax: munmap: users 0"
ctl create --start $((A + 0x4000000)) --size 64M --type coherent
mapped 1 4194304 4096 "coherent, 4 KiB"
ctl create --start $((A + 0x8000000)) --size 64M --align 2M
id=2
run "$MAP" mmap /dev/pagemap$id 4096 2097152
check "[ \"\$out\" = 'error EINVAL' ]" "2 MiB pages: an offset of 4 KiB is EINVAL" "$out" "$err"
run "$MAP" mmap /dev/pagemap$id 0 4096
check "[ \"\$out\" = 'error EINVAL' ]" "2 MiB pages: a length of 4 KiB is EINVAL" "$out" "$err"
mapped $id 16777216 2097152 "generic, 2 MiB compound pages"
ctl create --start $((A + 0xc000000)) --size 64M --type fsdax --align 2M
mapped 3 16777216 2097152 "fsdax, 2 MiB compound pages"
case " $features " in
*" compound-1G "*)
	ctl create --start $B --size 1G --align 1G
	mapped 4 1073741824 1073741824 "generic, 1 GiB compound pages" ;;
*) skip "1 GiB compound pages mapped by PUDs" "this kernel cannot make them" ;;
esac
ctl destroy all
done_ok "destroy all after the mappings"

# --- p2pdma on the ivshmem BAR, where the kernel has PCI_P2PDMA
case " $features " in
*" pci "*)
	ctl create --pci 00:10.0 --bar 2 -j
	jqok '.type == "p2pdma" and .chardev == .dev' "p2pdma: a node"
	id=$(printf '%s' "$out" | jq -r .id)
	# where its pages rest at 0 (6.19) they come from the PCI core's pool
	mapped "$id" 4194304 4096 "p2pdma, 4 KiB"
	# and again: the pool has every page back
	mapped "$id" 4194304 4096 "p2pdma, 4 KiB, a second time"
	ctl destroy all
	done_ok "destroy the p2pdma pagemap" ;;
*) skip "p2pdma pagemaps mapped" "kernel without CONFIG_PCI_P2PDMA" ;;
esac

# --- private: no CPU-addressable pages, no node
case " $features " in *" migrate "*) has_private=true ;; *) has_private=false ;; esac
if $has_private; then
	ctl create --type private --size 64M -j
	id=$(printf '%s' "$out" | jq -r .id)
	jqok '.chardev == null and .users == 0' "private: \"chardev\": null"
	check "[ ! -e /dev/pagemap$id ] && [ \"\$(attr $id chardev)\" = 0 ] && [ ! -e $SYS/pagemap$id/dev ]" \
		"private: no /dev/pagemap$id, chardev 0"
	ctl destroy all
else
	skip "private pagemaps have no node" "kernel without CONFIG_DEVICE_PRIVATE"
fi

# --- everything as it was
check "[ \"\$(cat /proc/iomem)\" = \"\$iomem0\" ] && [ \"\$(ls $SYS)\" = \"\$class0\" ]" \
	"/proc/iomem and /sys/class/memremap as before"
run rmmod memremap_ctl
check "[ \$rc -eq 0 ] && [ ! -d $DBG ]" "rmmod once nothing is open; its debugfs directory goes" "$err"
finish
