// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmemremap through its public API on canned sysfs trees (mktree.sh):
 * context, logging, enumeration, getters, iteration, lookups, parameters
 * and failures that need no kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include <memremap/libmemremap.h>
#include "tap.h"

static int logged;

static void count_log(struct memremap_ctx *ctx, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	logged++;
}

static struct memremap_ctx *context_on(const char *root)
{
	struct memremap_ctx *ctx;
	char sys[512];

	if (memremap_new(&ctx) < 0)
		return NULL;
	snprintf(sys, sizeof(sys), "%s/sys", root);
	memremap_set_sysfs_root(ctx, sys);
	memremap_set_log_fn(ctx, count_log);
	return ctx;
}

static int make_tree(const char *root, int count)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "sh '%s/test/unit/mktree.sh' '%s' %d", getenv("TOP_SRCDIR"),
		 root, count);
	return system(cmd);
}

static void test_context(void)
{
	struct memremap_ctx *ctx;
	int data;

	setenv("MEMREMAP_LOG", "debug", 1);
	ok(memremap_new(&ctx) == 0, "memremap_new");
	ok(memremap_get_log_priority(ctx) == 7, "MEMREMAP_LOG=debug sets priority 7");
	memremap_unref(ctx);
	setenv("MEMREMAP_LOG", "4", 1);
	ok(memremap_new(&ctx) == 0 && memremap_get_log_priority(ctx) == 4, "MEMREMAP_LOG=4 sets priority 4");
	unsetenv("MEMREMAP_LOG");
	memremap_set_userdata(ctx, &data);
	ok(memremap_get_userdata(ctx) == &data, "userdata round trip");
	ok(memremap_ref(ctx) == ctx, "ref returns the context");
	ok(memremap_unref(ctx) == ctx, "unref with a reference left returns it");
	ok(strcmp(memremap_get_sysfs_root(ctx), "/sys") == 0, "sysfs root is /sys by default");
	ok(strcmp(memremap_get_device_path(ctx), "/dev/memremap") == 0, "device is /dev/memremap by default");
	ok(memremap_unref(ctx) == NULL, "last unref frees");
	ok(memremap_get_library_version()[0] != '\0', "library version: %s", memremap_get_library_version());
}

static void test_names(void)
{
	const char *why;
	struct memremap_params *p;

	ok(memremap_type_from_str("fsdax") == MEMREMAP_TYPE_FSDAX, "type fsdax");
	ok(memremap_type_from_str("p2pdma") == MEMREMAP_TYPE_P2PDMA, "type p2pdma");
	ok(memremap_type_from_str("none") == -EINVAL, "type none is no type");
	ok(memremap_memtype_from_str("uncached-minus") == MEMREMAP_MEMTYPE_UC_MINUS,
	   "memtype uncached-minus");
	ok(!strcmp(memremap_memtype_to_str(MEMREMAP_MEMTYPE_WB), "write-back"),
	   "memtype write-back named");
	ok(!memremap_memtype_to_str(MEMREMAP_MEMTYPE_UNKNOWN) &&
	   !memremap_memtype_to_str((enum memremap_memtype)99), "unknown memtypes have no word");
	ok(memremap_memtype_from_str("none") == -EINVAL, "memtype none is no memtype");
	ok(strcmp(memremap_type_to_str(MEMREMAP_TYPE_COHERENT), "coherent") == 0, "coherent by name");
	ok(memremap_type_to_str(MEMREMAP_TYPE_P2PDMA + 1) == NULL, "no name beyond the last type");
	ok(strcmp(memremap_memmap_location_to_str(MEMREMAP_MEMMAP_ALTMAP), "altmap") == 0, "location altmap");
	ok(memremap_name_check("scratch-1.a_b", NULL) == 0, "a good name");
	ok(memremap_name_check("pagemap", NULL) == 0, "pagemap alone is a name");
	ok(memremap_name_check("pagemap12", &why) == -EINVAL, "pagemap12 is not a name");
	ok(memremap_name_check("0", &why) == -EINVAL, "0 is not a name");
	ok(memremap_name_check("a:b", &why) == -EINVAL && strstr(why, "letters"), "a:b is not a name");
	ok(memremap_params_new(&p) == 0, "params");
	ok(memremap_params_set_type(p, MEMREMAP_TYPE_NONE) == -EINVAL, "params refuse type none");
	ok(memremap_params_set_type(p, MEMREMAP_TYPE_FSDAX) == 0, "params take fsdax");
	ok(memremap_params_set_name(p, "all") == -EINVAL, "params refuse the name all");
	ok(memremap_name_check("all", &why) == -EINVAL && !strstr(why, "memremapctl"),
	   "the name all: refused without naming a command line (%s)", why);
	ok(memremap_params_set_name(p, "ok") == 0, "params take a name");
	ok(memremap_params_set_pci(p, "00:10", 2, 0) == -EINVAL, "params refuse a PCI address without function");
	ok(memremap_params_set_pci(p, "0000:00:10.0", 6, 0) == -EINVAL, "params refuse BAR 6");
	ok(memremap_params_set_pci(p, "0000:00:10.0", 2, 0) == 0, "params take a PCI device and BAR");
	memremap_params_free(p);
}

