// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Requests as a program means them: a range taken from a resource by name,
 * compared with the pagemap of the same name, planned and then carried out
 * idempotently. The decisions live here; how they are worded is the
 * caller's business (the errors below name no command line).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

/* ---- where the range comes from ---------------------------------------- */

MEMREMAP_EXPORT int memremap_params_set_source(struct memremap_params *params,
					       enum memremap_resource_kind kind,
					       const char *name)
{
	char *copy = NULL;

	if (name) {
		if (!*name || !memremap_resource_kind_to_str(kind))
			return -EINVAL;
		copy = strdup(name);
		if (!copy)
			return -ENOMEM;
	}
	free(params->source);
	params->source = copy;
	params->source_kind = copy ? kind : 0;
	return 0;
}

MEMREMAP_EXPORT void memremap_params_set_force(struct memremap_params *params, bool force)
{
	params->force = force;
}

/*
 * The alignment of an extent taken for params from a resource: the module's
 * (memremap_compat_align(), 2 MiB on x86), a whole memory section for an
 * altmap (the struct pages land in it only then), the compound page size
 * when larger.
 */
static uint64_t memremap_extent_align(struct memremap_ctx *ctx,
				      const struct memremap_params *params)
{
	uint64_t align = memremap_compat_align(ctx), section = memremap_section_size(ctx);

	if ((params->req.flags & MEMREMAP_CREATE_ALTMAP) && section > align)
		align = section;
	if (params->req.align > align)
		align = params->req.align;
	return align;
}

/* ---- a request against an existing pagemap -------------------------------- */

/* Does spec (a name or a uuid) name the namespace called name? */
static bool same_namespace(struct memremap_ctx *ctx, const char *spec, const char *name)
{
	struct memremap_resource *res;

	if (!strcmp(spec, name))
		return true;
	if (memremap_resource_find_namespace(ctx, spec, &res) < 0)
		return false;
	return strcmp(memremap_resource_get_name(res), name) == 0;
}

/* Does spec (regionN or N, as daxctl numbers them) name dax region have? */
static bool same_dax_region(const char *spec, const char *have)
{
	long id = memremap_dax_region_id(spec);

	return have && id >= 0 && id == memremap_dax_region_id(have);
}

static unsigned int source_differences(const struct memremap_params *params,
				       struct memremap_pagemap *pm)
{
	const char *have;

	switch (params->source_kind) {
	case MEMREMAP_RESOURCE_NAMESPACE:
		have = memremap_pagemap_get_namespace(pm);
		return have && same_namespace(pm->ctx, params->source, have) ?
		       0 : MEMREMAP_DIFF_SOURCE;
	case MEMREMAP_RESOURCE_DAX_REGION:
		return same_dax_region(params->source, memremap_pagemap_get_dax_region(pm)) ?
		       0 : MEMREMAP_DIFF_SOURCE;
	case MEMREMAP_RESOURCE_IOMEM:
		have = memremap_pagemap_get_parent(pm);
		return have && !strcmp(have, params->source) ? 0 : MEMREMAP_DIFF_SOURCE;
	}
	return 0;
}

static unsigned int pci_differences(const struct memremap_params *params,
				    struct memremap_pagemap *pm)
{
	const struct memremap_create *c = &params->req;
	unsigned int domain, devid, d = 0;

	if (memremap_pci_parse(memremap_pagemap_get_pci_device(pm), &domain, &devid, NULL) < 0)
		return MEMREMAP_DIFF_PCI_DEVICE;	/* on no PCI device */
	if (domain != c->pci_domain || devid != c->pci_devid)
		d |= MEMREMAP_DIFF_PCI_DEVICE;
	if (memremap_pagemap_get_pci_bar(pm) != (int)c->pci_bar)
		d |= MEMREMAP_DIFF_PCI_BAR;
	if (memremap_pagemap_get_pci_offset(pm) != c->pci_offset)
		d |= MEMREMAP_DIFF_PCI_OFFSET;
	return d;
}

/*
 * The reserve params asked for, as the kernel keeps it: exactly (it does
 * not round it). An altmap at the start of a namespace keeps the
 * namespace's info block when no reserve was given (see resolve()), which
 * a comparison cannot know without resolving the free extent again: that
 * one is accepted too.
 */
