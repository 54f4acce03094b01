// SPDX-License-Identifier: GPL-2.0
/*
 * memremap_ctl: /dev/pagemapN, a pagemap's pages mapped into processes.
 *
 * Every pagemap of a CPU-addressable type (all but private) has a
 * character device, minor = its id. mmap() of it works as device-dax's
 * does: MAP_SHARED only, offset and length multiples of the pagemap's
 * compound page size ('align'), file offset 0 at the first usable byte
 * (data_offset: the altmap's reserve and struct pages are never mapped),
 * and faults insert the pagemap's own pages at that size (PTE, PMD or
 * PUD), so that get_user_pages() and pin_user_pages() work on a mapping.
 *
 * The kernel faults a file mapping at PMD or PUD size only when the vma
 * counts as DAX: its file's f_mapping->host must be an S_DAX inode. Each
 * pagemap therefore has an inode of its own on a pseudo filesystem the
 * module mounts (device-dax does the same with its dax inodes), and every
 * open file of /dev/pagemapN uses that inode's mapping.
 *
 * Lifetime: an open file counts as a user of the pagemap and holds a
 * reference on the struct, the pgmap and (through the cdev's owner) the
 * module; a mapping holds its file. DESTROY refuses a pagemap with users,
 * so no page is mapped when memunmap_pages() runs.
 *
 * Page reference counts: where a type's pages rest at refcount 0 (coherent
 * pages everywhere, fsdax and coherent pages on kernels without pfn_t),
 * the kernel expects a page to be handed out before it is mapped or
 * pinned. The module does that on a page's first fault and keeps that
 * reference until the pagemap's last file is closed; dropping it then
 * gives the page back through the kernel's own free path. P2PDMA pages
 * at refcount 0 belong to the device's peer-to-peer pool and their free
 * path returns them to it: they are taken from the pool first (see
 * mr_p2p_take_pool()).
 */
#include <linux/cdev.h>
#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagemap.h>
#include <linux/pci-p2pdma.h>
#include <linux/percpu-refcount.h>
#include <linux/pseudo_fs.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "internal.h"

#ifndef HAVE_VMF_INSERT_FOLIO
#include <linux/pfn_t.h>
#endif

#define MR_FS_MAGIC		0x6d726d63	/* "mrmc" */
#define MR_PMD_ORDER		(PMD_SHIFT - PAGE_SHIFT)
#define MR_PUD_ORDER		(PUD_SHIFT - PAGE_SHIFT)

static dev_t mr_devt;
static struct vfsmount *mr_mnt;
static struct dentry *mr_debugfs;

static int mr_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, MR_FS_MAGIC) ? 0 : -ENOMEM;
}

/*
 * No .owner: a mount holds its filesystem type's module, and this one is
 * mounted for as long as the module is loaded.
 */
static struct file_system_type mr_fs_type = {
	.name = "memremap_ctl",
	.init_fs_context = mr_fs_init_fs_context,
	.kill_sb = kill_anon_super,
};

static inline struct mr_pagemap *mr_file_pm(struct file *filp)
{
	return filp->private_data;
}

/* The page 'idx' units of 'align' after the first usable byte. */
static struct page *mr_data_page(struct mr_pagemap *pm, unsigned long idx)
{
	return pfn_to_page(PHYS_PFN(pm->start + pm->data_offset) +
			   idx * (pm->align >> PAGE_SHIFT));
}

/*
 * p2pdma pages at rest belong to the device's peer-to-peer pool, and their
 * free path (p2pdma_folio_free()) gives each back to it with one pgmap
 * reference. So, as p2pmem_alloc_mmap() does: the pagemap's whole range is
 * taken from the pool once (the module is the device's driver: nobody
 * else allocates from it), and each page handed out holds a pgmap
 * reference of its own. mr_p2p_put_back() returns what was never handed
 * out.
 */
static bool mr_p2p_take_pool(struct mr_pagemap *pm)
{
	void *want = page_to_virt(mr_data_page(pm, 0));
	size_t len = pm->size - pm->data_offset;
	void *kaddr;

	if (pm->p2p_pool)
		return true;
	kaddr = pci_alloc_p2pmem(pm->pdev, len);
	if (kaddr != want) {
		if (kaddr)
			pci_free_p2pmem(pm->pdev, kaddr, len);
		return false;
	}
	pm->p2p_pool = true;
	return true;
}