static void test_enumeration(const char *root)
{
	struct memremap_ctx *ctx = context_on(root);
	struct memremap_iter *itr = memremap_iter_new(ctx);
	struct memremap_pagemap *pm;
	unsigned int n = 0, last = 0;
	int rc, sorted = 1;

	while ((rc = memremap_iter_next(itr, &pm)) == 0) {
		if (n && memremap_pagemap_get_id(pm) <= last)
			sorted = 0;
		last = memremap_pagemap_get_id(pm);
		n++;
	}
	ok(rc == 1 && n == 40, "iteration ends with 1 after 40 pagemaps");
	ok(sorted, "iteration is in id order");
	ok(memremap_iter_next(itr, &pm) == 1 && pm == NULL, "the end stays the end");
	memremap_iter_reset(itr);
	ok(memremap_iter_next(itr, &pm) == 0 && memremap_pagemap_get_id(pm) == 0, "reset starts over");
	memremap_iter_free(itr);

	ok(memremap_pagemap_get_by_id(ctx, 0, &pm) == 0, "pagemap0 by id");
	ok(strcmp(memremap_pagemap_get_devname(pm), "pagemap0") == 0, "devname");
	ok(strcmp(memremap_pagemap_get_name(pm), "scratch") == 0, "name");
	ok(memremap_pagemap_get_type(pm) == MEMREMAP_TYPE_GENERIC, "type");
	ok(memremap_pagemap_get_start(pm) == 0x100000000ULL, "start (hex attribute)");
	ok(memremap_pagemap_get_size(pm) == 256ULL << 20, "size");
	ok(memremap_pagemap_get_numa_node(pm) == 0, "numa node");
	ok(memremap_pagemap_get_align(pm) == 4096, "align");
	ok(memremap_pagemap_has_altmap(pm), "altmap");
	ok(memremap_pagemap_get_altmap_reserve(pm) == 2ULL << 20, "altmap reserve");
	ok(memremap_pagemap_get_altmap_free(pm) == 6ULL << 20, "altmap free");
	ok(memremap_pagemap_get_altmap_alloc(pm) == 4ULL << 20, "altmap alloc");
	ok(memremap_pagemap_get_memmap_bytes(pm) == 4ULL << 20, "memmap bytes");
	ok(memremap_pagemap_get_memmap_location(pm) == MEMREMAP_MEMMAP_ALTMAP, "memmap location");
	ok(memremap_pagemap_get_data_offset(pm) == 8ULL << 20, "data offset");
	ok(strcmp(memremap_pagemap_get_parent(pm), "Persistent Memory (legacy)") == 0, "parent");
	ok(memremap_pagemap_get_parent_start(pm) == 0x100000000ULL, "parent start");
	ok(memremap_pagemap_get_parent_size(pm) == 1ULL << 40, "parent size");
	ok(memremap_pagemap_get_ctx(pm) == ctx && memremap_pagemap_is_active(pm), "ctx, active");

	ok(memremap_pagemap_get_by_id(ctx, 3, &pm) == 0 && memremap_pagemap_get_name(pm) == NULL &&
	   memremap_pagemap_get_numa_node(pm) == -1, "pagemap3: unnamed, no node");
	ok(memremap_pagemap_get_by_id(ctx, 4, &pm) == 0 && memremap_pagemap_get_parent(pm) == NULL &&
	   memremap_pagemap_get_parent_start(pm) == 0, "pagemap4: no parent (parent_start \"0\")");
	ok(memremap_pagemap_get_by_name(ctx, "pm38", &pm) == 0 && memremap_pagemap_get_id(pm) == 38,
	   "pm38 by name");
	ok(memremap_pagemap_find(ctx, "pagemap7", &pm) == 0 && memremap_pagemap_get_id(pm) == 7, "find pagemap7");
	ok(memremap_pagemap_find(ctx, "12", &pm) == 0 && memremap_pagemap_get_id(pm) == 12, "find 12");
	ok(memremap_pagemap_find(ctx, "pm6", &pm) == 0 && memremap_pagemap_get_id(pm) == 6, "find pm6");
	ok(memremap_pagemap_find(ctx, "pagemap99", &pm) == -ENOENT && pm == NULL, "find pagemap99: ENOENT");
	ok(memremap_get_last_error_kind(ctx) == MEMREMAP_ERROR_NOT_FOUND, "  ... kind not found");
	contains(memremap_get_last_error(ctx), "pagemap99 does not exist", "  ... saying so");
	ok(memremap_pagemap_get_by_name(ctx, "nope", &pm) == -ENOENT, "unknown name: ENOENT");
	contains(memremap_get_last_error(ctx), "no pagemap is named \"nope\"", "  ... saying so");
	ok(memremap_pagemap_find(ctx, "a b", &pm) == -EINVAL &&
	   memremap_get_last_error_kind(ctx) == MEMREMAP_ERROR_INVALID, "find 'a b': EINVAL");
	ok(memremap_rescan(ctx) == 0 && memremap_pagemap_get_by_id(ctx, 0, &pm) == 0, "rescan");
	memremap_unref(ctx);
}

