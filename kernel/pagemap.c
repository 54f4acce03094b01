// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: creating, describing and tearing down pagemaps.
 *
 * memremap_pages() trusts its caller: bad input gets WARN splats, leaked
 * memory sections or worse. Every request is therefore checked here first,
 * and refused with a reason the caller can show to a person.
 */
#include <linux/ctype.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/numa.h>
#include <linux/pci.h>
#include <linux/percpu-refcount.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

static const char * const mr_type_names[] = {
	[MEMREMAP_TYPE_GENERIC] = "generic",
	[MEMREMAP_TYPE_FSDAX] = "fsdax",
	[MEMREMAP_TYPE_COHERENT] = "coherent",
	[MEMREMAP_TYPE_PRIVATE] = "private",
	[MEMREMAP_TYPE_P2PDMA] = "p2pdma",
};

const char *mr_type_name(u32 type)
{
	if (type == MEMREMAP_TYPE_NONE || type > MR_TYPE_LAST)
		return "unknown";
	return mr_type_names[type];
}

/* The kernel option a type needs, or NONE when this kernel has it. */
static u32 mr_type_missing(u32 type)
{
	switch (type) {
	case MEMREMAP_TYPE_FSDAX:
		if (!IS_ENABLED(CONFIG_FS_DAX) || IS_ENABLED(CONFIG_FS_DAX_LIMITED))
			return MEMREMAP_KCONFIG_FS_DAX;
		return MEMREMAP_KCONFIG_NONE;
	case MEMREMAP_TYPE_COHERENT:
		if (!MR_HAVE_COHERENT)
			return MEMREMAP_KCONFIG_KERNEL_6_0;
		return MEMREMAP_KCONFIG_NONE;
	case MEMREMAP_TYPE_PRIVATE:
		if (!IS_ENABLED(CONFIG_DEVICE_PRIVATE))
			return MEMREMAP_KCONFIG_DEVICE_PRIVATE;
		return MEMREMAP_KCONFIG_NONE;
	case MEMREMAP_TYPE_P2PDMA:
		if (!IS_ENABLED(CONFIG_PCI_P2PDMA))
			return MEMREMAP_KCONFIG_PCI_P2PDMA;
		return MEMREMAP_KCONFIG_NONE;
	default:
		return MEMREMAP_KCONFIG_NONE;
	}
}

/* The compound page sizes this kernel can map, as MEMREMAP_FEAT_* bits. */
u32 mr_compound_features(void)
{
	u32 features = 0;

	if (mr_compound_order_ok(PMD_SHIFT - PAGE_SHIFT))
		features |= MEMREMAP_FEAT_COMPOUND_2M;
	if (mr_compound_order_ok(PUD_SHIFT - PAGE_SHIFT))
		features |= MEMREMAP_FEAT_COMPOUND_1G;
	return features;
}

u32 mr_supported_types(void)
{
	u32 mask = 0, t;

	for (t = MEMREMAP_TYPE_GENERIC; t <= MR_TYPE_LAST; t++)
		if (mr_type_missing(t) == MEMREMAP_KCONFIG_NONE)
			mask |= 1U << t;
	return mask;
}

static enum memory_type mr_kernel_type(u32 type)
{
	switch (type) {
	case MEMREMAP_TYPE_FSDAX:
		return MEMORY_DEVICE_FS_DAX;
	case MEMREMAP_TYPE_COHERENT:
		return MR_MEMORY_DEVICE_COHERENT;
	case MEMREMAP_TYPE_PRIVATE:
		return MEMORY_DEVICE_PRIVATE;
	case MEMREMAP_TYPE_P2PDMA:
		return MEMORY_DEVICE_PCI_P2PDMA;
	default:
		return MEMORY_DEVICE_GENERIC;
	}
}

/*
 * Highest address + 1 that memory hotplug can map on this platform and
 * that the CPU can address (the root of the iomem tree ends there).
 */
u64 mr_max_phys(void)
{
	struct range r = mhp_get_pluggable_range(true);

	return min_t(u64, r.end, iomem_resource.end) + 1;
}

/*
 * Private and coherent pages are handed out by MEMREMAP_IOC_MIGRATE (and
 * coherent ones by /dev/pagemapN, which takes them back itself); the pages
 * of other types stay with the module, so a free of one of them has
 * nothing to give back.
 */
