// SPDX-License-Identifier: LGPL-2.1-or-later
/* Requests: the parameter object, create and destroy. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "private.h"

MEMREMAP_EXPORT int memremap_params_new(struct memremap_params **params)
{
	struct memremap_params *p = calloc(1, sizeof(*p));

	*params = p;
	if (!p)
		return -ENOMEM;
	p->req.type = MEMREMAP_TYPE_GENERIC;
	p->req.numa_node = -1;
	return 0;
}

MEMREMAP_EXPORT void memremap_params_free(struct memremap_params *params)
{
	if (params)
		free(params->source);
	free(params);
}

MEMREMAP_EXPORT void memremap_params_set_start(struct memremap_params *params, uint64_t start)
{
	params->req.start = start;
	params->given |= MEMREMAP_GIVEN_START;
}

MEMREMAP_EXPORT void memremap_params_set_size(struct memremap_params *params, uint64_t size)
{
	params->req.length = size;
	params->given |= MEMREMAP_GIVEN_SIZE;
}

MEMREMAP_EXPORT int memremap_params_set_type(struct memremap_params *params,
					     enum memremap_type type)
{
	if (!memremap_type_to_str(type) || type == MEMREMAP_TYPE_NONE)
		return -EINVAL;
	params->req.type = type;
	return 0;
}

MEMREMAP_EXPORT void memremap_params_set_altmap(struct memremap_params *params, bool altmap)
{
	if (altmap)
		params->req.flags |= MEMREMAP_CREATE_ALTMAP;
	else
		params->req.flags &= ~MEMREMAP_CREATE_ALTMAP;
}

MEMREMAP_EXPORT void memremap_params_set_reserve(struct memremap_params *params,
						 uint64_t reserve)
{
	params->req.reserve = reserve;
	params->given |= MEMREMAP_GIVEN_RESERVE;
}

MEMREMAP_EXPORT void memremap_params_set_align(struct memremap_params *params, uint64_t align)
{
	params->req.align = align;
}

MEMREMAP_EXPORT void memremap_params_set_numa_node(struct memremap_params *params, int node)
{
	params->req.numa_node = node;
}

MEMREMAP_EXPORT int memremap_params_set_name(struct memremap_params *params, const char *name)
{
	if (!name || !*name) {
		memset(params->req.name, 0, sizeof(params->req.name));
		return 0;
	}
	if (memremap_name_check(name, NULL) < 0)
		return -EINVAL;
	memset(params->req.name, 0, sizeof(params->req.name));
	memcpy(params->req.name, name, strlen(name));
	return 0;
}

MEMREMAP_EXPORT int memremap_params_set_pci(struct memremap_params *params, const char *device,
					    int bar, uint64_t offset)
{
	unsigned int domain, devid;

	if (bar < 0 || bar > 5 || memremap_pci_parse(device, &domain, &devid, NULL) < 0)
		return -EINVAL;
	params->req.flags |= MEMREMAP_CREATE_PCI;
	params->req.type = MEMREMAP_TYPE_P2PDMA;
	params->req.pci_domain = domain;
	params->req.pci_devid = devid;
	params->req.pci_bar = (unsigned int)bar;
	params->req.pci_offset = offset;
	return 0;
}

MEMREMAP_EXPORT int memremap_pagemap_create(struct memremap_ctx *ctx,
					    const struct memremap_params *params,
					    struct memremap_pagemap **pagemap)
{
	struct memremap_create c = params->req;
	struct memremap_settle *settle;
	struct memremap_pagemap *pm;
	int fd, rc;

	*pagemap = NULL;
	c.size = sizeof(c);
	memset(&c.status, 0, sizeof(c.status));
	memset(&c.info, 0, sizeof(c.info));
	fd = memremap_control_fd(ctx);
	if (fd < 0)
		return fd;
	rc = memremap_preflight(ctx, &c);
	if (rc < 0)
		return rc;

	settle = memremap_settle_prepare(ctx);
	rc = ioctl(fd, MEMREMAP_IOC_CREATE, &c) < 0 ? -errno : 0;
	if (rc < 0) {
		char owner[192];
		struct memremap_request_view rq = {
			.op = MEMREMAP_OP_CREATE, .start = c.start, .size = c.length,
			.reserve = c.reserve, .align = c.align, .type = c.type,
			.numa_node = c.numa_node, .name = params->req.name,
			.altmap = c.flags & MEMREMAP_CREATE_ALTMAP,
			.pci = c.flags & MEMREMAP_CREATE_PCI, .pci_domain = c.pci_domain,
			.pci_devid = c.pci_devid, .pci_bar = c.pci_bar,
			.pci_offset = c.pci_offset, .owner = owner,
		};

		memremap_describe_conflict(ctx, &c.status.conflict, owner, sizeof(owner));
		memremap_settle_free(settle);
		return memremap_fail_status(ctx, -rc, &c.status, &rq);
	}
	pm = memremap_pagemap_alloc(ctx);
	if (!pm) {
		memremap_settle_free(settle);
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM,
				     "pagemap%u was created but memory ran out", c.info.id);
	}
	memremap_pagemap_from_info(pm, &c.info);
	mr_info(ctx, "created %s at 0x%llx, %llu bytes", pm->devname,
		(unsigned long long)pm->info.start, (unsigned long long)pm->info.size);
	memremap_settle_wait(ctx, settle, pm->devname);
	memremap_settle_free(settle);
	rc = memremap_list_insert(ctx, pm);
	if (rc < 0)
		return rc;
	*pagemap = pm;
	return 0;
}

MEMREMAP_EXPORT int memremap_pagemap_destroy(struct memremap_pagemap *pm)
{
	return memremap_pagemap_destroy_flags(pm, 0);
}

/* -EOPNOTSUPP, explained, when the module lacks a feature the call needs */
static int need_feature(struct memremap_ctx *ctx, uint32_t feature, const char *what)
{
	int rc;

	if (!ctx->kinfo.abi_version && (rc = memremap_kernel_query(ctx)) < 0)
		return rc;
	if (ctx->kinfo.features & feature)
		return 0;
	return memremap_fail(ctx, MEMREMAP_ERROR_UNSUPPORTED, EOPNOTSUPP,
			     "%s needs a newer memremap_ctl module (this one lacks it); "
			     "load the one installed with this library", what);
}