static void test_failures(const char *root)
{
	struct memremap_ctx *ctx = context_on(root);
	struct memremap_params *p;
	struct memremap_pagemap *pm = (void *)1;
	char dev[512];

	snprintf(dev, sizeof(dev), "%s/no-node", root);
	memremap_set_device_path(ctx, dev);
	if (memremap_params_new(&p) < 0)
		return;
	memremap_params_set_start(p, 0x80000000ULL);
	memremap_params_set_size(p, 2 << 20);
	ok(memremap_pagemap_create(ctx, p, &pm) == -ENOENT && pm == NULL, "create without the node: ENOENT");
	ok(memremap_get_last_error_kind(ctx) == MEMREMAP_ERROR_SYSTEM, "  ... a system failure");
	contains(memremap_get_last_error(ctx), "does not exist: module memremap_ctl is not loaded",
		 "  ... saying the module is not loaded");
	ok(memremap_kernel_query(ctx) == -ENOENT && memremap_kernel_get_abi_version(ctx) == 0,
	   "kernel query without the node: ENOENT, no ABI version");
	memremap_params_free(p);

	logged = 0;
	memremap_set_log_priority(ctx, 7);
	memremap_set_sysfs_root(ctx, "/nonexistent");
	ok(memremap_rescan(ctx) == 0 && memremap_pagemap_get_by_id(ctx, 0, &pm) == -ENOENT,
	   "no class directory: no pagemaps");
	ok(logged > 0, "debug messages reach the log function");
	memremap_set_log_priority(ctx, 3);
	logged = 0;
	ok(memremap_rescan(ctx) == 0, "rescan of a missing class directory");
	ok(logged == 0, "below the priority nothing is logged");
	memremap_unref(ctx);
}

/* A context for plans: no control node, so nothing is loaded or asked. */
static struct memremap_ctx *plan_context(const char *root)
{
	struct memremap_ctx *ctx = context_on(root);
	char dev[512];

	snprintf(dev, sizeof(dev), "%s/dev/memremap", root);
	memremap_set_device_path(ctx, dev);
	return ctx;
}

static struct memremap_params *params_at(uint64_t start, uint64_t size)
{
	struct memremap_params *p;