static void mr_page_free(struct page *page)
{
	struct mr_pagemap *pm = mr_page_pgmap(page)->owner;

	if (mr_has_devpages(pm))
		mr_devpage_free(pm, page);
}

/* The same where the kernel frees folios: the module's pages are order 0. */
static void __maybe_unused mr_folio_free(struct folio *folio)
{
	mr_page_free(&folio->page);
}

static const struct dev_pagemap_ops mr_pagemap_ops = {
	MR_PGMAP_OPS_FREE,
	.migrate_to_ram = mr_private_migrate_to_ram,
};

struct mr_pagemap *mr_find_by_name(const char *name)
{
	struct mr_pagemap *pm;
	int id;

	if (!name[0])
		return NULL;
	idr_for_each_entry(&mr_pagemaps, pm, id)
		if (!strcmp(pm->name, name))
			return pm;
	return NULL;
}

void mr_conflict_pagemap(struct memremap_status *st,
			 const struct mr_pagemap *pm)
{
	st->conflict.kind = MEMREMAP_CONFLICT_PAGEMAP;
	st->conflict.id = pm->id;
	st->conflict.start = pm->start;
	st->conflict.size = pm->size;
	strscpy(st->conflict.name, pm->name, sizeof(st->conflict.name));
}

/*
 * Whether the len bytes of s are ASCII letters, digits or punct: the
 * kernel's isalnum() also takes the Latin-1 letters (0xc0-0xff).
 */
static bool mr_ascii_word(const char *s, size_t len, const char *punct)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isascii(s[i]) || (!isalnum(s[i]) && !strchr(punct, s[i])))
			return false;
	return true;
}

/*
 * Names share a namespace with the CLI's "N", "pagemapN" and "all", so
 * those spellings are not names.
 */
static bool mr_name_valid(const char *name)
{
	static const char digits[] = "0123456789";
	size_t len = strnlen(name, MEMREMAP_NAME_MAX);

	if (len == 0 || len >= MEMREMAP_NAME_MAX ||
	    !mr_ascii_word(name, len, "_.-"))
		return false;
	if (strspn(name, digits) == len || !strcmp(name, "all"))
		return false;
	return !(len > 7 && !strncmp(name, "pagemap", 7) &&
		 strspn(name + 7, digits) == len - 7);
}

static int mr_check_type(const struct memremap_create *c,
			 struct memremap_status *st)
{
	bool pci = c->flags & MEMREMAP_CREATE_PCI;
	u32 missing;

	if (c->type == MEMREMAP_TYPE_NONE || c->type > MR_TYPE_LAST) {
		mr_refuse(st, MEMREMAP_R_BAD_TYPE, c->type);
		return -EINVAL;
	}
	missing = mr_type_missing(c->type);
	if (missing != MEMREMAP_KCONFIG_NONE) {
		mr_refuse(st, MEMREMAP_R_TYPE_UNSUPPORTED, missing);
		return -EOPNOTSUPP;
	}
	if (pci && c->type != MEMREMAP_TYPE_P2PDMA) {
		mr_refuse(st, MEMREMAP_R_PCI_TYPE, c->type);
		return -EINVAL;
	}
	if (c->type == MEMREMAP_TYPE_P2PDMA && !pci) {
		/* the PCI core ties p2pdma pages to a provider device */
		mr_refuse(st, MEMREMAP_R_P2PDMA_NEEDS_PCI, 0);
		return -EINVAL;
	}
	if (pci && c->start) {
		mr_refuse(st, MEMREMAP_R_PCI_START, c->start);
		return -EINVAL;
	}
	if (pci && (c->flags & MEMREMAP_CREATE_ALTMAP)) {
		/* BAR memory cannot hold struct pages; the core has no altmap */
		mr_refuse(st, MEMREMAP_R_ALTMAP_TYPE, 0);
		return -EINVAL;
	}
	if (pci && c->numa_node != NUMA_NO_NODE) {
		mr_refuse(st, MEMREMAP_R_PCI_NODE, (u64)(s64)c->numa_node);
		return -EINVAL;
	}
	if (c->type == MEMREMAP_TYPE_PRIVATE && c->start) {
		mr_refuse(st, MEMREMAP_R_PRIVATE_START, c->start);
		return -EINVAL;
	}
	if (c->type == MEMREMAP_TYPE_PRIVATE &&
	    (c->flags & MEMREMAP_CREATE_ALTMAP)) {
		mr_refuse(st, MEMREMAP_R_ALTMAP_TYPE, 0);
		return -EINVAL;
	}
	return 0;
}