static bool reserve_as_asked(const struct memremap_params *params, uint64_t have)
{
	return have == params->req.reserve ||
	       (params->source_kind == MEMREMAP_RESOURCE_NAMESPACE &&
		!(params->given & MEMREMAP_GIVEN_RESERVE) && have == MEMREMAP_NS_INFO_BLOCK);
}

MEMREMAP_EXPORT unsigned int memremap_params_compare(const struct memremap_params *params,
						     struct memremap_pagemap *pm)
{
	const struct memremap_create *c = &params->req;
	bool altmap = c->flags & MEMREMAP_CREATE_ALTMAP;
	/* the kernel's page size, which VERSION says if it was asked */
	uint64_t page = memremap_kernel_get_page_size(pm->ctx) ?: (uint64_t)sysconf(_SC_PAGESIZE);
	unsigned int d = 0;

	if (c->flags & MEMREMAP_CREATE_PCI)
		d |= pci_differences(params, pm);
	d |= source_differences(params, pm);
	if ((params->given & MEMREMAP_GIVEN_START) && pm->info.start != c->start)
		d |= MEMREMAP_DIFF_START;
	if ((params->given & MEMREMAP_GIVEN_SIZE) && pm->info.size != c->length)
		d |= MEMREMAP_DIFF_SIZE;
	if (pm->info.type != c->type)
		d |= MEMREMAP_DIFF_TYPE;
	if (!!(pm->info.flags & MEMREMAP_INFO_ALTMAP) != altmap)
		d |= MEMREMAP_DIFF_ALTMAP;
	else if (altmap && !reserve_as_asked(params, pm->info.altmap_reserve))
		d |= MEMREMAP_DIFF_RESERVE;
	if (pm->info.align != (c->align ? c->align : page))
		d |= MEMREMAP_DIFF_ALIGN;
	if (c->numa_node >= 0 && pm->info.numa_node != c->numa_node)
		d |= MEMREMAP_DIFF_NUMA_NODE;
	return d;
}

/* ---- plans ----------------------------------------------------------------- */

struct memremap_plan {
	struct memremap_ctx *ctx;
	struct memremap_params params;		/* with the extent resolved */
	enum memremap_plan_outcome outcome;
	unsigned int differences;
	struct memremap_pagemap *pagemap;
	struct memremap_resource *resource;
	unsigned int namesakes;
	uint64_t align;
	bool disable;				/* the namespace must be disabled first */
	char *disabled;				/* description of what was */
	bool reenabled;
	char undo_error[ERRMSG_MAX];		/* why it could not be, or "" */
	enum memremap_error_kind error_kind;
	int err;				/* negative errno */
	char error[ERRMSG_MAX];
};

/* The plan cannot go on: outcome, and why in the library's words. */
static void plan_stop(struct memremap_plan *plan, enum memremap_plan_outcome outcome,
		      enum memremap_error_kind kind, int errnum, const char *format, ...)
	_memremap_printf_(5, 6);

static void plan_stop(struct memremap_plan *plan, enum memremap_plan_outcome outcome,
		      enum memremap_error_kind kind, int errnum, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(plan->error, sizeof(plan->error), format, args);
	va_end(args);
	plan->outcome = outcome;
	plan->error_kind = kind;
	plan->err = -errnum;
}

/* The last failure of a library call stops the plan. */
static void plan_stop_last(struct memremap_plan *plan, enum memremap_plan_outcome outcome)
{
	struct memremap_ctx *ctx = plan->ctx;

	snprintf(plan->error, sizeof(plan->error), "%s", ctx->last.msg);
	plan->outcome = outcome;
	plan->error_kind = ctx->last.kind;
	plan->err = ctx->last.err ? ctx->last.err : -EIO;
}

