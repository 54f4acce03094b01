// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: migration of process memory into device pages and back.
 *
 * Private and coherent pagemaps stand for memory on a device that a driver
 * moves process data into and out of (HMM). MEMREMAP_IOC_MIGRATE does what
 * such a driver does, for any process the caller may ptrace, so that the
 * paths device memory takes (migrate_to_ram, page_free, fork, exit) run
 * under a real workload without a device.
 *
 * A private page has a struct page but no memory the CPU can reach: the
 * module keeps its data in a RAM page of its own (page->zone_device_data),
 * in place of the device's memory, and a CPU access faults into
 * migrate_to_ram(), which moves the data back to a new RAM page. A
 * coherent page is memory the CPU reaches: the data is copied into it and
 * the process maps it like any page. When the last reference to a device
 * page goes, page_free() (folio_free() since 6.19) gives it back.
 *
 * Which device pages are taken is one bitmap under page_lock (page_used),
 * over the pages after data_offset, set when a page is handed out and
 * cleared by page_free(): a page is never handed out twice, whoever still
 * holds a reference to it. A coherent pagemap's pages are also what
 * /dev/pagemapN maps (mr_devpage_claim()); page_mig marks the pages
 * migration took. Open refuses while migrated pages are in use and
 * migration refuses while the node is open (both under mr_lock).
 *
 * A process can hold a coherent page it has mapped beyond any eviction
 * (a pipe's vmsplice reference): unloading the module would then wait in
 * memunmap_pages() forever. So migrated coherent pages hold a reference
 * to the module: rmmod is refused until they are back in RAM (DESTROY
 * with DESTROY_EVICT, MIGRATE_TO_RAM) or their processes unmapped them.
 * Private pages cannot be held that way (GUP faults them back to RAM):
 * unloading evicts them.
 */
#include <linux/bitmap.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/magic.h>
#include <linux/memremap.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "internal.h"

bool mr_has_devpages(const struct mr_pagemap *pm)
{
	return pm->type == MEMREMAP_TYPE_PRIVATE ||
	       pm->type == MEMREMAP_TYPE_COHERENT;
}

/* After memremap_pages(): the device pages of a private or coherent map */
int mr_devpages_init(struct mr_pagemap *pm)
{
	spin_lock_init(&pm->page_lock);
	if (!mr_has_devpages(pm))
		return 0;
	pm->page_base = PHYS_PFN(pm->start + pm->data_offset);
	pm->page_count = (pm->size - pm->data_offset) >> PAGE_SHIFT;
	/* vmalloc for large maps: a 1 TiB map's bitmap is 32 MiB */
	pm->page_used = kvcalloc(BITS_TO_LONGS(pm->page_count),
				 sizeof(unsigned long), GFP_KERNEL);
	pm->page_mig = kvcalloc(BITS_TO_LONGS(pm->page_count),
				sizeof(unsigned long), GFP_KERNEL);
	return pm->page_used && pm->page_mig ? 0 : -ENOMEM;
}

void mr_devpages_exit(struct mr_pagemap *pm)
{
	kvfree(pm->page_used);
	kvfree(pm->page_mig);
	pm->page_used = NULL;
	pm->page_mig = NULL;
}

/* Device pages holding migrated data now: a snapshot, without the lock. */
unsigned long mr_devpages_used(const struct mr_pagemap *pm)
{
	if (!pm->page_mig)
		return 0;
	return bitmap_weight(pm->page_mig, pm->page_count);
}

/* Device pages nobody holds: free for migration. */
static unsigned long mr_devpages_free(const struct mr_pagemap *pm)
{
	return pm->page_count - bitmap_weight(pm->page_used, pm->page_count);
}

/*
 * /dev/pagemapN takes coherent page idx (from data_offset) for a mapping:
 * false while the page is still taken, by a migration or by a reference
 * that outlived an earlier mapping.
 */
bool mr_devpage_claim(struct mr_pagemap *pm, unsigned long idx)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&pm->page_lock, flags);
	ok = !__test_and_set_bit(idx, pm->page_used);
	spin_unlock_irqrestore(&pm->page_lock, flags);
	return ok;
}

