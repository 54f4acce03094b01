// SPDX-License-Identifier: GPL-2.0
/*
 * ABI tests of the two memory types that need more than a range:
 *  - p2pdma, made on a PCI device's BAR through the PCI core's provider
 *    API (the guest has an ivshmem-plain device: test/vm/run --ivshmem);
 *  - private, whose pages user memory can be migrated into and out of.
 * On a kernel without CONFIG_PCI_P2PDMA or CONFIG_DEVICE_PRIVATE, the
 * refusal is checked and the rest skipped.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

/* ---- p2pdma on a PCI BAR ---------------------------------------------- */

struct pcidev {
	char name[32];		/* "0000:00:10.0" */
	unsigned int domain, bus, slot, func;
	struct range_ bar[6];
};

static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* The first PCI device with this vendor and device id, and its BARs. */
static bool find_pci(unsigned int vendor, unsigned int device, struct pcidev *d)
{
	DIR *dir = opendir("/sys/bus/pci/devices");
	struct dirent *de;
	bool found = false;

	if (!dir)
		return false;
	while (!found && (de = readdir(dir))) {
		char path[320], buf[64];
		FILE *f;
		int i;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", de->d_name);
		if (!read_line(path, buf, sizeof(buf)) || strtoul(buf, NULL, 16) != vendor)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", de->d_name);
		if (!read_line(path, buf, sizeof(buf)) || strtoul(buf, NULL, 16) != device)
			continue;
		snprintf(d->name, sizeof(d->name), "%.31s", de->d_name);
		if (sscanf(d->name, "%x:%x:%x.%x", &d->domain, &d->bus, &d->slot,
			   &d->func) != 4)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		for (i = 0; i < 6; i++) {
			unsigned long long s, e, fl;

			if (fscanf(f, "%llx %llx %llx", &s, &e, &fl) != 3)
				break;
			d->bar[i].start = s;
			d->bar[i].size = e > s ? e - s + 1 : 0;
		}
		fclose(f);
		found = i == 6;
	}
	closedir(dir);
	return found;
}

/* The device's driver ("" when none) and driver_override ("(null)"). */
static void pci_binding(const struct pcidev *d, char *drv, size_t drvlen,
			char *ovr, size_t ovrlen)
{
	char path[320], link[320];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", d->name);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	snprintf(drv, drvlen, "%s", n > 0 ? strrchr(link, '/') + 1 : "");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", d->name);
	if (!read_line(path, ovr, ovrlen))
		snprintf(ovr, ovrlen, "?");
}

static struct memremap_create mk_pci(const struct pcidev *d, unsigned int bar,
				     uint64_t offset, uint64_t len)
{
	struct memremap_create c = mk_create(0, len, MEMREMAP_TYPE_P2PDMA);

	c.flags = MEMREMAP_CREATE_PCI;
	c.pci_domain = d->domain;
	c.pci_devid = MEMREMAP_PCI_DEVID(d->bus, d->slot, d->func);
	c.pci_bar = bar;
	c.pci_offset = offset;
	return c;
}

/* A refusal that also left the device's binding as it was. */
static struct memremap_create pci_refused(const struct pcidev *d, struct memremap_create c,
					  int err, uint32_t reason, const char *what)
{
	char drv0[64], ovr0[64], drv1[64], ovr1[64];

	pci_binding(d, drv0, sizeof(drv0), ovr0, sizeof(ovr0));
	c = refused(c, err, reason, what);
	pci_binding(d, drv1, sizeof(drv1), ovr1, sizeof(ovr1));
	CHECK(!strcmp(drv0, drv1) && !strcmp(ovr0, ovr1),
	      "%s: device binding changed from driver '%s' override '%s' to '%s' '%s'",
	      what, drv0, ovr0, drv1, ovr1);
	return c;
}

#define IVSHMEM_VENDOR 0x1af4
#define IVSHMEM_DEVICE 0x1110
#define IVSHMEM_BAR 2		/* ivshmem-plain's shared memory */