int mr_check_range(u64 start, u64 length, struct memremap_status *st)
{
	u64 align = memremap_compat_align();
	u64 max = mr_max_phys();

	if (!length) {
		mr_refuse(st, MEMREMAP_R_SIZE_ZERO, 0);
		return -EINVAL;
	}
	if (!IS_ALIGNED(start, align) || !IS_ALIGNED(length, align)) {
		mr_refuse(st, MEMREMAP_R_UNALIGNED, align);
		return -EINVAL;
	}
	if (start + length < start) {
		mr_refuse(st, MEMREMAP_R_WRAPS, 0);
		return -EINVAL;
	}
	if (start + length > max) {
		mr_refuse(st, MEMREMAP_R_BEYOND_MAX_PHYS, max);
		return -ERANGE;
	}
	return 0;
}

static int mr_check_layout_args(const struct memremap_create *c,
				struct memremap_status *st)
{
	bool altmap = c->flags & MEMREMAP_CREATE_ALTMAP;
	u64 align = c->align;

	if (c->reserve && !altmap) {
		mr_refuse(st, MEMREMAP_R_RESERVE_WITHOUT_ALTMAP, 0);
		return -EINVAL;
	}
	if (!IS_ALIGNED(c->reserve, PAGE_SIZE)) {
		mr_refuse(st, MEMREMAP_R_RESERVE_UNALIGNED, PAGE_SIZE);
		return -EINVAL;
	}
	if (align && align != PAGE_SIZE && align != PMD_SIZE &&
	    align != PUD_SIZE) {
		mr_refuse(st, MEMREMAP_R_ALIGN_INVALID, align);
		return -EINVAL;
	}
	if (align > PAGE_SIZE) {
		if (c->type != MEMREMAP_TYPE_GENERIC &&
		    c->type != MEMREMAP_TYPE_FSDAX) {
			mr_refuse(st, MEMREMAP_R_ALIGN_TYPE, align);
			return -EINVAL;
		}
		if (!mr_compound_order_ok(ilog2(align >> PAGE_SHIFT))) {
			/* memremap_pages() would WARN and fail */
			mr_refuse(st, MEMREMAP_R_ALIGN_UNSUPPORTED, align);
			return -EOPNOTSUPP;
		}
		if (!IS_ALIGNED(c->start, align) ||
		    !IS_ALIGNED(c->length, align)) {
			mr_refuse(st, MEMREMAP_R_ALIGN_UNALIGNED, align);
			return -EINVAL;
		}
	}
	/*
	 * Struct pages only go to the altmap for whole memory sections: a
	 * partial section gets its memmap from RAM and ignores the altmap.
	 */
	if (altmap && (!IS_ALIGNED(c->start, MR_SECTION_SIZE) ||
		       !IS_ALIGNED(c->length, MR_SECTION_SIZE))) {
		mr_refuse(st, MEMREMAP_R_ALTMAP_UNALIGNED, MR_SECTION_SIZE);
		return -EINVAL;
	}
	return 0;
}

static int mr_check_node(const struct memremap_create *c,
			 struct memremap_status *st)
{
	int nid = c->numa_node;

	if (nid == NUMA_NO_NODE)
		return 0;
	if (nid < 0 || nid >= MAX_NUMNODES || !node_possible(nid)) {
		mr_refuse(st, MEMREMAP_R_NODE_INVALID, (u64)(s64)nid);
		return -EINVAL;
	}
	if (!node_online(nid)) {
		mr_refuse(st, MEMREMAP_R_NODE_OFFLINE, nid);
		return -EINVAL;
	}
	return 0;
}

/* "" or a device name: what userspace says the range came from */
static bool mr_origin_valid(const char *s)
{
	size_t len = strnlen(s, MEMREMAP_ORIGIN_MAX);

	return len < MEMREMAP_ORIGIN_MAX && mr_ascii_word(s, len, "_.:-");
}

static int mr_check_name(const struct memremap_create *c,
			 struct memremap_status *st)
{
	const struct mr_pagemap *other;