/*
 * A change uevent after a migration (a call, not each CPU fault): sysfs
 * holds the new counts, and udev and memremapctl monitor see the change.
 */
void mr_counters_changed(struct mr_pagemap *pm)
{
	static const char * const envp[] = { "MEMREMAP_EVENT=migration", NULL };

	kobject_uevent_env(&pm->dev.kobj, KOBJ_CHANGE, (char **)envp);
}

/* dev_pagemap_ops.page_free (or folio_free): the last reference went. */
void mr_devpage_free(struct mr_pagemap *pm, struct page *page)
{
	struct page *data = page->zone_device_data;
	unsigned long flags, idx = page_to_pfn(page) - pm->page_base;

	bool unpin = false;

	page->zone_device_data = NULL;
	if (data)
		__free_page(data);
	if (!pm->page_used || idx >= pm->page_count)
		return;
	spin_lock_irqsave(&pm->page_lock, flags);
	__clear_bit(idx, pm->page_used);
	if (__test_and_clear_bit(idx, pm->page_mig) &&
	    pm->type == MEMREMAP_TYPE_COHERENT)
		unpin = !--pm->mig_coherent;
	spin_unlock_irqrestore(&pm->page_lock, flags);
	if (unpin)
		module_put(THIS_MODULE);
}

#ifdef CONFIG_DEVICE_MIGRATION

/* Pages per migrate_vma call: two arrays of this many in struct mr_mig. */
#define MR_MIGRATE_BATCH	64UL

#ifdef HAVE_MEMORY_DEVICE_COHERENT
#define MR_SELECT_COHERENT	MIGRATE_VMA_SELECT_DEVICE_COHERENT
#else
#define MR_SELECT_COHERENT	0
#endif

/* One MIGRATE request. */
struct mr_mig {
	struct mr_pagemap *pm;
	struct memremap_migrate *m;
	struct mm_struct *mm;
	bool span;		/* MIGRATE_SPAN rules */
	bool to_ram;
	bool full;		/* no device page left: stop asking */
	u64 failed;		/* pages that could not move */
	unsigned long src[MR_MIGRATE_BATCH];
	unsigned long dst[MR_MIGRATE_BATCH];
};

/* A free device page for migration, referenced and locked, or NULL. */
static struct page *mr_devpage_alloc(struct mr_pagemap *pm)
{
	unsigned long flags, bit;
	bool pin = false;
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
	__set_bit(bit, pm->page_mig);
	if (pm->type == MEMREMAP_TYPE_COHERENT)
		pin = !pm->mig_coherent++;
	pm->page_next = bit + 1;
	spin_unlock_irqrestore(&pm->page_lock, flags);
	if (pin)
		__module_get(THIS_MODULE);
	page = pfn_to_page(pm->page_base + bit);
	mr_zone_device_page_init(page, pm->map);
	return page;
}

static void mr_skip(struct mr_mig *mg, unsigned int why, u64 pages)
{
	mg->m->skipped[why] += pages;
	if (why >= MEMREMAP_SKIP_PINNED)
		mg->failed += pages;
}

/*
 * Give each page migrate_vma_setup() collected a device page holding a
 * copy of its data. A page never touched gets zeroes under the old rules
 * and stays untouched under MIGRATE_SPAN.
 */
static void mr_fill_device(struct mr_mig *mg, struct migrate_vma *args)
{
	struct mr_pagemap *pm = mg->pm;
	unsigned long i;

	for (i = 0; i < args->npages; i++) {
		struct page *spage, *dpage, *data = NULL;

		args->dst[i] = 0;
		if (!(args->src[i] & MIGRATE_PFN_MIGRATE))
			continue;
		spage = migrate_pfn_to_page(args->src[i]);
		if (!spage && mg->span)
			continue;
		if (pm->type == MEMREMAP_TYPE_PRIVATE) {
			data = alloc_page(GFP_HIGHUSER);
			if (!data) {
				mr_skip(mg, MEMREMAP_SKIP_NOMEM, 1);
				continue;
			}
		}
		dpage = mg->full ? NULL : mr_devpage_alloc(pm);
		if (!dpage) {
			if (data)
				__free_page(data);
			mg->full = true;
			mr_skip(mg, MEMREMAP_SKIP_FULL, 1);
			continue;
		}
		if (!data)
			data = dpage;	/* coherent: the device page itself */
		if (spage)
			copy_highpage(data, spage);
		else
			clear_highpage(data);
		if (data != dpage)
			dpage->zone_device_data = data;
		args->dst[i] = migrate_pfn(page_to_pfn(dpage));
	}
}

