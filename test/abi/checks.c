// SPDX-License-Identifier: GPL-2.0
/*
 * Checks the ABI test files share: the guest's ranges, creates that must
 * succeed or be refused without a trace, and sysfs against the ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
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
uint64_t memmap_ram_kept(uint64_t start, uint64_t size)
{
	int64_t memmap = vmstat_pages("nr_memmap_pages");
	struct memremap_create c;
	uint64_t before, after;

	before = free_ram();
	c = create_ok(mk_create(start, size, MEMREMAP_TYPE_GENERIC));
	REQUIRE(do_destroy(c.info.id, NULL) == 0, "destroy");
	after = free_ram();
	/*
	 * Only the kernel's own count (Linux 6.9 on) can say that the memmap
	 * went back to the kernel: without it, all of it must come back.
	 */
	if (memmap < 0)
		return 0;
	CHECK_EQ(vmstat_pages("nr_memmap_pages"), memmap,
		 "memmap pages after destroy");
	return before > after ? before - after : 0;
}

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
	{
		static const char *const memtypes[] = { "none", "write-back",
			"write-combining", "uncached-minus", "uncached",
			"write-through", "write-protected" };

		sysfs_attr(id, "memtype", buf, sizeof(buf));
		CHECK(i->memtype <= 6 && !strcmp(buf, memtypes[i->memtype]),
		      "sysfs memtype '%s' for memtype %u", buf, i->memtype);
	}
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


int read_fail_nth(void)
{
	FILE *f = fopen("/proc/thread-self/fail-nth", "r");
	int n = -1;

	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/*
 * Arm fault injection for this thread's allocations (fail-nth picks which
 * one fails), quietly: a stack dump per injected failure would read as a
 * kernel problem in the guest log. FI_SLAB fails slab allocations, FI_PAGES
 * page allocations.
 *
 * The module is told to keep fail-nth out of memremap_pages(): Linux 6.1
 * cannot recover from allocation failures in there (found by these tests
 * under KASAN): a failed __add_pages() WARNs and leaks its memory section
 * (every later create of the range gets EEXIST), and a failed order-0
 * page table allocation in the x86 direct map (phys_pud_init ->
 * alloc_low_page) oopses in phys_pmd_init. What is tested is the module's
 * own error handling around that call.
 */
void arm_fault_injection(enum fi_kind kind)
{
	const char *const knobs[][2] = {
		{ "/sys/kernel/debug/failslab/ignore-gfp-wait", "N" },
		{ "/sys/kernel/debug/failslab/verbose", "0" },
		{ "/sys/kernel/debug/failslab/cache-filter",
		  kind == FI_SLAB ? "N" : "Y" },
		{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/min-order",
		  kind == FI_PAGES ? "0" : "11" },
		{ "/sys/kernel/debug/fail_page_alloc/verbose", "0" },
	};
	size_t i;

	if (access("/proc/thread-self/fail-nth", W_OK))
		SKIP("kernel without CONFIG_FAULT_INJECTION (fail-nth)");
	REQUIRE(write_str("/sys/module/memremap_ctl/parameters/"
			  "fault_isolate_memremap", "Y"),
		"module lacks fault_isolate_memremap");
	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		REQUIRE(write_str(knobs[i][0], knobs[i][1]), "cannot set %s",
			knobs[i][0]);
}

/* What a failed create must leave as it was, as text. */
static char *fault_state(const struct fault_create *fc)
{
	char *base = state_snapshot(), *extra, *out;

	if (!fc->extra_state)
		return base;
	extra = fc->extra_state(fc->arg);
	REQUIRE(asprintf(&out, "%s%s", base, extra) > 0, "out of memory");
	free(base);
	free(extra);
	return out;
}

/*
 * Fail the n-th allocation of one create, for n = 1, 2, ... until the
 * create makes fewer allocations than n. Every failure must be a clean
 * error that leaves /proc/iomem, the class directory, fc->extra_state and
 * free RAM as they were; then the same create must still work. Returns
 * how many faults were injected; the pagemap of the last create is gone.
 */
int fault_loop_create(enum fi_kind kind, const struct fault_create *fc)
{
	char *clean, *now, nth[16];
	uint64_t ram_before;
	int64_t lost;
	int n, injected = 0, survived = 0;

	arm_fault_injection(kind);
	clean = fault_state(fc);
	for (n = 1; n < 5000; n++) {
		struct memremap_create c = fc->make(fc->arg);
		int ret, left;

		strcpy(c.name, "fault");
		ram_before = free_ram();
		snprintf(nth, sizeof(nth), "%d", n);
		REQUIRE(write_str("/proc/thread-self/fail-nth", nth),
			"arm fail-nth");
		ret = do_create(&c);
		left = read_fail_nth();
		write_str("/proc/thread-self/fail-nth", "0");
		if (left > 0) {		/* fewer than n allocations */
			CHECK(ret == 0, "%s: create without injection: %s",
			      fc->what, strerror(-ret));
			break;
		}
		injected++;
		if (ret == 0) {		/* the kernel coped with it */
			survived++;
			REQUIRE(do_destroy(c.info.id, NULL) == 0,
				"%s: destroy after surviving fault %d", fc->what, n);
			continue;
		}
		now = fault_state(fc);
		CHECK(!strcmp(now, clean), "%s: fault %d: state left behind:\n%s",
		      fc->what, n, now);
		free(now);
		/* a leaked memmap would be MiBs; slab noise is KiBs and
		 * kmemleak judges slab leaks */
		lost = (int64_t)(ram_before - free_ram());
		CHECK(lost < (int64_t)MiB, "%s: fault %d: %lld KiB of RAM lost",
		      fc->what, n, (long long)lost / 1024);
		/* one rule: a failed allocation is KERNEL with its errno */
		CHECK(c.status.reason == MEMREMAP_R_KERNEL && c.status.error == ret,
		      "%s: fault %d: %s, reason %s, status.error %d", fc->what, n,
		      strerror(-ret), reason_name(c.status.reason), c.status.error);
		if (ht_failed_checks)
			break;
	}
	printf("# %s, %s: %d allocations failed in turn, %d survived\n",
	       kind == FI_SLAB ? "slab" : "pages", fc->what, injected, survived);
	CHECK_EQ(destroy_all(), 1, "pagemaps after the last create");
	free(clean);
	return injected;
}