static void mr_p2p_put_back(struct mr_pagemap *pm)
{
	unsigned long start, end = 0;

	if (!pm->p2p_pool)
		return;
	for (;;) {
		start = find_next_zero_bit(pm->alloc, pm->alloc_bits, end);
		if (start >= pm->alloc_bits)
			break;
		end = find_next_bit(pm->alloc, pm->alloc_bits, start);
		/* pci_free_p2pmem() drops a pgmap reference per call */
		percpu_ref_get(&pm->map->ref);
		pci_free_p2pmem(pm->pdev, page_to_virt(mr_data_page(pm, start)),
				(end - start) * PAGE_SIZE);
	}
	/* the one pci_alloc_p2pmem() took */
	percpu_ref_put(&pm->map->ref);
	pm->p2p_pool = false;
}

/*
 * Hand out a page whose rest state is refcount 0, once, before its first
 * mapping. fsdax pages are taken as fs/dax.c takes them (a reference,
 * nothing else: their free path gives nothing back); p2pdma pages as
 * p2pmem_alloc_mmap() takes them from the pool; other types as a driver
 * allocates device memory (zone_device_page_init(), which also takes a
 * pgmap reference that their free path drops).
 */
static bool mr_hand_out(struct mr_pagemap *pm, unsigned long idx)
{
	struct page *page = mr_data_page(pm, idx);
	bool ok = true;

	mutex_lock(&pm->alloc_lock);
	if (test_bit(idx, pm->alloc))
		goto out;
	if (pm->type == MEMREMAP_TYPE_FSDAX) {
		folio_ref_inc(page_folio(page));
	} else if (pm->type == MEMREMAP_TYPE_P2PDMA) {
		ok = mr_p2p_take_pool(pm);
		if (!ok)
			goto out;
		folio_ref_inc(page_folio(page));
		percpu_ref_get(&pm->map->ref);
	} else {
		/* coherent: not while a reference from before still holds it */
		ok = !mr_has_devpages(pm) || mr_devpage_claim(pm, idx);
		if (!ok)
			goto out;
		mr_zone_device_page_init(page, pm->map);
		unlock_page(page);
	}
	set_bit(idx, pm->alloc);
out:
	mutex_unlock(&pm->alloc_lock);
	return ok;
}

/* The pagemap's last file is gone: give back what mr_hand_out() took. */
static void mr_take_back(struct mr_pagemap *pm)
{
	unsigned long idx;

	if (!pm->alloc)
		return;
	mutex_lock(&pm->alloc_lock);
	/* p2pdma: first what was never handed out, while the bitmap says so */
	mr_p2p_put_back(pm);
	for_each_set_bit(idx, pm->alloc, pm->alloc_bits) {
		clear_bit(idx, pm->alloc);
		put_page(mr_data_page(pm, idx));
		cond_resched();
	}
	mutex_unlock(&pm->alloc_lock);
}

static vm_fault_t mr_insert(struct vm_fault *vmf, unsigned long pfn,
			    unsigned int order)
{
	bool write = vmf->flags & FAULT_FLAG_WRITE;
#ifdef HAVE_VMF_INSERT_FOLIO
	struct page *page = pfn_to_page(pfn);

	if (order == 0)
		return vmf_insert_page_mkwrite(vmf, page, write);
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	if (order == MR_PMD_ORDER)
		return vmf_insert_folio_pmd(vmf, page_folio(page), write);
#endif
#ifdef CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD
	if (order == MR_PUD_ORDER)
		return vmf_insert_folio_pud(vmf, page_folio(page), write);
#endif
#else
	pfn_t p = phys_to_pfn_t(PFN_PHYS(pfn), PFN_DEV | PFN_MAP);

	if (order == 0)
		return vmf_insert_mixed(vmf->vma, vmf->address, p);
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	if (order == MR_PMD_ORDER)
		return vmf_insert_pfn_pmd(vmf, p, write);
#endif
#ifdef CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD
	if (order == MR_PUD_ORDER)
		return vmf_insert_pfn_pud(vmf, p, write);
#endif
#endif
	return VM_FAULT_FALLBACK;
}