/* The /proc/iomem resource of the source's name holding the start asked for. */
static void pick_iomem(struct memremap_plan *plan)
{
	const struct memremap_create *c = &plan->params.req;
	bool at = plan->params.given & MEMREMAP_GIVEN_START;
	const char *name = plan->params.source;
	struct memremap_resource_iter *itr = memremap_resource_iter_new(plan->ctx);
	struct memremap_resource *res, *pick = NULL;
	int rc;

	if (!itr) {
		plan_stop(plan, MEMREMAP_PLAN_FAILED, MEMREMAP_ERROR_SYSTEM, ENOMEM,
			  "out of memory");
		return;
	}
	while ((rc = memremap_resource_iter_next(itr, &res)) == 0) {
		if (res->kind != MEMREMAP_RESOURCE_IOMEM || strcmp(res->name, name))
			continue;
		plan->namesakes++;
		if (!pick && (!at || (c->start >= res->start && c->start - res->start < res->size)))
			pick = res;
	}
	memremap_resource_iter_free(itr);
	if (rc < 0)
		plan_stop_last(plan, MEMREMAP_PLAN_FAILED);
	else if (!plan->namesakes)
		plan_stop(plan, MEMREMAP_PLAN_MISSING, MEMREMAP_ERROR_NOT_FOUND, ENOENT,
			  "there is no resource named \"%s\"", name);
	else if (!pick)
		plan_stop(plan, MEMREMAP_PLAN_OUTSIDE, MEMREMAP_ERROR_INVALID, EINVAL,
			  "0x%llx lies in no resource named \"%s\"",
			  (unsigned long long)c->start, name);
	else if (plan->namesakes > 1 && !at)
		plan_stop(plan, MEMREMAP_PLAN_AMBIGUOUS, MEMREMAP_ERROR_INVALID, EINVAL,
			  "%u resources are named \"%s\": a start picks one",
			  plan->namesakes, name);
	else
		plan->resource = pick;
}

static void pick_namespace(struct memremap_plan *plan)
{
	struct memremap_resource *res;

	if (memremap_resource_find_namespace(plan->ctx, plan->params.source, &res) < 0) {
		plan_stop_last(plan, plan->ctx->last.kind == MEMREMAP_ERROR_NOT_FOUND ?
			       MEMREMAP_PLAN_MISSING : MEMREMAP_PLAN_FAILED);
		return;
	}
	plan->resource = res;
	if (!res->enabled)
		return;
	if (!plan->params.force)
		plan_stop(plan, MEMREMAP_PLAN_ENABLED, MEMREMAP_ERROR_REFUSED, EBUSY,
			  "%s is enabled: disable it first", res->description);
	else
		plan->disable = true;
}

static void pick_dax_region(struct memremap_plan *plan)
{
	struct memremap_resource *res;

	if (memremap_resource_find_dax_region(plan->ctx, plan->params.source, &res) < 0)
		plan_stop_last(plan, plan->ctx->last.kind == MEMREMAP_ERROR_NOT_FOUND ?
			       MEMREMAP_PLAN_MISSING : MEMREMAP_PLAN_FAILED);
	else
		plan->resource = res;
}

/* The source's free extent into the request's start and size. */
static void resolve(struct memremap_plan *plan)
{
	struct memremap_create *c = &plan->params.req;
	unsigned int given = plan->params.given;
	struct memremap_resource *res;
	uint64_t start, len;
	char amount[32];
	int rc;

	plan->resource = NULL;
	plan->namesakes = 0;
	if (plan->params.source_kind == MEMREMAP_RESOURCE_IOMEM)
		pick_iomem(plan);
	else if (plan->params.source_kind == MEMREMAP_RESOURCE_NAMESPACE)
		pick_namespace(plan);
	else
		pick_dax_region(plan);
	res = plan->resource;
	if (plan->outcome != MEMREMAP_PLAN_CREATE || plan->disable)
		return;

	plan->align = memremap_extent_align(plan->ctx, &plan->params);
	rc = memremap_resource_get_free_extent(res, plan->align,
					       given & MEMREMAP_GIVEN_START ? c->start : UINT64_MAX,
					       given & MEMREMAP_GIVEN_SIZE ? c->length : 0,
					       &start, &len);
	if (rc == -EINVAL) {
		plan_stop(plan, MEMREMAP_PLAN_OUTSIDE, MEMREMAP_ERROR_INVALID, EINVAL,
			  "0x%llx lies outside %s (0x%llx-0x%llx)", (unsigned long long)c->start,
			  res->description, (unsigned long long)res->start,
			  (unsigned long long)(res->start + res->size - 1));
		return;
	}
	if (rc < 0) {
		memremap_format_bytes(amount, sizeof(amount), plan->align);
		plan_stop(plan, MEMREMAP_PLAN_NO_EXTENT, MEMREMAP_ERROR_REFUSED, ENOSPC,
			  "%s has no free extent of the size and start asked for, aligned to %s "
			  "(%llu bytes free)", res->description, amount,
			  (unsigned long long)res->free);
		return;
	}
	/* an altmap writes struct pages at the start: keep a namespace's info block */
	if (plan->params.source_kind == MEMREMAP_RESOURCE_NAMESPACE &&
	    (c->flags & MEMREMAP_CREATE_ALTMAP) && !(given & MEMREMAP_GIVEN_RESERVE) &&
	    start == res->start)
		c->reserve = MEMREMAP_NS_INFO_BLOCK;
	c->start = start;
	c->length = len;
}

