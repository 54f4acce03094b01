// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Resources: the ranges a pagemap can be made on, under the names their
 * users know them by, and what already holds parts of them.
 *
 * /proc/iomem says what the kernel has claimed; libndctl and libdaxctl add
 * what it cannot show (disabled namespaces, dax capacity that claims
 * nothing) and the names ndctl and daxctl users know: a namespace's mode
 * and device, a dax device's state. Every owner is described in those
 * terms, and so are the conflicts the module reports on create.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ndctl/libndctl.h>

#include "private.h"

static const char *const candidate_names[] = {
	"Persistent Memory (legacy)",	/* memmap=SIZE!START, e820 type 12 */
	"Persistent Memory",		/* an NVDIMM region (NFIT) */
	"Soft Reserved",		/* EFI_MEMORY_SP, memmap=...%...+0xefffffff */
	"Reserved",			/* memmap=SIZE$START, if it was RAM */
};

MEMREMAP_EXPORT const char *memremap_resource_kind_to_str(enum memremap_resource_kind kind)
{
	switch (kind) {
	case MEMREMAP_RESOURCE_IOMEM:
		return "iomem";
	case MEMREMAP_RESOURCE_NAMESPACE:
		return "namespace";
	case MEMREMAP_RESOURCE_DAX_REGION:
		return "dax_region";
	}
	return NULL;
}

