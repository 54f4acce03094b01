/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memremap_ctl internals shared by the module's files.
 */
#ifndef MEMREMAP_CTL_INTERNAL_H
#define MEMREMAP_CTL_INTERNAL_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/memremap.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct dentry;
struct inode;

#include "memremap_ctl.h"	/* the uAPI header */
#include "compat.h"

/* Bytes in one memory section (128 MiB on x86_64). */
#define MR_SECTION_SIZE		BIT_ULL(SECTION_SIZE_BITS)

/* Most pagemaps the module keeps at once. */
#define MR_MAX_PAGEMAPS		65536

/*
 * What this module knows of numbers that grow with the ABI; they stay out
 * of the uAPI header, whose users must cope with values beyond them.
 */
#define MR_TYPE_LAST		MEMREMAP_TYPE_P2PDMA
#define MR_CREATE_FLAGS		(MEMREMAP_CREATE_ALTMAP | MEMREMAP_CREATE_PCI)
#define MR_QUERY_FLAGS		(MEMREMAP_QUERY_NEXT | MEMREMAP_QUERY_BY_NAME)
#define MR_DESTROY_FLAGS	MEMREMAP_DESTROY_EVICT
#define MR_MIGRATE_FLAGS	(MEMREMAP_MIGRATE_SPAN | MEMREMAP_MIGRATE_ALL | \
				 MEMREMAP_MIGRATE_TO_RAM)

/*
 * One pagemap. Everything but 'holds', 'users' and the fault counters is
 * fixed once the pagemap is published, so sysfs reads need no lock. The struct is freed by the
 * device release callback, after the last sysfs reader is gone.
 */
struct mr_pagemap {
	struct device dev;
	struct dev_pagemap pgmap;	/* ours, unless the PCI core made it */
	struct dev_pagemap *map;	/* the one in use: &pgmap or p2pdma's */
	struct resource *res;		/* our claim in iomem_resource */
	char res_name[24];		/* "pagemapN", shown in /proc/iomem */
	u32 id;
	u32 type;			/* enum memremap_type */
	int nid;
	bool altmap;
	bool mapped;			/* memremap_pages() succeeded */
	u64 start;
	u64 size;
	u64 align;			/* compound page size, PAGE_SIZE if none */
	u64 reserve;			/* altmap reserve, bytes */
	u64 altmap_free;		/* bytes */
	u64 altmap_alloc;		/* bytes */
	u64 memmap_bytes;
	u32 memmap_location;		/* enum memremap_memmap_location */
	u64 data_offset;
	char name[MEMREMAP_NAME_MAX];
	char parent_name[MEMREMAP_RES_NAME_MAX];
	char origin_namespace[MEMREMAP_ORIGIN_MAX];
	char origin_dax_region[MEMREMAP_ORIGIN_MAX];
	u64 parent_start;
	u64 parent_size;
	unsigned long ref_idle;			/* pgmap->ref count with no users */
	int page_ref_idle;		/* refcount of an unused data page */
	unsigned int holds;		/* MEMREMAP_IOC_HOLD references */

	/* /dev/pagemapN (chardev.c); dev.devt is 0 for types without it */
	struct cdev cdev;
	struct inode *inode;		/* S_DAX: what open files map */
	atomic_t users;			/* open files; 0 -> 1 under mr_lock */
	struct mutex alloc_lock;
	/* pages handed out for mapping, in 'align' units; NULL unless pages rest at refcount 0 */
	unsigned long *alloc;
	unsigned long alloc_bits;
	bool p2p_pool;			/* p2pdma: the range taken from the pool */
	atomic_long_t faults[3];	/* mapped by PTE, PMD, PUD */
	struct dentry *debugfs;

	/* p2pdma: the PCI device whose BAR holds the range (p2pdma.c) */
	struct pci_dev *pdev;		/* a reference, NULL for other types */
	int bar;
	u64 pci_offset;
	void *devres_group;		/* what pci_p2pdma_add_resource() made */
	bool bound;			/* the module bound itself to pdev */

	/* private and coherent: device pages migration handed out (migrate.c) */
	spinlock_t page_lock;
	unsigned long *page_used;	/* bitmap over the pages after data_offset */
	unsigned long *page_mig;	/* of those, the ones migration took */
	unsigned long mig_coherent;	/* such coherent pages: a module ref */
	unsigned long page_base;	/* pfn of the first */
	unsigned long page_count;
	unsigned long page_next;	/* where the next search starts */
	atomic64_t mig_in;		/* pages moved in */
	atomic64_t mig_out;		/* pages moved back to RAM */
	atomic64_t mig_fail;		/* pages a migration could not move */
};

/*
 * main.c: mr_lock serialises every change to the set of pagemaps.
 * mr_pci_lock serialises binding the module to PCI devices and is taken
 * before a device's lock, which is taken before mr_lock: the PCI driver's
 * remove callback runs under the device lock and takes mr_lock.
 */