MEMREMAP_EXPORT int memremap_pagemap_destroy_flags(struct memremap_pagemap *pm,
						   unsigned int flags)
{
	struct memremap_ctx *ctx = pm->ctx;
	struct memremap_destroy d = { .size = sizeof(d), .flags = flags, .id = pm->info.id };
	int fd, rc;

	if (flags && (rc = need_feature(ctx, MEMREMAP_FEAT_MIGRATE_PID, "destroy --evict")) < 0)
		return rc;

	fd = memremap_control_fd(ctx);
	if (fd < 0)
		return fd;
	rc = ioctl(fd, MEMREMAP_IOC_DESTROY, &d) < 0 ? -errno : 0;
	if (rc < 0) {
		struct memremap_request_view rq = {
			.op = MEMREMAP_OP_DESTROY, .id = pm->info.id, .name = pm->info.name,
			.type = pm->info.type, .start = pm->info.start, .size = pm->info.size,
		};

		char holders[256];

		if (d.status.reason == MEMREMAP_R_IN_USE) {
			memremap_node_holders(ctx, pm->info.id, holders, sizeof(holders));
			rq.owner = holders;
		} else if (d.status.reason == MEMREMAP_R_PAGES_IN_USE) {
			memremap_devpage_holders(ctx, pm->info.start, pm->info.size, holders,
						 sizeof(holders));
			rq.owner = holders;
		} else if (d.status.reason == MEMREMAP_R_EVICT_FAILED) {
			memremap_devpage_holders(ctx, d.status.conflict.start, 4096, holders,
						 sizeof(holders));
			rq.owner = holders;
		}
		if (d.status.reason == MEMREMAP_R_NO_SUCH_PAGEMAP)
			memremap_list_remove(ctx, pm);
		return memremap_fail_status(ctx, -rc, &d.status, &rq);
	}
	mr_info(ctx, "destroyed %s", pm->devname);
	memremap_list_remove(ctx, pm);
	return 0;
}