static bool p2pdma_supported(struct pcidev *d)
{
	struct memremap_version v;

	REQUIRE(do_version(&v) == 0, "VERSION");
	if (!(v.types & (1U << MEMREMAP_TYPE_P2PDMA))) {
		struct pcidev fake = { .bus = 0, .slot = 16 };
		struct memremap_create c = refused(mk_pci(&fake, 2, 0, 0), EOPNOTSUPP,
						   MEMREMAP_R_TYPE_UNSUPPORTED,
						   "p2pdma without CONFIG_PCI_P2PDMA");

		CHECK_EQ(c.status.detail, MEMREMAP_KCONFIG_PCI_P2PDMA, "kernel option named");
		return false;
	}
	REQUIRE(v.features & MEMREMAP_FEAT_PCI, "p2pdma type without the PCI feature");
	REQUIRE(find_pci(IVSHMEM_VENDOR, IVSHMEM_DEVICE, d),
		"the guest needs an ivshmem-plain device (test/vm/run --ivshmem SIZE)");
	REQUIRE(d->bar[IVSHMEM_BAR].size >= 256 * MiB, "ivshmem BAR %d of %llu bytes",
		IVSHMEM_BAR, (unsigned long long)d->bar[IVSHMEM_BAR].size);
	return true;
}

TEST(p2pdma_refusals)
{
	struct memremap_create c;
	struct pcidev d, none;
	char path[320];

	if (!p2pdma_supported(&d))
		SKIP("kernel without CONFIG_PCI_P2PDMA (refusal checked)");
	none = d;
	none.slot = 31;
	none.func = 7;
	pci_refused(&d, mk_pci(&none, 2, 0, 0), ENODEV, MEMREMAP_R_PCI_NO_DEVICE,
		    "no device at that address");
	pci_refused(&d, mk_pci(&d, 1, 0, 0), EINVAL, MEMREMAP_R_PCI_BAR_INVALID,
		    "a BAR the device does not have");
	pci_refused(&d, mk_pci(&d, 6, 0, 0), EINVAL, MEMREMAP_R_PCI_BAR_INVALID,
		    "BAR 6");
	pci_refused(&d, mk_pci(&d, 0, 0, 0), EINVAL, MEMREMAP_R_UNALIGNED,
		    "a register BAR smaller than 2 MiB");
	c = pci_refused(&d, mk_pci(&d, IVSHMEM_BAR, d.bar[IVSHMEM_BAR].size, 0), ERANGE,
			MEMREMAP_R_PCI_BAR_RANGE, "offset at the end of the BAR");
	CHECK_EQ(c.status.detail, d.bar[IVSHMEM_BAR].size, "BAR length reported");
	pci_refused(&d, mk_pci(&d, IVSHMEM_BAR, 2 * MiB, d.bar[IVSHMEM_BAR].size),
		    ERANGE, MEMREMAP_R_PCI_BAR_RANGE, "offset plus size beyond the BAR");
	pci_refused(&d, mk_pci(&d, IVSHMEM_BAR, 4096, 0), EINVAL, MEMREMAP_R_UNALIGNED,
		    "offset not 2 MiB aligned");

	c = mk_pci(&d, IVSHMEM_BAR, 0, 0);
	c.start = d.bar[IVSHMEM_BAR].start;
	pci_refused(&d, c, EINVAL, MEMREMAP_R_PCI_START, "a start with a BAR");
	c = mk_pci(&d, IVSHMEM_BAR, 0, 0);
	c.flags |= MEMREMAP_CREATE_ALTMAP;
	pci_refused(&d, c, EINVAL, MEMREMAP_R_ALTMAP_TYPE, "altmap on BAR memory");
	c = mk_pci(&d, IVSHMEM_BAR, 0, 0);
	c.numa_node = 0;
	pci_refused(&d, c, EINVAL, MEMREMAP_R_PCI_NODE, "a NUMA node for BAR memory");
	c = mk_pci(&d, IVSHMEM_BAR, 0, 0);
	c.align = 2 * MiB;
	pci_refused(&d, c, EINVAL, MEMREMAP_R_ALIGN_TYPE, "compound pages on BAR memory");
	c = mk_pci(&d, IVSHMEM_BAR, 0, 0);
	c.type = MEMREMAP_TYPE_GENERIC;
	pci_refused(&d, c, EINVAL, MEMREMAP_R_PCI_TYPE, "a BAR for type generic");
	c = mk_create(d.bar[IVSHMEM_BAR].start, 64 * MiB, MEMREMAP_TYPE_P2PDMA);
	pci_refused(&d, c, EINVAL, MEMREMAP_R_P2PDMA_NEEDS_PCI, "p2pdma on a bare range");

	/* another driver's claim on the device is named */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", d.name);
	REQUIRE(write_str(path, "vfio-pci"), "set driver_override");
	c = pci_refused(&d, mk_pci(&d, IVSHMEM_BAR, 0, 0), EBUSY, MEMREMAP_R_PCI_DRIVER,
			"a device reserved for another driver");
	CHECK_EQ(c.status.conflict.kind, MEMREMAP_CONFLICT_DRIVER, "conflict kind");
	CHECK(!strcmp(c.status.conflict.name, "vfio-pci"), "conflict names '%s'",
	      c.status.conflict.name);
	CHECK_EQ(c.status.detail, MEMREMAP_PCI_DRIVER_OVERRIDE, "kept by driver_override");
	REQUIRE(write_str(path, "\n"), "clear driver_override");
}

