// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: device-private pages.
 *
 * A private pagemap's pages have struct pages but no memory the CPU can
 * reach: they stand for memory on a device. MEMREMAP_IOC_MIGRATE moves a
 * process's anonymous pages into them, the way a device driver migrates
 * data to its device, so that kernel and driver developers can exercise
 * the paths device-private memory takes without a device. The module keeps
 * each page's data in a RAM page of its own (page->zone_device_data), in
 * place of the device's memory.
 *
 * A CPU access to a migrated page faults into migrate_to_ram(), which
 * moves the data back to a new RAM page; when the last reference to a
 * device page goes (the data moved back, or the process unmapped it),
 * page_free() (folio_free() since 6.19) gives it back to the pagemap.
 */
#include <linux/bitmap.h>
#include <linux/highmem.h>
#include <linux/memremap.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "internal.h"

#ifdef CONFIG_DEVICE_PRIVATE

/* Pages per migrate_vma call: two arrays of this many on the stack. */
#define MR_MIGRATE_BATCH	32UL

int mr_private_init(struct mr_pagemap *pm)
{
	spin_lock_init(&pm->page_lock);
	pm->page_count = pm->size >> PAGE_SHIFT;
	pm->page_used = bitmap_zalloc(pm->page_count, GFP_KERNEL);
	return pm->page_used ? 0 : -ENOMEM;
}

void mr_private_exit(struct mr_pagemap *pm)
{
	bitmap_free(pm->page_used);
	pm->page_used = NULL;
}

static unsigned long mr_private_free_pages(struct mr_pagemap *pm)
{
	unsigned long flags, used;

	spin_lock_irqsave(&pm->page_lock, flags);
	used = bitmap_weight(pm->page_used, pm->page_count);
	spin_unlock_irqrestore(&pm->page_lock, flags);
	return pm->page_count - used;
}

/* A free device page, referenced and locked, or NULL when none is left. */
static struct page *mr_private_alloc(struct mr_pagemap *pm)
{
	unsigned long flags, bit;
	struct page *page;

	spin_lock_irqsave(&pm->page_lock, flags);
	bit = find_next_zero_bit(pm->page_used, pm->page_count, pm->page_next);
	if (bit >= pm->page_count)
		bit = find_first_zero_bit(pm->page_used, pm->page_count);
	if (bit >= pm->page_count) {
		spin_unlock_irqrestore(&pm->page_lock, flags);
		return NULL;
	}
	__set_bit(bit, pm->page_used);
	pm->page_next = bit + 1;
	spin_unlock_irqrestore(&pm->page_lock, flags);

	page = pfn_to_page(PHYS_PFN(pm->start) + bit);
	mr_zone_device_page_init(page, &pm->pgmap);
	return page;
}

/* dev_pagemap_ops.page_free (or folio_free): the last reference went. */
void mr_private_page_free(struct mr_pagemap *pm, struct page *page)
{
	struct page *data = page->zone_device_data;
	unsigned long flags;

	page->zone_device_data = NULL;
	if (data)
		__free_page(data);
	spin_lock_irqsave(&pm->page_lock, flags);
	__clear_bit(page_to_pfn(page) - PHYS_PFN(pm->start), pm->page_used);
	spin_unlock_irqrestore(&pm->page_lock, flags);
}

/*
 * Give each page migrate_vma_setup() collected a device page holding a
 * copy of its data (zeroes for a page never touched). A page that gets
 * none (no RAM for its data) stays where it is.
 */
static void mr_private_fill(struct mr_pagemap *pm, struct migrate_vma *args)
{
	unsigned long i;

	for (i = 0; i < args->npages; i++) {
		struct page *spage, *dpage, *data;

		args->dst[i] = 0;
		if (!(args->src[i] & MIGRATE_PFN_MIGRATE))
			continue;
		data = alloc_page(GFP_HIGHUSER);
		if (!data)
			continue;
		dpage = mr_private_alloc(pm);
		if (!dpage) {
			__free_page(data);
			continue;
		}
		spage = migrate_pfn_to_page(args->src[i]);
		if (spage)
			copy_highpage(data, spage);
		else
			clear_highpage(data);
		dpage->zone_device_data = data;
		args->dst[i] = migrate_pfn(page_to_pfn(dpage));
	}
}