/* A pagemap of the request's name exists: the same, or a conflict. */
static void compare_existing(struct memremap_plan *plan, struct memremap_pagemap *pm)
{
	plan->pagemap = pm;
	plan->differences = memremap_params_compare(&plan->params, pm);
	if (!plan->differences)
		plan->outcome = MEMREMAP_PLAN_UNCHANGED;
	else
		plan_stop(plan, MEMREMAP_PLAN_CONFLICT, MEMREMAP_ERROR_REFUSED, EEXIST,
			  "%s \"%s\" exists with other parameters", pm->devname, pm->info.name);
}

static void plan_make(struct memremap_plan *plan)
{
	const char *name = plan->params.req.name;
	struct memremap_pagemap *pm;
	int rc;

	plan->outcome = MEMREMAP_PLAN_CREATE;
	if (name[0]) {
		rc = memremap_pagemap_get_by_name(plan->ctx, name, &pm);
		if (rc == 0) {
			compare_existing(plan, pm);
			return;
		}
		if (rc != -ENOENT) {
			plan_stop_last(plan, MEMREMAP_PLAN_FAILED);
			return;
		}
	}
	if (plan->params.source)
		resolve(plan);
}

MEMREMAP_EXPORT void memremap_plan_free(struct memremap_plan *plan)
{
	if (!plan)
		return;
	free(plan->params.source);
	free(plan->disabled);
	memremap_unref(plan->ctx);
	free(plan);
}

MEMREMAP_EXPORT int memremap_plan_new(struct memremap_ctx *ctx,
				      const struct memremap_params *params,
				      struct memremap_plan **out)
{
	struct memremap_plan *plan = calloc(1, sizeof(*plan));

	*out = NULL;
	if (!plan)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	plan->params = *params;
	plan->params.source = NULL;
	if (params->source) {
		plan->params.source = strdup(params->source);
		if (!plan->params.source) {
			free(plan);
			return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
		}
	}
	plan->ctx = memremap_ref(ctx);
	/* the module's alignments, when it answers (the defaults otherwise) */
	if (params->source && memremap_kernel_query(ctx) < 0)
		mr_dbg(ctx, "no VERSION answer: default alignments");
	plan_make(plan);
	*out = plan;
	return 0;
}

/* The plan stopped: its reason is the context's last error. */
static int plan_fail(struct memremap_plan *plan)
{
	struct memremap_ctx *ctx = plan->ctx;

	snprintf(ctx->last.msg, sizeof(ctx->last.msg), "%s", plan->error);
	ctx->last.kind = plan->error_kind;
	if (plan->outcome != MEMREMAP_PLAN_FAILED)
		ctx->last.reason = MEMREMAP_R_NONE;
	ctx->last.err = plan->err;
	return plan->err;
}

/* Disable the namespace the plan takes its range from, and resolve again. */
static int disable_source(struct memremap_plan *plan)
{
	struct memremap_resource *res = plan->resource;

	plan->disabled = strdup(res->description);
	if (!plan->disabled) {
		plan_stop(plan, MEMREMAP_PLAN_FAILED, MEMREMAP_ERROR_SYSTEM, ENOMEM,
			  "out of memory");
		return -ENOMEM;
	}
	if (memremap_resource_disable(res) < 0) {
		free(plan->disabled);
		plan->disabled = NULL;
		plan_stop_last(plan, MEMREMAP_PLAN_FAILED);
		return plan->err;
	}
	plan->disable = false;
	resolve(plan);
	if (plan->disable) {		/* enabled again by someone else meanwhile */
		plan->disable = false;
		plan_stop(plan, MEMREMAP_PLAN_ENABLED, MEMREMAP_ERROR_REFUSED, EBUSY,
			  "%s is enabled again", plan->resource->description);
		return -EBUSY;
	}
	return 0;
}

