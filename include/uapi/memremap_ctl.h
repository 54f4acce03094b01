/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR LGPL-2.1-or-later */
/*
 * memremap_ctl: userspace ABI of the memremap_ctl kernel module.
 *
 * The module owns ZONE_DEVICE page maps ("pagemaps") created through the
 * misc device /dev/memremap and published as /sys/class/memremap/pagemapN.
 *
 * Rules shared by every ioctl below (the one size mechanism of this ABI):
 *  - an ioctl number carries no size: it is _IO(MEMREMAP_IOC_MAGIC, n);
 *  - each argument struct starts with a __u32 'size' that the caller sets to
 *    sizeof() of the struct it was compiled with. The module accepts any
 *    size from the struct's first published size (MEMREMAP_*_SIZE_VER0) up
 *    to the page size: a caller's struct larger than the module's is
 *    accepted when the part the module does not know is zero, and refused
 *    with E2BIG otherwise (status.reason BAD_STRUCT, status.detail the
 *    module's size); fields a smaller (older) struct lacks are taken
 *    as zero, which always means "as before". Below the first size or
 *    beyond the page size: EINVAL;
 *  - the module writes back at most 'size' bytes, the struct as far as both
 *    sides know it, and sets 'size' to how many bytes it filled (the smaller
 *    of the caller's size and its own): a newer caller learns where the
 *    module's knowledge ends, and fields beyond it stay as the caller left
 *    them;
 *  - every 'reserved' field and every flag bit not defined must be zero on
 *    input (EINVAL, status.reason BAD_STRUCT or BAD_FLAGS);
 *  - VERSION and QUERY need no privilege; the others need CAP_SYS_ADMIN
 *    (EPERM, status.reason PERM);
 *  - a refusal returns -1 with errno set AND copies the struct back with
 *    'status.reason' (enum memremap_reason) and, where there is one,
 *    'status.conflict' naming what is in the way (not when 'size' is
 *    out of the range above or the struct cannot be read: EINVAL, EFAULT,
 *    nothing written back);
 *  - a struct the caller cannot write back to (e.g. in a read-only page)
 *    is EFAULT before anything is done: no pagemap made, destroyed, held
 *    or released;
 *  - a failed allocation in the module is MEMREMAP_R_KERNEL with
 *    status.error -ENOMEM, as is any kernel call that fails without a
 *    reason of its own (status.error is then its errno);
 *  - numbers that grow with the ABI (types, reasons, flags, features) have
 *    no "maximum" here: a caller must expect values it does not know.
 *
 * Memory types have their own stable numbering here; the module translates
 * them to the running kernel's enum memory_type, whose values moved between
 * kernel releases.
 */
#ifndef _UAPI_MEMREMAP_CTL_H
#define _UAPI_MEMREMAP_CTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define MEMREMAP_ABI_VERSION	1
#define MEMREMAP_DEVICE_NAME	"memremap"	/* /dev/memremap */
#define MEMREMAP_CLASS_NAME	"memremap"	/* /sys/class/memremap */
#define MEMREMAP_NAME_MAX	32	/* pagemap names, with the NUL */
#define MEMREMAP_RES_NAME_MAX	64	/* resource names, with the NUL */
#define MEMREMAP_PCI_NAME_MAX	16	/* "DDDD:BB:DD.F", with the NUL */
#define MEMREMAP_ORIGIN_MAX	32	/* "namespace0.1", "region0", with the NUL */

/* Memory types: stable uAPI numbering, not the kernel's enum. */
enum memremap_type {
	MEMREMAP_TYPE_NONE	= 0,	/* invalid */
	MEMREMAP_TYPE_GENERIC	= 1,
	MEMREMAP_TYPE_FSDAX	= 2,
	MEMREMAP_TYPE_COHERENT	= 3,
	MEMREMAP_TYPE_PRIVATE	= 4,
	MEMREMAP_TYPE_P2PDMA	= 5,
};