	if (!mr_origin_valid(c->origin_namespace) ||
	    !mr_origin_valid(c->origin_dax_region)) {
		mr_refuse(st, MEMREMAP_R_ORIGIN_INVALID, 0);
		return -EINVAL;
	}
	if (!c->name[0])
		return 0;
	if (!mr_name_valid(c->name)) {
		mr_refuse(st, MEMREMAP_R_NAME_INVALID, 0);
		return -EINVAL;
	}
	other = mr_find_by_name(c->name);
	if (other) {
		mr_refuse(st, MEMREMAP_R_NAME_EXISTS, 0);
		mr_conflict_pagemap(st, other);
		return -EEXIST;
	}
	return 0;
}

int mr_check_overlap(u64 start, u64 size, struct memremap_status *st)
{
	struct mr_pagemap *pm;
	int id;

	idr_for_each_entry(&mr_pagemaps, pm, id) {
		if (pm->start < start + size && start < pm->start + pm->size) {
			mr_refuse(st, MEMREMAP_R_PAGEMAP_OVERLAP, 0);
			mr_conflict_pagemap(st, pm);
			return -EBUSY;
		}
#ifndef CONFIG_SPARSEMEM_VMEMMAP
		/* without subsection hotplug a section has one owner */
		if (ALIGN_DOWN(pm->start, MR_SECTION_SIZE) <
		    ALIGN(start + size, MR_SECTION_SIZE) &&
		    ALIGN_DOWN(start, MR_SECTION_SIZE) <
		    ALIGN(pm->start + pm->size, MR_SECTION_SIZE)) {
			mr_refuse(st, MEMREMAP_R_SECTION_SHARED,
				  MR_SECTION_SIZE);
			mr_conflict_pagemap(st, pm);
			return -EBUSY;
		}
#endif
	}
	return 0;
}

/*
 * Lay out the altmap the way x86 fills it: struct pages are allocated in
 * PMD-sized blocks, each aligned to its size in the pfn space, starting
 * after the reserve. The first data page must start a compound page.
 */
static int mr_layout_altmap(struct mr_pagemap *pm, struct memremap_status *st)
{
	unsigned long nr_pages = pm->size >> PAGE_SHIFT;
	unsigned long pmd_pages = PMD_SIZE >> PAGE_SHIFT;
	unsigned long unit = pm->align >> PAGE_SHIFT;
	unsigned long reserve = pm->reserve >> PAGE_SHIFT;
	unsigned long memmap, offset;
	struct vmem_altmap altmap = {
		.base_pfn = PHYS_PFN(pm->start),
		.end_pfn = PHYS_PFN(pm->start + pm->size) - 1,
		.reserve = reserve,
	};

	memmap = ALIGN(nr_pages * sizeof(struct page), PMD_SIZE) >> PAGE_SHIFT;
	if (!is_power_of_2(sizeof(struct page)))
		memmap += pmd_pages;	/* blocks can straddle sections */
	offset = ALIGN(reserve, pmd_pages) + memmap;
	offset = ALIGN(offset, unit);
	if (offset + unit > nr_pages || offset < reserve) {
		mr_refuse(st, MEMREMAP_R_ALTMAP_TOO_SMALL,
			  (u64)(offset + unit) << PAGE_SHIFT);
		return -ENOSPC;
	}
	altmap.free = offset - reserve;
	memcpy(&pm->pgmap.altmap, &altmap, sizeof(altmap));
	pm->pgmap.flags |= PGMAP_ALTMAP_VALID;
	pm->altmap_free = (u64)altmap.free << PAGE_SHIFT;
	pm->data_offset = (u64)offset << PAGE_SHIFT;
	return 0;
}

/* Struct page memory in RAM, for a pagemap without altmap. */
static u64 mr_ram_memmap_bytes(const struct mr_pagemap *pm)
{
	u64 nr_pages = pm->size >> PAGE_SHIFT;
	u64 per_compound = pm->align >> PAGE_SHIFT;
	struct dev_pagemap shape = {
		.vmemmap_shift = ilog2(per_compound),
	};

	/*
	 * Where the kernel shares tail struct pages (the same test as
	 * memremap_pages() makes), each compound page gets two vmemmap
	 * pages of its own and maps the rest onto the second.
	 */
	if (mr_vmemmap_shared(&shape))
		return div64_u64(nr_pages, per_compound) * 2 * PAGE_SIZE;
	return nr_pages * sizeof(struct page);
}

