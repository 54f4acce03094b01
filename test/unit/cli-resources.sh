#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# memremapctl list -R and create --resource on a canned /proc/iomem and
# firmware memory map (--sysroot): which ranges are candidates, what holds
# parts of them, free sizes, and the choices create makes or refuses
# before anything is asked of the kernel; also as Linux 7.0 and later show
# Soft Reserved memory (only through hmem devices). NVDIMMs and dax
# regions need the real libndctl and libdaxctl: the guest tests
# (cli-ranges.sh) cover them.
. "$TOP_SRCDIR/test/unit/lib.sh"

root=$(tree 2)
mkdir -p "$root/proc"
cat > "$root/proc/iomem" <<'IOMEM'
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
00100000-7fffffff : System RAM
80000000-9fffffff : Persistent Memory (legacy)
c0000000-febfffff : PCI Bus 0000:00
  fec00000-fec003ff : IOAPIC 0
100000000-11fffffff : Persistent Memory (legacy)
  100000000-10fffffff : pagemap0
  110000000-11fffffff : pagemap1
120000000-12fffffff : hmem.0
  120000000-12fffffff : Soft Reserved
130000000-13fffffff : Reserved
140000000-17fffffff : System RAM
fd00000000-ffffffffff : Reserved
IOMEM
# the firmware's map: what memmap= set aside was RAM, the rest is its own
i=0
for e in "0x0 0xfff Reserved" "0x1000 0x9fbff System RAM" \
	 "0x100000 0xbfffffff System RAM" "0x100000000 0x17fffffff System RAM" \
	 "0xfd00000000 0xffffffffff Reserved"; do
	d=$root/sys/firmware/memmap/$i
	mkdir -p "$d"
	set -- $e
	echo "$1" > "$d/start"
	echo "$2" > "$d/end"
	shift 2
	echo "$*" > "$d/type"
	i=$((i + 1))
done

ctl --sysroot "$root" list -R -j
valid resources "list -R -j matches the schema"
jqok '[.[] | [.name, .start, .size, .free]] == [
	["Persistent Memory (legacy)", 2147483648, 536870912, 536870912],
	["Persistent Memory (legacy)", 4294967296, 536870912, 0],
	["Soft Reserved", 4831838208, 268435456, 268435456],
	["Reserved", 5100273664, 268435456, 268435456]]' \
	"list -R: memmap ranges, Soft Reserved and RAM-backed Reserved, with free sizes"
jqok 'all(.[]; .kind == "iomem") and .[2].parent == "hmem.0" and .[0].parent == null' \
	"list -R: kinds and parents"
jqok '.[1].owners == [
	{"kind": "pagemap", "name": "pagemap0", "description": "pagemap0 \"scratch\"",
	 "start": 4294967296, "size": 268435456},
	{"kind": "pagemap", "name": "pagemap1", "description": "pagemap1",
	 "start": 4563402752, "size": 268435456}] and (.[0].owners == [])' \
	"list -R names the pagemaps that hold a range"
ctl --sysroot "$root" list -R -u
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^iomem  0x100000000  512M     0  Persistent Memory (legacy)  pagemap0 "scratch", pagemap1$' &&
   [ "$(printf '%s\n' "$out" | wc -l)" -eq 5 ]; then
	pass "list -R -u: a table with the owners"
else
	fail "list -R -u: a table with the owners" "$out" "$err"
fi
ctl --sysroot "$root" list -R -o free,Owners,DESCRIPTION -u
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | sed -n '1p;3p')" = \
   "FREE  OWNERS                        DESCRIPTION
   0  pagemap0 \"scratch\", pagemap1  Persistent Memory (legacy)" ]; then
	pass "list -R -o: the columns of -R named"
else
	fail "list -R -o: the columns of -R named" "$out" "$err"
fi
ctl --sysroot "$root" list -R -o DEV
expect 2 "unknown column 'DEV' in --output; columns: NAME, KIND, DESCRIPTION," \
	"list -R -o takes the columns of -R only"
ctl --sysroot "$root" list -R -t fsdax
expect 2 "filter pagemaps, not resources" "list -R with a pagemap filter: exit 2"

# /proc/iomem as users other than root see it: no addresses
mkdir -p "$tmp/hidden/proc" "$tmp/hidden/sys"
sed 's/^\( *\)[0-9a-f]*-[0-9a-f]*/\100000000-00000000/' "$root/proc/iomem" > "$tmp/hidden/proc/iomem"
ctl --sysroot "$tmp/hidden" list -R
expect 4 "shows no addresses: the kernel hides them from users other than root" \
	"list -R without root: exit 4 saying why"