/* memremap_version.features */
#define MEMREMAP_FEAT_ALTMAP		(1U << 0)
#define MEMREMAP_FEAT_COMPOUND_2M	(1U << 1)
#define MEMREMAP_FEAT_COMPOUND_1G	(1U << 2)
#define MEMREMAP_FEAT_NUMA		(1U << 3)
#define MEMREMAP_FEAT_HOLD		(1U << 4)
#define MEMREMAP_FEAT_SECTION_SHARING	(1U << 5)
#define MEMREMAP_FEAT_MIGRATE		(1U << 6)	/* MEMREMAP_IOC_MIGRATE */
#define MEMREMAP_FEAT_PCI		(1U << 7)	/* p2pdma on a PCI BAR */
#define MEMREMAP_FEAT_CHARDEV		(1U << 8)	/* /dev/pagemapN, mmap */
#define MEMREMAP_FEAT_MEMTYPE		(1U << 9)	/* info.memtype, R_MEMTYPE */
#define MEMREMAP_FEAT_MIGRATE_PID	(1U << 10)	/* migrate.pid, flags,
							 * coherent, counters,
							 * DESTROY_EVICT */

/* Why a request was refused (status.reason). */
enum memremap_reason {
	MEMREMAP_R_NONE = 0,
	MEMREMAP_R_BAD_STRUCT,		/* size field or reserved field wrong */
	MEMREMAP_R_BAD_FLAGS,		/* unknown flag bits */
	MEMREMAP_R_BAD_TYPE,		/* type number unknown */
	MEMREMAP_R_TYPE_UNSUPPORTED,	/* detail = kernel option, see below */
	MEMREMAP_R_P2PDMA_NEEDS_PCI,	/* p2pdma comes from a PCI BAR */
	MEMREMAP_R_PRIVATE_START,	/* private takes a free range itself */
	MEMREMAP_R_SIZE_ZERO,
	MEMREMAP_R_UNALIGNED,		/* start/size % detail != 0 */
	MEMREMAP_R_WRAPS,		/* start + size overflows */
	MEMREMAP_R_BEYOND_MAX_PHYS,	/* end > detail (max address + 1) */
	MEMREMAP_R_SYSTEM_RAM,		/* conflict: the System RAM range */
	MEMREMAP_R_PAGEMAP_OVERLAP,	/* conflict: the pagemap */
	MEMREMAP_R_RESOURCE_BUSY,	/* conflict: the resource and owner */
	MEMREMAP_R_SECTION_SHARED,	/* conflict: pagemap in same section */
	MEMREMAP_R_ALTMAP_TYPE,		/* this type cannot have an altmap */
	MEMREMAP_R_ALTMAP_UNALIGNED,	/* start/size % detail (section) */
	MEMREMAP_R_ALTMAP_TOO_SMALL,	/* detail = bytes the altmap needs */
	MEMREMAP_R_RESERVE_UNALIGNED,	/* reserve % detail (page size) */
	MEMREMAP_R_RESERVE_WITHOUT_ALTMAP,
	MEMREMAP_R_ALIGN_INVALID,	/* compound size not 4K, 2M or 1G */
	MEMREMAP_R_ALIGN_UNSUPPORTED,	/* this kernel cannot do that size */
	MEMREMAP_R_ALIGN_UNALIGNED,	/* start/size % detail (compound) */
	MEMREMAP_R_ALIGN_TYPE,		/* compound pages not for this type */
	MEMREMAP_R_NODE_INVALID,	/* detail = node */
	MEMREMAP_R_NODE_OFFLINE,	/* detail = node */
	MEMREMAP_R_NAME_INVALID,
	MEMREMAP_R_NAME_EXISTS,		/* conflict: the pagemap */
	MEMREMAP_R_NO_SUCH_PAGEMAP,
	MEMREMAP_R_BUSY,		/* detail = extra references held */
	MEMREMAP_R_TOO_MANY,		/* detail = limit */
	MEMREMAP_R_NO_FREE_RANGE,	/* no free physical range of that size */
	MEMREMAP_R_KERNEL,		/* status.error = kernel call's errno */
	MEMREMAP_R_PERM,		/* needs CAP_SYS_ADMIN */
	MEMREMAP_R_ALTMAP_NOT_MEMORY,	/* altmap range not in a memory resource */
	MEMREMAP_R_MEMMAP_NO_RAM,	/* detail = RAM the struct pages need */
	MEMREMAP_R_PCI_TYPE,		/* a PCI BAR is only for type p2pdma */
	MEMREMAP_R_PCI_START,		/* the BAR gives the range: no start */
	MEMREMAP_R_PCI_NO_DEVICE,	/* no PCI device at that address */
	MEMREMAP_R_PCI_BAR_INVALID,	/* detail = BAR: no memory BAR there */
	MEMREMAP_R_PCI_BAR_RANGE,	/* detail = BAR length: range beyond it */
	MEMREMAP_R_PCI_DRIVER,		/* conflict: the driver; detail: how */
	MEMREMAP_R_PCI_TAKEN,		/* conflict: the pagemap on the device */
	MEMREMAP_R_PCI_NODE,		/* p2pdma memory is on its device's node */
	MEMREMAP_R_MIGRATE_TYPE,	/* migration is into private pagemaps */
	MEMREMAP_R_MIGRATE_RANGE,	/* not page aligned or not one anon vma */
	MEMREMAP_R_MIGRATE_FULL,	/* detail = device pages free */
	MEMREMAP_R_ORIGIN_INVALID,	/* origin_* not a device name */
	MEMREMAP_R_PAGEMAP_GOING,	/* the pagemap is being torn down */
	MEMREMAP_R_IN_USE,		/* detail = open files and mappings of
					 * /dev/pagemapN; conflict: the pagemap */
	MEMREMAP_R_MEMTYPE,		/* detail = enum memremap_memtype found,
					 * conflict: where (CONFLICT_MEMTYPE) */
	MEMREMAP_R_NO_SUCH_PROCESS,	/* detail = pid: none, or no memory */
	MEMREMAP_R_MIGRATE_PTRACE,	/* detail = pid: the caller may not
					 * ptrace it (PTRACE_MODE_ATTACH) */
	MEMREMAP_R_PAGES_IN_USE,	/* detail = device pages in use
					 * (migrated in); conflict: the pagemap */
	MEMREMAP_R_EVICT_FAILED,	/* detail = pages that did not move back;
					 * conflict: the first (CONFLICT_PAGE) */
};

