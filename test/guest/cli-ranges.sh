#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Ranges by name: memmap=SIZE!START ("Persistent Memory (legacy)"),
# memmap=SIZE$START ("Reserved") and a Soft Reserved range (memmap= turns
# a reserved range into type 0xefffffff; Debian's kernel has no
# efi_fake_mem): list -R with free sizes before and after pagemaps on parts
# of them, create --resource, and a dax region (dax_hmem) whose free
# capacity create --dax-region takes. Every refusal names the owner and
# changes nothing.
# vm-options: --memmap 512M!2G --memmap 256M$0x100000000 --memmap 256M%0x100000000-2+0xefffffff --memmap 256M$0x120000000
. "$(dirname "$0")/cli-common.subr"

PM="Persistent Memory (legacy)"
modprobe memremap_ctl || { fail "modprobe memremap_ctl"; finish; exit 1; }

# free: the "free" of the resource named $1 at $2 in the last list -R -j
free_of() {
	printf '%s' "$out" | jq -r ".[] | select(.name == \"$1\" and .start == $(($2))) | .free"
}

ctl list -R -j
jqok "[.[] | select(.kind == \"iomem\") | [.name, .start, .size, .free]] == [
	[\"$PM\", 2147483648, 536870912, 536870912],
	[\"Soft Reserved\", 4294967296, 268435456, 268435456],
	[\"Reserved\", 4831838208, 268435456, 268435456]]" \
	"list -R: the legacy pmem, Soft Reserved and memmap\$ ranges, all free"
# a kernel with CONFIG_DEV_DAX_HMEM_DEVICES puts each Soft Reserved range in
# an hmem platform device's resource
if [ -e /sys/bus/platform/devices/hmem.0 ]; then hmem='"hmem.0"'; else hmem=null; fi
jqok "any(.[]; .name == \"Soft Reserved\" and .parent == $hmem)" \
	"list -R: Soft Reserved lies in its hmem device ($hmem)"
ctl list -R
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "^iomem  *0x120000000  *268435456  *268435456  *Reserved  *-\$"; then
	pass "list -R prints a table"
else
	fail "list -R prints a table" "$out" "$err"
fi
as_nobody memremapctl list -R > "$tmp/out" 2> "$tmp/err"
rc=$? err=$(cat "$tmp/err")
expect 4 "the kernel hides them from users other than root" "list -R as nobody: exit 4 saying why"

# --- --resource: part of a range, then the rest, free sizes following
ctl create --resource "$PM" --size 128M --name a -j
jqok ".start == 2147483648 and .size == 134217728 and .parent == \"$PM\"" \
	"create --resource --size takes the lowest free extent"
ctl create --resource "$PM" --start 0x90000000 --size 64M --name b -j
jqok ".start == 2415919104 and .size == 67108864" "create --resource --start --size takes that extent"
ctl list -R -j
if [ "$(free_of "$PM" 0x80000000)" = $((512 * MiB - 192 * MiB)) ]; then
	pass "list -R: free is what the two pagemaps left"
else
	fail "list -R: free is what the two pagemaps left" "$out"
fi
jqok "[.[] | select(.name == \"$PM\") | .owners[].description] == [\"pagemap0 \\\"a\\\"\", \"pagemap1 \\\"b\\\"\"]" \
	"list -R names the pagemaps in it"
ctl create --resource "$PM" --name c -j
jqok ".start == $((0x94000000)) and .size == $((0xc000000))" \
	"create --resource takes the largest free extent (0x94000000, 192 MiB)"
refused 1 "$PM has no free extent of 256M aligned to 2M (134217728 bytes free; held by pagemap0 \"a\", pagemap1 \"b\", pagemap2 \"c\")" \
	"create --resource --size larger than any free extent: exit 1 naming the holders" \
	create --resource "$PM" --size 256M
refused 1 "range 0x80000000-0x83ffffff overlaps pagemap0 \"a\"" \
	"create --start on a part a pagemap holds: exit 1 naming it" \
	create --start 0x80000000 --size 64M
memremapctl destroy a b c > /dev/null

ctl create --resource Reserved --altmap -j
jqok ".parent == \"Reserved\" and .start == $((0x120000000)) and .size == $((256 * MiB)) and .memmap_location == \"altmap\"" \
	"create --resource Reserved --altmap: the memmap\$ range, struct pages in it"
ctl list -R -j
if [ "$(free_of Reserved 0x120000000)" = 0 ]; then pass "list -R: Reserved has nothing free now"; else fail "list -R: Reserved has nothing free now" "$out"; fi
memremapctl destroy all > /dev/null

ctl create --resource "Soft Reserved" --size 128M --name soft -j
jqok ".parent == \"Soft Reserved\" and .start == $((0x100000000)) and .dax_region == null" \
	"create --resource \"Soft Reserved\""
memremapctl destroy soft > /dev/null

# --- the dax region dax_hmem makes of the Soft Reserved range
if ! modprobe dax_hmem 2> /dev/null || ! modprobe device_dax 2> /dev/null; then
	skip "a dax region of Soft Reserved memory" "kernel without dax_hmem (CONFIG_DEV_DAX_HMEM)"
	finish
	exit
fi
REG=$(daxctl list -R | jq -r '.[] | select(.path | test("hmem")) | .id')
DEV=$(daxctl list -R -D | jq -r '.[] | select(.path | test("hmem")) | .devices[0].chardev')
if [ -z "$REG" ] || [ -z "$DEV" ]; then
	fail "dax_hmem made a dax region" "$(daxctl list -R -D 2>&1)"
	finish
	exit
fi
# Since 6.3 dax_hmem's devices are for dax_kmem (System RAM) by default:
# device_dax binds them only when asked (daxctl writes new_id). The
# device still holds the region's capacity, and list names it disabled.
if [ ! -e "/sys/bus/dax/devices/$DEV/driver" ]; then
	ctl list -R -j
	jqok "any(.[]; .kind == \"dax_region\" and .name == \"region$REG\" and .free == 0
		and .owners[0].description == \"$DEV (disabled, region$REG)\")" \
		"list -R: the dax region, all held by its unbound dax device"
	daxctl enable-device "$DEV" > /dev/null 2>&1
fi
ctl list -R -j
jqok "any(.[]; .kind == \"dax_region\" and .name == \"region$REG\" and .free == 0
	and .owners[0].description == \"$DEV (devdax, region$REG)\")" \
	"list -R: the dax region, all held by its dax device"
refused 1 "range 0x100000000-0x107ffffff overlaps $DEV (devdax, region$REG)" \
	"a range in the dax device names it" create --start 0x100000000 --size 128M
refused 1 "region$REG (dax region, hmem.0)" \
	"create --resource \"Soft Reserved\" under a dax region names the region" \
	create --resource "Soft Reserved"
refused 1 "region$REG (dax region, hmem.0) has no free extent" \
	"create --dax-region without free capacity: exit 1" create --dax-region "region$REG"
# give capacity back: 64 MiB for the dax device, 192 MiB free
daxctl disable-device "$DEV" > /dev/null 2>&1
echo 0 > "/sys/bus/dax/devices/$DEV/size"
echo $((64 * MiB)) > "/sys/bus/dax/devices/$DEV/size"
daxctl enable-device "$DEV" > /dev/null 2>&1
ctl list -R -j
jqok "any(.[]; .name == \"region$REG\" and .free == $((192 * MiB)))" \
	"list -R: the region's free capacity after the dax device shrank"
ctl create --dax-region "$REG" --name indax -j
jqok ".dax_region == \"region$REG\" and .start == $((0x104000000)) and .size == $((192 * MiB))" \
	"create --dax-region takes the region's free capacity"
ctl list -j -n indax
jqok ".[0].dax_region == \"region$REG\"" "list shows the dax region the pagemap came from"
refused 1 "range 0x100000000-0x1001fffff overlaps $DEV (devdax, region$REG)" \
	"a range in the shrunk dax device names it" create --start 0x100000000 --size 2M
memremapctl destroy indax > /dev/null
finish