/*
 * A fault of 'order': the pagemap's pages are mapped whole, at their
 * compound size. A larger fault falls back to a smaller one, a smaller one
 * than the pagemap's pages is SIGBUS (mmap() made sure the vma is aligned,
 * so the kernel tries the right size first), as device-dax does.
 */
static vm_fault_t mr_fault_order(struct vm_fault *vmf, unsigned int order)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mr_pagemap *pm = mr_file_pm(vma->vm_file);
	unsigned long size = PAGE_SIZE << order;
	unsigned long addr = ALIGN_DOWN(vmf->address, size);
	u64 off, data = pm->size - pm->data_offset;
	vm_fault_t ret;

	if (size > pm->align)
		return VM_FAULT_FALLBACK;
	if (size < pm->align)
		return VM_FAULT_SIGBUS;
	if (addr < vma->vm_start || addr + size > vma->vm_end)
		return VM_FAULT_SIGBUS;
	off = (u64)linear_page_index(vma, addr) << PAGE_SHIFT;
	if (off >= data || size > data - off)
		return VM_FAULT_SIGBUS;
	if (pm->alloc && !mr_hand_out(pm, div64_u64(off, pm->align)))
		return VM_FAULT_SIGBUS;
	ret = mr_insert(vmf, PHYS_PFN(pm->start + pm->data_offset + off),
			order);
	if (ret == VM_FAULT_NOPAGE)
		atomic_long_inc(&pm->faults[order == 0 ? 0 :
					    order == MR_PMD_ORDER ? 1 : 2]);
	return ret;
}

static vm_fault_t mr_fault(struct vm_fault *vmf)
{
	return mr_fault_order(vmf, 0);
}

#ifdef HAVE_PAGE_ENTRY_SIZE
static vm_fault_t mr_huge_fault(struct vm_fault *vmf,
				enum page_entry_size pe_size)
{
	switch (pe_size) {
	case PE_SIZE_PTE:
		return mr_fault_order(vmf, 0);
	case PE_SIZE_PMD:
		return mr_fault_order(vmf, MR_PMD_ORDER);
	case PE_SIZE_PUD:
		return mr_fault_order(vmf, MR_PUD_ORDER);
	}
	return VM_FAULT_SIGBUS;
}
#else
static vm_fault_t mr_huge_fault(struct vm_fault *vmf, unsigned int order)
{
	return mr_fault_order(vmf, order);
}
#endif

/* munmap() or mprotect() of part of a mapping: only at page boundaries */
static int mr_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return IS_ALIGNED(addr, mr_file_pm(vma->vm_file)->align) ? 0 : -EINVAL;
}

static unsigned long mr_pagesize(struct vm_area_struct *vma)
{
	return mr_file_pm(vma->vm_file)->align;
}

static const struct vm_operations_struct mr_vm_ops = {
	.fault = mr_fault,
	.huge_fault = mr_huge_fault,
	.may_split = mr_may_split,
	.pagesize = mr_pagesize,
};

static int mr_pm_release(struct inode *inode, struct file *filp);

/* The file of an fsdax mapping (mr_mmap_fsdax_file()): only a release */
static const struct file_operations mr_fsdax_fops = {
	.owner = THIS_MODULE,
	.release = mr_pm_release,
	.llseek = noop_llseek,
};

/*
 * From Linux 6.15 on (the kernels where fsdax pages rest at refcount 0)
 * fsdax pages may not be pinned long-term. GUP refuses that up front only
 * in a vma it knows as fsdax (vma_is_fsdax(): a DAX file that is not a
 * character device); anywhere else it unpins, tries to migrate pages that
 * cannot move, and retries forever, so an io_uring fixed buffer over a
 * mapping of /dev/pagemapN would hang its caller. Such a mapping gets a
 * file of its own on the module's pseudo filesystem, over the pagemap's
 * S_DAX inode, in place of the node's: GUP then refuses long-term pins
 * with EOPNOTSUPP, as for a file on a DAX filesystem. Called under the
 * mmap lock, with the node open (users > 0), so mr_lock is not needed to
 * count the new file as a user; it is one until its last mapping goes.
 */
static int mr_mmap_fsdax_file(struct mr_pagemap *pm,
			      struct vm_area_struct *vma)
{
	struct file *f;