	if (memremap_params_new(&p) < 0)
		exit(99);
	if (start)
		memremap_params_set_start(p, start);
	if (size)
		memremap_params_set_size(p, size);
	return p;
}

#define MiB (UINT64_C(1) << 20)

/* What differs between requests and the canned pagemaps (see mktree.sh). */
static void test_compare(const char *root)
{
	struct memremap_ctx *ctx = plan_context(root);
	struct memremap_pagemap *scratch, *p2p, *dax;
	struct memremap_params *p;

	if (memremap_pagemap_get_by_id(ctx, 0, &scratch) < 0 ||
	    memremap_pagemap_get_by_id(ctx, 6, &p2p) < 0 ||
	    memremap_pagemap_get_by_id(ctx, 10, &dax) < 0)
		exit(99);
	/* pagemap0 "scratch": generic, 0x100000000, 256M, altmap, reserve 2M, node 0 */
	p = params_at(0x100000000, 256 * MiB);
	memremap_params_set_altmap(p, true);
	memremap_params_set_reserve(p, 2 * MiB);
	ok(memremap_params_compare(p, scratch) == 0, "the same request: no difference");
	memremap_params_set_reserve(p, 4096);
	ok(memremap_params_compare(p, scratch) == MEMREMAP_DIFF_RESERVE,
	   "reserve 4K against a 2M reserve: the reserve differs (the kernel keeps it exactly)");
	memremap_params_set_reserve(p, 2 * MiB + 4096);
	ok(memremap_params_compare(p, scratch) == MEMREMAP_DIFF_RESERVE,
	   "reserve 2M + 4K against 2M: the reserve differs");
	memremap_params_set_reserve(p, 2 * MiB);
	memremap_params_set_numa_node(p, 1);
	memremap_params_set_align(p, 2 * MiB);
	ok(memremap_params_compare(p, scratch) == (MEMREMAP_DIFF_NUMA_NODE | MEMREMAP_DIFF_ALIGN),
	   "node and compound page size differ");
	memremap_params_set_numa_node(p, -1);
	memremap_params_set_align(p, 4096);
	memremap_params_set_start(p, 0x110000000);
	ok(memremap_params_set_type(p, MEMREMAP_TYPE_FSDAX) == 0 &&
	   memremap_params_compare(p, scratch) == (MEMREMAP_DIFF_START | MEMREMAP_DIFF_TYPE),
	   "start and type differ; node -1 matches any node");
	memremap_params_free(p);

	p = params_at(0, 0);
	ok(memremap_params_compare(p, scratch) == MEMREMAP_DIFF_ALTMAP,
	   "no start or size: not compared; no altmap asked, one there");
	ok(memremap_params_set_source(p, MEMREMAP_RESOURCE_IOMEM, "Persistent Memory (legacy)") == 0 &&
	   memremap_params_compare(p, scratch) == MEMREMAP_DIFF_ALTMAP,
	   "the resource it lies in: the same source");
	ok(memremap_params_set_source(p, MEMREMAP_RESOURCE_IOMEM, "Soft Reserved") == 0 &&
	   memremap_params_compare(p, scratch) == (MEMREMAP_DIFF_SOURCE | MEMREMAP_DIFF_ALTMAP),
	   "another resource: the source differs");
	ok(memremap_params_set_source(p, MEMREMAP_RESOURCE_DAX_REGION, "0") == 0 &&
	   !(memremap_params_compare(p, dax) & MEMREMAP_DIFF_SOURCE), "dax region 0 is region0");
	ok(memremap_params_set_source(p, MEMREMAP_RESOURCE_DAX_REGION, "region1") == 0 &&
	   (memremap_params_compare(p, dax) & MEMREMAP_DIFF_SOURCE), "region1 is not region0");
	ok(memremap_params_set_source(p, MEMREMAP_RESOURCE_NAMESPACE, "") == -EINVAL,
	   "an empty source name is refused");
	memremap_params_free(p);

	/* pagemap6: p2pdma on BAR 2 of 0000:06:10.0, offset 0 */
	p = params_at(0, 0);
	ok(memremap_params_set_pci(p, "06:10.0", 2, 0) == 0 &&
	   memremap_params_compare(p, p2p) == 0,
	   "the PCI device spelled without its domain is the same device");
	ok(memremap_params_set_pci(p, "0000:07:10.0", 3, 64 * MiB) == 0 &&
	   memremap_params_compare(p, p2p) == (MEMREMAP_DIFF_PCI_DEVICE | MEMREMAP_DIFF_PCI_BAR |
					       MEMREMAP_DIFF_PCI_OFFSET),
	   "device, BAR and offset differ");
	ok(memremap_params_compare(p, scratch) & MEMREMAP_DIFF_PCI_DEVICE,
	   "a pagemap on no PCI device differs in its device");
	memremap_params_free(p);
	memremap_unref(ctx);
}

