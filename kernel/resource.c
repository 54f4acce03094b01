// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: claiming a pagemap's range in iomem_resource and naming
 * whatever stands in the way.
 */
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "internal.h"

static bool mr_overlaps(const struct resource *r, u64 start, u64 end)
{
	return r->start <= end && start <= r->end;
}

static void mr_set_conflict(struct memremap_status *st, u32 kind,
			    const struct resource *r)
{
	st->conflict.kind = kind;
	st->conflict.start = r->start;
	st->conflict.size = resource_size(r);
	strscpy(st->conflict.name, r->name ? r->name : "(unnamed)",
		sizeof(st->conflict.name));
}

/*
 * Find the resource that keeps [start, end] from being claimed, the way
 * __request_region() descends: through resources that contain the range
 * and are not busy, down to one that overlaps it but is busy or does not
 * contain it.
 *
 * No exported interface hands out a resource with its name under
 * resource_lock, so this walks the tree without it, reading only. It runs
 * right after the claim failed, under mr_lock, and only to word the error
 * message; the decision itself was made under resource_lock by
 * __request_region() or region_intersects().
 */
static const struct resource *mr_find_conflict(u64 start, u64 end,
					       unsigned long need_flags)
{
	const struct resource *parent = &iomem_resource;
	const struct resource *r;

restart:
	for (r = READ_ONCE(parent->child); r; r = READ_ONCE(r->sibling)) {
		if (!mr_overlaps(r, start, end))
			continue;
		if (need_flags && (r->flags & need_flags) != need_flags) {
			if (r->start <= start && r->end >= end) {
				parent = r;
				goto restart;
			}
			continue;
		}
		if (!need_flags && r->start <= start && r->end >= end &&
		    !(r->flags & IORESOURCE_BUSY)) {
			parent = r;
			goto restart;
		}
		return r;
	}
	/* nothing in the way: the claim failed for another reason */
	return NULL;
}

int mr_check_system_ram(u64 start, u64 size, struct memremap_status *st)
{
	const struct resource *r;

	if (region_intersects(start, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) == REGION_DISJOINT)
		return 0;

	mr_refuse(st, MEMREMAP_R_SYSTEM_RAM, 0);
	r = mr_find_conflict(start, start + size - 1, IORESOURCE_SYSTEM_RAM);
	if (r && (r->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM) {
		mr_set_conflict(st, MEMREMAP_CONFLICT_SYSTEM_RAM, r);
	} else {
		st->conflict.kind = MEMREMAP_CONFLICT_SYSTEM_RAM;
		st->conflict.start = start;
		st->conflict.size = size;
		strscpy(st->conflict.name, "System RAM",
			sizeof(st->conflict.name));
	}
	return -EBUSY;
}

/*
 * Refuse as mr_claim() would if a busy resource is in the way, without
 * claiming anything: a claim revokes /dev/mem mappings of the range. Only
 * to give a refusal found before the claim the reason the claim would have
 * had (the walk is the same read-only one as above).
 */
int mr_check_busy(u64 start, u64 size, struct memremap_status *st)
{
	const struct resource *r = mr_find_conflict(start, start + size - 1, 0);

	if (!r)
		return 0;
	mr_refuse(st, MEMREMAP_R_RESOURCE_BUSY, 0);
	mr_set_conflict(st, MEMREMAP_CONFLICT_RESOURCE, r);
	return -EBUSY;
}

/*
 * Claim the range so /proc/iomem shows "pagemapN" under the resource that
 * holds it. Exclusive: /dev/mem may not map it behind the pagemap's back.
 */
int mr_claim(struct mr_pagemap *pm, struct memremap_status *st)
{
	const struct resource *r;
	struct resource *parent;

	pm->res = __request_region(&iomem_resource, pm->start, pm->size,
				   pm->res_name, IORESOURCE_EXCLUSIVE);
	if (!pm->res) {
		r = mr_find_conflict(pm->start, pm->start + pm->size - 1, 0);
		if (!r) {
			/* __request_region() could not allocate its resource */
			mr_refuse(st, MEMREMAP_R_KERNEL, 0);
			st->error = -ENOMEM;
			return -ENOMEM;
		}
		mr_refuse(st, MEMREMAP_R_RESOURCE_BUSY, 0);
		mr_set_conflict(st, MEMREMAP_CONFLICT_RESOURCE, r);
		return -EBUSY;
	}

	parent = pm->res->parent;
	if (parent && parent != &iomem_resource) {
		strscpy(pm->parent_name, parent->name ? parent->name : "",
			sizeof(pm->parent_name));
		pm->parent_start = parent->start;
		pm->parent_size = resource_size(parent);
	}
	return 0;
}

void mr_unclaim(struct mr_pagemap *pm)
{
	if (!pm->res)
		return;
	__release_region(&iomem_resource, pm->res->start,
			 resource_size(pm->res));
	pm->res = NULL;
}

/*
 * An altmap puts struct pages inside the range itself, so the range must be
 * real memory: a claim inherits the descriptor of the resource it sits in,
 * which says whether firmware or the kernel described it as memory.
 */
bool mr_claim_is_memory(const struct mr_pagemap *pm)
{
	switch (pm->res->desc) {
	case IORES_DESC_PERSISTENT_MEMORY:
	case IORES_DESC_PERSISTENT_MEMORY_LEGACY:
	case IORES_DESC_RESERVED:
	case IORES_DESC_SOFT_RESERVED:
	case IORES_DESC_CXL:
		return true;
	default:
		return false;
	}
}