TEST(p2pdma_whole_bar)
{
	struct memremap_create c, again;
	struct memremap_query q;
	char line[32], drv[64], ovr[64], path[320], buf[64];
	struct pcidev d;
	int fd;

	if (!p2pdma_supported(&d))
		SKIP("kernel without CONFIG_PCI_P2PDMA (refusal checked)");
	c = create_ok(mk_pci(&d, IVSHMEM_BAR, 0, 0));
	CHECK_EQ(c.info.type, MEMREMAP_TYPE_P2PDMA, "type");
	CHECK_EQ(c.info.start, d.bar[IVSHMEM_BAR].start, "start is the BAR's");
	CHECK_EQ(c.info.size, d.bar[IVSHMEM_BAR].size, "size 0 takes the whole BAR");
	CHECK(!strcmp(c.info.pci_device, d.name), "pci_device '%s', want %s",
	      c.info.pci_device, d.name);
	CHECK_EQ(c.info.pci_bar, IVSHMEM_BAR, "pci_bar");
	CHECK_EQ(c.info.pci_offset, 0, "pci_offset");
	CHECK_EQ(c.info.memmap_location, MEMREMAP_MEMMAP_RAM, "memmap in RAM");
	CHECK_EQ(c.info.memmap_bytes, c.info.size / PAGE * STRUCT_PAGE, "memmap bytes");
	/* memremap_pages() maps PCI memory uncached */
	CHECK_EQ(c.info.memtype, MEMREMAP_MEMTYPE_UC_MINUS, "memtype uncached-minus");
	CHECK(!strcmp(c.info.parent_name, d.name), "claimed inside the BAR, parent '%s'",
	      c.info.parent_name);
	REQUIRE(do_query(c.info.id, 0, NULL, &q) == 0, "query");
	CHECK(!memcmp(&q.info, &c.info, sizeof(q.info)), "query differs from create");
	check_sysfs(&q.info);
	snprintf(line, sizeof(line), "pagemap%u", c.info.id);
	CHECK(iomem_has_child(c.info.start, c.info.size, line), "/proc/iomem lacks %s", line);
	pci_binding(&d, drv, sizeof(drv), ovr, sizeof(ovr));
	CHECK(!strcmp(drv, "memremap_ctl") && !strcmp(ovr, "memremap_ctl"),
	      "device driver '%s' override '%s' while the pagemap lives", drv, ovr);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/size", d.name);
	CHECK(read_line(path, buf, sizeof(buf)) && strtoull(buf, NULL, 10) == c.info.size,
	      "the PCI core's p2pmem pool has '%s' bytes", buf);

	again = pci_refused(&d, mk_pci(&d, IVSHMEM_BAR, 0, 0), EBUSY, MEMREMAP_R_PCI_TAKEN,
			    "a second pagemap on the device");
	CHECK_EQ(again.status.conflict.id, c.info.id, "conflict names the pagemap");

	/* a held page makes destroy refuse rather than wait */
	fd = open("/dev/memremap", O_RDWR | O_CLOEXEC);
	REQUIRE(fd >= 0 && do_hold(fd, c.info.id, true) == 0, "hold");
	CHECK(do_destroy(c.info.id, NULL) == -EBUSY, "destroy while held");
	close(fd);

	REQUIRE(do_destroy(c.info.id, NULL) == 0, "destroy");
	CHECK(!iomem_has_child(c.info.start, c.info.size, line), "%s left in /proc/iomem",
	      line);
	pci_binding(&d, drv, sizeof(drv), ovr, sizeof(ovr));
	CHECK(!strcmp(drv, "") && !strcmp(ovr, "(null)"),
	      "after destroy: driver '%s' override '%s', want none", drv, ovr);
	CHECK(access(path, F_OK) != 0, "the p2pmem pool outlived the pagemap");
}