# create: the choices that are made before the kernel is asked
ctl --sysroot "$root" create --resource "Persistent Memory (legacy)"
expect 2 '2 resources are named "Persistent Memory (legacy)": 0x80000000-0x9fffffff (512M, 512M free), 0x100000000-0x11fffffff (512M, 0 free); pick one with --start' \
	"create --resource of two namesakes: exit 2 listing both"
ctl --sysroot "$root" create --resource "Persistent Memory (legacy)" --start 0x100000000
expect 1 'Persistent Memory (legacy) has no free extent at 0x100000000 aligned to 2M (0 bytes free; held by pagemap0 "scratch", pagemap1)' \
	"create --resource on a full range: exit 1 naming what holds it"
ctl --sysroot "$root" create --resource "Soft Reserved" --size 512M
expect 1 "Soft Reserved has no free extent of 512M aligned to 2M (268435456 bytes free; held by nothing)" \
	"create --resource --size beyond what is free: exit 1"
ctl --sysroot "$root" create --resource "Soft Reserved" --start 0x80000000
expect 2 '--start 0x80000000 lies in no resource named "Soft Reserved": 0x120000000-0x12fffffff (256M, 256M free)' \
	"create --resource --start elsewhere: exit 2"
ctl --sysroot "$root" create --resource Nowhere
expect 3 'no resource is named "Nowhere" (memremapctl list -R shows them)' \
	"create --resource of an unknown name: exit 3"
ctl --sysroot "$root" create --namespace namespace0.0
expect 3 "there is no namespace namespace0.0" "create --namespace of an unknown namespace: exit 3"
ctl --sysroot "$root" create --dax-region regionX
expect 2 "'regionX' is no dax region: regionN or N" "create --dax-region of a malformed name: exit 2"
ctl --sysroot "$root" create --dax-region 7
expect 3 "there is no dax region region7" "create --dax-region of an unknown region: exit 3"
ctl --sysroot "$root" create --resource "Soft Reserved" --namespace namespace0.0
expect 2 "give one of --resource, --namespace and --dax-region" "two sources: exit 2"
ctl --sysroot "$root" create --resource "Soft Reserved" --force
expect 2 "--force goes with --namespace" "--force without --namespace: exit 2"
ctl --sysroot "$root" create --resource "Soft Reserved" --type private
expect 2 "type private does not take its range from a resource" "a resource for type private: exit 2"
# a good choice gets as far as the kernel, which is not there
ctl --sysroot "$root" create --resource "Soft Reserved" --size 64M
expect 5 "cannot create pagemap on \"Soft Reserved\"" "create --resource that fits asks the kernel (none here: exit 5)"

# Linux 7.0 and later keep Soft Reserved out of /proc/iomem: what shows of
# it is each hmem device's resource (the second one held by its dax device)
root7=$(tree 0)
mkdir -p "$root7/proc" "$root7/sys/firmware/memmap"
cat > "$root7/proc/iomem" <<'IOMEM'
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
00100000-7fffffff : System RAM
120000000-12fffffff : hmem.0
130000000-13fffffff : hmem.1
  130000000-13fffffff : dax1.0
140000000-17fffffff : System RAM
IOMEM
ctl --sysroot "$root7" list -R -j
valid resources "list -R -j (7.0's /proc/iomem) matches the schema"
jqok '[.[] | [.name, .start, .size, .free, .parent]] == [
	["Soft Reserved", 4831838208, 268435456, 268435456, "hmem.0"],
	["Soft Reserved", 5100273664, 268435456, 0, "hmem.1"]]' \
	"list -R: Soft Reserved under each hmem resource where /proc/iomem has none (7.0)"
jqok '.[1].owners == [{"kind": "dax", "name": "dax1.0", "description": "dax1.0",
	"start": 5100273664, "size": 268435456}]' \
	"list -R: what an hmem resource held is held in its Soft Reserved (7.0)"
ctl --sysroot "$root7" create --resource "Soft Reserved" --start 0x120000000 --size 64M
expect 5 "cannot create pagemap on \"Soft Reserved\"" \
	"create --resource \"Soft Reserved\" finds it where /proc/iomem has none (7.0)"
ctl --sysroot "$root7" create --resource "Soft Reserved" --start 0x130000000
expect 1 'Soft Reserved has no free extent at 0x130000000 aligned to 2M (0 bytes free; held by dax1.0)' \
	"create --resource on the one its dax device holds: exit 1 naming it (7.0)"
finish