MEMREMAP_EXPORT const char *memremap_owner_kind_to_str(enum memremap_owner_kind kind)
{
	switch (kind) {
	case MEMREMAP_OWNER_PAGEMAP:
		return "pagemap";
	case MEMREMAP_OWNER_NAMESPACE:
		return "namespace";
	case MEMREMAP_OWNER_DAX:
		return "dax";
	case MEMREMAP_OWNER_DAX_REGION:
		return "dax_region";
	case MEMREMAP_OWNER_SYSTEM_RAM:
		return "system_ram";
	case MEMREMAP_OWNER_RESOURCE:
		return "resource";
	}
	return NULL;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* "daxR.N", the name of a dax character device */
static bool is_dax_devname(const char *s)
{
	unsigned int r, n;
	char end;

	return sscanf(s, "dax%u.%u%c", &r, &n, &end) == 2;
}

static struct memremap_resource *res_new(struct memremap_ctx *ctx,
					 enum memremap_resource_kind kind, const char *name,
					 uint64_t start, uint64_t size)
{
	struct memremap_resource *res = calloc(1, sizeof(*res)), **arr;

	if (!res)
		return NULL;
	arr = realloc(ctx->resources, (ctx->nresources + 1) * sizeof(*arr));
	if (!arr) {
		free(res);
		return NULL;
	}
	ctx->resources = arr;
	ctx->resources[ctx->nresources++] = res;
	res->ctx = ctx;
	res->next_owned = ctx->resources_owned;
	ctx->resources_owned = res;
	res->kind = kind;
	snprintf(res->name, sizeof(res->name), "%s", name);
	snprintf(res->description, sizeof(res->description), "%s", name);
	res->start = start;
	res->size = size;
	return res;
}

/* An owner of the part of [start, start + size) inside res. */
static int add_owner(struct memremap_resource *res, enum memremap_owner_kind kind,
		     const char *name, const char *description, uint64_t start, uint64_t size)
{
	uint64_t end = start + size, rend = res->start + res->size;
	struct memremap_owner *o, *arr;
	size_t i;

	if (!overlaps(start, size, res->start, res->size))
		return 0;
	if (start < res->start)
		start = res->start;
	if (end > rend)
		end = rend;
	/* the same owner seen twice (in /proc/iomem and by a library): one */
	for (i = 0; i < res->nowners; i++) {
		o = &res->owners[i];
		if (o->kind != kind || strcmp(o->name, name) || end < o->start ||
		    start > o->start + o->size)
			continue;
		if (start < o->start) {
			o->size += o->start - start;
			o->start = start;
		}
		if (end > o->start + o->size)
			o->size = end - o->start;
		return 0;
	}
	arr = realloc(res->owners, (res->nowners + 1) * sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	res->owners = arr;
	o = &res->owners[res->nowners++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	snprintf(o->name, sizeof(o->name), "%s", name);
	snprintf(o->description, sizeof(o->description), "%s", description);
	o->start = start;
	o->size = end - start;
	return 0;
}

static int cmp_owner(const void *a, const void *b)
{
	const struct memremap_owner *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->size < y->size ? 1 : x->size > y->size ? -1 : 0;
}

/* Owners by start; free is what none of them covers. */
static void finish(struct memremap_resource *res)
{
	uint64_t covered = 0, reach = res->start;
	size_t i;

	if (res->nowners)	/* qsort() takes no NULL array, even an empty one */
		qsort(res->owners, res->nowners, sizeof(*res->owners), cmp_owner);
	for (i = 0; i < res->nowners; i++) {
		uint64_t s = res->owners[i].start, e = s + res->owners[i].size;

		if (e <= reach)
			continue;
		covered += e - (s > reach ? s : reach);
		reach = e;
	}
	res->free = res->size - covered;
}

static void describe_pagemap(struct memremap_ctx *ctx, const char *devname, char *buf,
			     size_t len)
{
	struct memremap_pagemap *pm;

	if (memremap_pagemap_find(ctx, devname, &pm) == 0 && memremap_pagemap_get_name(pm))
		snprintf(buf, len, "%s \"%s\"", devname, memremap_pagemap_get_name(pm));
	else
		snprintf(buf, len, "%s", devname);
}

/* What an iomem node standing in a resource is, in user terms. */
static enum memremap_owner_kind describe_node(struct memremap_ctx *ctx,
					      struct memremap_nvdimm *nv,
					      const struct memremap_iomem_node *n, char *buf,
					      size_t len)
{
	const struct memremap_ns_info *ns;
	const struct memremap_dax_info *dax;
	unsigned int id;
	char end;

	if (sscanf(n->name, "pagemap%u%c", &id, &end) == 1) {
		describe_pagemap(ctx, n->name, buf, len);
		return MEMREMAP_OWNER_PAGEMAP;
	}
	if (!strncmp(n->name, "namespace", 9)) {
		ns = memremap_nvdimm_namespace(nv, n->name);
		if (ns)
			memremap_describe_namespace(ns, buf, len);
		else
			snprintf(buf, len, "%s", n->name);
		return MEMREMAP_OWNER_NAMESPACE;
	}
	if (is_dax_devname(n->name)) {
		dax = memremap_nvdimm_dax(nv, n->name);
		if (dax)
			memremap_describe_dax(nv, dax, buf, len);
		else
			snprintf(buf, len, "%s", n->name);
		return MEMREMAP_OWNER_DAX;
	}
	if (!strncmp(n->name, "System RAM", 10)) {
		snprintf(buf, len, "System RAM");
		return MEMREMAP_OWNER_SYSTEM_RAM;
	}
	snprintf(buf, len, "\"%s\"", n->name);
	return MEMREMAP_OWNER_RESOURCE;
}

/* Pagemaps lying in res, wherever they sit in /proc/iomem. */
static int add_pagemap_owners(struct memremap_ctx *ctx, struct memremap_resource *res,
			      const struct memremap_iomem *t)
{
	char desc[192];
	unsigned int id;
	char end;
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct memremap_iomem_node *n = &t->nodes[i];

		if (sscanf(n->name, "pagemap%u%c", &id, &end) != 1)
			continue;
		describe_pagemap(ctx, n->name, desc, sizeof(desc));
		if (add_owner(res, MEMREMAP_OWNER_PAGEMAP, n->name, desc, n->start,
			      n->end - n->start + 1) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Every range every dax device holds, claimed in /proc/iomem or not. */
static int add_dax_owners(struct memremap_resource *res, struct memremap_nvdimm *nv,
			  int only_region)
{
	char desc[192];
	size_t i, m;

	for (i = 0; i < nv->ndax; i++) {
		const struct memremap_dax_info *d = &nv->dax[i];

		if (only_region >= 0 && d->region != only_region)
			continue;
		memremap_describe_dax(nv, d, desc, sizeof(desc));
		for (m = 0; m < d->nmaps; m++)
			if (add_owner(res, MEMREMAP_OWNER_DAX, d->devname, desc, d->maps[m].start,
				      d->maps[m].size) < 0)
				return -ENOMEM;
	}
	return 0;
}

/* The resource a range lies in: the deepest node that is no device of ours. */
static void find_parent(const struct memremap_iomem *t, uint64_t start, uint64_t size,
			const char *self, char *buf, size_t len)
{
	int best = -1;
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < t->count; i++) {
		const struct memremap_iomem_node *n = &t->nodes[i];
		unsigned int id;
		char end;

		if (n->start > start || start + size - 1 > n->end || !strcmp(n->name, self) ||
		    is_dax_devname(n->name) || !strncmp(n->name, "namespace", 9) ||
		    sscanf(n->name, "pagemap%u%c", &id, &end) == 1)
			continue;
		if (best < 0 || n->depth > t->nodes[best].depth)
			best = (int)i;
	}
	if (best >= 0)
		snprintf(buf, len, "%s", t->nodes[best].name);
}

uint64_t memremap_compat_align(struct memremap_ctx *ctx)
{
	return ctx->kinfo.compat_align ? ctx->kinfo.compat_align : UINT64_C(2) << 20;
}

uint64_t memremap_section_size(struct memremap_ctx *ctx)
{
	return ctx->kinfo.section_size ? ctx->kinfo.section_size : UINT64_C(128) << 20;
}

static bool is_candidate(struct memremap_ctx *ctx, const struct memremap_iomem_node *n)
{
	uint64_t a = memremap_compat_align(ctx);
	size_t i;

	/* too small to hold even one aligned pagemap (the kernel's first page) */
	if (((n->start + a - 1) & ~(a - 1)) + a - 1 > n->end || n->start + a - 1 < n->start)
		return false;
	for (i = 0; i < ARRAY_SIZE(candidate_names); i++)
		if (!strcmp(n->name, candidate_names[i]))
			break;
	if (i == ARRAY_SIZE(candidate_names))
		return false;
	/* firmware's own reserved areas are not memory to map: only memmap='s */
	if (!strcmp(n->name, "Reserved"))
		return memremap_firmware_ram(ctx, n->start, n->end);
	return true;
}

static int scan_iomem(struct memremap_ctx *ctx, const struct memremap_iomem *t,
		      struct memremap_nvdimm *nv)
{
	char desc[192];
	size_t i, j;

	for (i = 0; i < t->count; i++) {
		const struct memremap_iomem_node *n = &t->nodes[i];
		struct memremap_resource *res;
		enum memremap_owner_kind kind;

		if (!is_candidate(ctx, n))
			continue;
		res = res_new(ctx, MEMREMAP_RESOURCE_IOMEM, n->name, n->start,
			      n->end - n->start + 1);
		if (!res)
			return -ENOMEM;
		res->listed = true;
		if (n->parent >= 0)
			snprintf(res->parent, sizeof(res->parent), "%s",
				 t->nodes[n->parent].name);
		/* what the kernel shows inside it */
		for (j = i + 1; j < t->count && t->nodes[j].depth > n->depth; j++) {
			const struct memremap_iomem_node *c = &t->nodes[j];

			if (c->parent != (int)i)
				continue;
			kind = describe_node(ctx, nv, c, desc, sizeof(desc));
			if (add_owner(res, kind, c->name, desc, c->start, c->end - c->start + 1) < 0)
				return -ENOMEM;
		}
		/* what it does not: disabled namespaces, dax capacity */
		for (j = 0; j < nv->nns; j++) {
			memremap_describe_namespace(&nv->ns[j], desc, sizeof(desc));
			if (add_owner(res, MEMREMAP_OWNER_NAMESPACE, nv->ns[j].devname, desc,
				      nv->ns[j].start, nv->ns[j].size) < 0)
				return -ENOMEM;
		}
		if (add_dax_owners(res, nv, -1) < 0)
			return -ENOMEM;
		for (j = 0; j < nv->nregions; j++) {
			const struct memremap_dax_region_info *r = &nv->regions[j];
			char name[32];

			if (r->nvdimm || r->start == ULLONG_MAX)
				continue;
			snprintf(name, sizeof(name), "region%d", r->id);
			snprintf(desc, sizeof(desc), "%s (dax region, %s)", name, r->devname);
			if (add_owner(res, MEMREMAP_OWNER_DAX_REGION, name, desc, r->start,
				      r->size) < 0)
				return -ENOMEM;
		}
		finish(res);
	}
	return 0;
}

static int scan_namespaces(struct memremap_ctx *ctx, const struct memremap_iomem *t,
			   struct memremap_nvdimm *nv)
{
	size_t i;

	for (i = 0; i < nv->nns; i++) {
		const struct memremap_ns_info *ns = &nv->ns[i];
		struct memremap_resource *res;

		res = res_new(ctx, MEMREMAP_RESOURCE_NAMESPACE, ns->devname, ns->start, ns->size);
		if (!res)
			return -ENOMEM;
		res->listed = !ns->active;
		res->enabled = ns->active;
		snprintf(res->mode, sizeof(res->mode), "%s", ns->mode);
		snprintf(res->device, sizeof(res->device), "%s", ns->device);
		snprintf(res->uuid, sizeof(res->uuid), "%s", ns->uuid);
		snprintf(res->personality_uuid, sizeof(res->personality_uuid), "%s",
			 ns->personality_uuid);
		memremap_describe_namespace(ns, res->description, sizeof(res->description));
		find_parent(t, ns->start, ns->size, ns->devname, res->parent, sizeof(res->parent));
		/* an enabled namespace is its own owner: nothing in it is free */
		if (ns->active && add_owner(res, MEMREMAP_OWNER_NAMESPACE, ns->devname,
					    res->description, ns->start, ns->size) < 0)
			return -ENOMEM;
		if (add_pagemap_owners(ctx, res, t) < 0 || add_dax_owners(res, nv, -1) < 0)
			return -ENOMEM;
		finish(res);
	}
	return 0;
}

static int scan_dax_regions(struct memremap_ctx *ctx, const struct memremap_iomem *t,
			    struct memremap_nvdimm *nv)
{
	size_t i;

	for (i = 0; i < nv->nregions; i++) {
		struct memremap_dax_region_info *r = &nv->regions[i];
		struct memremap_resource *res;
		char name[32];

		if (r->start == ULLONG_MAX)
			continue;	/* no device and no resource: nowhere to put it */
		snprintf(name, sizeof(name), "region%d", r->id);
		res = res_new(ctx, MEMREMAP_RESOURCE_DAX_REGION, name, r->start, r->size);
		if (!res)
			return -ENOMEM;
		res->listed = true;
		snprintf(res->description, sizeof(res->description), "%s (dax region, %s)", name,
			 r->nvdimm && r->namespace[0] ? r->namespace : r->devname);
		find_parent(t, r->start, r->size, r->devname, res->parent, sizeof(res->parent));
		if (add_dax_owners(res, nv, (int)i) < 0 || add_pagemap_owners(ctx, res, t) < 0)
			return -ENOMEM;
		finish(res);
	}
	return 0;
}

static int cmp_res(const void *a, const void *b)
{
	const struct memremap_resource *x = *(struct memremap_resource *const *)a;
	const struct memremap_resource *y = *(struct memremap_resource *const *)b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/*
 * An hmem dax region is the /proc/iomem resource of its name ("hmem.0"):
 * that is where it starts, also when it has no device to say so.
 */
static void locate_dax_regions(const struct memremap_iomem *t, struct memremap_nvdimm *nv)
{
	size_t i, j;

	for (i = 0; i < nv->nregions; i++)
		for (j = 0; j < t->count && !nv->regions[i].nvdimm; j++)
			if (!strcmp(t->nodes[j].name, nv->regions[i].devname))
				nv->regions[i].start = t->nodes[j].start;
}

MEMREMAP_EXPORT int memremap_resource_scan(struct memremap_ctx *ctx)
{
	struct memremap_nvdimm *nv;
	struct memremap_iomem *t;
	int rc;

	ctx->nresources = 0;
	ctx->resources_scanned = false;
	memremap_nvdimm_drop(ctx);
	rc = memremap_iomem_read(ctx, &t);
	if (rc < 0)
		return rc;
	nv = memremap_nvdimm_get(ctx);
	rc = nv ? 0 : -ENOMEM;
	if (!rc) {
		locate_dax_regions(t, nv);
		rc = scan_iomem(ctx, t, nv);
	}
	if (!rc)
		rc = scan_namespaces(ctx, t, nv);
	if (!rc)
		rc = scan_dax_regions(ctx, t, nv);
	memremap_iomem_free(t);
	if (rc < 0)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, -rc, "out of memory");
	if (ctx->nresources)	/* qsort() takes no NULL array, even an empty one */
		qsort(ctx->resources, ctx->nresources, sizeof(*ctx->resources), cmp_res);
	ctx->resources_scanned = true;
	return 0;
}

static int ensure_resources(struct memremap_ctx *ctx)
{
	return ctx->resources_scanned ? 0 : memremap_resource_scan(ctx);
}

void memremap_resources_free(struct memremap_ctx *ctx)
{
	struct memremap_resource *res, *next;

	for (res = ctx->resources_owned; res; res = next) {
		next = res->next_owned;
		free(res->owners);
		free(res);
	}
	ctx->resources_owned = NULL;
	free(ctx->resources);
	ctx->resources = NULL;
	ctx->nresources = 0;
	memremap_nvdimm_free(ctx->nvdimm);
	ctx->nvdimm = NULL;
}

/* ---- iteration and lookup ------------------------------------------------- */

struct memremap_resource_iter {
	struct memremap_ctx *ctx;
	size_t next;
};

MEMREMAP_EXPORT struct memremap_resource_iter *memremap_resource_iter_new(struct memremap_ctx *ctx)
{
	struct memremap_resource_iter *itr = calloc(1, sizeof(*itr));

	if (itr)
		itr->ctx = ctx;
	return itr;
}

MEMREMAP_EXPORT void memremap_resource_iter_free(struct memremap_resource_iter *itr)
{
	free(itr);
}

MEMREMAP_EXPORT int memremap_resource_iter_next(struct memremap_resource_iter *itr,
						struct memremap_resource **res)
{
	int rc = ensure_resources(itr->ctx);

	if (rc < 0)
		return rc;
	while (itr->next < itr->ctx->nresources) {
		struct memremap_resource *r = itr->ctx->resources[itr->next++];

		if (r->listed) {
			*res = r;
			return 0;
		}
	}
	return 1;
}

static bool same_uuid(const char *a, const char *b)
{
	return *a && !strcasecmp(a, b);
}

static int find_kind(struct memremap_ctx *ctx, enum memremap_resource_kind kind,
		     const char *name, struct memremap_resource **res)
{
	int rc = ensure_resources(ctx);
	size_t i;

	if (rc < 0)
		return rc;
	for (i = 0; i < ctx->nresources; i++)
		if (ctx->resources[i]->kind == kind && (!strcmp(ctx->resources[i]->name, name) ||
		    same_uuid(ctx->resources[i]->uuid, name) ||
		    same_uuid(ctx->resources[i]->personality_uuid, name))) {
			*res = ctx->resources[i];
			return 0;
		}
	return memremap_fail(ctx, MEMREMAP_ERROR_NOT_FOUND, ENOENT, "there is no %s %s",
			     kind == MEMREMAP_RESOURCE_NAMESPACE ? "namespace" : "dax region",
			     name);
}

MEMREMAP_EXPORT int memremap_resource_find_namespace(struct memremap_ctx *ctx, const char *devname,
						     struct memremap_resource **res)
{
	return find_kind(ctx, MEMREMAP_RESOURCE_NAMESPACE, devname, res);
}

/* The number of a dax region given as regionN or N, or -1. */
long memremap_dax_region_id(const char *spec)
{
	const char *digits = strncmp(spec, "region", 6) == 0 ? spec + 6 : spec;
	char *end;
	unsigned long id;

	errno = 0;
	id = strtoul(digits, &end, 10);
	if (!*digits || *end || errno || digits[0] < '0' || digits[0] > '9' || id > INT_MAX)
		return -1;
	return (long)id;
}

MEMREMAP_EXPORT int memremap_resource_find_dax_region(struct memremap_ctx *ctx, const char *spec,
						      struct memremap_resource **res)
{
	long id = memremap_dax_region_id(spec);
	char name[32];

	if (id < 0)
		return memremap_fail(ctx, MEMREMAP_ERROR_INVALID, EINVAL,
				     "'%s' is no dax region: regionN or N, as daxctl list "
				     "numbers them", spec);
	snprintf(name, sizeof(name), "region%ld", id);
	return find_kind(ctx, MEMREMAP_RESOURCE_DAX_REGION, name, res);
}

/* ---- getters -------------------------------------------------------------- */

#define RGETTER(rtype, what, expr)						\
MEMREMAP_EXPORT rtype memremap_resource_##what(struct memremap_resource *res)	\
{										\
	return expr;								\
}

RGETTER(enum memremap_resource_kind, get_kind, res->kind)
RGETTER(const char *, get_name, res->name)
RGETTER(uint64_t, get_start, res->start)
RGETTER(uint64_t, get_size, res->size)
RGETTER(uint64_t, get_free, res->free)
RGETTER(const char *, get_parent, res->parent[0] ? res->parent : NULL)
RGETTER(bool, is_enabled, res->enabled)
RGETTER(const char *, get_mode, res->enabled && res->mode[0] ? res->mode : NULL)
RGETTER(const char *, get_device, res->enabled && res->device[0] ? res->device : NULL)
RGETTER(const char *, get_description, res->description)
RGETTER(unsigned int, get_owner_count, (unsigned int)res->nowners)

MEMREMAP_EXPORT struct memremap_owner *memremap_resource_get_owner(struct memremap_resource *res,
								   unsigned int i)
{
	return i < res->nowners ? &res->owners[i] : NULL;
}

#define OGETTER(rtype, what, expr)						\
MEMREMAP_EXPORT rtype memremap_owner_##what(struct memremap_owner *owner)	\
{										\
	return expr;								\
}

OGETTER(enum memremap_owner_kind, get_kind, owner->kind)
OGETTER(const char *, get_name, owner->name)
OGETTER(const char *, get_description, owner->description)
OGETTER(uint64_t, get_start, owner->start)
OGETTER(uint64_t, get_size, owner->size)

/* ---- free extents --------------------------------------------------------- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return v + (a - 1) < v ? UINT64_MAX & ~(a - 1) : (v + a - 1) & ~(a - 1);
}

MEMREMAP_EXPORT int memremap_resource_get_free_extent(struct memremap_resource *res,
						      uint64_t align, uint64_t at, uint64_t size,
						      uint64_t *start, uint64_t *len)
{
	uint64_t gap = res->start, end = res->start + res->size;
	uint64_t best_start = 0, best_len = 0;
	size_t i;

	if (!align || (align & (align - 1)))
		return -EINVAL;
	if (at != UINT64_MAX && (at < res->start || at >= end))
		return -EINVAL;
	/* the gaps between owners (sorted by start), then after the last */
	for (i = 0; i <= res->nowners; i++) {
		uint64_t gap_end = i < res->nowners ? res->owners[i].start : end;
		uint64_t s, e;

		if (gap_end > gap) {
			s = at != UINT64_MAX ? at : align_up(gap, align);
			e = gap_end & ~(align - 1);
			if (at != UINT64_MAX && (at < gap || at >= gap_end)) {
				s = e = 0;	/* not this gap */
			}
			if (e > s && (!size || e - s >= size)) {
				if (size || at != UINT64_MAX) {
					*start = s;
					*len = size ? size : e - s;
					return 0;
				}
				if (e - s > best_len) {
					best_start = s;
					best_len = e - s;
				}
			}
		}
		if (i < res->nowners && res->owners[i].start + res->owners[i].size > gap)
			gap = res->owners[i].start + res->owners[i].size;
	}
	if (!best_len)
		return -ENOSPC;
	*start = best_start;
	*len = best_len;
	return 0;
}

/* ---- namespaces ----------------------------------------------------------- */

/*
 * The namespace res is, from libndctl's view now, for a change of state
 * (verb: "enabled", "disabled"): 0 and *ns, or a negative errno.
 */
static int namespace_to_change(struct memremap_resource *res, const char *verb,
			       const struct memremap_ns_info **ns)
{
	struct memremap_nvdimm *nv;

	if (res->kind != MEMREMAP_RESOURCE_NAMESPACE)
		return memremap_fail(res->ctx, MEMREMAP_ERROR_INVALID, EINVAL,
				     "%s is no namespace: only namespaces can be %s",
				     res->name, verb);
	nv = memremap_nvdimm_get(res->ctx);
	*ns = nv ? memremap_nvdimm_namespace(nv, res->name) : NULL;
	if (!*ns)
		return memremap_fail(res->ctx, MEMREMAP_ERROR_NOT_FOUND, ENOENT,
				     "namespace %s is gone", res->name);
	return 0;
}

/* After libndctl changed a namespace: what was read before may be stale. */
static void namespaces_changed(struct memremap_ctx *ctx)
{
	memremap_nvdimm_drop(ctx);
	ctx->resources_scanned = false;
}

MEMREMAP_EXPORT int memremap_resource_disable(struct memremap_resource *res)
{
	struct memremap_ctx *ctx = res->ctx;
	const struct memremap_ns_info *ns;
	int rc;

	rc = namespace_to_change(res, "disabled", &ns);
	if (rc < 0 || !ns->active)
		return rc;
	rc = ndctl_namespace_disable_safe(ns->ns);
	namespaces_changed(ctx);	/* whatever happened */
	if (rc < 0)
		return memremap_fail(ctx, rc == -EBUSY ? MEMREMAP_ERROR_REFUSED :
				     MEMREMAP_ERROR_SYSTEM, -rc,
				     "cannot disable %s: %s%s", res->description, strerror(-rc),
				     rc == -EBUSY ? " (mounted, or its memory is online as "
				     "System RAM)" : "");
	mr_info(ctx, "disabled %s", res->description);
	res->enabled = false;
	return 0;
}

MEMREMAP_EXPORT int memremap_resource_enable(struct memremap_resource *res)
{
	struct memremap_ctx *ctx = res->ctx;
	const struct memremap_ns_info *ns;
	int rc;

	rc = namespace_to_change(res, "enabled", &ns);
	if (rc < 0 || ns->active)
		return rc;
	rc = ndctl_namespace_enable(ns->ns);
	namespaces_changed(ctx);
	if (rc < 0)
		return memremap_fail(ctx, rc == -EBUSY ? MEMREMAP_ERROR_REFUSED :
				     MEMREMAP_ERROR_SYSTEM, -rc, "cannot enable %s: %s", res->name,
				     strerror(-rc));
	mr_info(ctx, "enabled %s", res->name);
	res->enabled = true;
	return 0;
}

/* ---- conflicts and the checks before a create ----------------------------- */

void memremap_describe_conflict(struct memremap_ctx *ctx, const struct memremap_conflict *c,
				char *buf, size_t len)
{
	struct memremap_nvdimm *nv;
	struct memremap_iomem *t = NULL;
	const struct memremap_dax_info *d;
	const struct memremap_ns_info *ns;
	char name[MEMREMAP_RES_NAME_MAX];
	int i;

	buf[0] = '\0';
	memcpy(name, c->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	if (c->kind == MEMREMAP_CONFLICT_MEMTYPE) {
		memremap_find_memtype_holders(ctx, c->start, c->size, buf, len);
		return;
	}
	if (c->kind != MEMREMAP_CONFLICT_RESOURCE && c->kind != MEMREMAP_CONFLICT_SYSTEM_RAM)
		return;
	nv = memremap_nvdimm_get(ctx);
	if (!nv)
		return;
	if (c->kind == MEMREMAP_CONFLICT_RESOURCE) {
		ns = memremap_nvdimm_namespace(nv, name);
		d = memremap_nvdimm_dax(nv, name);
		if (ns)
			memremap_describe_namespace(ns, buf, len);
		else if (d)
			memremap_describe_dax(nv, d, buf, len);
		return;
	}
	/* System RAM that a dax device lent (kmem): name the dax device */
	if (memremap_iomem_read(ctx, &t) < 0)
		return;
	i = memremap_iomem_find(t, c->start, c->size ? c->size : 1, NULL);
	while (i >= 0 && strncmp(t->nodes[i].name, "System RAM", 10) != 0)
		i = t->nodes[i].parent;
	if (i >= 0 && t->nodes[i].parent >= 0) {
		d = memremap_nvdimm_dax(nv, t->nodes[t->nodes[i].parent].name);
		if (d)
			memremap_describe_dax(nv, d, buf, len);
	}
	memremap_iomem_free(t);
}

int memremap_preflight(struct memremap_ctx *ctx, struct memremap_create *c)
{
	struct memremap_nvdimm *nv;
	char desc[192];
	size_t i, m;

	if ((c->flags & MEMREMAP_CREATE_PCI) || c->type == MEMREMAP_TYPE_PRIVATE || !c->length)
		return 0;
	/* what others did since the last look matters: look again */
	memremap_nvdimm_drop(ctx);
	ctx->resources_scanned = false;
	nv = memremap_nvdimm_get(ctx);
	if (!nv)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	for (i = 0; i < nv->ndax; i++) {
		const struct memremap_dax_info *d = &nv->dax[i];

		for (m = 0; m < d->nmaps; m++) {
			uint64_t s = d->maps[m].start, n = d->maps[m].size;
			int rc;

			if (!overlaps(c->start, c->length, s, n))
				continue;
			memremap_describe_dax(nv, d, desc, sizeof(desc));
			rc = memremap_fail(ctx, MEMREMAP_ERROR_REFUSED, EBUSY,
					   "range 0x%" PRIx64 "-0x%" PRIx64 " overlaps %s "
					   "(0x%" PRIx64 "-0x%" PRIx64 ")", (uint64_t)c->start,
					   (uint64_t)(c->start + c->length - 1), desc, s, s + n - 1);
			ctx->last.reason = MEMREMAP_R_RESOURCE_BUSY;
			return rc;
		}
	}
	for (i = 0; i < nv->nns; i++)
		if (c->start >= nv->ns[i].start &&
		    c->start + c->length <= nv->ns[i].start + nv->ns[i].size)
			snprintf(c->origin_namespace, sizeof(c->origin_namespace), "%s",
				 nv->ns[i].devname);
	for (i = 0; i < nv->nregions; i++)
		if (nv->regions[i].start != ULLONG_MAX && c->start >= nv->regions[i].start &&
		    c->start + c->length <= nv->regions[i].start + nv->regions[i].size)
			snprintf(c->origin_dax_region, sizeof(c->origin_dax_region), "region%d",
				 nv->regions[i].id);
	return 0;
}