/* status.detail for MEMREMAP_R_TYPE_UNSUPPORTED: the missing kernel option */
enum memremap_kconfig {
	MEMREMAP_KCONFIG_NONE		= 0,
	MEMREMAP_KCONFIG_DEVICE_PRIVATE	= 1,	/* CONFIG_DEVICE_PRIVATE */
	MEMREMAP_KCONFIG_PCI_P2PDMA	= 2,	/* CONFIG_PCI_P2PDMA */
	MEMREMAP_KCONFIG_FS_DAX		= 3,	/* CONFIG_FS_DAX */
	MEMREMAP_KCONFIG_KERNEL_6_0	= 4,	/* coherent needs Linux 6.0 */
};

/* status.detail for MEMREMAP_R_PCI_DRIVER */
enum memremap_pci_driver {
	MEMREMAP_PCI_DRIVER_BOUND	= 1,	/* the driver has the device */
	MEMREMAP_PCI_DRIVER_OVERRIDE	= 2,	/* driver_override keeps it */
};

/* What stands in the way of a request (status.conflict.kind). */
enum memremap_conflict_kind {
	MEMREMAP_CONFLICT_NONE		= 0,
	MEMREMAP_CONFLICT_SYSTEM_RAM	= 1,
	MEMREMAP_CONFLICT_PAGEMAP	= 2,	/* id and name are set */
	MEMREMAP_CONFLICT_RESOURCE	= 3,	/* name is the owner */
	MEMREMAP_CONFLICT_DRIVER	= 4,	/* name is a driver bound to
						 * the PCI device */
	MEMREMAP_CONFLICT_MEMTYPE	= 5,	/* start, size: the part of the
						 * range reserved with another
						 * memory type (x86 PAT) */
	MEMREMAP_CONFLICT_PAGE		= 6,	/* start, size: one device page;
						 * id and name: its pagemap */
};