/* A failed create on a namespace the plan disabled: enable it again. */
static void undo_disable(struct memremap_plan *plan)
{
	struct memremap_ctx *ctx = plan->ctx;
	struct memremap_resource *res;
	typeof(ctx->last) last = ctx->last;

	if (!plan->disabled || plan->outcome == MEMREMAP_PLAN_CREATED ||
	    plan->outcome == MEMREMAP_PLAN_UNCHANGED)
		return;
	if (memremap_resource_find_namespace(ctx, plan->params.source, &res) == 0 &&
	    memremap_resource_enable(res) == 0)
		plan->reenabled = true;
	else
		snprintf(plan->undo_error, sizeof(plan->undo_error), "%s", ctx->last.msg);
	ctx->last = last;
}

static void create(struct memremap_plan *plan)
{
	struct memremap_ctx *ctx = plan->ctx;
	const char *name = plan->params.req.name;
	struct memremap_pagemap *pm;

	if (plan->disable && disable_source(plan) < 0)
		return;
	if (plan->outcome != MEMREMAP_PLAN_CREATE)
		return;
	if (memremap_pagemap_create(ctx, &plan->params, &pm) == 0) {
		plan->pagemap = pm;
		plan->outcome = MEMREMAP_PLAN_CREATED;
		return;
	}
	/* lost a race with another create of the same name: compare with that one */
	if (name[0] && ctx->last.reason == MEMREMAP_R_NAME_EXISTS && memremap_rescan(ctx) == 0 &&
	    memremap_pagemap_get_by_name(ctx, name, &pm) == 0) {
		compare_existing(plan, pm);
		return;
	}
	plan_stop_last(plan, MEMREMAP_PLAN_FAILED);
}

MEMREMAP_EXPORT int memremap_plan_apply(struct memremap_plan *plan,
					struct memremap_pagemap **pagemap)
{
	*pagemap = NULL;
	if (plan->outcome == MEMREMAP_PLAN_CREATE) {
		create(plan);
		undo_disable(plan);
	}
	if (plan->outcome != MEMREMAP_PLAN_CREATED && plan->outcome != MEMREMAP_PLAN_UNCHANGED)
		return plan_fail(plan);
	*pagemap = plan->pagemap;
	return 0;
}

#define PGETTER(rtype, what, expr)						\
MEMREMAP_EXPORT rtype memremap_plan_##what(const struct memremap_plan *plan)	\
{										\
	return expr;								\
}

PGETTER(enum memremap_plan_outcome, get_outcome, plan->outcome)
PGETTER(unsigned int, get_differences, plan->differences)
PGETTER(struct memremap_pagemap *, get_pagemap, plan->pagemap)
PGETTER(struct memremap_resource *, get_resource, plan->resource)
PGETTER(unsigned int, get_namesakes, plan->namesakes)
PGETTER(uint64_t, get_start, plan->params.req.start)
PGETTER(uint64_t, get_size, plan->params.req.length)
PGETTER(uint64_t, get_reserve, plan->params.req.reserve)
PGETTER(uint64_t, get_extent_align, plan->align)
PGETTER(bool, will_disable, plan->disable)
PGETTER(const char *, get_disabled, plan->disabled)
PGETTER(bool, is_reenabled, plan->reenabled)
PGETTER(const char *, get_undo_error, plan->undo_error[0] ? plan->undo_error : NULL)
PGETTER(const char *, get_error, plan->error[0] ? plan->error : NULL)
PGETTER(enum memremap_error_kind, get_error_kind, plan->error_kind)

MEMREMAP_EXPORT const char *memremap_plan_outcome_to_str(enum memremap_plan_outcome outcome)
{
	static const char *const names[] = {
		[MEMREMAP_PLAN_CREATE] = "create", [MEMREMAP_PLAN_CREATED] = "created",
		[MEMREMAP_PLAN_UNCHANGED] = "unchanged", [MEMREMAP_PLAN_CONFLICT] = "conflict",
		[MEMREMAP_PLAN_MISSING] = "missing", [MEMREMAP_PLAN_ENABLED] = "enabled",
		[MEMREMAP_PLAN_AMBIGUOUS] = "ambiguous", [MEMREMAP_PLAN_OUTSIDE] = "outside",
		[MEMREMAP_PLAN_NO_EXTENT] = "no_extent", [MEMREMAP_PLAN_FAILED] = "failed",
	};

	return (unsigned int)outcome < ARRAY_SIZE(names) ? names[outcome] : NULL;
}
