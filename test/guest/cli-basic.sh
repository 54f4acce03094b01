#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# memremapctl on a real kernel: create, list and destroy for each type the
# kernel supports, altmap and reserve, compound pages, names and idempotent
# create, filters, JSON with 0, 1 and many pagemaps, the library's example.
. "$(dirname "$0")/cli-common.subr"

modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }
ctl version -j
jqok '.module.abi_version == 1 and (.module.types | index("generic")) != null' \
	"version -j reports module ABI 1 and type generic"
types=$(printf '%s' "$out" | jq -r '.module.types[]' | tr '\n' ' ')
feats=$(printf '%s' "$out" | jq -r '.module.features[]' | tr '\n' ' ')
echo "# kernel types: $types; features: $feats"
ctl version
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qx "module ABI: 1"; then
	pass "version prints the module ABI"
else
	fail "version prints the module ABI" "$out" "$err"
fi

if ! has_range $A; then
	skip "everything else" "no Persistent Memory (legacy) range at $A (memmap=512M!2G)"
	finish
	exit
fi

ctl list -j
if [ "$rc" -eq 0 ] && [ "$out" = "[]" ]; then pass "list -j with no pagemaps is []"; else fail "list -j with no pagemaps is []" "$out"; fi
ctl list
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then pass "list with no pagemaps prints nothing"; else fail "list with no pagemaps prints nothing" "$out"; fi

# --- each type: create, list, destroy
for t in generic fsdax coherent private p2pdma; do
	case " $types " in
	*" p2pdma "*)
		if [ "$t" = p2pdma ]; then
			# the kernel has P2PDMA: a bare range is still refused
			# (p2pdma on a PCI BAR: cli-devtypes.sh)
			refused 1 "name the device and BAR (memremapctl create --pci BDF --bar N" \
				"type p2pdma from a bare range: exit 1 naming --pci and --bar" \
				create --type $t --start $A --size 256M
			continue
		fi ;;
	esac
	case " $types " in
	*" $t "*)
		if [ "$t" = private ]; then
			ctl create --type private --size 256M -j
		else
			ctl create --type $t --start $A --size 256M -j
		fi
		jqok "$PAGEMAP_SHAPE and .type == \"$t\" and .size == 268435456 and .altmap == null and .memmap_location == \"ram\" and .data_offset == 0" \
			"create --type $t -j prints the new pagemap"
		dev=$(printf '%s' "$out" | jq -r .dev)
		if grep -q "$dev" /proc/iomem; then pass "/proc/iomem names $dev"; else fail "/proc/iomem names $dev" "$(cat /proc/iomem)"; fi
		ctl list -j -t $t
		jqok "length == 1 and .[0].dev == \"$dev\" and ($LIST_SHAPE)" "list -j -t $t shows it"
		ctl destroy "$dev"
		if [ "$rc" -eq 0 ] && [ "$out" = "destroyed 1 pagemap" ]; then
			pass "destroy $dev: destroyed 1 pagemap"
		else
			fail "destroy $dev: destroyed 1 pagemap" "exit status $rc" "$out" "$err"
		fi
		ctl list -j
		if [ "$out" = "[]" ]; then pass "  ... and it is gone"; else fail "  ... and it is gone" "$out"; fi
		if [ "$t" = private ]; then
			refused 1 "type private takes no start address" \
				"create --type private --start: exit 1, the kernel picks the range" \
				create --type private --start $A --size 256M
			refused 1 "type private cannot have an altmap" "create --type private --altmap: exit 1 naming why" \
				create --type private --size 256M --altmap
		fi
		;;
	*)
		if [ "$t" = private ]; then
			refused 5 "type private needs a kernel with CONFIG_DEVICE_PRIVATE" \
				"type private on a kernel without it: exit 5 naming the option" \
				create --type private --size 256M
		else
			refused 5 "type $t needs a kernel with CONFIG_PCI_P2PDMA" \
				"type $t on a kernel without it: exit 5 naming the option" \
				create --type $t --start $A --size 256M
		fi
		;;
	esac
done

# --- altmap and reserve: struct pages in the range, data after them
ctl create --start $A --size 256M --altmap -j
jqok "$PAGEMAP_SHAPE and .altmap.reserve == 0 and .memmap_location == \"altmap\"
      and .data_offset == .altmap.reserve + .altmap.free and .altmap.alloc > 0
      and .altmap.alloc <= .altmap.free and .data_offset < .size" \
	"--altmap: memmap in the range, data_offset = reserve + memmap"
echo "# altmap: $(printf '%s' "$out" | jq -c '{altmap, memmap_bytes, data_offset}')"
ctl create --start $((A + 256 * MiB)) --size 256M --reserve 2M -j
jqok "$PAGEMAP_SHAPE and .altmap.reserve == 2097152 and .memmap_location == \"altmap\"
      and .data_offset == .altmap.reserve + .altmap.free and .altmap.alloc > 0
      and .altmap.alloc <= .altmap.free" \
	"--reserve 2M implies --altmap and data_offset = reserve + memmap"
ctl list -v
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c ' altmap ')" -eq 2 ]; then
	pass "list -v shows both memmaps in their altmaps"
else
	fail "list -v shows both memmaps in their altmaps" "$out"
fi
echo "$out" | sed 's/^/# /'
memremapctl destroy all > /dev/null