/*
 * The cache mode (x86 PAT memory type) of a range, in the words of the
 * kernel's /sys/kernel/debug/x86/pat_memtype_list: write-back,
 * write-combining, uncached-minus, uncached, write-through,
 * write-protected.
 */
enum memremap_memtype {
	MEMREMAP_MEMTYPE_UNKNOWN	= 0,	/* no PAT, or nothing mapped
						 * (private) */
	MEMREMAP_MEMTYPE_WB		= 1,
	MEMREMAP_MEMTYPE_WC		= 2,
	MEMREMAP_MEMTYPE_UC_MINUS	= 3,
	MEMREMAP_MEMTYPE_UC		= 4,
	MEMREMAP_MEMTYPE_WT		= 5,
	MEMREMAP_MEMTYPE_WP		= 6,
};

struct memremap_conflict {
	__u64 start;			/* first byte of the conflicting object */
	__u64 size;
	__u32 kind;			/* enum memremap_conflict_kind */
	__u32 id;			/* pagemap id, for CONFLICT_PAGEMAP */
	char name[MEMREMAP_RES_NAME_MAX];	/* NUL-terminated */
};

struct memremap_status {
	__u32 reason;			/* enum memremap_reason */
	__s32 error;			/* negative errno, MEMREMAP_R_KERNEL */
	__u64 detail;			/* number that goes with the reason */
	struct memremap_conflict conflict;
	__u64 reserved[2];
};

/* memremap_pagemap_info.memmap_location */
enum memremap_memmap_location {
	MEMREMAP_MEMMAP_RAM	= 1,	/* struct pages in System RAM */
	MEMREMAP_MEMMAP_ALTMAP	= 2,	/* struct pages inside the range */
};

/* memremap_pagemap_info.flags */
#define MEMREMAP_INFO_ALTMAP	(1U << 0)
#define MEMREMAP_INFO_CHARDEV	(1U << 1)	/* /dev/pagemapN exists */
#define MEMREMAP_INFO_COUNTERS	(1U << 2)	/* migration counters below */

/* Everything known about one pagemap; all sizes in bytes. */
struct memremap_pagemap_info {
	__u32 id;			/* N in pagemapN */
	__u32 type;			/* enum memremap_type */
	__u32 flags;			/* MEMREMAP_INFO_* */
	__s32 numa_node;
	__u64 start;			/* physical: see MEMREMAP_IOC_QUERY */
	__u64 size;
	__u64 align;			/* compound page size, PAGE_SIZE if none */
	__u64 altmap_reserve;		/* bytes kept free at the range start */
	__u64 altmap_free;		/* bytes set aside for struct pages */
	__u64 altmap_alloc;		/* bytes of those actually used */
	__u64 memmap_bytes;		/* struct page memory of this pagemap */
	__u32 memmap_location;		/* enum memremap_memmap_location */
	__u32 reserved0;
	__u64 data_offset;		/* first usable byte, from start */
	__u64 parent_start;		/* resource the range was claimed in
					 * (physical, as start) */
	__u64 parent_size;		/* 0 when directly under iomem root */
	char name[MEMREMAP_NAME_MAX];	/* "" when unnamed */
	char parent_name[MEMREMAP_RES_NAME_MAX];
	char pci_device[MEMREMAP_PCI_NAME_MAX];	/* p2pdma: "0000:00:10.0" */
	__s32 pci_bar;			/* p2pdma: BAR number, else -1 */
	__u32 reserved1;
	__u64 pci_offset;		/* p2pdma: where in the BAR it starts */
	char origin_namespace[MEMREMAP_ORIGIN_MAX];	/* as created, or "" */
	char origin_dax_region[MEMREMAP_ORIGIN_MAX];	/* as created, or "" */
	__u32 users;			/* open files of /dev/pagemapN (mappings
					 * hold theirs) */
	__u32 memtype;			/* enum memremap_memtype the kernel
					 * holds for the range */
	/*
	 * Migration counters (INFO_COUNTERS: private and coherent pagemaps;
	 * 0 for others), in pages, since the pagemap was made.
	 */
	__u64 pages_in_use;		/* device pages holding migrated data */
	__u64 migrated_in;		/* moved into the pagemap */
	__u64 migrated_out;		/* moved back to RAM: CPU faults
					 * (private), MIGRATE_TO_RAM, evictions */
	__u64 migrate_failures;		/* pages a migration could not move */
	__u64 reserved[4];
};