/* Copy a device page's data into a new, locked RAM page (or NULL). */
static struct page *mr_copy_to_ram(struct page *spage,
				   struct vm_area_struct *vma,
				   unsigned long addr, gfp_t gfp)
{
	struct page *dpage;

	if (vma)
		dpage = alloc_page_vma(gfp, vma, addr);
	else
		dpage = alloc_page(gfp);
	if (!dpage)
		return NULL;
	lock_page(dpage);
	if (is_device_private_page(spage))
		copy_highpage(dpage, spage->zone_device_data);
	else
		copy_highpage(dpage, spage);
	return dpage;
}

static void mr_fill_ram(struct mr_mig *mg, struct migrate_vma *args)
{
	unsigned long i;

	for (i = 0; i < args->npages; i++) {
		struct page *spage = migrate_pfn_to_page(args->src[i]);
		struct page *dpage;

		args->dst[i] = 0;
		/* a hole of an anonymous mapping is collected too: nothing there */
		if (!spage || !(args->src[i] & MIGRATE_PFN_MIGRATE))
			continue;
		dpage = mr_copy_to_ram(spage,
				       args->vma,
				       args->start + i * PAGE_SIZE,
				       GFP_HIGHUSER_MOVABLE);
		if (!dpage) {
			mr_skip(mg, MEMREMAP_SKIP_NOMEM, 1);
			continue;
		}
		args->dst[i] = migrate_pfn(page_to_pfn(dpage));
	}
}

/*
 * Why a page that migrate_vma_setup() did not collect stayed: it tells a
 * page it gave up on (pinned, busy, a huge page it could not split) no
 * differently from one that has nothing to move, so look at what is there.
 */
static void mr_explain(struct mr_mig *mg, unsigned long addr)
{
	struct page *page = mr_page_present(mg->mm, addr);

	if (!page)
		return;		/* not present, or device private already */
	if (is_zero_pfn(page_to_pfn(page)) || is_zone_device_page(page))
		;		/* nothing to move, or moved already */
	else if (folio_test_large(page_folio(page)))
		mr_skip(mg, MEMREMAP_SKIP_THP, 1);
	else if (folio_maybe_dma_pinned(page_folio(page)))
		mr_skip(mg, MEMREMAP_SKIP_PINNED, 1);
	else
		mr_skip(mg, MEMREMAP_SKIP_BUSY, 1);
	put_page(page);
}

