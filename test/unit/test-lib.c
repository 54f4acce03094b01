// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmemremap through its public API on canned sysfs trees (mktree.sh):
 * context, logging, enumeration, getters, iteration, lookups, parameters
 * and failures that need no kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

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
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		diag("could not remove %s", root);
	return done();
}