/*
 * Without an altmap the struct pages come from RAM; a request that would
 * take more than half of what is available is refused up front rather
 * than left to fail with allocation splats half way through.
 */
static int mr_check_ram_for_memmap(struct mr_pagemap *pm,
				   struct memremap_status *st)
{
	u64 avail = (u64)si_mem_available() << PAGE_SHIFT;
	u64 need;

	if (pm->altmap)
		return 0;
	need = mr_ram_memmap_bytes(pm);
	if (need > avail / 2) {
		mr_refuse(st, MEMREMAP_R_MEMMAP_NO_RAM, need);
		return -ENOMEM;
	}
	return 0;
}

/*
 * The pgmap's reference count, read without changing its mode: switching a
 * percpu_ref that was not made re-initialisable to atomic mode kills it.
 * The sum is exact while nobody takes or drops references, which is the
 * case that matters: a holder that keeps its reference.
 */
static unsigned long mr_ref_count(struct percpu_ref *ref)
{
	unsigned long __percpu *counts;
	unsigned long sum;
	int cpu;

	rcu_read_lock();
	sum = atomic_long_read(&ref->data->count);
	if (__ref_is_percpu(ref, &counts))
		for_each_possible_cpu(cpu)
			sum += READ_ONCE(*per_cpu_ptr(counts, cpu));
	rcu_read_unlock();
	return sum;
}

/* Count references beyond those the pagemap holds on itself. */
static long mr_extra_refs(struct mr_pagemap *pm)
{
	unsigned long pfn = PHYS_PFN(pm->start + pm->data_offset);
	unsigned long end = PHYS_PFN(pm->start + pm->size);
	unsigned long step = pm->align >> PAGE_SHIFT;
	long extra;

	extra = (long)(mr_ref_count(&pm->map->ref) - pm->ref_idle);
	if (extra)
		return extra;

	for (; pfn < end; pfn += step) {
		if (page_ref_count(pfn_to_page(pfn)) != pm->page_ref_idle)
			return 1;
		cond_resched();
	}
	return 0;
}

void mr_measure_idle(struct mr_pagemap *pm)
{
	struct page *first = pfn_to_page(PHYS_PFN(pm->start + pm->data_offset));

	pm->ref_idle = mr_ref_count(&pm->map->ref);
	pm->page_ref_idle = page_ref_count(first);
}

static int mr_resolve_node(int nid, u64 start)
{
	if (nid != NUMA_NO_NODE)
		return nid;
	nid = phys_to_target_node(start);
	if (nid == NUMA_NO_NODE)
		nid = memory_add_physaddr_to_nid(start);
	return numa_map_to_online_node(nid);
}

#ifdef CONFIG_FAULT_INJECTION
/*
 * Linux 6.1 does not survive allocation failures inside memremap_pages():
 * __add_pages() failures WARN and leak the memory section, and a failed
 * order-0 page table allocation in the x86 direct map oopses. Fault
 * injection tests of this module's own error paths therefore keep
 * fail-nth from counting allocations inside that call (and inside
 * pci_p2pdma_add_resource(), which makes one).
 */
static bool fault_isolate_memremap;
module_param(fault_isolate_memremap, bool, 0644);
MODULE_PARM_DESC(fault_isolate_memremap,
		 "fail-nth does not reach into memremap_pages() (for tests)");

unsigned int mr_fault_isolate_begin(void)
{
	unsigned int nth = current->fail_nth;

	if (fault_isolate_memremap)
		current->fail_nth = 0;
	return nth;
}

void mr_fault_isolate_end(unsigned int nth)
{
	if (fault_isolate_memremap)
		current->fail_nth = nth;
}
#endif

static void *mr_memremap_pages(struct dev_pagemap *pgmap, int nid)
{
	unsigned int nth = mr_fault_isolate_begin();
	void *addr = memremap_pages(pgmap, nid);

	mr_fault_isolate_end(nth);
	return addr;
}

/* Undo what mr_create() did, in reverse: the pages, then the claim. */
void mr_release(struct mr_pagemap *pm)
{
	if (pm->pdev) {
		mr_p2pdma_release(pm);
	} else if (pm->mapped) {
		memunmap_pages(&pm->pgmap);
		pm->mapped = false;
	}
	mr_unclaim(pm);
	mr_devpages_exit(pm);
}