static void write_iomem(const char *root)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/iomem", root);
	f = fopen(path, "w");
	if (!f)
		exit(99);
	fputs("00000000-00000fff : Reserved\n"
	      "00100000-7fffffff : System RAM\n"
	      "80000000-9fffffff : Persistent Memory (legacy)\n"
	      "a0000000-a7ffffff : Soft Reserved\n"
	      "a8000000-afffffff : Soft Reserved\n"
	      "100000000-37fffffff : Persistent Memory\n", f);
	fclose(f);
}

/* plan p on ctx: its outcome (the plan in *out when out is not NULL) */
static enum memremap_plan_outcome plan(struct memremap_ctx *ctx, struct memremap_params *p,
				       struct memremap_plan **out)
{
	struct memremap_plan *pl;
	enum memremap_plan_outcome o;

	if (memremap_plan_new(ctx, p, &pl) < 0)
		exit(99);
	o = memremap_plan_get_outcome(pl);
	if (out)
		*out = pl;
	else
		memremap_plan_free(pl);
	return o;
}

/* Extents taken from resources, and every outcome a plan can have without a kernel. */
static void test_plans(const char *root)
{
	struct memremap_ctx *ctx = plan_context(root);
	enum memremap_plan_outcome o;
	struct memremap_pagemap *pm;
	struct memremap_params *p;
	struct memremap_plan *pl;

	write_iomem(root);
	p = params_at(0, 0);
	if (memremap_params_set_source(p, MEMREMAP_RESOURCE_IOMEM, "Persistent Memory (legacy)"))
		exit(99);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_CREATE && memremap_plan_get_start(pl) == 0x80000000 &&
	   memremap_plan_get_size(pl) == 512 * MiB && memremap_plan_get_extent_align(pl) == 2 * MiB,
	   "a resource alone: all of its free extent, 2 MiB aligned");
	memremap_plan_free(pl);
	memremap_params_set_altmap(p, true);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_CREATE &&
	   memremap_plan_get_extent_align(pl) == 128 * MiB,
	   "with an altmap: aligned to a whole memory section");
	memremap_plan_free(pl);
	memremap_params_set_align(p, UINT64_C(1) << 30);
	/* planned before ok()'s arguments, which C evaluates in any order */
	o = plan(ctx, p, &pl);
	ok(o == MEMREMAP_PLAN_NO_EXTENT &&
	   memremap_plan_get_extent_align(pl) == UINT64_C(1) << 30 && memremap_plan_get_error(pl),
	   "1G compound pages: no 1G aligned extent in 512M (%s)", memremap_plan_get_error(pl));
	ok(memremap_plan_apply(pl, &pm) == -ENOSPC &&
	   !strcmp(memremap_get_last_error(ctx), memremap_plan_get_error(pl)),
	   "applying it: -ENOSPC, the plan's sentence as the last error");
	memremap_plan_free(pl);
	memremap_params_set_align(p, 0);
	memremap_params_set_altmap(p, false);
	memremap_params_set_start(p, 0x90000000);
	memremap_params_set_size(p, 128 * MiB);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_CREATE && memremap_plan_get_start(pl) == 0x90000000 &&
	   memremap_plan_get_size(pl) == 128 * MiB, "a start and size in the resource: those");
	memremap_plan_free(pl);
	memremap_params_set_start(p, 0x9f000000);
	ok(plan(ctx, p, NULL) == MEMREMAP_PLAN_NO_EXTENT, "a size that does not fit at the start");
	memremap_params_set_start(p, 0x70000000);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_OUTSIDE && !memremap_plan_get_resource(pl) &&
	   memremap_plan_get_namesakes(pl) == 1, "a start in no resource of that name");
	memremap_plan_free(pl);
	memremap_params_free(p);

	p = params_at(0, 0);
	if (memremap_params_set_source(p, MEMREMAP_RESOURCE_IOMEM, "Soft Reserved"))
		exit(99);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_AMBIGUOUS && memremap_plan_get_namesakes(pl) == 2,
	   "two resources of the name and no start: ambiguous");
	memremap_plan_free(pl);
	memremap_params_set_start(p, 0xa8000000);
	memremap_params_set_altmap(p, true);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_CREATE && memremap_plan_get_start(pl) == 0xa8000000 &&
	   memremap_plan_get_size(pl) == 128 * MiB, "a start picks one of them");
	memremap_plan_free(pl);
	if (memremap_params_set_source(p, MEMREMAP_RESOURCE_IOMEM, "Nowhere"))
		exit(99);
	o = plan(ctx, p, &pl);
	ok(o == MEMREMAP_PLAN_MISSING &&
	   memremap_plan_get_error_kind(pl) == MEMREMAP_ERROR_NOT_FOUND,
	   "a resource nobody has: missing (%s)", memremap_plan_get_error(pl));
	ok(memremap_plan_apply(pl, &pm) == -ENOENT && !pm, "applying it: -ENOENT, no pagemap");
	memremap_plan_free(pl);
	if (memremap_params_set_source(p, MEMREMAP_RESOURCE_NAMESPACE, "namespace0.0"))
		exit(99);
	ok(plan(ctx, p, NULL) == MEMREMAP_PLAN_MISSING, "a namespace nobody has: missing");
	if (memremap_params_set_source(p, MEMREMAP_RESOURCE_DAX_REGION, "regionx"))
		exit(99);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_FAILED &&
	   memremap_plan_get_error_kind(pl) == MEMREMAP_ERROR_INVALID,
	   "a dax region that can be none: failed, invalid");
	memremap_plan_free(pl);
	memremap_params_free(p);

	/* by name: pagemap0 "scratch" exists */
	p = params_at(0x100000000, 256 * MiB);
	memremap_params_set_altmap(p, true);
	memremap_params_set_reserve(p, 2 * MiB);
	if (memremap_params_set_name(p, "scratch"))
		exit(99);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_UNCHANGED, "the same pagemap by name: unchanged");
	ok(memremap_plan_apply(pl, &pm) == 0 && pm && memremap_pagemap_get_id(pm) == 0,
	   "applying it: 0 and the pagemap there, nothing asked of the kernel");
	memremap_plan_free(pl);
	memremap_params_set_reserve(p, 4096);
	ok(plan(ctx, p, &pl) == MEMREMAP_PLAN_CONFLICT &&
	   memremap_plan_get_differences(pl) == MEMREMAP_DIFF_RESERVE &&
	   memremap_pagemap_get_id(memremap_plan_get_pagemap(pl)) == 0,
	   "another reserve by name: a conflict in the reserve, with the pagemap");
	ok(memremap_plan_apply(pl, &pm) == -EEXIST, "applying it: -EEXIST");
	memremap_plan_free(pl);
	memremap_params_free(p);
	ok(!strcmp(memremap_plan_outcome_to_str(MEMREMAP_PLAN_NO_EXTENT), "no_extent") &&
	   !memremap_plan_outcome_to_str(0), "outcomes by name");
	memremap_unref(ctx);
}

int main(void)
{
	char root[] = "/tmp/libmemremap-test.XXXXXX";
	char cmd[600];

	if (!getenv("TOP_SRCDIR") || !mkdtemp(root)) {
		printf("1..0 # SKIP needs TOP_SRCDIR (run through make check)\n");
		return 0;
	}
	test_context();
	test_names();
	ok(make_tree(root, 40) == 0, "canned tree of 40 pagemaps");
	test_enumeration(root);
	test_failures(root);
	test_compare(root);
	test_plans(root);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		diag("could not remove %s", root);
	return done();
}
