/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memremap_ctl: the kernel interfaces that differ between the kernels the
 * module builds for, each behind one name here. Which interface a kernel
 * has is found by compiling probes against it (probes/, run by Kbuild into
 * compat_probed.h), never from its version number: distribution kernels
 * backport.
 */
#ifndef MEMREMAP_CTL_COMPAT_H
#define MEMREMAP_CTL_COMPAT_H

#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat_probed.h"

#ifndef CONFIG_ZONE_DEVICE
#error "memremap_ctl needs a kernel with CONFIG_ZONE_DEVICE"
#endif

/* The pagemap a ZONE_DEVICE page belongs to. */
static inline struct dev_pagemap *mr_page_pgmap(struct page *page)
{
#ifdef HAVE_PAGE_PGMAP
	return page_pgmap(page);
#else
	return page->pgmap;
#endif
}

/* A new reference to the pagemap that holds pfn, or NULL. */
static inline struct dev_pagemap *mr_get_dev_pagemap(unsigned long pfn)
{
#ifdef HAVE_GET_DEV_PAGEMAP_PFN_ONLY
	return get_dev_pagemap(pfn);
#else
	return get_dev_pagemap(pfn, NULL);
#endif
}

/* Hand out a free device page: referenced and locked. */
static inline void mr_zone_device_page_init(struct page *page,
					    struct dev_pagemap *pgmap)
{
#ifdef HAVE_ZONE_DEVICE_PAGE_INIT_PGMAP
	zone_device_page_init(page, pgmap, 0);
#else
	zone_device_page_init(page);
#endif
}

/*
 * dev_pagemap_ops' callback for the last reference to a page going away:
 * folio_free(folio) or page_free(page). pagemap.c has both functions.
 */
#ifdef HAVE_PGMAP_FOLIO_FREE
#define MR_PGMAP_OPS_FREE	.folio_free = mr_folio_free
#else
#define MR_PGMAP_OPS_FREE	.page_free = mr_page_free
#endif

/*
 * Compound pages larger than this order are refused by memremap_pages()
 * with a WARN where the kernel states a largest folio (MAX_FOLIO_ORDER);
 * before that limit existed any PUD-sized compound page was accepted.
 */
static inline bool mr_compound_order_ok(unsigned int order)
{
#ifdef MAX_FOLIO_ORDER
	return order <= MAX_FOLIO_ORDER;
#else
	return true;
#endif
}

/*
 * Would the kernel share the struct pages of a compound page's tails
 * (vmemmap deduplication) for a pagemap without altmap?
 */
static inline bool mr_vmemmap_shared(struct dev_pagemap *pgmap)
{
#ifdef HAVE_VMEMMAP_CAN_OPTIMIZE
	return vmemmap_can_optimize(NULL, pgmap);
#else
	/* the rule of memremap_pages() before the arch could opt out */
	return is_power_of_2(sizeof(struct page)) &&
	       pgmap_vmemmap_nr(pgmap) > 1;
#endif
}

/* The kernel's memory type for coherent device memory, if it has one. */
#ifdef HAVE_MEMORY_DEVICE_COHERENT
#define MR_HAVE_COHERENT	true
#define MR_MEMORY_DEVICE_COHERENT	MEMORY_DEVICE_COHERENT
#else
#define MR_HAVE_COHERENT	false
#define MR_MEMORY_DEVICE_COHERENT	MEMORY_DEVICE_GENERIC
#endif

/*
 * The page mapped at addr in mm, referenced (put_page() it), or NULL when
 * none is there: nothing is faulted in. The caller holds mm's mmap lock.
 */
static inline struct page *mr_page_present(struct mm_struct *mm,
					   unsigned long addr)
{
	struct page *page;
	long n;

#ifdef HAVE_GUP_REMOTE_NO_VMAS
	n = get_user_pages_remote(mm, addr, 1, FOLL_NOFAULT, &page, NULL);
#else
	n = get_user_pages_remote(mm, addr, 1, FOLL_NOFAULT, &page, NULL,
				  NULL);
#endif
	return n == 1 ? page : NULL;
}

/* struct class: its owner field, and the device its uevent callback sees */
#ifdef HAVE_CLASS_OWNER
#define MR_CLASS_OWNER		.owner = THIS_MODULE,
#else
#define MR_CLASS_OWNER
#endif
#ifdef HAVE_CLASS_UEVENT_CONST
#define MR_CONST_DEV		const
#else
#define MR_CONST_DEV
#endif

/*
 * A PCI device's driver_override: in struct device behind its own lock
 * (device_set_driver_override()), or a string in struct pci_dev.
 */
static inline int mr_pci_set_override(struct pci_dev *pdev, const char *name)
{
#ifdef HAVE_DEVICE_DRIVER_OVERRIDE
	return device_set_driver_override(&pdev->dev, name);
#else
	return driver_set_override(&pdev->dev, &pdev->driver_override, name,
				   strlen(name));
#endif
}

/*
 * Copy the override's driver name into buf (empty when none); true when
 * there is one. The device lock is held.
 */
static inline bool mr_pci_get_override(struct pci_dev *pdev, char *buf,
				       size_t len)
{
#ifdef HAVE_DEVICE_DRIVER_OVERRIDE
	spin_lock(&pdev->dev.driver_override.lock);
	strscpy(buf, pdev->dev.driver_override.name ?: "", len);
	spin_unlock(&pdev->dev.driver_override.lock);
#else
	strscpy(buf, pdev->driver_override ?: "", len);
#endif
	return buf[0];
}

/*
 * Clear the override if it names 'name'; the device lock is held, so
 * driver_set_override() (which takes it) is not used for the old layout.
 */
static inline void mr_pci_clear_override_locked(struct pci_dev *pdev,
						const char *name)
{
#ifdef HAVE_DEVICE_DRIVER_OVERRIDE
	bool ours;

	spin_lock(&pdev->dev.driver_override.lock);
	ours = pdev->dev.driver_override.name &&
	       !strcmp(pdev->dev.driver_override.name, name);
	spin_unlock(&pdev->dev.driver_override.lock);
	/* the kernel's setter takes only the override's own lock */
	if (ours)
		device_set_driver_override(&pdev->dev, "");
#else
	const char *old = pdev->driver_override;

	if (old && !strcmp(old, name)) {
		pdev->driver_override = NULL;
		kfree(old);
	}
#endif
}

#endif /* MEMREMAP_CTL_COMPAT_H */