/* Take a published pagemap out of the set and out of sysfs. */
void mr_detach(struct mr_pagemap *pm)
{
	idr_remove(&mr_pagemaps, pm->id);
	mr_device_unpublish(pm);
}

static int mr_map(struct mr_pagemap *pm, struct memremap_status *st)
{
	void *addr;

	pm->pgmap.type = mr_kernel_type(pm->type);
	pm->pgmap.range.start = pm->start;
	pm->pgmap.range.end = pm->start + pm->size - 1;
	pm->pgmap.nr_range = 1;
	pm->pgmap.vmemmap_shift = ilog2(pm->align >> PAGE_SHIFT);
	pm->pgmap.ops = &mr_pagemap_ops;
	pm->pgmap.owner = pm;
	pm->map = &pm->pgmap;

	addr = mr_memremap_pages(&pm->pgmap, pm->nid);
	if (IS_ERR(addr)) {
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = PTR_ERR(addr);
		return PTR_ERR(addr);
	}
	pm->mapped = true;
	pm->nid = page_to_nid(pfn_to_page(PHYS_PFN(pm->start +
						   pm->data_offset)));

	if (pm->altmap) {
		pm->altmap_alloc = (u64)pm->pgmap.altmap.alloc << PAGE_SHIFT;
		pm->memmap_bytes = pm->altmap_alloc;
		pm->memmap_location = MEMREMAP_MEMMAP_ALTMAP;
		if (!pm->pgmap.altmap.alloc) {
			/* the kernel put the memmap elsewhere: say so */
			mr_refuse(st, MEMREMAP_R_KERNEL, 0);
			st->error = -EOPNOTSUPP;
			return -EOPNOTSUPP;
		}
	} else {
		pm->memmap_bytes = mr_ram_memmap_bytes(pm);
		pm->memmap_location = MEMREMAP_MEMMAP_RAM;
	}
	mr_measure_idle(pm);
	return 0;
}

#ifdef CONFIG_DEVICE_PRIVATE
static int mr_claim_free(struct mr_pagemap *pm, struct memremap_status *st)
{
	struct resource *res;

	res = request_free_mem_region(&iomem_resource, pm->size, pm->res_name);
	if (PTR_ERR_OR_ZERO(res) == -ENOMEM) {
		/* its resource could not be allocated */
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = -ENOMEM;
		return -ENOMEM;
	}
	if (IS_ERR(res)) {
		mr_refuse(st, MEMREMAP_R_NO_FREE_RANGE, pm->size);
		return PTR_ERR(res);
	}
	pm->res = res;
	pm->start = res->start;
	return 0;
}
#else
static int mr_claim_free(struct mr_pagemap *pm, struct memremap_status *st)
{
	mr_refuse(st, MEMREMAP_R_TYPE_UNSUPPORTED,
		  MEMREMAP_KCONFIG_DEVICE_PRIVATE);
	return -EOPNOTSUPP;
}
#endif

int mr_validate(const struct memremap_create *c, struct memremap_status *st)
{
	int ret;

	/* unknown flags were refused with the struct (main.c) */
	ret = mr_check_type(c, st);
	if (ret)
		return ret;
	/*
	 * A private range is picked later: check its size alone. A p2pdma
	 * range is known once its BAR is (mr_p2pdma_map()).
	 */
	if (c->type == MEMREMAP_TYPE_PRIVATE)
		ret = mr_check_range(0, c->length, st);
	else if (!(c->flags & MEMREMAP_CREATE_PCI))
		ret = mr_check_range(c->start, c->length, st);
	if (ret)
		return ret;
	ret = mr_check_layout_args(c, st);
	if (ret)
		return ret;
	ret = mr_check_node(c, st);
	if (ret)
		return ret;
	return mr_check_name(c, st);
}

/*
 * Create a pagemap as c asks, under mr_lock. For p2pdma, pdev is the PCI
 * device the caller found (and bound the module to, when 'bound').
 */