# --- compound pages
ctl create --start $A --size 256M --align 2M -j
jqok "$PAGEMAP_SHAPE and .align == 2097152" "--align 2M makes 2 MiB compound pages"
ctl create --start $((A + 256 * MiB)) --size 256M --align 2M --altmap -j
jqok "$PAGEMAP_SHAPE and .align == 2097152 and .memmap_location == \"altmap\" and .data_offset % 2097152 == 0" \
	"--align 2M with an altmap: data starts on a compound page"
memremapctl destroy all > /dev/null
case " $feats " in
*" compound-1G "*)
	if has_range $B; then
		ctl create --start $B --size 1G --align 1G -j
		jqok "$PAGEMAP_SHAPE and .align == 1073741824 and .size == 1073741824" "--align 1G on the 1 GiB range"
		memremapctl destroy all > /dev/null
	else
		skip "--align 1G on the 1 GiB range" "no range at $B"
	fi ;;
*) skip "--align 1G" "the kernel cannot make 1 GiB compound pages" ;;
esac

# --- names and idempotent create
ctl create --name scratch --start $A --size 256M -j
jqok "$PAGEMAP_SHAPE and .name == \"scratch\"" "create --name scratch"
first=$out
ctl create --name scratch --start $A --size 256M -j
if [ "$rc" -eq 0 ] && [ "$out" = "$first" ]; then
	pass "the same create again succeeds and prints the same pagemap"
else
	fail "the same create again succeeds and prints the same pagemap" "exit status $rc" "$out" "$err"
fi
dev=$(printf '%s' "$first" | jq -r .dev)
refused 1 "cannot create pagemap \"scratch\": --size 128M differs from $dev \"scratch\" size 256M" \
	"create scratch with another size: exit 1 naming the difference" \
	create --name scratch --start $A --size 128M
refused 1 "--type fsdax differs from $dev \"scratch\" type generic" \
	"create scratch with another type names the type" \
	create --name scratch --start $A --size 256M --type fsdax

# --- filters
ctl create --start $((A + 256 * MiB)) --size 256M --type fsdax -j
other=$(printf '%s' "$out" | jq -r .dev)
ctl list -j -t fsdax
jqok "length == 1 and .[0].dev == \"$other\"" "list -t fsdax"
ctl list -j -n scratch
jqok "length == 1 and .[0].dev == \"$dev\"" "list -n scratch"
ctl list -j -p scratch
jqok "length == 1 and .[0].dev == \"$dev\"" "list -p scratch"
ctl list -j -p "$other"
jqok "length == 1 and .[0].dev == \"$other\"" "list -p $other"
ctl list -j -p "${other#pagemap}"
jqok "length == 1 and .[0].dev == \"$other\"" "list -p ${other#pagemap}"
ctl list -j -t coherent
jqok "length == 0" "list -t coherent: []"
ctl list -j -p nosuch
jqok "length == 0" "list -p nosuch: [] and exit 0"
ctl list -j
jqok "length == 2 and ($LIST_SHAPE)" "list -j with two pagemaps has the shape of the schema"
ctl list -u
echo "$out" | sed 's/^/# /'
ctl destroy scratch "$other" -j
jqok "(.destroyed | length) == 2 and .failed == []" "destroy -j of two: both destroyed"

# --- many pagemaps: 16 x 32 MiB
i=0
while [ $i -lt 16 ]; do
	memremapctl create --start $((A + i * 32 * MiB)) --size 32M --name "m$i" > /dev/null || break
	i=$((i + 1))
done
ctl list -j
jqok "length == 16 and ($LIST_SHAPE) and ([.[].id] == ([.[].id] | sort))" "16 pagemaps: list -j in id order"
ctl list
if [ "$(printf '%s\n' "$out" | wc -l)" -eq 17 ]; then pass "list: a header and 16 rows"; else fail "list: a header and 16 rows" "$out"; fi
ctl destroy all
if [ "$rc" -eq 0 ] && [ "$out" = "destroyed 16 pagemaps" ]; then pass "destroy all: destroyed 16 pagemaps"; else fail "destroy all: destroyed 16 pagemaps" "$out" "$err"; fi
ctl destroy all
if [ "$rc" -eq 0 ] && [ "$out" = "destroyed 0 pagemaps" ]; then pass "destroy all again: destroyed 0 pagemaps"; else fail "destroy all again: destroyed 0 pagemaps" "$out" "$err"; fi

# --- --resource with two resources of that name: listed, --start picks one
PM="Persistent Memory (legacy)"
refused 2 "2 resources are named \"$PM\": 0x80000000-0x9fffffff (512M, 512M free), 0x100000000-0x13fffffff (1G, 1G free); pick one with --start" \
	"create --resource naming two resources: exit 2 listing both" \
	create --resource "$PM" --size 64M
ctl create --resource "$PM" --start $B --size 64M -j
jqok ".start == $((B)) and .size == 67108864 and .parent == \"$PM\"" \
	"create --resource --start picks the one that holds the start"
memremapctl destroy all > /dev/null

# --- the library's example program
example=$(command -v memremap-example || echo "$guest_dir/../../lib/examples/memremap-example")
if [ -x "$example" ]; then
	run "$example" $A 0x10000000
	if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "^created pagemap[0-9]* name=- type=generic start=0x80000000 size=268435456 memmap=ram$" &&
	   printf '%s\n' "$out" | grep -q "^destroyed pagemap"; then
		pass "the example program creates and destroys a pagemap"
	else
		fail "the example program creates and destroys a pagemap" "exit status $rc" "$out" "$err"
	fi
else
	skip "the example program" "memremap-example not in the guest"
fi
finish