MEMREMAP_EXPORT int memremap_pagemap_migrate(struct memremap_pagemap *pm, void *addr,
					     size_t length, uint64_t *migrated)
{
	struct memremap_ctx *ctx = pm->ctx;
	struct memremap_migrate m = {
		.size = sizeof(m), .id = pm->info.id,
		.addr = (uint64_t)(uintptr_t)addr, .length = length,
	};
	int fd, rc;

	if (migrated)
		*migrated = 0;
	fd = memremap_control_fd(ctx);
	if (fd < 0)
		return fd;
	rc = ioctl(fd, MEMREMAP_IOC_MIGRATE, &m) < 0 ? -errno : 0;
	if (rc < 0) {
		struct memremap_request_view rq = {
			.op = MEMREMAP_OP_MIGRATE, .id = pm->info.id, .name = pm->info.name,
			.type = pm->info.type, .start = m.addr, .size = m.length,
		};

		return memremap_fail_status(ctx, -rc, &m.status, &rq);
	}
	if (migrated)
		*migrated = m.migrated;
	mr_dbg(ctx, "migrated %llu pages into %s", (unsigned long long)m.migrated, pm->devname);
	return 0;
}

MEMREMAP_EXPORT int memremap_pagemap_migrate_process(struct memremap_pagemap *pm, int pid,
						     uint64_t start, uint64_t length,
						     unsigned int flags,
						     struct memremap_migration *result)
{
	struct memremap_ctx *ctx = pm->ctx;
	struct memremap_migrate m = {
		.size = sizeof(m), .id = pm->info.id, .addr = start, .length = length,
		.flags = flags | MEMREMAP_MIGRATE_SPAN, .pid = pid,
	};
	size_t i;
	int fd, rc;

	if (result)
		memset(result, 0, sizeof(*result));
	rc = need_feature(ctx, MEMREMAP_FEAT_MIGRATE_PID, "migrating another process's memory");
	if (rc < 0)
		return rc;
	fd = memremap_control_fd(ctx);
	if (fd < 0)
		return fd;
	rc = ioctl(fd, MEMREMAP_IOC_MIGRATE, &m) < 0 ? -errno : 0;
	if (result) {
		result->moved = m.migrated;
		for (i = 0; i < MEMREMAP_SKIP_SLOTS && i < ARRAY_SIZE(result->skipped); i++)
			result->skipped[i] = m.skipped[i];
		result->free = m.free;
	}
	if (rc < 0) {
		struct memremap_request_view rq = {
			.op = MEMREMAP_OP_MIGRATE, .id = pm->info.id, .name = pm->info.name,
			.type = pm->info.type, .start = start, .size = length,
		};
		char holders[256];

		if (m.status.reason == MEMREMAP_R_IN_USE) {
			memremap_node_holders(ctx, pm->info.id, holders, sizeof(holders));
			rq.owner = holders;
		}
		return memremap_fail_status(ctx, -rc, &m.status, &rq);
	}
	mr_dbg(ctx, "pid %d: %llu pages moved %s %s", pid, (unsigned long long)m.migrated,
	       flags & MEMREMAP_MIGRATE_TO_RAM ? "out of" : "into", pm->devname);
	return 0;
}

MEMREMAP_EXPORT const char *memremap_skip_to_str(unsigned int why)
{
	static const char *const words[] = {
		[MEMREMAP_SKIP_FILE] = "file",
		[MEMREMAP_SKIP_SHARED] = "shared",
		[MEMREMAP_SKIP_LOCKED] = "locked",
		[MEMREMAP_SKIP_SPECIAL] = "special",
		[MEMREMAP_SKIP_PINNED] = "pinned",
		[MEMREMAP_SKIP_THP] = "thp",
		[MEMREMAP_SKIP_BUSY] = "busy",
		[MEMREMAP_SKIP_FULL] = "full",
		[MEMREMAP_SKIP_NOMEM] = "nomem",
	};

	return why < ARRAY_SIZE(words) ? words[why] : NULL;
}