int mr_create(struct memremap_create *c, struct pci_dev *pdev, bool bound)
{
	struct memremap_status *st = &c->status;
	struct mr_pagemap *pm;
	int ret, id;

	ret = mr_validate(c, st);
	if (ret)
		return ret;

	pm = kzalloc(sizeof(*pm), GFP_KERNEL);
	if (!pm)
		return -ENOMEM;	/* main.c says MEMREMAP_R_KERNEL */
	mr_device_init(pm);	/* from here on, put_device() frees pm */

	pm->type = c->type;
	pm->start = c->start;
	pm->size = c->length;
	pm->altmap = c->flags & MEMREMAP_CREATE_ALTMAP;
	pm->reserve = c->reserve;
	pm->align = c->align ? c->align : PAGE_SIZE;
	strscpy(pm->name, c->name, sizeof(pm->name));
	strscpy(pm->origin_namespace, c->origin_namespace,
		sizeof(pm->origin_namespace));
	strscpy(pm->origin_dax_region, c->origin_dax_region,
		sizeof(pm->origin_dax_region));

	id = idr_alloc(&mr_pagemaps, NULL, 0, MR_MAX_PAGEMAPS, GFP_KERNEL);
	if (id < 0) {
		if (id == -ENOSPC)
			mr_refuse(st, MEMREMAP_R_TOO_MANY, MR_MAX_PAGEMAPS);
		ret = id == -ENOSPC ? -ENOSPC : id;
		goto err_put;
	}
	pm->id = id;
	snprintf(pm->res_name, sizeof(pm->res_name), "pagemap%u", pm->id);

	if (pdev) {
		pm->pdev = pci_dev_get(pdev);
		ret = mr_p2pdma_map(pm, c, st);
		if (ret)
			goto err_release;
		goto publish;
	}
	if (pm->type == MEMREMAP_TYPE_PRIVATE) {
		ret = mr_claim_free(pm, st);
		if (ret)
			goto err_id;
	} else {
		ret = mr_check_overlap(pm->start, pm->size, st);
		if (ret)
			goto err_id;
		ret = mr_check_system_ram(pm->start, pm->size, st);
		if (ret)
			goto err_id;
		if (pm->altmap) {
			ret = mr_layout_altmap(pm, st);
			if (ret)
				goto err_id;
		}
		/*
		 * Before the claim: claiming a range revokes /dev/mem
		 * mappings of it, which a refusal must leave alone.
		 */
		ret = mr_check_memtype(pm, st);
		if (ret)
			goto err_id;
		ret = mr_claim(pm, st);
		if (ret)
			goto err_id;
		if (pm->altmap && !mr_claim_is_memory(pm)) {
			mr_refuse(st, MEMREMAP_R_ALTMAP_NOT_MEMORY, 0);
			if (pm->res->parent) {
				st->conflict.kind = MEMREMAP_CONFLICT_RESOURCE;
				st->conflict.start = pm->parent_start;
				st->conflict.size = pm->parent_size;
				strscpy(st->conflict.name, pm->parent_name,
					sizeof(st->conflict.name));
			}
			ret = -EINVAL;
			goto err_release;
		}
		/* a /dev/mem mapping made since the check above */
		ret = mr_check_memtype(pm, st);
		if (ret)
			goto err_release;
	}

	ret = mr_check_ram_for_memmap(pm, st);
	if (ret)
		goto err_release;
	pm->nid = mr_resolve_node(c->numa_node, pm->start);
	ret = mr_map(pm, st);
	if (ret)
		goto err_release;
	ret = mr_devpages_init(pm);
	if (ret)
		goto err_release;

publish:
	ret = mr_device_publish(pm);
	if (ret)
		goto err_release;
	pm->bound = bound;
	idr_replace(&mr_pagemaps, pm, pm->id);
	mr_fill_info(pm, &c->info);
	return 0;

err_release:
	mr_release(pm);
err_id:
	idr_remove(&mr_pagemaps, id);
err_put:
	put_device(&pm->dev);
	return ret;
}

/*
 * Destroy pagemap 'id' under mr_lock. When the module had bound itself to
 * a PCI device for it, *unbind gets a reference to that device: the caller
 * unbinds it once mr_lock is dropped (the driver core takes the device
 * lock, which comes before mr_lock).
 */
int mr_destroy(u32 id, u32 flags, struct memremap_status *st,
	       struct pci_dev **unbind)
{
	struct mr_pagemap *pm = idr_find(&mr_pagemaps, id);
	unsigned long used, first;
	long extra;