/* MEMREMAP_IOC_MIGRATE, under mr_lock. */
int mr_private_migrate(struct mr_pagemap *pm, u64 addr, u64 length,
		       u64 *migrated, struct memremap_status *st)
{
	unsigned long src[MR_MIGRATE_BATCH], dst[MR_MIGRATE_BATCH];
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long start, next, free;
	int ret = 0;

	*migrated = 0;
	if (!length || !PAGE_ALIGNED(addr) || !PAGE_ALIGNED(length) ||
	    addr + length < addr || addr + length > TASK_SIZE) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_RANGE, 0);
		return -EINVAL;
	}
	free = mr_private_free_pages(pm);
	if (free < length >> PAGE_SHIFT) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_FULL, free);
		return -ENOSPC;
	}
	if (!mm || !mmget_not_zero(mm)) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_RANGE, 0);
		return -EINVAL;
	}

	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	if (!vma || vma->vm_end < addr + length || !vma_is_anonymous(vma)) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_RANGE, 0);
		ret = -EINVAL;
		goto out;
	}
	for (start = addr; start < addr + length; start = next) {
		struct migrate_vma args = {
			.vma = vma,
			.src = src,
			.dst = dst,
			.start = start,
			.pgmap_owner = pm,
			.flags = MIGRATE_VMA_SELECT_SYSTEM,
		};
		unsigned long i;

		next = min_t(u64, addr + length,
			     start + MR_MIGRATE_BATCH * PAGE_SIZE);
		args.end = next;
		ret = migrate_vma_setup(&args);
		if (ret) {
			mr_refuse(st, MEMREMAP_R_KERNEL, 0);
			st->error = ret;
			break;
		}
		mr_private_fill(pm, &args);
		migrate_vma_pages(&args);
		for (i = 0; i < args.npages; i++)
			if ((src[i] & MIGRATE_PFN_MIGRATE) && dst[i])
				(*migrated)++;
		migrate_vma_finalize(&args);
		cond_resched();
	}
out:
	mmap_read_unlock(mm);
	mmput(mm);
	return ret;
}

/*
 * dev_pagemap_ops.migrate_to_ram: the CPU touched a device page; move its
 * data to a new RAM page. Runs under the faulting mm's mmap lock, so it
 * takes no lock of the module's: the pagemap lives while its pages are in
 * use (DESTROY refuses, unload moves them back first).
 */
vm_fault_t mr_private_migrate_to_ram(struct vm_fault *vmf)
{
	struct mr_pagemap *pm = mr_page_pgmap(vmf->page)->owner;
	unsigned long src = 0, dst = 0;
	struct migrate_vma args = {
		.vma = vmf->vma,
		.start = vmf->address,
		.end = vmf->address + PAGE_SIZE,
		.src = &src,
		.dst = &dst,
		.pgmap_owner = pm,
		.flags = MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
		.fault_page = vmf->page,
	};
	struct page *spage, *dpage;
	vm_fault_t ret = 0;

	if (migrate_vma_setup(&args))
		return VM_FAULT_SIGBUS;
	/* not collected: someone else is moving it; the fault is retried */
	if (src & MIGRATE_PFN_MIGRATE) {
		spage = migrate_pfn_to_page(src);
		dpage = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vmf->vma,
				       vmf->address);
		if (dpage) {
			lock_page(dpage);
			copy_highpage(dpage, spage->zone_device_data);
			dst = migrate_pfn(page_to_pfn(dpage));
		} else {
			ret = VM_FAULT_OOM;
		}
	}
	migrate_vma_pages(&args);
	migrate_vma_finalize(&args);
	return ret;
}

/*
 * Move every device page still in use back to RAM, wherever it is mapped
 * (module unload). A page another migration holds locked is skipped by
 * migrate_device_range(); a few passes catch those.
 */
void mr_private_evict(struct mr_pagemap *pm)
{
	unsigned long src[MR_MIGRATE_BATCH], dst[MR_MIGRATE_BATCH];
	unsigned long base = PHYS_PFN(pm->start);
	unsigned long off, n, i;
	int pass;

	if (!pm->page_used)
		return;
	for (pass = 0; pass < 8 && mr_private_free_pages(pm) < pm->page_count;
	     pass++) {
		for (off = 0; off < pm->page_count; off += n) {
			n = min(MR_MIGRATE_BATCH, pm->page_count - off);
			if (find_next_bit(pm->page_used, off + n, off) >= off + n)
				continue;
			migrate_device_range(src, base + off, n);
			for (i = 0; i < n; i++) {
				struct page *spage, *dpage;

				dst[i] = 0;
				if (!(src[i] & MIGRATE_PFN_MIGRATE))
					continue;
				spage = migrate_pfn_to_page(src[i]);
				dpage = alloc_page(GFP_HIGHUSER_MOVABLE |
						   __GFP_NOFAIL);
				lock_page(dpage);
				copy_highpage(dpage, spage->zone_device_data);
				dst[i] = migrate_pfn(page_to_pfn(dpage));
			}
			migrate_device_pages(src, dst, n);
			migrate_device_finalize(src, dst, n);
			cond_resched();
		}
	}
}

#else /* !CONFIG_DEVICE_PRIVATE: type private is refused before this */

int mr_private_init(struct mr_pagemap *pm)
{
	return 0;
}

void mr_private_exit(struct mr_pagemap *pm)
{
}

void mr_private_page_free(struct mr_pagemap *pm, struct page *page)
{
}

vm_fault_t mr_private_migrate_to_ram(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

int mr_private_migrate(struct mr_pagemap *pm, u64 addr, u64 length,
		       u64 *migrated, struct memremap_status *st)
{
	*migrated = 0;
	mr_refuse(st, MEMREMAP_R_TYPE_UNSUPPORTED,
		  MEMREMAP_KCONFIG_DEVICE_PRIVATE);
	return -EOPNOTSUPP;
}

void mr_private_evict(struct mr_pagemap *pm)
{
}

#endif /* CONFIG_DEVICE_PRIVATE */