/* Move [start, end) of one vma, in batches. */
static int mr_migrate_vma(struct mr_mig *mg, struct vm_area_struct *vma,
			  unsigned long start, unsigned long end)
{
	struct mr_pagemap *pm = mg->pm;
	unsigned long addr, next, i;
	int ret;

	for (addr = start; addr < end; addr = next) {
		struct migrate_vma args = {
			.vma = vma,
			.src = mg->src,
			.dst = mg->dst,
			.start = addr,
			.pgmap_owner = pm,
			.flags = MIGRATE_VMA_SELECT_SYSTEM,
		};

		next = min(end, addr + MR_MIGRATE_BATCH * PAGE_SIZE);
		args.end = next;
		if (mg->to_ram)
			args.flags = pm->type == MEMREMAP_TYPE_PRIVATE ?
				MIGRATE_VMA_SELECT_DEVICE_PRIVATE :
				MR_SELECT_COHERENT;
		ret = migrate_vma_setup(&args);
		if (ret)
			return ret;
		if (mg->to_ram)
			mr_fill_ram(mg, &args);
		else
			mr_fill_device(mg, &args);
		migrate_vma_pages(&args);
		for (i = 0; i < args.npages; i++) {
			if (!args.dst[i])
				continue;
			if (args.src[i] & MIGRATE_PFN_MIGRATE)
				mg->m->migrated++;
			else
				mr_skip(mg, MEMREMAP_SKIP_BUSY, 1);
		}
		migrate_vma_finalize(&args);
		if (mg->span && !mg->to_ram) {
			for (i = 0; i < args.npages; i++)
				if (!args.src[i])
					mr_explain(mg, addr + i * PAGE_SIZE);
		}
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/* Which skip a mapping as a whole falls under, or -1 when it can move. */
static int mr_vma_skip(struct vm_area_struct *vma)
{
	if (is_vm_hugetlb_page(vma) || vma_is_dax(vma) ||
	    (vma->vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP | VM_DONTEXPAND)))
		return MEMREMAP_SKIP_SPECIAL;
	if (vma->vm_flags & VM_SHARED)
		return MEMREMAP_SKIP_SHARED;
	if (!vma_is_anonymous(vma))
		return MEMREMAP_SKIP_FILE;
	if (vma->vm_flags & VM_LOCKED)
		return MEMREMAP_SKIP_LOCKED;
	return -1;
}

/* MIGRATE_SPAN: every mapping in [start, end), or every anonymous one. */
static int mr_migrate_span(struct mr_mig *mg, unsigned long start,
			   unsigned long end, bool all)
{
	VMA_ITERATOR(vmi, mg->mm, start);
	struct vm_area_struct *vma;
	int ret;

	for_each_vma_range(vmi, vma, end) {
		unsigned long s = max(start, vma->vm_start);
		unsigned long e = min(end, vma->vm_end);
		int why = mr_vma_skip(vma);

		if (all && !vma_is_anonymous(vma))
			continue;
		if (why >= 0) {
			mr_skip(mg, why, (e - s) >> PAGE_SHIFT);
			continue;
		}
		ret = mr_migrate_vma(mg, vma, s, e);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Is f procfs's /proc/NR/mem? Other proc files keep the mm in private_data
 * too (environ, auxv, pagemap) after a weaker check, and a bind mount or a
 * symlink could put one at that path: the file's own dentry must be "mem"
 * in the directory "NR" of a proc superblock.
 */
static bool mr_is_mem_file(struct file *f, pid_t nr)
{
	struct dentry *d = f->f_path.dentry, *parent;
	char name[16];
	bool ok;

	if (file_inode(f)->i_sb->s_magic != PROC_SUPER_MAGIC ||
	    strcmp(d->d_name.name, "mem"))
		return false;
	snprintf(name, sizeof(name), "%d", nr);
	parent = dget_parent(d);
	ok = !strcmp(parent->d_name.name, name);
	dput(parent);
	return ok;
}

/*
 * The mm of process 'nr' when the caller may ptrace it. The check is the
 * one /proc/PID/mem makes on open (PTRACE_MODE_ATTACH, with the LSMs'
 * say), which modules cannot call directly: open it as the caller and
 * make sure it is the mem file of that very mm.
 */
static struct mm_struct *mr_target_mm(pid_t nr, struct memremap_status *st,
				      int *err)
{
	struct task_struct *task = NULL;
	struct mm_struct *mm = NULL;
	struct file *mem;
	char path[32];
	struct pid *pid;

	if (!nr) {
		mm = current->mm;
		if (mm && mmget_not_zero(mm))
			return mm;
		goto gone;
	}
	pid = nr > 0 ? find_get_pid(nr) : NULL;
	if (pid) {
		task = get_pid_task(pid, PIDTYPE_PID);
		put_pid(pid);
	}
	if (task) {
		mm = get_task_mm(task);
		put_task_struct(task);
	}
	if (!mm)
		goto gone;
	snprintf(path, sizeof(path), "/proc/%d/mem", nr);
	mem = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(mem)) {
		mmput(mm);
		*err = PTR_ERR(mem);
		if (*err == -EACCES || *err == -EPERM) {
			mr_refuse(st, MEMREMAP_R_MIGRATE_PTRACE, nr);
			*err = -EPERM;
		} else if (*err == -ENOENT || *err == -ESRCH) {
			goto gone;
		}
		return NULL;
	}
	if (!mr_is_mem_file(mem, nr) || mem->private_data != mm) {
		fput(mem);
		mmput(mm);
		goto gone;
	}
	fput(mem);
	return mm;
gone:
	mr_refuse(st, MEMREMAP_R_NO_SUCH_PROCESS, nr);
	*err = -ESRCH;
	return NULL;
}

/* MEMREMAP_IOC_MIGRATE on a private or coherent pagemap, under mr_lock. */
int mr_migrate(struct mr_pagemap *pm, struct memremap_migrate *m,
	       struct memremap_status *st)
{
	bool all = m->flags & MEMREMAP_MIGRATE_ALL;
	u64 addr = m->addr, length = m->length;
	struct vm_area_struct *vma;
	struct mr_mig *mg;
	int ret = 0;

	if (all ? addr || length :
	    !length || !PAGE_ALIGNED(addr) || !PAGE_ALIGNED(length) ||
	    addr + length < addr) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_RANGE, 0);
		return -EINVAL;
	}
	if (pm->type == MEMREMAP_TYPE_COHERENT &&
	    !(m->flags & MEMREMAP_MIGRATE_TO_RAM) && atomic_read(&pm->users)) {
		mr_refuse(st, MEMREMAP_R_IN_USE, atomic_read(&pm->users));
		mr_conflict_pagemap(st, pm);
		return -EBUSY;
	}
	mg = kzalloc(sizeof(*mg), GFP_KERNEL);
	if (!mg)
		return -ENOMEM;
	mg->pm = pm;
	mg->m = m;
	mg->to_ram = m->flags & MEMREMAP_MIGRATE_TO_RAM;
	mg->span = m->flags & MR_MIGRATE_FLAGS;
	if (!mg->span && mr_devpages_free(pm) < length >> PAGE_SHIFT) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_FULL, mr_devpages_free(pm));
		ret = -ENOSPC;
		goto out_free;
	}
	mg->mm = mr_target_mm(m->pid, st, &ret);
	if (!mg->mm)
		goto out_free;
	/* the target's address space, which may be wider than the caller's */
	if (all)
		length = mg->mm->task_size;
	if (addr + length > mg->mm->task_size) {
		mr_refuse(st, MEMREMAP_R_MIGRATE_RANGE, 0);
		ret = -EINVAL;
		goto out_put;
	}
	ret = mmap_read_lock_killable(mg->mm);
	if (ret)
		goto out_put;
	if (mg->span) {
		ret = mr_migrate_span(mg, addr, addr + length, all);
	} else {
		vma = vma_lookup(mg->mm, addr);
		if (!vma || vma->vm_end < addr + length ||
		    !vma_is_anonymous(vma)) {
			mr_refuse(st, MEMREMAP_R_MIGRATE_RANGE, 0);
			ret = -EINVAL;
		} else {
			ret = mr_migrate_vma(mg, vma, addr, addr + length);
		}
	}
	mmap_read_unlock(mg->mm);
	if (ret && ret != -EINTR && st->reason == MEMREMAP_R_NONE) {
		mr_refuse(st, MEMREMAP_R_KERNEL, 0);
		st->error = ret;
	}