	if (!pm) {
		mr_refuse(st, MEMREMAP_R_NO_SUCH_PAGEMAP, id);
		return -ENOENT;
	}
	/*
	 * Open files and mappings of /dev/pagemapN first: they are what a
	 * person can close, and a mapping holds no reference the check
	 * below would see on every kernel.
	 */
	if (atomic_read(&pm->users)) {
		mr_refuse(st, MEMREMAP_R_IN_USE, atomic_read(&pm->users));
		mr_conflict_pagemap(st, pm);
		return -EBUSY;
	}
	/* Migrated data: moved back on request, else what is in the way */
	used = mr_devpages_used(pm);
	if (used && !(flags & MEMREMAP_DESTROY_EVICT)) {
		mr_refuse(st, MEMREMAP_R_PAGES_IN_USE, used);
		mr_conflict_pagemap(st, pm);
		return -EBUSY;
	}
	if (used && mr_evict(pm, &first, false)) {
		mr_counters_changed(pm);
		mr_refuse(st, MEMREMAP_R_EVICT_FAILED, mr_devpages_used(pm));
		mr_conflict_pagemap(st, pm);
		st->conflict.kind = MEMREMAP_CONFLICT_PAGE;
		st->conflict.start = PFN_PHYS(first);
		st->conflict.size = PAGE_SIZE;
		return -EBUSY;
	}
	/*
	 * memunmap_pages() waits for every reference to go away. Refuse
	 * instead of making the caller wait in D state for a holder that
	 * might never let go.
	 */
	extra = mr_extra_refs(pm);
	if (extra) {
		mr_refuse(st, MEMREMAP_R_BUSY, extra);
		return -EBUSY;
	}
	mr_detach(pm);
	mr_release(pm);
	if (pm->pdev && pm->bound)
		*unbind = pci_dev_get(pm->pdev);
	put_device(&pm->dev);
	return 0;
}

/*
 * Module unload, after the PCI driver went with the p2pdma pagemaps:
 * nothing holds a reference through /dev/memremap any more, but
 * device-private pages may still be in processes. They go back to RAM
 * first, or memunmap_pages() would wait for them forever.
 */
void mr_destroy_all(void)
{
	struct mr_pagemap *pm;
	int id;

	idr_for_each_entry(&mr_pagemaps, pm, id) {
		unsigned long first;

		mr_evict(pm, &first, true);
		mr_detach(pm);
		mr_release(pm);
		put_device(&pm->dev);
	}
}

/* Everything but what has to be read from page tables (memtype) */
void mr_fill_info_fixed(const struct mr_pagemap *pm,
			struct memremap_pagemap_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id = pm->id;
	info->type = pm->type;
	info->flags = pm->altmap ? MEMREMAP_INFO_ALTMAP : 0;
	if (pm->dev.devt)
		info->flags |= MEMREMAP_INFO_CHARDEV;
	info->users = atomic_read(&pm->users);
	if (mr_has_devpages(pm)) {
		info->flags |= MEMREMAP_INFO_COUNTERS;
		info->pages_in_use = mr_devpages_used(pm);
		info->migrated_in = atomic64_read(&pm->mig_in);
		info->migrated_out = atomic64_read(&pm->mig_out);
		info->migrate_failures = atomic64_read(&pm->mig_fail);
	}
	info->numa_node = pm->nid;
	info->start = pm->start;
	info->size = pm->size;
	info->align = pm->align;
	info->altmap_reserve = pm->altmap ? pm->reserve : 0;
	info->altmap_free = pm->altmap_free;
	info->altmap_alloc = pm->altmap_alloc;
	info->memmap_bytes = pm->memmap_bytes;
	info->memmap_location = pm->memmap_location;
	info->data_offset = pm->data_offset;
	info->parent_start = pm->parent_start;
	info->parent_size = pm->parent_size;
	strscpy(info->name, pm->name, sizeof(info->name));
	strscpy(info->parent_name, pm->parent_name, sizeof(info->parent_name));
	strscpy(info->origin_namespace, pm->origin_namespace,
		sizeof(info->origin_namespace));
	strscpy(info->origin_dax_region, pm->origin_dax_region,
		sizeof(info->origin_dax_region));
	info->pci_bar = -1;
	if (pm->pdev) {
		mr_pci_name(pm, info->pci_device, sizeof(info->pci_device));
		info->pci_bar = pm->bar;
		info->pci_offset = pm->pci_offset;
	}
}

void mr_fill_info(const struct mr_pagemap *pm,
		  struct memremap_pagemap_info *info)
{
	mr_fill_info_fixed(pm, info);
	info->memtype = mr_memtype_of(pm);
}