TEST(p2pdma_part_of_bar)
{
	struct memremap_create c;
	struct pcidev d;

	if (!p2pdma_supported(&d))
		SKIP("kernel without CONFIG_PCI_P2PDMA (refusal checked)");
	c = mk_pci(&d, IVSHMEM_BAR, 64 * MiB, 64 * MiB);
	strcpy(c.name, "p2p");
	c = create_ok(c);
	CHECK_EQ(c.info.start, d.bar[IVSHMEM_BAR].start + 64 * MiB, "start");
	CHECK_EQ(c.info.size, 64 * MiB, "size");
	CHECK_EQ(c.info.pci_offset, 64 * MiB, "pci_offset");
	CHECK(!strcmp(c.info.name, "p2p"), "name");
	check_sysfs(&c.info);
	REQUIRE(do_destroy(c.info.id, NULL) == 0, "destroy");
	/* the device is free again: the whole BAR works */
	c = create_ok(mk_pci(&d, IVSHMEM_BAR, 0, 0));
	REQUIRE(do_destroy(c.info.id, NULL) == 0, "destroy");
}

/*
 * The module is the device's driver while its pagemap lives: unbinding it
 * through sysfs takes the pagemap down. A device the administrator bound
 * to memremap_ctl stays bound after destroy.
 */
TEST(p2pdma_unbind_and_admin_bind)
{
	struct memremap_create c;
	struct memremap_query q;
	char path[320], drv[64], ovr[64], line[32];
	struct pcidev d;

	if (!p2pdma_supported(&d))
		SKIP("kernel without CONFIG_PCI_P2PDMA (refusal checked)");
	c = create_ok(mk_pci(&d, IVSHMEM_BAR, 0, 0));
	snprintf(line, sizeof(line), "pagemap%u", c.info.id);
	REQUIRE(write_str("/sys/bus/pci/drivers/memremap_ctl/unbind", d.name), "unbind");
	CHECK(do_query(c.info.id, 0, NULL, &q) == -ENOENT, "pagemap outlived the unbind");
	CHECK(!iomem_has_child(c.info.start, c.info.size, line), "%s left in /proc/iomem",
	      line);
	snprintf(path, sizeof(path), "/sys/class/memremap/%s", line);
	CHECK(access(path, F_OK) != 0, "%s left in sysfs", path);
	pci_binding(&d, drv, sizeof(drv), ovr, sizeof(ovr));
	CHECK(!strcmp(drv, "") && !strcmp(ovr, "(null)"),
	      "after unbind: driver '%s' override '%s'", drv, ovr);

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", d.name);
	REQUIRE(write_str(path, "memremap_ctl"), "set driver_override");
	REQUIRE(write_str("/sys/bus/pci/drivers/memremap_ctl/bind", d.name), "bind");
	c = create_ok(mk_pci(&d, IVSHMEM_BAR, 0, 0));
	REQUIRE(do_destroy(c.info.id, NULL) == 0, "destroy");
	pci_binding(&d, drv, sizeof(drv), ovr, sizeof(ovr));
	CHECK(!strcmp(drv, "memremap_ctl"), "a device the admin bound was unbound");
	REQUIRE(write_str("/sys/bus/pci/drivers/memremap_ctl/unbind", d.name), "unbind");
	REQUIRE(write_str(path, "\n"), "clear driver_override");
}

/* ---- private: migration in and out ------------------------------------ */

static int do_migrate(uint32_t id, void *addr, uint64_t len, struct memremap_migrate *out)
{
	struct memremap_migrate m = {
		.size = sizeof(m), .id = id,
		.addr = (uint64_t)(uintptr_t)addr, .length = len,
	};
	int ret = ioctl(mr_fd(), MEMREMAP_IOC_MIGRATE, &m) < 0 ? -errno : 0;

	if (out)
		*out = m;
	return ret;
}

