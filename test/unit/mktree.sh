#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mktree.sh DIR COUNT: a canned sysfs with COUNT pagemaps below DIR/sys, laid
# out as the kernel does (class links to devices/virtual/memremap/pagemapN).
# The values vary with the id so every column and JSON value is exercised:
#   id % 3: type generic, fsdax (2 MiB compound pages), coherent
#   even ids: altmap (id % 4 == 0 with a 2 MiB reserve); odd ids: memmap in RAM
#   id % 4 == 3: no NUMA node; id % 5 == 4: no parent resource
#   id 0 is "scratch", other even ids "pmN", odd ids unnamed
#   id % 7 == 6: type p2pdma on BAR 2 of a PCI device, no altmap
#   id % 7 == 5: taken from namespace0.N; id % 11 == 10: from dax region0
#   id % 3 == 1: /dev/pagemapN open once (users 1); every pagemap has one
#   memtype write-back, uncached-minus for p2pdma; id % 13 == 12: none
#   coherent: migration counters (in use id, in 2 * id, out id, failures
#   id % 2); other types: counters 0
set -eu
dir=$1 count=$2
devices=$dir/sys/devices/virtual/memremap
class=$dir/sys/class/memremap
mkdir -p "$devices" "$class"
i=0
while [ "$i" -lt "$count" ]; do
	d=$devices/pagemap$i
	mkdir "$d"
	case $((i % 3)) in
	0) type=generic align=4096 ;;
	1) type=fsdax align=2097152 ;;
	*) type=coherent align=4096 ;;
	esac
	if [ "$i" -eq 0 ]; then name=scratch
	elif [ $((i % 2)) -eq 0 ]; then name=pm$i
	else name=
	fi
	node=0
	[ $((i % 4)) -eq 3 ] && node=-1
	if [ $((i % 2)) -eq 0 ]; then
		altmap=1 free=6291456 alloc=4194304 loc=altmap reserve=0
		[ $((i % 4)) -eq 0 ] && reserve=2097152
		offset=$((reserve + free))
	else
		altmap=0 free=0 alloc=0 loc=ram reserve=0 offset=0
	fi
	if [ $((i % 5)) -eq 4 ]; then
		parent= pstart=0 psize=0
	else
		parent='Persistent Memory (legacy)' pstart=0x100000000 psize=1099511627776
	fi
	pci= bar=-1 pcioff=0
	if [ $((i % 7)) -eq 6 ]; then
		type=p2pdma align=4096 node=0
		altmap=0 free=0 alloc=0 loc=ram reserve=0 offset=0
		pci=$(printf '0000:%02x:10.0' $((i % 256))) bar=2 pcioff=$((i % 2 * 67108864))
		parent=$pci pstart=0x100000000 psize=1099511627776
	fi
	echo "$i" > "$d/id"
	echo "$name" > "$d/name"
	echo "$type" > "$d/type"
	printf '0x%x\n' $((0x100000000 + i * 0x10000000)) > "$d/start"
	echo 268435456 > "$d/size"
	echo "$node" > "$d/numa_node"
	echo "$align" > "$d/align"
	echo "$altmap" > "$d/altmap"
	echo "$reserve" > "$d/altmap_reserve"
	echo "$free" > "$d/altmap_free"
	echo "$alloc" > "$d/altmap_alloc"
	echo 4194304 > "$d/memmap_bytes"
	echo "$loc" > "$d/memmap_location"
	echo "$offset" > "$d/data_offset"
	echo "$parent" > "$d/parent"
	echo "$pstart" > "$d/parent_start"
	echo "$psize" > "$d/parent_size"
	ns= dax=
	[ $((i % 7)) -eq 5 ] && ns=namespace0.$((i / 7))
	[ $((i % 11)) -eq 10 ] && dax=region0
	echo "$ns" > "$d/namespace"
	echo "$dax" > "$d/dax_region"
	echo "$pci" > "$d/pci_device"
	echo "$bar" > "$d/pci_bar"
	echo "$pcioff" > "$d/pci_offset"
	chardev=1 users=$((i % 3 == 1))
	echo "$chardev" > "$d/chardev"
	echo "$users" > "$d/users"
	memtype=write-back
	[ "$type" = p2pdma ] && memtype=uncached-minus
	[ $((i % 13)) -eq 12 ] && memtype=none
	echo "$memtype" > "$d/memtype"
	if [ "$type" = coherent ]; then
		echo 1 > "$d/migration"
		echo "$i" > "$d/migration_pages_in_use"
		echo $((2 * i)) > "$d/migration_in"
		echo "$i" > "$d/migration_out"
		echo $((i % 2)) > "$d/migration_failures"
	else
		for f in migration migration_pages_in_use migration_in migration_out \
			 migration_failures; do
			echo 0 > "$d/$f"
		done
	fi
	echo "MAJOR=0" > "$d/uevent"
	ln -s "../../devices/virtual/memremap/pagemap$i" "$class/pagemap$i"
	i=$((i + 1))
done