out_put:
	mmput(mg->mm);
	if (mg->to_ram)
		atomic64_add(m->migrated, &pm->mig_out);
	else
		atomic64_add(m->migrated, &pm->mig_in);
	atomic64_add(mg->failed, &pm->mig_fail);
out_free:
	m->free = mr_devpages_free(pm);
	kfree(mg);
	return ret;
}

/*
 * dev_pagemap_ops.migrate_to_ram: the CPU touched a private page; move its
 * data to a new RAM page. Runs under the faulting mm's mmap lock, so it
 * takes no lock of the module's: the pagemap lives while its pages are in
 * use (DESTROY refuses or evicts, unload evicts first). Without RAM for
 * the copy the page stays and the fault is retried, as the kernel's
 * test_hmm driver does: the allocation has already tried reclaim and the
 * OOM killer, and a task the OOM killer chose gets to handle its signal.
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
	struct page *dpage;

	if (migrate_vma_setup(&args))
		return VM_FAULT_SIGBUS;
	/* not collected: someone else is moving it; the fault is retried */
	if (src & MIGRATE_PFN_MIGRATE) {
		dpage = mr_copy_to_ram(migrate_pfn_to_page(src), vmf->vma,
				       vmf->address, GFP_HIGHUSER_MOVABLE);
		if (dpage)
			dst = migrate_pfn(page_to_pfn(dpage));
		else
			atomic64_inc(&pm->mig_fail);
	}
	migrate_vma_pages(&args);
	if (dst && (src & MIGRATE_PFN_MIGRATE))
		atomic64_inc(&pm->mig_out);
	migrate_vma_finalize(&args);
	return 0;
}

