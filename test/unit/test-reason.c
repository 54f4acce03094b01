// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every reason the module can give becomes a sentence and a kind of failure. */
#include "config.h"

#include <errno.h>

#include "../../lib/private.h"
#include "tap.h"

#define MiB (1ULL << 20)

static const struct memremap_request_view create_rq = {
	.op = MEMREMAP_OP_CREATE, .start = 0x80000000ULL, .size = 512 * MiB,
	.type = MEMREMAP_TYPE_GENERIC, .numa_node = -1, .name = "scratch",
};

static char msg[512];

static const char *say(unsigned int reason, int errnum, const struct memremap_status *st,
		       const struct memremap_request_view *rq)
{
	memremap_reason_message(msg, sizeof(msg), reason, errnum, st, rq);
	return msg;
}

static struct memremap_status conflict(uint32_t kind, uint64_t start, uint64_t size,
				       uint32_t id, const char *name)
{
	struct memremap_status st = { .conflict = { .kind = kind, .start = start,
						    .size = size, .id = id } };

	snprintf(st.conflict.name, sizeof(st.conflict.name), "%s", name);
	return st;
}

int main(void)
{
	struct memremap_request_view rq = create_rq;
	struct memremap_status st = { 0 };
	char want[64];
	unsigned int r;

	/* every reason the header knows has its own sentence */
	for (r = MEMREMAP_R_NONE; r <= MR_REASON_LAST; r++) {
		const char *m = say(r, EINVAL, &st, &rq);

		ok(m[0] && !strstr(m, "does not know (") && !strstr(m, "memremap_ctl is newer"),
		   "reason %u has a sentence: %s", r, m);
		/* the library serves any program: no command line of the CLI's */
		ok(!strstr(m, "memremapctl") && !strstr(m, " --"),
		   "reason %u names no command line", r);
	}
	contains(say(MR_REASON_LAST + 1, EINVAL, &st, &rq), "memremap_ctl is newer",
		 "an unknown reason says the module is newer");
	snprintf(want, sizeof(want), "refused for reason %u,", MR_REASON_LAST + 1);
	contains(say(MR_REASON_LAST + 1, EINVAL, &st, &rq), want,
		 "an unknown reason is named by its number");
	rq.type = 57;
	contains(say(MEMREMAP_R_TYPE_UNSUPPORTED, EOPNOTSUPP, &st, &rq), "type 57 needs",
		 "a type the library cannot name is given by number");
	rq = create_rq;

	st = conflict(MEMREMAP_CONFLICT_SYSTEM_RAM, 0x100000, 0x7ff00000, 0, "System RAM");
	contains(say(MEMREMAP_R_SYSTEM_RAM, EBUSY, &st, &rq),
		 "range 0x80000000-0x9fffffff overlaps System RAM 0x100000-0x7fffffff",
		 "System RAM overlap names both ranges");
	st = conflict(MEMREMAP_CONFLICT_PAGEMAP, 0x90000000, 256 * MiB, 3, "scratch");
	contains(say(MEMREMAP_R_PAGEMAP_OVERLAP, EBUSY, &st, &rq),
		 "overlaps pagemap3 \"scratch\" (0x90000000-0x9fffffff)",
		 "pagemap overlap names the pagemap, its name and range");
	st = conflict(MEMREMAP_CONFLICT_PAGEMAP, 0x90000000, 256 * MiB, 4, "");
	contains(say(MEMREMAP_R_PAGEMAP_OVERLAP, EBUSY, &st, &rq),
		 "overlaps pagemap4 (0x90000000-0x9fffffff)", "an unnamed pagemap is named by id");
	st = conflict(MEMREMAP_CONFLICT_RESOURCE, 0x80000000, 512 * MiB, 0, "namespace0.0");
	contains(say(MEMREMAP_R_RESOURCE_BUSY, EBUSY, &st, &rq),
		 "is claimed by \"namespace0.0\" (0x80000000-0x9fffffff)",
		 "a busy resource names its owner");
	st = conflict(MEMREMAP_CONFLICT_PAGEMAP, 0x80000000, 256 * MiB, 2, "scratch");
	contains(say(MEMREMAP_R_NAME_EXISTS, EEXIST, &st, &rq),
		 "name \"scratch\" is taken by pagemap2 \"scratch\"", "a taken name names its owner");
	memset(&st, 0, sizeof(st));

	rq.type = MEMREMAP_TYPE_PRIVATE;
	st.detail = MEMREMAP_KCONFIG_DEVICE_PRIVATE;
	contains(say(MEMREMAP_R_TYPE_UNSUPPORTED, EOPNOTSUPP, &st, &rq),
		 "type private needs a kernel with CONFIG_DEVICE_PRIVATE", "private needs DEVICE_PRIVATE");
	rq.type = MEMREMAP_TYPE_P2PDMA;
	st.detail = MEMREMAP_KCONFIG_PCI_P2PDMA;
	contains(say(MEMREMAP_R_TYPE_UNSUPPORTED, EOPNOTSUPP, &st, &rq),
		 "type p2pdma needs a kernel with CONFIG_PCI_P2PDMA", "p2pdma needs PCI_P2PDMA");
	rq.type = MEMREMAP_TYPE_COHERENT;
	st.detail = MEMREMAP_KCONFIG_KERNEL_6_0;
	contains(say(MEMREMAP_R_TYPE_UNSUPPORTED, EOPNOTSUPP, &st, &rq),
		 "type coherent needs Linux 6.0", "coherent needs 6.0");
	contains(say(MEMREMAP_R_ALTMAP_TYPE, EINVAL, &st, &rq), "type coherent cannot have an altmap",
		 "altmap refusal names the type");
	rq = create_rq;

	rq.start = 0x80100000;
	st.detail = 2 * MiB;
	contains(say(MEMREMAP_R_UNALIGNED, EINVAL, &st, &rq), "start 0x80100000 is not aligned to 2 MiB",
		 "misaligned start is named with the alignment");
	rq = create_rq;
	rq.size = 3 * MiB;
	contains(say(MEMREMAP_R_UNALIGNED, EINVAL, &st, &rq), "size 3 MiB is not aligned to 2 MiB",
		 "misaligned size is named with the alignment");
	rq = create_rq;
	rq.size = 64 * MiB;
	st.detail = 128 * MiB;
	contains(say(MEMREMAP_R_ALTMAP_UNALIGNED, EINVAL, &st, &rq),
		 "an altmap needs start and size aligned to the 128 MiB memory section",
		 "altmap alignment names the section size");
	st.detail = 6 * MiB;
	rq.size = 4 * MiB;
	contains(say(MEMREMAP_R_ALTMAP_TOO_SMALL, ENOSPC, &st, &rq),
		 "the altmap needs 6 MiB for the reserve, the struct pages and at least one data page, but the range has 4 MiB",
		 "a too small altmap says what it needs and what there is");
	rq = create_rq;
	rq.reserve = 1000;
	st.detail = 4096;
	contains(say(MEMREMAP_R_RESERVE_UNALIGNED, EINVAL, &st, &rq),
		 "reserve 1000 bytes is not a multiple of the 4 KiB page size", "reserve alignment");
	rq = create_rq;
	rq.start = 0x80200000;
	rq.align = 1ULL << 30;
	st.detail = 1ULL << 30;
	contains(say(MEMREMAP_R_ALIGN_UNALIGNED, EINVAL, &st, &rq),
		 "start 0x80200000 is not aligned to the 1 GiB compound page size", "compound alignment");
	rq = create_rq;
	st.detail = (uint64_t)(int64_t)-5;
	contains(say(MEMREMAP_R_NODE_INVALID, EINVAL, &st, &rq), "NUMA node -5 does not exist",
		 "a negative node is shown as such");
	st.detail = 1;
	contains(say(MEMREMAP_R_NODE_OFFLINE, EINVAL, &st, &rq), "NUMA node 1 is offline", "offline node");
	st.detail = 0x100000000000ULL;
	contains(say(MEMREMAP_R_BEYOND_MAX_PHYS, ERANGE, &st, &rq), "0xfffffffffff",
		 "beyond max phys names the highest address");
	st.error = -ENOMEM;
	contains(say(MEMREMAP_R_KERNEL, ENOMEM, &st, &rq), strerror(ENOMEM),
		 "a kernel failure names the kernel's error");
	memset(&st, 0, sizeof(st));

	rq = (struct memremap_request_view){ .op = MEMREMAP_OP_DESTROY, .id = 3, .name = "scratch" };
	st.detail = 2;
	contains(say(MEMREMAP_R_BUSY, EBUSY, &st, &rq),
		 "pagemap3 \"scratch\" is in use (2 references held)", "busy names pagemap and references");
	contains(say(MEMREMAP_R_IN_USE, EBUSY, &st, &rq),
		 "pagemap3 \"scratch\" has 2 open file(s) or mapping(s) of /dev/pagemap3",
		 "an open node without holders found is counted");
	rq.owner = "mapped by pid 1234 (fio)";
	contains(say(MEMREMAP_R_IN_USE, EBUSY, &st, &rq),
		 "pagemap3 \"scratch\" is mapped by pid 1234 (fio)",
		 "an open node names the processes that hold it");
	rq.owner = NULL;
	contains(say(MEMREMAP_R_NO_SUCH_PAGEMAP, ENOENT, &st, &rq), "pagemap3 \"scratch\" does not exist",
		 "a missing pagemap is named");
	contains(say(MEMREMAP_R_PERM, EPERM, &st, &rq), "destroying a pagemap needs CAP_SYS_ADMIN",
		 "permission names the capability");

	/* p2pdma on a PCI BAR: the device as lspci -D names it */
	rq = (struct memremap_request_view){ .op = MEMREMAP_OP_CREATE, .type = MEMREMAP_TYPE_P2PDMA,
		.pci = true, .pci_domain = 0, .pci_devid = MEMREMAP_PCI_DEVID(0, 0x10, 0),
		.pci_bar = 2, .pci_offset = 64 * MiB, .size = 256 * MiB };
	contains(say(MEMREMAP_R_PCI_NO_DEVICE, ENODEV, &st, &rq), "there is no PCI device 0000:00:10.0",
		 "a missing PCI device is named as lspci -D names it");
	contains(say(MEMREMAP_R_PCI_BAR_INVALID, EINVAL, &st, &rq),
		 "PCI device 0000:00:10.0 has no memory BAR 2", "a missing BAR is named");
	st.detail = 256 * MiB;
	contains(say(MEMREMAP_R_PCI_BAR_RANGE, ERANGE, &st, &rq),
		 "offset 64 MiB plus size 256 MiB does not fit in BAR 2 of PCI device 0000:00:10.0, "
		 "which has 256 MiB", "a range beyond the BAR says what the BAR has");
	st = conflict(MEMREMAP_CONFLICT_DRIVER, 0, 0, 0, "nvme");
	st.detail = MEMREMAP_PCI_DRIVER_BOUND;
	contains(say(MEMREMAP_R_PCI_DRIVER, EBUSY, &st, &rq),
		 "PCI device 0000:00:10.0 belongs to driver \"nvme\": unbind it first "
		 "(echo 0000:00:10.0 > /sys/bus/pci/devices/0000:00:10.0/driver/unbind)",
		 "a bound device names its driver and how to let it go");
	st.detail = MEMREMAP_PCI_DRIVER_OVERRIDE;
	contains(say(MEMREMAP_R_PCI_DRIVER, EBUSY, &st, &rq),
		 "is kept for driver \"nvme\" by its driver_override",
		 "a driver_override names the driver it keeps the device for");
	st = conflict(MEMREMAP_CONFLICT_PAGEMAP, 0xe0000000, 256 * MiB, 0, "p2p");
	contains(say(MEMREMAP_R_PCI_TAKEN, EBUSY, &st, &rq),
		 "PCI device 0000:00:10.0 already has pagemap0 \"p2p\" (0xe0000000-0xefffffff)",
		 "a device with a pagemap names it");
	contains(say(MEMREMAP_R_ALTMAP_TYPE, EINVAL, &st, &rq), "the PCI core keeps the struct pages",
		 "no altmap for a BAR says why");
	memset(&st, 0, sizeof(st));
	rq = (struct memremap_request_view){ .op = MEMREMAP_OP_MIGRATE, .id = 1, .name = "mig",
		.type = MEMREMAP_TYPE_PRIVATE, .size = 16 * MiB + 4096 };
	st.detail = 4096;
	contains(say(MEMREMAP_R_MIGRATE_FULL, ENOSPC, &st, &rq),
		 "pagemap1 \"mig\" has 4096 free pages, fewer than the 4097 to migrate",
		 "a full private pagemap says how many pages are free");
	rq.type = MEMREMAP_TYPE_FSDAX;
	contains(say(MEMREMAP_R_MIGRATE_TYPE, EINVAL, &st, &rq),
		 "pagemap1 \"mig\" is of type fsdax: only private and coherent pagemaps take migrated pages",
		 "migration into another type names the type");
	memset(&st, 0, sizeof(st));

	{
		unsigned int dom, devid;
		const char *why;

		ok(memremap_pci_parse("0000:00:10.0", &dom, &devid, &why) == 0 && dom == 0 &&
		   devid == 0x80, "0000:00:10.0 parses");
		ok(memremap_pci_parse("10000:3A:1f.7", &dom, &devid, &why) == 0 && dom == 0x10000 &&
		   devid == MEMREMAP_PCI_DEVID(0x3a, 0x1f, 7), "a 5-digit domain and upper case parse");
		ok(memremap_pci_parse("00:10.0", &dom, &devid, &why) == 0 && dom == 0 && devid == 0x80,
		   "BUS:SLOT.FUNCTION means domain 0");
		ok(memremap_pci_parse("00:20.0", &dom, &devid, &why) < 0 && strstr(why, "slot"),
		   "slot 20 is refused naming the slot range");
		ok(memremap_pci_parse("00:10.8", &dom, &devid, &why) < 0, "function 8 is refused");
		ok(memremap_pci_parse("00:10", &dom, &devid, &why) < 0 && strstr(why, "lspci -D"),
		   "a missing function is refused with the form");
		ok(memremap_pci_parse("0:0:00:10.0", &dom, &devid, &why) < 0, "three colons are refused");
		ok(memremap_pci_parse("00:10.0 ", &dom, &devid, &why) < 0, "trailing text is refused");
		ok(memremap_pci_parse("000:0:1.0", &dom, &devid, &why) == 0 && devid == 0x8,
		   "short fields are accepted as hex");
	}

	/* another memory type over the range: the mode, the span, the holder */
	st = conflict(MEMREMAP_CONFLICT_MEMTYPE, 0x90000000ULL, 2 * MiB, 0, "");
	st.detail = MEMREMAP_MEMTYPE_UC_MINUS;
	rq = create_rq;
	rq.owner = "pid 103 (memremap-devmem)";
	contains(say(MEMREMAP_R_MEMTYPE, EBUSY, &st, &rq),
		 "range 0x90000000-0x901fffff is mapped uncached-minus by pid 103 "
		 "(memremap-devmem), and a generic pagemap needs write-back",
		 "another memory type names the mode, the range and the holder");
	rq.owner = "";
	st.detail = MEMREMAP_MEMTYPE_WC;
	contains(say(MEMREMAP_R_MEMTYPE, EBUSY, &st, &rq),
		 "range 0x90000000-0x901fffff is mapped write-combining, and a generic",
		 "without a holder found: the mode and the range");
	rq.pci = true;
	rq.type = MEMREMAP_TYPE_P2PDMA;
	st.detail = MEMREMAP_MEMTYPE_WB;
	contains(say(MEMREMAP_R_MEMTYPE, EBUSY, &st, &rq),
		 "is mapped write-back, and a p2pdma pagemap needs uncached-minus",
		 "p2pdma needs uncached-minus");
	st.detail = 77;
	contains(say(MEMREMAP_R_MEMTYPE, EBUSY, &st, &rq), "is mapped number 77",
		 "a memory type number the library does not know is shown as a number");
	ok(memremap_reason_kind(MEMREMAP_R_MEMTYPE, EBUSY) == MEMREMAP_ERROR_REFUSED,
	   "another memory type is a refusal (exit status 1)");
	memset(&st, 0, sizeof(st));
	rq = create_rq;

	/* holders: the parsers of /proc/PID/maps and /proc/vmallocinfo lines */
	{
		uint64_t phys = 0, len = 0;
		char caller[64];

		ok(memremap_maps_devmem("7fbddea9f000-7fbddec9f000 rw-s 90000000 00:05 3"
					"                          /dev/mem\n", 0x80000000ULL,
					512 * MiB, &phys, &len) == 1 &&
		   phys == 0x90000000ULL && len == 2 * MiB,
		   "a /dev/mem mapping: its offset is the physical address");
		ok(memremap_maps_devmem("7fbddea9f000-7fbddec9f000 rw-s 90000000 00:05 3 /dev/mem\n",
					0x90200000ULL, 2 * MiB, &phys, &len) == 0,
		   "a /dev/mem mapping that ends where the range starts does not overlap");
		ok(memremap_maps_devmem("7fbddea9f000-7fbddec9f000 rw-s 90000000 00:05 3 "
					"/dev/memory\n", 0x80000000ULL, 512 * MiB, &phys,
					&len) == 0, "another file that starts with /dev/mem is not it");
		ok(memremap_maps_devmem("00400000-00401000 r--p 00000000 00:02 81  /bin/x\n",
					0, 512 * MiB, &phys, &len) == 0, "a file mapping is not /dev/mem");
		ok(memremap_maps_devmem("7ffd5000-7ffd6000 rw-p 00000000 00:00 0\n", 0, 512 * MiB,
					&phys, &len) == 0, "an anonymous mapping has no path");
		ok(memremap_maps_devmem("garbage\n", 0, 1, &phys, &len) < 0, "a malformed line");
		ok(memremap_pci_resource_bar("/sys/devices/pci0000:00/0000:00:10.0/resource2_wc\n")
		   == 2, "a BAR's write-combining resource file is its BAR");
		ok(memremap_pci_resource_bar("/sys/devices/pci0000:00/0000:00:10.0/resource0") == 0,
		   "a BAR's resource file is its BAR");
		ok(memremap_pci_resource_bar("/sys/devices/pci0000:00/0000:00:10.0/resource") < 0 &&
		   memremap_pci_resource_bar("/sys/devices/pci0000:00/0000:00:10.0/resource2x") < 0 &&
		   memremap_pci_resource_bar("/home/me/resource2") < 0 &&
		   memremap_pci_resource_bar("/sys/devices/x/resource7") < 0,
		   "other files are no BAR");
		ok(memremap_vmallocinfo_ioremap("0xffffc90000000000-0xffffc90000002000    8192 "
						"hpet_enable+0x36/0x2b0 phys=0x00000000fed00000 "
						"ioremap\n", 0xfed00000ULL, 4096, caller,
						sizeof(caller), &phys, &len) == 1 &&
		   strcmp(caller, "hpet_enable+0x36/0x2b0") == 0 && phys == 0xfed00000ULL &&
		   len == 4096, "an ioremap: its caller, and its size less the guard page");
		ok(memremap_vmallocinfo_ioremap("0xffffc90000000000-0xffffc90000002000    8192 "
						"hpet_enable+0x36/0x2b0 phys=0x00000000fed00000 "
						"ioremap\n", 0xfed01000ULL, 4096, caller,
						sizeof(caller), &phys, &len) == 0,
		   "the guard page is not mapped");
		ok(memremap_vmallocinfo_ioremap("0xffffc90000005000-0xffffc90000007000    8192 "
						"acpi_os_map_iomem+0x1c/0x1e0 pages=1 vmalloc N0=1\n",
						0, 1ULL << 40, caller, sizeof(caller), &phys,
						&len) == 0, "a vmalloc area is no ioremap");
		ok(memremap_vmallocinfo_ioremap("junk\n", 0, 1, caller, sizeof(caller), &phys,
						&len) < 0, "a malformed vmallocinfo line");
	}

	ok(memremap_reason_kind(MEMREMAP_R_SYSTEM_RAM, EBUSY) == MEMREMAP_ERROR_REFUSED, "overlap is a refusal");
	ok(memremap_reason_kind(MEMREMAP_R_BUSY, EBUSY) == MEMREMAP_ERROR_REFUSED, "busy is a refusal");
	ok(memremap_reason_kind(MEMREMAP_R_NO_SUCH_PAGEMAP, ENOENT) == MEMREMAP_ERROR_NOT_FOUND,
	   "no such pagemap is not-found");
	ok(memremap_reason_kind(MEMREMAP_R_PERM, EPERM) == MEMREMAP_ERROR_PERMISSION, "perm is permission");
	ok(memremap_reason_kind(MEMREMAP_R_TYPE_UNSUPPORTED, EOPNOTSUPP) == MEMREMAP_ERROR_UNSUPPORTED,
	   "a missing kernel option is unsupported");
	ok(memremap_reason_kind(MEMREMAP_R_KERNEL, ENOMEM) == MEMREMAP_ERROR_SYSTEM, "kernel failure is system");
	ok(memremap_reason_kind(MEMREMAP_R_NONE, EPERM) == MEMREMAP_ERROR_PERMISSION,
	   "EPERM without a reason is permission");
	ok(memremap_reason_kind(MEMREMAP_R_NONE, EIO) == MEMREMAP_ERROR_SYSTEM, "EIO without a reason is system");

	{
		char buf[32];

		memremap_format_bytes(buf, sizeof(buf), 128 * MiB);
		ok(strcmp(buf, "128 MiB") == 0, "128 MiB is shown in MiB");
		memremap_format_bytes(buf, sizeof(buf), 4097);
		ok(strcmp(buf, "4097 bytes") == 0, "an odd size is shown in bytes");
		memremap_format_bytes(buf, sizeof(buf), 0);
		ok(strcmp(buf, "0 bytes") == 0, "zero is 0 bytes");
		memremap_format_bytes(buf, sizeof(buf), 133124ULL << 10);
		ok(strcmp(buf, "133124 KiB (130.0 MiB)") == 0, "an odd size in MiB is exact, then readable");
		memremap_format_bytes(buf, sizeof(buf), 1000);
		ok(strcmp(buf, "1000 bytes") == 0, "1000 is 1000 bytes");
	}
	return done();
}