/* MEMREMAP_IOC_VERSION: what this module and kernel support. */
struct memremap_version {
	__u32 size;
	__u32 flags;			/* none defined: 0 */
	/* out */
	struct memremap_status status;
	__u32 abi_version;		/* MEMREMAP_ABI_VERSION */
	__u32 types;			/* bit (1 << enum memremap_type) */
	__u32 features;			/* MEMREMAP_FEAT_* */
	__u32 reserved0;
	__u64 compat_align;		/* start/size alignment (2 MiB x86) */
	__u64 section_size;		/* memory section size (128 MiB x86) */
	__u64 max_phys;			/* highest usable address + 1 */
	__u32 page_size;
	__u32 struct_page_size;
	__u32 count;			/* pagemaps now */
	__u32 max_count;		/* most pagemaps the module allows */
	__u64 reserved[4];
};
#define MEMREMAP_VERSION_SIZE_VER0	216	/* first published size */

/* memremap_create.flags */
#define MEMREMAP_CREATE_ALTMAP	(1U << 0)	/* struct pages in the range */
#define MEMREMAP_CREATE_PCI	(1U << 1)	/* p2pdma: range in a PCI BAR */

/* memremap_create.pci_devid of the PCI device at BUS:SLOT.FUNC */
#define MEMREMAP_PCI_DEVID(bus, slot, func) \
	((((bus) & 0xff) << 8) | (((slot) & 0x1f) << 3) | ((func) & 0x7))

/*
 * MEMREMAP_IOC_CREATE
 *
 * A range is given by start and length, except:
 *  - type private: start is 0 and the module picks a free range;
 *  - type p2pdma: flags has MEMREMAP_CREATE_PCI, start is 0, and the range
 *    is length bytes at pci_offset in BAR pci_bar of the PCI device
 *    pci_domain:pci_devid (length 0: to the end of the BAR). The module
 *    binds itself to that device as its driver while the pagemap lives.
 */
struct memremap_create {
	__u32 size;
	__u32 flags;			/* MEMREMAP_CREATE_* */
	__u64 start;
	__u64 length;			/* bytes */
	__u32 type;			/* enum memremap_type */
	__s32 numa_node;		/* -1: the node the range belongs to */
	__u64 reserve;			/* altmap: bytes left alone at start */
	__u64 align;			/* compound page size: 0/4K, 2M or 1G */
	/*
	 * Optional, unique: 1 to 31 ASCII characters of [A-Za-z0-9_.-], not
	 * all digits, not "all", not "pagemapN" (NAME_INVALID otherwise).
	 */
	char name[MEMREMAP_NAME_MAX];
	__u32 pci_domain;		/* MEMREMAP_CREATE_PCI: the device, */
	__u32 pci_devid;		/* as MEMREMAP_PCI_DEVID(), */
	__u32 pci_bar;			/* its BAR (0-5) */
	__u32 reserved0;
	__u64 pci_offset;		/* and the range's offset in the BAR */
	/*
	 * Where the range came from, as the creator found it: the NVDIMM
	 * namespace ("namespace0.1") and the dax region ("region0") it lies
	 * in, or "". The module keeps and publishes them and checks only
	 * that they look like device names: ASCII [A-Za-z0-9_.:-].
	 */
	char origin_namespace[MEMREMAP_ORIGIN_MAX];
	char origin_dax_region[MEMREMAP_ORIGIN_MAX];
	__u64 reserved[2];
	/* out */
	struct memremap_status status;
	struct memremap_pagemap_info info;
};
#define MEMREMAP_CREATE_SIZE_VER0	632