/* /proc/self/pagemap: bit 63 present, bit 62 swapped (device-private entry) */
static int count_pages(void *addr, size_t pages, bool want_present)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	uint64_t e;
	size_t i;
	int n = 0;

	REQUIRE(fd >= 0, "/proc/self/pagemap: %s", strerror(errno));
	for (i = 0; i < pages; i++) {
		off_t off = (off_t)(((uintptr_t)addr / PAGE + i) * sizeof(e));

		REQUIRE(pread(fd, &e, sizeof(e), off) == sizeof(e), "read pagemap");
		if (want_present ? (e >> 63) & 1 : ((e >> 62) & 3) == 1)
			n++;
	}
	close(fd);
	return n;
}

#define WORDS (PAGE / sizeof(uint64_t))

static uint64_t pattern(size_t page, size_t word)
{
	return 0x6d656d72656d6170ULL ^ (page << 20) ^ word;
}

/* Fresh anonymous memory with a pattern that differs in every word. */
static uint64_t *patterned(size_t pages)
{
	uint64_t *buf = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t p, w;

	REQUIRE(buf != MAP_FAILED, "mmap: %s", strerror(errno));
	for (p = 0; p < pages; p++)
		for (w = 0; w < WORDS; w++)
			buf[p * WORDS + w] = pattern(p, w);
	return buf;
}

/* Words that no longer hold the pattern (reading faults pages back). */
static size_t pattern_errors(const uint64_t *buf, size_t pages)
{
	size_t p, w, bad = 0;

	for (p = 0; p < pages; p++)
		for (w = 0; w < WORDS; w++)
			bad += buf[p * WORDS + w] != pattern(p, w);
	return bad;
}

static bool private_supported(uint32_t *id)
{
	struct memremap_version v;
	struct memremap_migrate m;
	struct memremap_create c;

	REQUIRE(do_version(&v) == 0, "VERSION");
	if (!(v.types & (1U << MEMREMAP_TYPE_PRIVATE))) {
		c = create_ok(mk_create(pm0.start, 64 * MiB, MEMREMAP_TYPE_GENERIC));
		CHECK(do_migrate(c.info.id, NULL, PAGE, &m) == -EINVAL &&
		      m.status.reason == MEMREMAP_R_MIGRATE_TYPE,
		      "migrate into a generic pagemap: reason %s",
		      reason_name(m.status.reason));
		return false;
	}
	REQUIRE(v.features & MEMREMAP_FEAT_MIGRATE, "private type without MIGRATE");
	c = mk_create(0, 16 * MiB, MEMREMAP_TYPE_PRIVATE);
	strcpy(c.name, "mig");
	c = create_ok(c);
	*id = c.info.id;
	return true;
}

TEST(private_migrate_round_trip)
{
	const size_t pages = 64;
	struct memremap_destroy dst;
	struct memremap_migrate m;
	uint64_t *buf;
	uint32_t id;

	if (!private_supported(&id))
		SKIP("kernel without CONFIG_DEVICE_PRIVATE (refusal checked)");
	buf = patterned(pages);

	REQUIRE(do_migrate(id, buf, pages * PAGE, &m) == 0, "migrate: reason %s",
		reason_name(m.status.reason));
	CHECK_EQ(m.migrated, pages, "pages migrated");
	CHECK_EQ(count_pages(buf, pages, false), pages,
		 "pages mapped as device-private entries");
	CHECK(do_destroy(id, &dst) == -EBUSY && dst.status.reason == MEMREMAP_R_PAGES_IN_USE,
	      "destroy with pages in device memory: reason %s",
	      reason_name(dst.status.reason));
	CHECK_EQ(dst.status.detail, pages, "device pages in use");

	/* reading faults every page back to RAM with its data */
	CHECK_EQ(pattern_errors(buf, pages), 0, "words that came back wrong");
	CHECK_EQ(count_pages(buf, pages, true), pages, "pages present in RAM again");
	CHECK(do_destroy(id, NULL) == 0, "destroy once the pages are back");
	munmap(buf, pages * PAGE);
}