	if (!mr_get_dev_pagemap(PHYS_PFN(pm->start)))
		return -ENXIO;
	if (!try_module_get(THIS_MODULE)) {
		put_dev_pagemap(pm->map);
		return -ENODEV;
	}
	ihold(pm->inode);
	f = alloc_file_pseudo(pm->inode, mr_mnt, dev_name(&pm->dev), O_RDWR,
			      &mr_fsdax_fops);
	if (IS_ERR(f)) {
		iput(pm->inode);
		module_put(THIS_MODULE);
		put_dev_pagemap(pm->map);
		return PTR_ERR(f);
	}
	atomic_inc(&pm->users);
	get_device(&pm->dev);
	f->private_data = pm;
	vma_set_file(vma, f);
	fput(f);
	return 0;
}

static int mr_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct mr_pagemap *pm = mr_file_pm(filp);
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 len = vma->vm_end - vma->vm_start;
	u64 data = pm->size - pm->data_offset;

	/* a private copy of device memory is not what anyone asks for */
	if (!(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	if (!IS_ALIGNED(off, pm->align) || !IS_ALIGNED(len, pm->align) ||
	    !IS_ALIGNED(vma->vm_start, pm->align))
		return -EINVAL;
	if (off > data || len > data - off)
		return -EINVAL;
	if (pm->type == MEMREMAP_TYPE_FSDAX && !pm->page_ref_idle) {
		int ret = mr_mmap_fsdax_file(pm, vma);

		if (ret)
			return ret;
	}
	vma->vm_ops = &mr_vm_ops;
#ifdef HAVE_VM_FLAGS_SET
	vm_flags_set(vma, VM_HUGEPAGE);
#else
	vma->vm_flags |= VM_HUGEPAGE;
#endif
	return 0;
}

static unsigned long mr_base_unmapped_area(struct file *filp,
					   unsigned long addr,
					   unsigned long len,
					   unsigned long pgoff,
					   unsigned long flags)
{
#if defined(HAVE_MM_GET_UNMAPPED_AREA)
	return mm_get_unmapped_area(filp, addr, len, pgoff, flags);
#elif defined(HAVE_MM_GET_UNMAPPED_AREA_MM)
	return mm_get_unmapped_area(current->mm, filp, addr, len, pgoff,
				    flags);
#else
	return current->mm->get_unmapped_area(filp, addr, len, pgoff, flags);
#endif
}

/*
 * An address aligned to the pagemap's page size, so that a plain
 * mmap(NULL, ...) of a 2M or 1G pagemap is faulted at that size: ask for
 * 'align' more than needed and start at the first aligned address in it.
 */
static unsigned long mr_get_unmapped_area(struct file *filp,
					  unsigned long addr,
					  unsigned long len,
					  unsigned long pgoff,
					  unsigned long flags)
{
	struct mr_pagemap *pm = mr_file_pm(filp);
	unsigned long align = pm->align, base;

	if (addr || align == PAGE_SIZE || len + align < len)
		return mr_base_unmapped_area(filp, addr, len, pgoff, flags);
	base = mr_base_unmapped_area(filp, 0, len + align, pgoff, flags);
	if (IS_ERR_VALUE(base))
		return mr_base_unmapped_area(filp, addr, len, pgoff, flags);
	return base + ((((u64)pgoff << PAGE_SHIFT) - base) & (align - 1));
}

/*
 * Under mr_lock, so that it cannot race DESTROY: a pagemap that is gone
 * from the set (destroyed, or being torn down with its PCI device) is
 * refused.
 */
static int mr_pm_open(struct inode *inode, struct file *filp)
{
	struct mr_pagemap *pm = container_of(inode->i_cdev, struct mr_pagemap,
					     cdev);
	int ret = 0;

	mutex_lock(&mr_lock);
	if (idr_find(&mr_pagemaps, pm->id) != pm ||
	    !mr_get_dev_pagemap(PHYS_PFN(pm->start))) {
		ret = -ENXIO;
		goto out;
	}
	/* a coherent pagemap's pages serve migration or mappings, not both */
	if (mr_devpages_used(pm)) {
		put_dev_pagemap(pm->map);
		ret = -EBUSY;
		goto out;
	}
	atomic_inc(&pm->users);
	get_device(&pm->dev);
	filp->private_data = pm;
	filp->f_mapping = pm->inode->i_mapping;
	filp->f_wb_err = filemap_sample_wb_err(filp->f_mapping);
out:
	mutex_unlock(&mr_lock);
	return ret;
}

static int mr_pm_release(struct inode *inode, struct file *filp)
{
	struct mr_pagemap *pm = mr_file_pm(filp);

	mutex_lock(&mr_lock);
	if (atomic_dec_and_test(&pm->users))
		mr_take_back(pm);
	mutex_unlock(&mr_lock);
	put_dev_pagemap(pm->map);
	put_device(&pm->dev);
	return 0;
}

static const struct file_operations mr_pagemap_fops = {
	.owner = THIS_MODULE,
	.open = mr_pm_open,
	.release = mr_pm_release,
	.mmap = mr_mmap,
	.get_unmapped_area = mr_get_unmapped_area,
	.llseek = noop_llseek,
};

bool mr_has_chardev(const struct mr_pagemap *pm)
{
	return pm->type != MEMREMAP_TYPE_PRIVATE;
}

/*
 * Before the class device is added: its dev_t (so that the uevent names
 * the node and devtmpfs makes /dev/pagemapN), the cdev and the S_DAX
 * inode. What is made here goes in mr_chardev_free().
 */
int mr_chardev_prepare(struct mr_pagemap *pm)
{
	struct inode *inode;

	mutex_init(&pm->alloc_lock);
	if (!mr_has_chardev(pm))
		return 0;
	if (!pm->page_ref_idle) {
		pm->alloc_bits = div64_u64(pm->size - pm->data_offset,
					   pm->align);
		pm->alloc = kvcalloc(BITS_TO_LONGS(pm->alloc_bits),
				     sizeof(unsigned long), GFP_KERNEL);
		if (!pm->alloc)
			return -ENOMEM;
	}
	inode = alloc_anon_inode(mr_mnt->mnt_sb);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	inode->i_flags |= S_DAX;
	pm->inode = inode;
	cdev_init(&pm->cdev, &mr_pagemap_fops);
	pm->cdev.owner = THIS_MODULE;
	pm->dev.devt = MKDEV(MAJOR(mr_devt), pm->id);
	return 0;
}

/* From the device's release: no file of it is open any more. */
void mr_chardev_free(struct mr_pagemap *pm)
{
	if (pm->inode)
		iput(pm->inode);
	kvfree(pm->alloc);
}

static int mr_faults_show(struct seq_file *m, void *v)
{
	struct mr_pagemap *pm = m->private;

	seq_printf(m, "pte %ld\npmd %ld\npud %ld\n",
		   atomic_long_read(&pm->faults[0]),
		   atomic_long_read(&pm->faults[1]),
		   atomic_long_read(&pm->faults[2]));
	seq_printf(m, "refcount %d\nrefcount_idle %d\n",
		   page_ref_count(mr_data_page(pm, 0)), pm->page_ref_idle);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mr_faults);

/*
 * /sys/kernel/debug/memremap_ctl/pagemapN/faults: how many faults mapped
 * a PTE, a PMD and a PUD, and the first data page's reference count with
 * its rest value (tests read them; not an ABI).
 */
void mr_debugfs_add(struct mr_pagemap *pm)
{
	if (!mr_has_chardev(pm) || IS_ERR_OR_NULL(mr_debugfs))
		return;
	pm->debugfs = debugfs_create_dir(dev_name(&pm->dev), mr_debugfs);
	debugfs_create_file("faults", 0400, pm->debugfs, pm, &mr_faults_fops);
}

void mr_debugfs_remove(struct mr_pagemap *pm)
{
	debugfs_remove_recursive(pm->debugfs);
	pm->debugfs = NULL;
}

int mr_chardev_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&mr_devt, 0, MR_MAX_PAGEMAPS, "pagemap");
	if (ret)
		return ret;
	mr_mnt = kern_mount(&mr_fs_type);
	if (IS_ERR(mr_mnt)) {
		unregister_chrdev_region(mr_devt, MR_MAX_PAGEMAPS);
		return PTR_ERR(mr_mnt);
	}
	mr_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	return 0;
}

void mr_chardev_exit(void)
{
	debugfs_remove_recursive(mr_debugfs);
	kern_unmount(mr_mnt);
	unregister_chrdev_region(mr_devt, MR_MAX_PAGEMAPS);
}