/*
 * memremap_destroy.flags: MEMREMAP_DESTROY_EVICT moves every device page
 * of a private or coherent pagemap still holding migrated data back to
 * RAM first (without it such a pagemap is refused, R_PAGES_IN_USE). When
 * a page cannot move (a pin holds it), the pagemap stays (R_EVICT_FAILED)
 * and what did move stays in RAM, where its processes find it as before.
 */
#define MEMREMAP_DESTROY_EVICT	(1U << 0)

/* MEMREMAP_IOC_DESTROY */
struct memremap_destroy {
	__u32 size;
	__u32 flags;			/* MEMREMAP_DESTROY_* */
	__u32 id;
	__u32 reserved0;
	__u64 reserved[2];
	/* out */
	struct memremap_status status;
};
#define MEMREMAP_DESTROY_SIZE_VER0	152

/* memremap_query.flags */
#define MEMREMAP_QUERY_NEXT	(1U << 0)	/* first pagemap with id >= id */
#define MEMREMAP_QUERY_BY_NAME	(1U << 1)	/* look up 'name' */

/*
 * MEMREMAP_IOC_QUERY: ENOENT with status.reason NO_SUCH_PAGEMAP when
 * nothing matches (also for QUERY_NEXT from an id beyond the last one a
 * pagemap can have, e.g. 0xffffffff). Needs no privilege, but only a
 * caller with CAP_SYS_ADMIN gets the physical addresses (info.start,
 * info.parent_start): others get 0 there, as /proc/iomem shows them.
 */
struct memremap_query {
	__u32 size;
	__u32 flags;			/* MEMREMAP_QUERY_* */
	__u32 id;
	__u32 reserved0;
	char name[MEMREMAP_NAME_MAX];
	__u64 reserved[2];
	/* out */
	struct memremap_status status;
	struct memremap_pagemap_info info;
};
#define MEMREMAP_QUERY_SIZE_VER0	512

/*
 * MEMREMAP_IOC_HOLD / MEMREMAP_IOC_UNHOLD: take (drop) a reference on a
 * pagemap that lives as long as this open file. While one is held,
 * DESTROY refuses with EBUSY; closing the file drops them all.
 */
struct memremap_hold {
	__u32 size;
	__u32 id;
	__u64 reserved[2];
	/* out */
	struct memremap_status status;
};
#define MEMREMAP_HOLD_SIZE_VER0		144

/* memremap_migrate.flags */
#define MEMREMAP_MIGRATE_SPAN	(1U << 0)	/* see below */
#define MEMREMAP_MIGRATE_ALL	(1U << 1)	/* every anonymous mapping;
						 * addr, length 0; SPAN */
#define MEMREMAP_MIGRATE_TO_RAM	(1U << 2)	/* back out of pagemap 'id';
						 * SPAN */

/* memremap_migrate.skipped[]: why pages did not move */
enum memremap_skip {
	MEMREMAP_SKIP_FILE	= 0,	/* file-backed private mapping */
	MEMREMAP_SKIP_SHARED	= 1,	/* MAP_SHARED (also anonymous) */
	MEMREMAP_SKIP_LOCKED	= 2,	/* mlock()ed mapping */
	MEMREMAP_SKIP_SPECIAL	= 3,	/* hugetlb, DAX, PFN or I/O mapping */
	MEMREMAP_SKIP_PINNED	= 4,	/* a page pinned (DMA, io_uring) */
	MEMREMAP_SKIP_THP	= 5,	/* a huge page the kernel did not split */
	MEMREMAP_SKIP_BUSY	= 6,	/* held by someone else meanwhile */
	MEMREMAP_SKIP_FULL	= 7,	/* no device page left */
	MEMREMAP_SKIP_NOMEM	= 8,	/* no RAM to copy into */
};
#define MEMREMAP_SKIP_SLOTS	12

