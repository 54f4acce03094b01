// SPDX-License-Identifier: GPL-2.0
/*
 * Checks the ABI test files share: the guest's ranges, creates that must
 * succeed or be refused without a trace, and sysfs against the ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util.h"

struct range_ pm0, pm1;

void need_ranges(void)
{
	REQUIRE(pmem_range(0, &pm0) && pmem_range(1, &pm1),
		"guest needs two Persistent Memory (legacy) ranges");
	REQUIRE(pm0.size >= 512 * MiB && pm1.size >= GiB,
		"ranges too small: %#llx, %#llx",
		(unsigned long long)pm0.size, (unsigned long long)pm1.size);
}

void reset(void)
{
	destroy_all();
	need_ranges();
}

/* Create, requiring success. */
struct memremap_create create_ok(struct memremap_create c)
{
	int ret = do_create(&c);

	REQUIRE(ret == 0, "create %#llx+%#llx type %u: %s, reason %s",
		(unsigned long long)c.start, (unsigned long long)c.length,
		c.type, strerror(-ret), reason_name(c.status.reason));
	return c;
}

/*
 * A refused request: the right errno and reason, and nothing changed in
 * /proc/iomem or /sys/class/memremap.
 */
struct memremap_create refused(struct memremap_create c, int err, uint32_t reason,
			       const char *what)
{
	char *before = state_snapshot(), *after;
	int ret = do_create(&c);

	CHECK(ret == -err, "%s: errno %d (%s), expected %d", what, -ret,
	      strerror(-ret), err);
	CHECK(c.status.reason == reason, "%s: reason %s, expected %s", what,
	      reason_name(c.status.reason), reason_name(reason));
	after = state_snapshot();
	CHECK(!strcmp(before, after), "%s: state changed:\n%s\n---\n%s", what,
	      before, after);
	free(before);
	free(after);
	return c;
}

/* Every attribute in sysfs says what the ioctl said. */
void check_sysfs(const struct memremap_pagemap_info *i)
{
	static const char *const types[] = { "", "generic", "fsdax",
		"coherent", "private", "p2pdma" };
	char buf[128];
	uint32_t id = i->id;

	CHECK_EQ(sysfs_u64(id, "id"), i->id, "sysfs id");
	CHECK_EQ(sysfs_u64(id, "start"), i->start, "sysfs start");
	CHECK_EQ(sysfs_u64(id, "size"), i->size, "sysfs size");
	CHECK_EQ(sysfs_u64(id, "align"), i->align, "sysfs align");
	CHECK_EQ(sysfs_u64(id, "altmap"), !!(i->flags & MEMREMAP_INFO_ALTMAP),
		 "sysfs altmap");
	CHECK_EQ(sysfs_u64(id, "altmap_reserve"), i->altmap_reserve,
		 "sysfs altmap_reserve");
	CHECK_EQ(sysfs_u64(id, "altmap_free"), i->altmap_free,
		 "sysfs altmap_free");
	CHECK_EQ(sysfs_u64(id, "altmap_alloc"), i->altmap_alloc,
		 "sysfs altmap_alloc");
	CHECK_EQ(sysfs_u64(id, "memmap_bytes"), i->memmap_bytes,
		 "sysfs memmap_bytes");
	CHECK_EQ(sysfs_u64(id, "data_offset"), i->data_offset,
		 "sysfs data_offset");
	CHECK_EQ(sysfs_u64(id, "parent_start"), i->parent_start,
		 "sysfs parent_start");
	CHECK_EQ(sysfs_u64(id, "parent_size"), i->parent_size,
		 "sysfs parent_size");
	CHECK_EQ(strtoll((sysfs_attr(id, "numa_node", buf, sizeof(buf)), buf),
			 NULL, 10), i->numa_node, "sysfs numa_node");
	sysfs_attr(id, "type", buf, sizeof(buf));
	CHECK(i->type <= 5 && !strcmp(buf, types[i->type]),
	      "sysfs type '%s' for type %u", buf, i->type);
	sysfs_attr(id, "name", buf, sizeof(buf));
	CHECK(!strcmp(buf, i->name), "sysfs name '%s' vs '%s'", buf, i->name);
	sysfs_attr(id, "parent", buf, sizeof(buf));
	CHECK(!strcmp(buf, i->parent_name), "sysfs parent '%s' vs '%s'", buf,
	      i->parent_name);
	sysfs_attr(id, "namespace", buf, sizeof(buf));
	CHECK(!strcmp(buf, i->origin_namespace), "sysfs namespace '%s' vs '%s'", buf,
	      i->origin_namespace);
	sysfs_attr(id, "dax_region", buf, sizeof(buf));
	CHECK(!strcmp(buf, i->origin_dax_region), "sysfs dax_region '%s' vs '%s'", buf,
	      i->origin_dax_region);
	sysfs_attr(id, "pci_device", buf, sizeof(buf));
	CHECK(!strcmp(buf, i->pci_device), "sysfs pci_device '%s' vs '%s'", buf,
	      i->pci_device);
	CHECK_EQ(strtoll((sysfs_attr(id, "pci_bar", buf, sizeof(buf)), buf),
			 NULL, 10), i->pci_bar, "sysfs pci_bar");
	CHECK_EQ(sysfs_u64(id, "pci_offset"), i->pci_offset, "sysfs pci_offset");
	sysfs_attr(id, "memmap_location", buf, sizeof(buf));
	CHECK(!strcmp(buf, i->memmap_location == MEMREMAP_MEMMAP_ALTMAP ?
		      "altmap" : "ram"), "sysfs memmap_location '%s'", buf);
}