TEST(private_migrate_untouched_and_unmapped)
{
	const size_t pages = 32;
	struct memremap_migrate m;
	uint64_t *buf, sum = 0;
	size_t i;
	uint32_t id;

	if (!private_supported(&id))
		SKIP("kernel without CONFIG_DEVICE_PRIVATE (refusal checked)");
	/* pages never touched migrate as zeroes */
	buf = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(buf != MAP_FAILED, "mmap");
	REQUIRE(do_migrate(id, buf, pages * PAGE, &m) == 0, "migrate untouched: %s",
		reason_name(m.status.reason));
	CHECK_EQ(m.migrated, pages, "untouched pages migrated");
	for (i = 0; i < pages * PAGE / sizeof(*buf); i++)
		sum |= buf[i];
	CHECK_EQ(sum, 0, "untouched pages read back as zeroes");

	/* unmapping pages in device memory frees them */
	memset(buf, 0xa5, pages * PAGE);
	REQUIRE(do_migrate(id, buf, pages * PAGE, &m) == 0, "migrate again");
	CHECK_EQ(m.migrated, pages, "pages migrated");
	munmap(buf, pages * PAGE);
	CHECK(do_destroy(id, NULL) == 0, "destroy after the process unmapped them");
}

TEST(private_migrate_refusals)
{
	struct memremap_migrate m;
	struct memremap_create g;
	char *buf, *shared;
	uint32_t id;

	if (!private_supported(&id))
		SKIP("kernel without CONFIG_DEVICE_PRIVATE (refusal checked)");
	/* 16 MiB is 4096 device pages: one more does not fit */
	buf = mmap(NULL, 16 * MiB + PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(buf != MAP_FAILED && shared != MAP_FAILED, "mmap");
	memset(buf, 1, 16 * MiB + PAGE);

	CHECK(do_migrate(id, buf, 16 * MiB + PAGE, &m) == -ENOSPC &&
	      m.status.reason == MEMREMAP_R_MIGRATE_FULL && m.status.detail == 4096,
	      "more pages than the pagemap has: reason %s detail %llu",
	      reason_name(m.status.reason), (unsigned long long)m.status.detail);
	CHECK(do_migrate(id, buf + 1, PAGE, &m) == -EINVAL &&
	      m.status.reason == MEMREMAP_R_MIGRATE_RANGE, "unaligned address: %s",
	      reason_name(m.status.reason));
	CHECK(do_migrate(id, buf, 0, &m) == -EINVAL &&
	      m.status.reason == MEMREMAP_R_MIGRATE_RANGE, "length 0: %s",
	      reason_name(m.status.reason));
	CHECK(do_migrate(id, shared, PAGE, &m) == -EINVAL &&
	      m.status.reason == MEMREMAP_R_MIGRATE_RANGE, "shared memory: %s",
	      reason_name(m.status.reason));
	CHECK(do_migrate(id + 100, buf, PAGE, &m) == -ENOENT &&
	      m.status.reason == MEMREMAP_R_NO_SUCH_PAGEMAP, "no such pagemap: %s",
	      reason_name(m.status.reason));
	g = create_ok(mk_create(pm0.start, 64 * MiB, MEMREMAP_TYPE_GENERIC));
	CHECK(do_migrate(g.info.id, buf, PAGE, &m) == -EINVAL &&
	      m.status.reason == MEMREMAP_R_MIGRATE_TYPE, "a generic pagemap: %s",
	      reason_name(m.status.reason));
	CHECK_EQ(count_pages(buf, 16 * MiB / PAGE + 1, true), 16 * MiB / PAGE + 1,
		 "every page still in RAM after the refusals");
	munmap(buf, 16 * MiB + PAGE);
	munmap(shared, PAGE);
}

/*
 * Unloading with a p2pdma pagemap and private pages still in a process:
 * the module lets go of the PCI device and moves the pages back to RAM,
 * data intact, before it goes. Run alone (test/guest/abi-unload.sh).
 */
TEST(unload_with_device_pages)
{
	const size_t pages = 16;
	bool p2p, priv;
	struct memremap_migrate m;
	struct pcidev d;
	char drv[64], ovr[64];
	uint64_t *buf;
	uint32_t id;
	char *clean;

	mr_fd_close();
	clean = state_snapshot();
	p2p = p2pdma_supported(&d);
	if (p2p)
		create_ok(mk_pci(&d, IVSHMEM_BAR, 0, 0));
	priv = private_supported(&id);
	if (!p2p && !priv) {
		destroy_all();
		mr_fd_close();
		free(clean);
		SKIP("kernel without CONFIG_PCI_P2PDMA and CONFIG_DEVICE_PRIVATE");
	}
	buf = patterned(pages);
	if (priv) {
		REQUIRE(do_migrate(id, buf, pages * PAGE, &m) == 0 && m.migrated == pages,
			"migrate %llu of %zu pages", (unsigned long long)m.migrated, pages);
		CHECK_EQ(count_pages(buf, pages, false), pages, "pages in device memory");
	}
	mr_fd_close();
	REQUIRE(system("rmmod memremap_ctl") == 0, "rmmod failed");
	CHECK_EQ(count_pages(buf, pages, true), pages, "pages back in RAM after rmmod");
	CHECK_EQ(pattern_errors(buf, pages), 0, "words that came back wrong");
	if (p2p) {
		pci_binding(&d, drv, sizeof(drv), ovr, sizeof(ovr));
		CHECK(!strcmp(drv, "") && !strcmp(ovr, "(null)"),
		      "after rmmod: driver '%s' override '%s'", drv, ovr);
	}
	{
		char *now = state_snapshot();

		CHECK(!strcmp(now, clean), "state after rmmod:\n%s", now);
		free(now);
	}
	REQUIRE(system("modprobe memremap_ctl") == 0, "modprobe again");
	if (p2p)
		create_ok(mk_pci(&d, IVSHMEM_BAR, 0, 0));
	munmap(buf, pages * PAGE);
	free(clean);
}

/*
 * Page allocation failures in the module's own migration code: fail the
 * n-th page allocation of a migration, n = 1, 2, ... Each time the
 * pages that could not move stay in RAM, none is lost (all data reads
 * back), and every device page is given back (destroy succeeds).
 */
TEST(fault_injection_migrate)
{
	const size_t pages = 16;
	struct memremap_migrate m;
	char nth[16];
	int n, injected = 0, partial = 0;
	uint32_t id;

	arm_fault_injection(FI_PAGES);
	if (!private_supported(&id))
		SKIP("kernel without CONFIG_DEVICE_PRIVATE (refusal checked)");
	for (n = 1; n < 1000; n++) {
		uint64_t *buf = patterned(pages);
		int ret, left;

		snprintf(nth, sizeof(nth), "%d", n);
		REQUIRE(write_str("/proc/thread-self/fail-nth", nth), "arm fail-nth");
		ret = do_migrate(id, buf, pages * PAGE, &m);
		left = read_fail_nth();
		write_str("/proc/thread-self/fail-nth", "0");
		CHECK_EQ(pattern_errors(buf, pages), 0, "words wrong after fault");
		CHECK_EQ(count_pages(buf, pages, true), pages, "pages back in RAM");
		munmap(buf, pages * PAGE);
		if (left > 0) {		/* fewer than n page allocations */
			CHECK(ret == 0 && m.migrated == pages, "migration without a fault: %s, %llu",
			      reason_name(m.status.reason), (unsigned long long)m.migrated);
			break;
		}
		injected++;
		partial += ret == 0 && m.migrated < pages;
		/* every device page came back: the pagemap can go */
		REQUIRE(do_destroy(id, NULL) == 0, "destroy after fault %d: device pages leaked", n);
		if (ht_failed_checks)
			break;
		REQUIRE(private_supported(&id), "private pagemap again");
	}
	printf("# migrate: %d page allocations failed in turn, %d left pages in RAM\n",
	       injected, partial);
	CHECK(injected >= (int)pages, "only %d faults injected", injected);
	CHECK(partial > 0, "no failure left a page in RAM");
}

/*
 * A CPU fault on a private page that finds no RAM for the copy: the page
 * stays in device memory and the fault is retried, as the kernel's
 * test_hmm does (VM_FAULT_OOM from a fault handler only makes the kernel
 * complain and retry). Fail the n-th page allocation of the read that
 * faults the page back, n = 1, 2, ...: the read always completes with the
 * data, and each failure is counted in migration_failures.
 */
TEST(fault_injection_fault_back)
{
	uint64_t fails, fails0, outs0;
	struct memremap_migrate m;
	volatile uint64_t *buf;
	int n, injected = 0, left;
	char nth[16];
	uint32_t id;

	arm_fault_injection(FI_PAGES);
	if (!private_supported(&id))
		SKIP("kernel without CONFIG_DEVICE_PRIVATE (refusal checked)");
	buf = patterned(1);
	fails0 = sysfs_u64(id, "migration_failures");
	outs0 = sysfs_u64(id, "migration_out");
	for (n = 1; n < 100; n++) {
		uint64_t word;

		REQUIRE(do_migrate(id, (void *)buf, PAGE, &m) == 0 && m.migrated == 1,
			"migrate the page: %s", reason_name(m.status.reason));
		snprintf(nth, sizeof(nth), "%d", n);
		REQUIRE(write_str("/proc/thread-self/fail-nth", nth), "arm fail-nth");
		word = buf[0];		/* faults the page back to RAM */
		left = read_fail_nth();
		write_str("/proc/thread-self/fail-nth", "0");
		CHECK(pattern_errors((const uint64_t *)buf, 1) == 0,
		      "words wrong after fault %d (first %#llx)", n,
		      (unsigned long long)word);
		if (left > 0)		/* fewer than n page allocations */
			break;
		injected++;
	}
	fails = sysfs_u64(id, "migration_failures");
	printf("# fault back: %d page allocations failed in turn, %llu failures counted\n",
	       injected, (unsigned long long)(fails - fails0));
	CHECK(injected >= 1, "no page allocation of the fault failed");
	CHECK(fails - fails0 >= 1, "a failed copy back was not counted");
	CHECK_EQ(sysfs_u64(id, "migration_out") - outs0, (uint64_t)n,
		 "every fault moved the page back in the end");
	CHECK_EQ(sysfs_u64(id, "migration_pages_in_use"), 0, "device pages in use");
	munmap((void *)buf, PAGE);
}

/* ---- fault injection on the create paths of both types ------------------ */

static struct memremap_create mk_fault_private(const void *arg)
{
	(void)arg;
	return mk_create(0, 64 * MiB, MEMREMAP_TYPE_PRIVATE);
}

/*
 * Failures on the way to a private pagemap (the free range from
 * request_free_mem_region(), the module's structures, the class device):
 * each a clean error, nothing left in /proc/iomem or the class.
 */
TEST(fault_injection_create_private)
{
	const struct fault_create fc = { .what = "private", .make = mk_fault_private };
	struct memremap_version v;

	REQUIRE(do_version(&v) == 0, "VERSION");
	if (!(v.types & (1U << MEMREMAP_TYPE_PRIVATE)))
		SKIP("kernel without CONFIG_DEVICE_PRIVATE");
	CHECK(fault_loop_create(FI_SLAB, &fc) > 0, "no slab fault was injected");
	fault_loop_create(FI_PAGES, &fc);
}

static struct memremap_create mk_fault_p2pdma(const void *arg)
{
	return mk_pci(arg, IVSHMEM_BAR, 0, 64 * MiB);
}

/* The device's binding and whether it has p2pdma memory, as text. */
static char *p2pdma_state(const void *arg)
{
	const struct pcidev *d = arg;
	char drv[64], ovr[64], path[320], *out;

	pci_binding(d, drv, sizeof(drv), ovr, sizeof(ovr));
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem", d->name);
	REQUIRE(asprintf(&out, "driver '%s' override '%s' p2pmem %s\n", drv, ovr,
			 access(path, F_OK) ? "no" : "yes") > 0, "out of memory");
	return out;
}

/*
 * Failures on the way to a p2pdma pagemap (driver_override, binding the
 * module to the device, its devres group, the claim, the class device):
 * each a clean error that leaves the device unbound, without p2pdma
 * memory, and nothing in /proc/iomem or the class. The PCI core's own
 * pci_p2pdma_add_resource() is kept out of reach, as memremap_pages() is
 * (fault_isolate_memremap).
 */
TEST(fault_injection_create_p2pdma)
{
	struct pcidev d;
	struct fault_create fc = {
		.what = "p2pdma", .make = mk_fault_p2pdma, .extra_state = p2pdma_state,
	};

	arm_fault_injection(FI_SLAB);	/* skips first on a kernel without it */
	if (!p2pdma_supported(&d))
		SKIP("kernel without CONFIG_PCI_P2PDMA");
	fc.arg = &d;
	CHECK(fault_loop_create(FI_SLAB, &fc) > 0, "no slab fault was injected");
	fault_loop_create(FI_PAGES, &fc);
}