/*
 * MEMREMAP_IOC_MIGRATE: move anonymous memory [addr, addr + length) of a
 * process into private or coherent pagemap 'id', as a device driver would,
 * or back (MIGRATE_TO_RAM).
 *
 * Private pages hold data the CPU cannot reach: the first CPU access to
 * one moves it back to RAM. Coherent pages stay mapped where they are.
 * Pages in a pagemap count as in use: DESTROY refuses with EBUSY
 * (R_PAGES_IN_USE) until they are back in RAM or unmapped, unless
 * DESTROY_EVICT; unloading the module moves private pages back first,
 * while migrated coherent pages keep the module in use. A coherent
 * pagemap serves migration or /dev/pagemapN, one at a time (R_IN_USE).
 *
 * pid 0 is the caller; another process needs what ptrace needs
 * (PTRACE_MODE_ATTACH, as /proc/PID/mem: R_MIGRATE_PTRACE, EPERM).
 *
 * Without MIGRATE_SPAN (as in ABI 1 before FEAT_MIGRATE_PID) the range is
 * inside one anonymous mapping, pages never touched are moved as zeroes
 * and a pagemap with fewer free pages than the range is refused
 * (R_MIGRATE_FULL, ENOSPC). With it, the range may cross any mappings:
 * those that cannot move are counted in skipped[] (FILE, SHARED, LOCKED,
 * SPECIAL) and left alone, pages never touched stay untouched, and a
 * pagemap that fills up takes what fits (SKIP_FULL).
 *
 * 'migrated' counts the pages that moved (either way). A page the kernel
 * reports as nothing to move (never touched, the zero page, already in
 * device memory, and a huge page it could not split, which its collection
 * step does not tell apart from those on every kernel here) counts nowhere.
 */
struct memremap_migrate {
	__u32 size;
	__u32 id;
	__u64 addr;			/* page aligned */
	__u64 length;			/* bytes, a multiple of the page size */
	__u32 flags;			/* MEMREMAP_MIGRATE_* (FEAT_MIGRATE_PID) */
	__s32 pid;			/* whose memory; 0: the caller's (same) */
	__u64 reserved;
	/* out */
	__u64 migrated;			/* pages moved */
	struct memremap_status status;
	/* from FEAT_MIGRATE_PID on */
	__u64 skipped[MEMREMAP_SKIP_SLOTS];	/* pages, by enum memremap_skip */
	__u64 free;			/* device pages free after */
	__u64 reserved1[2];
};
#define MEMREMAP_MIGRATE_SIZE_VER0	168

/* The numbers carry no size: see the rules at the top. */
#define MEMREMAP_IOC_MAGIC	0xBA	/* free in ioctl-number.rst of 6.1 */
#define MEMREMAP_IOC_VERSION	_IO(MEMREMAP_IOC_MAGIC, 0)
#define MEMREMAP_IOC_CREATE	_IO(MEMREMAP_IOC_MAGIC, 1)
#define MEMREMAP_IOC_DESTROY	_IO(MEMREMAP_IOC_MAGIC, 2)
#define MEMREMAP_IOC_QUERY	_IO(MEMREMAP_IOC_MAGIC, 3)
#define MEMREMAP_IOC_HOLD	_IO(MEMREMAP_IOC_MAGIC, 4)
#define MEMREMAP_IOC_UNHOLD	_IO(MEMREMAP_IOC_MAGIC, 5)
#define MEMREMAP_IOC_MIGRATE	_IO(MEMREMAP_IOC_MAGIC, 6)

#endif /* _UAPI_MEMREMAP_CTL_H */