extern struct mutex mr_lock;
extern struct mutex mr_pci_lock;
extern struct idr mr_pagemaps;

/* pagemap.c */
int mr_create(struct memremap_create *c, struct pci_dev *pdev, bool bound);
int mr_destroy(u32 id, u32 flags, struct memremap_status *st,
	       struct pci_dev **unbind);
void mr_destroy_all(void);
void mr_detach(struct mr_pagemap *pm);
void mr_release(struct mr_pagemap *pm);
int mr_validate(const struct memremap_create *c, struct memremap_status *st);
int mr_check_range(u64 start, u64 length, struct memremap_status *st);
int mr_check_overlap(u64 start, u64 size, struct memremap_status *st);
void mr_measure_idle(struct mr_pagemap *pm);
struct mr_pagemap *mr_find_by_name(const char *name);
void mr_conflict_pagemap(struct memremap_status *st,
			 const struct mr_pagemap *pm);
void mr_fill_info(const struct mr_pagemap *pm,
		  struct memremap_pagemap_info *info);
void mr_fill_info_fixed(const struct mr_pagemap *pm,
			struct memremap_pagemap_info *info);
u32 mr_supported_types(void);
u32 mr_compound_features(void);
u64 mr_max_phys(void);
const char *mr_type_name(u32 type);

static inline void mr_refuse(struct memremap_status *st, u32 reason,
			     u64 detail)
{
	st->reason = reason;
	st->detail = detail;
}

/*
 * pagemap.c: around kernel calls that cannot survive fail-nth faults (see
 * fault_isolate_memremap there); nothing without fault injection.
 */
#ifdef CONFIG_FAULT_INJECTION
unsigned int mr_fault_isolate_begin(void);
void mr_fault_isolate_end(unsigned int nth);
#else
static inline unsigned int mr_fault_isolate_begin(void)
{
	return 0;
}

static inline void mr_fault_isolate_end(unsigned int nth)
{
}
#endif

/* resource.c */
int mr_check_system_ram(u64 start, u64 size, struct memremap_status *st);
int mr_claim(struct mr_pagemap *pm, struct memremap_status *st);
int mr_check_busy(u64 start, u64 size, struct memremap_status *st);
void mr_unclaim(struct mr_pagemap *pm);
bool mr_claim_is_memory(const struct mr_pagemap *pm);

/* p2pdma.c: p2pdma pagemaps on PCI BARs */
int mr_pci_init(void);
void mr_pci_exit(void);
long mr_p2pdma_create(struct memremap_create *c);
int mr_p2pdma_map(struct mr_pagemap *pm, const struct memremap_create *c,
		  struct memremap_status *st);
void mr_p2pdma_release(struct mr_pagemap *pm);
void mr_pci_unbind(struct pci_dev *pdev);
void mr_pci_name(const struct mr_pagemap *pm, char *buf, size_t len);

/* migrate.c: private and coherent pages, migration into them and back */
bool mr_has_devpages(const struct mr_pagemap *pm);
int mr_devpages_init(struct mr_pagemap *pm);
void mr_devpages_exit(struct mr_pagemap *pm);
unsigned long mr_devpages_used(const struct mr_pagemap *pm);
void mr_devpage_free(struct mr_pagemap *pm, struct page *page);
int mr_migrate(struct mr_pagemap *pm, struct memremap_migrate *m,
	       struct memremap_status *st);
vm_fault_t mr_private_migrate_to_ram(struct vm_fault *vmf);
unsigned long mr_evict(struct mr_pagemap *pm, unsigned long *first,
		       bool unload);
bool mr_devpage_claim(struct mr_pagemap *pm, unsigned long idx);
void mr_counters_changed(struct mr_pagemap *pm);

/* chardev.c: /dev/pagemapN */
int mr_chardev_init(void);
void mr_chardev_exit(void);
bool mr_has_chardev(const struct mr_pagemap *pm);
int mr_chardev_prepare(struct mr_pagemap *pm);
void mr_chardev_free(struct mr_pagemap *pm);
void mr_debugfs_add(struct mr_pagemap *pm);
void mr_debugfs_remove(struct mr_pagemap *pm);
/* memtype.c: x86 PAT memory types of ranges */
bool mr_memtype_supported(void);
int mr_check_memtype(const struct mr_pagemap *pm, struct memremap_status *st);
u32 mr_memtype_of(const struct mr_pagemap *pm);

/* sysfs.c */
int mr_class_init(void);
void mr_class_exit(void);
void mr_device_init(struct mr_pagemap *pm);
int mr_device_publish(struct mr_pagemap *pm);
void mr_device_unpublish(struct mr_pagemap *pm);

#endif /* MEMREMAP_CTL_INTERNAL_H */