/*
 * Move every page migration put in the pagemap back to RAM, wherever it is
 * mapped (DESTROY_EVICT; module unload, which cannot fail: there a page
 * waits for RAM as long as it takes). A page another migration holds
 * locked is skipped by migrate_device_range(); a few passes catch those.
 * A page with a pin or another reference stays. The pages still in use
 * after, and the first of them.
 */
unsigned long mr_evict(struct mr_pagemap *pm, unsigned long *first,
		       bool unload)
{
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | (unload ? __GFP_NOFAIL : 0);
	unsigned long *src, *dst, off, n, i, left;
	int pass;

	if (!pm->page_mig || !mr_devpages_used(pm))
		return 0;
	src = kcalloc(2 * MR_MIGRATE_BATCH, sizeof(*src),
		      GFP_KERNEL | __GFP_NOFAIL);
	dst = src + MR_MIGRATE_BATCH;
	for (pass = 0; pass < 8 && mr_devpages_used(pm); pass++) {
		for (off = 0; off < pm->page_count; off += n) {
			n = min(MR_MIGRATE_BATCH, pm->page_count - off);
			if (find_next_bit(pm->page_mig, off + n, off) >= off + n)
				continue;
			migrate_device_range(src, pm->page_base + off, n);
			for (i = 0; i < n; i++) {
				struct page *dpage = NULL;

				/* a page /dev/pagemapN handed out is not ours */
				if ((src[i] & MIGRATE_PFN_MIGRATE) &&
				    test_bit(off + i, pm->page_mig))
					dpage = mr_copy_to_ram(migrate_pfn_to_page(src[i]),
							       NULL, 0, gfp);
				dst[i] = dpage ? migrate_pfn(page_to_pfn(dpage)) : 0;
			}
			migrate_device_pages(src, dst, n);
			for (i = 0; i < n; i++)
				if (dst[i] && (src[i] & MIGRATE_PFN_MIGRATE))
					atomic64_inc(&pm->mig_out);
			migrate_device_finalize(src, dst, n);
			cond_resched();
		}
	}
	kfree(src);
	left = mr_devpages_used(pm);
	if (left)
		*first = pm->page_base + find_first_bit(pm->page_mig,
							pm->page_count);
	return left;
}

#else /* !CONFIG_DEVICE_MIGRATION */

int mr_migrate(struct mr_pagemap *pm, struct memremap_migrate *m,
	       struct memremap_status *st)
{
	mr_refuse(st, MEMREMAP_R_TYPE_UNSUPPORTED,
		  MEMREMAP_KCONFIG_DEVICE_PRIVATE);
	return -EOPNOTSUPP;
}

vm_fault_t mr_private_migrate_to_ram(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

unsigned long mr_evict(struct mr_pagemap *pm, unsigned long *first,
		       bool unload)
{
	return 0;
}

#endif /* CONFIG_DEVICE_MIGRATION */
