/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmemremap: create, list and destroy ZONE_DEVICE page maps ("pagemaps")
 * through the memremap_ctl kernel module.
 *
 * Conventions (see libmemremap(3)):
 *  - functions that can fail return 0 or a negative errno value; after a
 *    failure memremap_get_last_error() has a sentence that says why, and
 *    memremap_get_last_error_kind() the class of the failure;
 *  - a context and the objects it hands out belong to one thread at a time;
 *    use one context per thread to work in parallel;
 *  - objects (pagemaps) live as long as their context: pointers stay valid
 *    until memremap_unref() drops the last reference, even after destroy or
 *    a rescan;
 *  - the library never prints: it logs through the log function.
 *
 * Every function appeared in LIBMEMREMAP_1 (version 0.1) unless noted.
 */
#ifndef _LIBMEMREMAP_H
#define _LIBMEMREMAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <memremap/memremap_ctl.h>	/* enum memremap_type, reasons, features */

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define _memremap_must_check_ __attribute__((warn_unused_result))
#define _memremap_nonnull_(...) __attribute__((nonnull(__VA_ARGS__)))
#define _memremap_printf_(a, b) __attribute__((format(printf, a, b)))
#else
#define _memremap_must_check_
#define _memremap_nonnull_(...)
#define _memremap_printf_(a, b)
#endif

struct memremap_ctx;
struct memremap_pagemap;
struct memremap_iter;
struct memremap_params;
struct memremap_resource;
struct memremap_resource_iter;
struct memremap_owner;

/* ---- context ---------------------------------------------------------- */

/*
 * memremap_new() reads the environment once:
 *   MEMREMAP_LOG          log priority: err, warning, notice, info, debug or 0-7
 *   MEMREMAP_SYSFS_ROOT   directory standing in for /sys (tests, bug reports)
 *   MEMREMAP_DEV          control node instead of /dev/memremap
 */
int memremap_new(struct memremap_ctx **ctx) _memremap_must_check_ _memremap_nonnull_(1);
struct memremap_ctx *memremap_ref(struct memremap_ctx *ctx);
struct memremap_ctx *memremap_unref(struct memremap_ctx *ctx);

typedef void (*memremap_log_fn)(struct memremap_ctx *ctx, int priority,
				const char *file, int line, const char *fn,
				const char *format, va_list args);
void memremap_set_log_fn(struct memremap_ctx *ctx, memremap_log_fn log_fn);
int memremap_get_log_priority(struct memremap_ctx *ctx);
void memremap_set_log_priority(struct memremap_ctx *ctx, int priority);
void memremap_set_userdata(struct memremap_ctx *ctx, void *userdata);
void *memremap_get_userdata(struct memremap_ctx *ctx);

/* Where sysfs is ("/sys" by default); NULL restores the default. */
int memremap_set_sysfs_root(struct memremap_ctx *ctx, const char *dir);
const char *memremap_get_sysfs_root(struct memremap_ctx *ctx);
/* The control node ("/dev/memremap" by default); NULL restores the default. */
int memremap_set_device_path(struct memremap_ctx *ctx, const char *path);
const char *memremap_get_device_path(struct memremap_ctx *ctx);
/*
 * Load memremap_ctl through libkmod when the control node is missing
 * (default on; never done for a device path other than /dev/memremap).
 */
void memremap_set_autoload(struct memremap_ctx *ctx, bool enable);
/* Longest wait for udev to finish with a new pagemap, in ms (default 10000). */
void memremap_set_settle_timeout(struct memremap_ctx *ctx, unsigned int msec);

/* Version of this library, e.g. "0.1.0". */
const char *memremap_get_library_version(void);

/* ---- errors ----------------------------------------------------------- */

enum memremap_error_kind {
	MEMREMAP_ERROR_NONE = 0,
	MEMREMAP_ERROR_INVALID,		/* bad argument to the library */
	MEMREMAP_ERROR_REFUSED,		/* the kernel refused: rule, conflict, busy */
	MEMREMAP_ERROR_NOT_FOUND,	/* no such pagemap */
	MEMREMAP_ERROR_PERMISSION,	/* needs privileges the caller lacks */
	MEMREMAP_ERROR_UNSUPPORTED,	/* this kernel cannot do it */
	MEMREMAP_ERROR_SYSTEM,		/* module missing, I/O, memory, ... */
};

/*
 * The last failure of a call on this context: a sentence without a final
 * period ("range 0x80000000-0x9fffffff overlaps System RAM ..."), its kind,
 * the module's reason code (MEMREMAP_R_NONE when the failure did not come
 * from the module) and the negative errno the call returned.  Valid after
 * a call returned a negative value, until the next failing call.
 */
const char *memremap_get_last_error(struct memremap_ctx *ctx);
enum memremap_error_kind memremap_get_last_error_kind(struct memremap_ctx *ctx);
unsigned int memremap_get_last_reason(struct memremap_ctx *ctx);
int memremap_get_last_errno(struct memremap_ctx *ctx);

/* ---- names and types -------------------------------------------------- */

/* "generic", "fsdax", ...; NULL for a number that is no type. */
const char *memremap_type_to_str(enum memremap_type type);
/* The type named s, or -EINVAL. */
int memremap_type_from_str(const char *s);
/* "ram" or "altmap"; NULL otherwise. */
const char *memremap_memmap_location_to_str(enum memremap_memmap_location loc);
/*
 * A memory type (x86 PAT cache mode) in the kernel's words: "write-back",
 * "write-combining", "uncached-minus", "uncached", "write-through",
 * "write-protected"; NULL for MEMREMAP_MEMTYPE_UNKNOWN and numbers that are
 * no type. memremap_memtype_from_str() gives the number or -EINVAL.
 */
const char *memremap_memtype_to_str(enum memremap_memtype memtype);
int memremap_memtype_from_str(const char *s);
/*
 * 0 when name is a valid pagemap name (1-31 of [A-Za-z0-9_.-], not all
 * digits, not "all", not "pagemapN"); else -EINVAL and, when why is not
 * NULL, a static sentence saying what is wrong.
 */
int memremap_name_check(const char *name, const char **why);
/*
 * 0 when device is a PCI address, DOMAIN:BUS:SLOT.FUNCTION or
 * BUS:SLOT.FUNCTION in hex ("0000:00:10.0"); else -EINVAL and, when why
 * is not NULL, a static sentence saying what is wrong.
 */
int memremap_pci_address_check(const char *device, const char **why);

/* ---- what the kernel supports ----------------------------------------- */

/*
 * Ask the module (loading it when allowed) what it and the kernel support.
 * The getters below return 0 until a query succeeded.
 */
int memremap_kernel_query(struct memremap_ctx *ctx) _memremap_must_check_;
unsigned int memremap_kernel_get_abi_version(struct memremap_ctx *ctx);
bool memremap_kernel_supports_type(struct memremap_ctx *ctx, enum memremap_type type);
unsigned int memremap_kernel_get_features(struct memremap_ctx *ctx);	/* MEMREMAP_FEAT_* */
uint64_t memremap_kernel_get_compat_align(struct memremap_ctx *ctx);
uint64_t memremap_kernel_get_section_size(struct memremap_ctx *ctx);
uint64_t memremap_kernel_get_max_phys(struct memremap_ctx *ctx);
unsigned int memremap_kernel_get_page_size(struct memremap_ctx *ctx);
unsigned int memremap_kernel_get_struct_page_size(struct memremap_ctx *ctx);
unsigned int memremap_kernel_get_max_count(struct memremap_ctx *ctx);

/* ---- enumeration ------------------------------------------------------ */

/*
 * Pagemaps are read from sysfs in one pass the first time they are needed
 * and kept; the context's own creates and destroys keep that list current.
 * memremap_rescan() reads sysfs again to see what others changed (objects
 * from before stay valid but are no longer listed).
 */
int memremap_rescan(struct memremap_ctx *ctx) _memremap_must_check_;

/*
 * Iteration in id order:
 *	struct memremap_iter *it = memremap_iter_new(ctx);
 *	while ((rc = memremap_iter_next(it, &pm)) == 0) ...
 * memremap_iter_next() returns 0 with *pagemap set, 1 at the end, or a
 * negative errno (enumeration failed).
 */
struct memremap_iter *memremap_iter_new(struct memremap_ctx *ctx);
void memremap_iter_free(struct memremap_iter *itr);
void memremap_iter_reset(struct memremap_iter *itr);
int memremap_iter_next(struct memremap_iter *itr, struct memremap_pagemap **pagemap)
	_memremap_nonnull_(1, 2);

/* 0 and *pagemap, -ENOENT when there is none, or another negative errno. */
int memremap_pagemap_get_by_id(struct memremap_ctx *ctx, unsigned int id,
			       struct memremap_pagemap **pagemap);
int memremap_pagemap_get_by_name(struct memremap_ctx *ctx, const char *name,
				 struct memremap_pagemap **pagemap);
/* spec is "pagemapN", "N" or a name. -EINVAL when it can be none of those. */
int memremap_pagemap_find(struct memremap_ctx *ctx, const char *spec,
			  struct memremap_pagemap **pagemap);

/* ---- pagemap getters (one per sysfs attribute) ------------------------ */

struct memremap_ctx *memremap_pagemap_get_ctx(struct memremap_pagemap *pm);
unsigned int memremap_pagemap_get_id(struct memremap_pagemap *pm);
const char *memremap_pagemap_get_devname(struct memremap_pagemap *pm);	/* "pagemapN" */
const char *memremap_pagemap_get_name(struct memremap_pagemap *pm);	/* NULL: unnamed */
enum memremap_type memremap_pagemap_get_type(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_start(struct memremap_pagemap *pm);
/*
 * true when the caller may not see the physical addresses (start and
 * parent_start, then 0): the kernel shows them to root alone, as in
 * /proc/iomem.
 */
bool memremap_pagemap_addresses_hidden(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_size(struct memremap_pagemap *pm);
int memremap_pagemap_get_numa_node(struct memremap_pagemap *pm);	/* -1: none */
uint64_t memremap_pagemap_get_align(struct memremap_pagemap *pm);
bool memremap_pagemap_has_altmap(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_altmap_reserve(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_altmap_free(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_altmap_alloc(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_memmap_bytes(struct memremap_pagemap *pm);
enum memremap_memmap_location memremap_pagemap_get_memmap_location(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_data_offset(struct memremap_pagemap *pm);
const char *memremap_pagemap_get_parent(struct memremap_pagemap *pm);	/* NULL: none */
uint64_t memremap_pagemap_get_parent_start(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_parent_size(struct memremap_pagemap *pm);
/* p2pdma: the PCI device ("0000:00:10.0"; NULL for other types), its BAR (-1) */
const char *memremap_pagemap_get_pci_device(struct memremap_pagemap *pm);
int memremap_pagemap_get_pci_bar(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_pci_offset(struct memremap_pagemap *pm);
/*
 * The memory type (x86 PAT cache mode) the kernel holds for the pagemap's
 * range, read from its page tables: MEMREMAP_MEMTYPE_WB normally,
 * UC_MINUS for p2pdma; MEMREMAP_MEMTYPE_UNKNOWN for private pagemaps
 * (nothing is mapped), without PAT, and from a module that predates it.
 */
enum memremap_memtype memremap_pagemap_get_memtype(struct memremap_pagemap *pm);
/*
 * Where the range came from, as the program that created the pagemap found
 * it: the NVDIMM namespace ("namespace0.1") and the dax region ("region0")
 * it lies in; NULL when none.
 */
const char *memremap_pagemap_get_namespace(struct memremap_pagemap *pm);
const char *memremap_pagemap_get_dax_region(struct memremap_pagemap *pm);
/* false once this context destroyed it */
bool memremap_pagemap_is_active(struct memremap_pagemap *pm);
/*
 * The character device /dev/NAME of the pagemap ("pagemap0"), NULL for a
 * type without one (private): it maps the pagemap's pages (memremapctl(8)).
 */
const char *memremap_pagemap_get_chardev(struct memremap_pagemap *pm);
/*
 * Open files of /dev/pagemapN, mappings included (each holds its file), as
 * the pagemap was last read: a pagemap with users cannot be destroyed.
 */
unsigned int memremap_pagemap_get_users(struct memremap_pagemap *pm);
/*
 * Migration counters of private and coherent pagemaps (has_counters false
 * and the others 0 for other types), in pages, as last read: device pages
 * holding migrated data now, pages moved in, pages moved back to RAM (CPU
 * faults of private pages, MEMREMAP_MIGRATE_TO_RAM, evictions), and pages
 * a migration could not move.
 */
bool memremap_pagemap_has_counters(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_pages_in_use(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_migrated_in(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_migrated_out(struct memremap_pagemap *pm);
uint64_t memremap_pagemap_get_migrate_failures(struct memremap_pagemap *pm);

/* ---- create and destroy ----------------------------------------------- */

/*
 * A request: type generic, no altmap, no reserve, base pages, the range's
 * own NUMA node and no name unless set.  Setters return -EINVAL for values
 * that can never be valid (unknown type, bad name); the module checks the
 * rest and memremap_pagemap_create() explains its refusal.
 */
int memremap_params_new(struct memremap_params **params) _memremap_must_check_;
void memremap_params_free(struct memremap_params *params);
void memremap_params_set_start(struct memremap_params *params, uint64_t start);
void memremap_params_set_size(struct memremap_params *params, uint64_t size);
int memremap_params_set_type(struct memremap_params *params, enum memremap_type type);
void memremap_params_set_altmap(struct memremap_params *params, bool altmap);
void memremap_params_set_reserve(struct memremap_params *params, uint64_t reserve);
void memremap_params_set_align(struct memremap_params *params, uint64_t align);
void memremap_params_set_numa_node(struct memremap_params *params, int node);
int memremap_params_set_name(struct memremap_params *params, const char *name);
/*
 * A p2pdma pagemap on BAR bar (0-5) of PCI device device ("0000:00:10.0"),
 * offset bytes into the BAR; the size set is the length (0: to the end of
 * the BAR) and no start is given. Sets the type to p2pdma. -EINVAL for a
 * malformed address or BAR number. The module binds itself to the device
 * as its driver while the pagemap lives; the device must have no driver.
 */
int memremap_params_set_pci(struct memremap_params *params, const char *device, int bar,
			    uint64_t offset);

/*
 * Create the pagemap; on success *pagemap is the new object and, when udev
 * runs, udev has finished with its device.  Needs CAP_SYS_ADMIN.
 */
int memremap_pagemap_create(struct memremap_ctx *ctx, const struct memremap_params *params,
			    struct memremap_pagemap **pagemap) _memremap_must_check_;
/* Destroy the pagemap (-EBUSY while its pages are in use). Needs CAP_SYS_ADMIN. */
int memremap_pagemap_destroy(struct memremap_pagemap *pm) _memremap_must_check_;
/*
 * The same with MEMREMAP_DESTROY_* flags: MEMREMAP_DESTROY_EVICT moves the
 * migrated data of a private or coherent pagemap back to RAM first (else
 * -EBUSY while it holds any, naming the processes). -EOPNOTSUPP from a
 * module without MEMREMAP_FEAT_MIGRATE_PID.
 */
int memremap_pagemap_destroy_flags(struct memremap_pagemap *pm, unsigned int flags)
	_memremap_must_check_;

/*
 * Move the caller's anonymous memory [addr, addr + length) into private
 * pagemap pm, as a device driver migrates data to its device; *migrated
 * (may be NULL) says how many pages moved. The memory stays usable: the
 * first CPU access to a page moves it back to RAM. While pages are in the
 * pagemap, destroying it fails with -EBUSY. Needs CAP_SYS_ADMIN and a
 * kernel with CONFIG_DEVICE_PRIVATE (MEMREMAP_FEAT_MIGRATE).
 */
int memremap_pagemap_migrate(struct memremap_pagemap *pm, void *addr, size_t length,
			     uint64_t *migrated) _memremap_must_check_;

/* What a migration did: pages moved, not moved by enum memremap_skip, free */
struct memremap_migration {
	uint64_t moved;
	uint64_t skipped[16];		/* by enum memremap_skip; 0 beyond */
	uint64_t free;			/* device pages free after */
};

/*
 * Move anonymous memory of process pid (0: the caller) into private or
 * coherent pagemap pm, or back to RAM (flags MEMREMAP_MIGRATE_TO_RAM):
 * [start, start + length) of its address space, crossing any mappings
 * (those that cannot move are skipped and counted), or every anonymous
 * mapping (flags MEMREMAP_MIGRATE_ALL, start and length 0). A pagemap that
 * fills up takes what fits. *result (may be NULL) says what happened, also
 * when a process left meanwhile. Needs CAP_SYS_ADMIN and what ptrace needs
 * of pid (-EPERM, explained), and a module with MEMREMAP_FEAT_MIGRATE_PID
 * (-EOPNOTSUPP).
 */
int memremap_pagemap_migrate_process(struct memremap_pagemap *pm, int pid, uint64_t start,
				     uint64_t length, unsigned int flags,
				     struct memremap_migration *result) _memremap_must_check_;
/* "file", "shared", "locked", "special", "pinned", "thp", "busy", "full", "nomem" */
const char *memremap_skip_to_str(unsigned int why);

/* ---- watching pagemaps come and go ------------------------------------- */

struct memremap_monitor;

/*
 * Listen to pagemap events: from udev (after its rules ran) when udevd runs,
 * else from the kernel. Returns 0 or a negative errno (explained).
 */
int memremap_monitor_new(struct memremap_ctx *ctx, struct memremap_monitor **mon)
	_memremap_must_check_ _memremap_nonnull_(1, 2);
void memremap_monitor_free(struct memremap_monitor *mon);
/* A descriptor to poll() for input; then call memremap_monitor_receive(). */
int memremap_monitor_get_fd(struct memremap_monitor *mon);
/* true when the events come from udev, false when straight from the kernel */
bool memremap_monitor_from_udev(struct memremap_monitor *mon);
/*
 * The next event: 0 with *action ("add", "remove", "change" or "other") and
 * the pagemap (read from sysfs, or as last known for "remove"); -EAGAIN
 * when nothing (or nothing about a pagemap) is pending; another negative
 * errno on failure.
 */
int memremap_monitor_receive(struct memremap_monitor *mon, const char **action,
			     struct memremap_pagemap **pagemap);

/* ---- resources: ranges to make pagemaps on ----------------------------- */

/*
 * A resource is a physical range a pagemap can be made on, by the name its
 * users know it by:
 *  - MEMREMAP_RESOURCE_IOMEM: a "Persistent Memory (legacy)", "Persistent
 *    Memory", "Soft Reserved" or (set aside from RAM by memmap=SIZE$START)
 *    "Reserved" range of /proc/iomem, named as there;
 *  - MEMREMAP_RESOURCE_NAMESPACE: an NVDIMM namespace ("namespace0.1");
 *  - MEMREMAP_RESOURCE_DAX_REGION: a dax region ("region0").
 * Parts of a resource may be held by owners: pagemaps, namespaces, dax
 * devices, dax regions, System RAM or another driver's resource, each
 * described as ndctl and daxctl users know them ("namespace0.0 (fsdax,
 * /dev/pmem0)", "dax0.1 (devdax, namespace0.1)", "pagemap2 \"scratch\"").
 * What no owner holds is free. Reading them needs root (/proc/iomem).
 */
enum memremap_resource_kind {
	MEMREMAP_RESOURCE_IOMEM = 1,
	MEMREMAP_RESOURCE_NAMESPACE = 2,
	MEMREMAP_RESOURCE_DAX_REGION = 3,
};

enum memremap_owner_kind {
	MEMREMAP_OWNER_PAGEMAP = 1,
	MEMREMAP_OWNER_NAMESPACE = 2,
	MEMREMAP_OWNER_DAX = 3,		/* a dax device */
	MEMREMAP_OWNER_DAX_REGION = 4,
	MEMREMAP_OWNER_SYSTEM_RAM = 5,
	MEMREMAP_OWNER_RESOURCE = 6,	/* another driver's resource */
};

/* "iomem", "namespace", "dax_region"; NULL otherwise */
const char *memremap_resource_kind_to_str(enum memremap_resource_kind kind);
/* "pagemap", "namespace", "dax", "dax_region", "system_ram", "resource" */
const char *memremap_owner_kind_to_str(enum memremap_owner_kind kind);

/*
 * Read /proc/iomem, the firmware's memory map, libndctl and libdaxctl
 * again (they are read once, on first use, and kept). -EPERM when not root.
 */
int memremap_resource_scan(struct memremap_ctx *ctx) _memremap_must_check_;

/*
 * The resources a pagemap could be made on, by start: the /proc/iomem
 * ranges above, disabled namespaces, and dax regions (their capacity no
 * dax device holds is free). memremap_resource_iter_next() returns 0, 1 at the end, or a
 * negative errno (reading failed; -EPERM when not root).
 */
struct memremap_resource_iter *memremap_resource_iter_new(struct memremap_ctx *ctx);
void memremap_resource_iter_free(struct memremap_resource_iter *itr);
int memremap_resource_iter_next(struct memremap_resource_iter *itr,
				struct memremap_resource **res) _memremap_nonnull_(1, 2);

/*
 * Any namespace, enabled or not, by its name ("namespace0.1") or uuid (its
 * label's, or its fsdax/devdax/sector personality's as ndctl list shows
 * it): 0, -ENOENT, -errno. The resource's name is the namespace's name.
 */
int memremap_resource_find_namespace(struct memremap_ctx *ctx, const char *devname,
				     struct memremap_resource **res);
/* Any dax region by "regionN" or "N": 0, -ENOENT, -EINVAL (malformed), -errno. */
int memremap_resource_find_dax_region(struct memremap_ctx *ctx, const char *spec,
				      struct memremap_resource **res);

enum memremap_resource_kind memremap_resource_get_kind(struct memremap_resource *res);
const char *memremap_resource_get_name(struct memremap_resource *res);
uint64_t memremap_resource_get_start(struct memremap_resource *res);
uint64_t memremap_resource_get_size(struct memremap_resource *res);
/* Bytes no owner holds. */
uint64_t memremap_resource_get_free(struct memremap_resource *res);
/* The /proc/iomem resource it lies in; NULL at the top. */
const char *memremap_resource_get_parent(struct memremap_resource *res);
/*
 * Namespaces: enabled or not, the mode ("fsdax", "devdax", "sector",
 * "raw") and device ("/dev/pmem0", "/dev/dax0.1") when enabled (NULL
 * otherwise), and the whole as a user reads it: "namespace0.0 (fsdax,
 * /dev/pmem0)" or "namespace0.1 (disabled)". Other kinds: false and NULL,
 * and the name.
 */
bool memremap_resource_is_enabled(struct memremap_resource *res);
const char *memremap_resource_get_mode(struct memremap_resource *res);
const char *memremap_resource_get_device(struct memremap_resource *res);
const char *memremap_resource_get_description(struct memremap_resource *res);

unsigned int memremap_resource_get_owner_count(struct memremap_resource *res);
/* Owner i (0 .. count - 1, by start), or NULL. */
struct memremap_owner *memremap_resource_get_owner(struct memremap_resource *res,
						   unsigned int i);
enum memremap_owner_kind memremap_owner_get_kind(struct memremap_owner *owner);
const char *memremap_owner_get_name(struct memremap_owner *owner);
const char *memremap_owner_get_description(struct memremap_owner *owner);
uint64_t memremap_owner_get_start(struct memremap_owner *owner);
uint64_t memremap_owner_get_size(struct memremap_owner *owner);

/*
 * A free extent of res: start and size multiples of align (a power of
 * two). With at != UINT64_MAX the extent begins at at; with size != 0 it
 * is size bytes, the lowest that fits when at is not given; with size 0 it
 * runs to the next owner (at given) or is the largest one. 0 and the
 * extent; -ENOSPC when none fits; -EINVAL when at lies outside res.
 */
int memremap_resource_get_free_extent(struct memremap_resource *res, uint64_t align,
				      uint64_t at, uint64_t size, uint64_t *start,
				      uint64_t *len) _memremap_must_check_;

/*
 * Disable an enabled namespace through libndctl the safe way (refused with
 * -EBUSY while mounted or its memory is online as System RAM), so that a
 * pagemap can be made on it. The namespace stays disabled afterwards; the
 * resources are read again on next use.
 */
int memremap_resource_disable(struct memremap_resource *res) _memremap_must_check_;
/*
 * Enable a disabled namespace again through libndctl (what ndctl
 * enable-namespace does): 0 when it is enabled, also when it was already;
 * -EBUSY while a pagemap holds its range. The resources are read again on
 * next use.
 */
int memremap_resource_enable(struct memremap_resource *res) _memremap_must_check_;

/* ---- requests: a range from a resource, compared, planned, carried out -- */

/*
 * Take the request's range from a resource instead of a start and size:
 * kind MEMREMAP_RESOURCE_IOMEM names a /proc/iomem range ("Soft Reserved";
 * a start set picks among namesakes), MEMREMAP_RESOURCE_NAMESPACE a
 * namespace by name or uuid, MEMREMAP_RESOURCE_DAX_REGION a dax region
 * ("region0" or "0"). A plan takes the resource's free extent: the size set
 * at the start set, else the lowest that fits, else the largest. NULL
 * takes the range from start and size again. -EINVAL, -ENOMEM.
 */
int memremap_params_set_source(struct memremap_params *params,
			       enum memremap_resource_kind kind, const char *name);
/*
 * With a namespace source: disable the namespace first when it is enabled,
 * and enable it again when the create then fails (default off: an enabled
 * namespace is MEMREMAP_PLAN_ENABLED).
 */
void memremap_params_set_force(struct memremap_params *params, bool force);

/* How a request differs from a pagemap (memremap_params_compare()). */
enum memremap_diff {
	MEMREMAP_DIFF_PCI_DEVICE = 1 << 0,	/* another PCI device, or none */
	MEMREMAP_DIFF_PCI_BAR = 1 << 1,
	MEMREMAP_DIFF_PCI_OFFSET = 1 << 2,
	MEMREMAP_DIFF_SOURCE = 1 << 3,		/* another namespace, dax region, resource */
	MEMREMAP_DIFF_START = 1 << 4,
	MEMREMAP_DIFF_SIZE = 1 << 5,
	MEMREMAP_DIFF_TYPE = 1 << 6,
	MEMREMAP_DIFF_ALTMAP = 1 << 7,		/* altmap or not */
	MEMREMAP_DIFF_RESERVE = 1 << 8,		/* both have one; its reserve differs */
	MEMREMAP_DIFF_ALIGN = 1 << 9,
	MEMREMAP_DIFF_NUMA_NODE = 1 << 10,
};

/*
 * Would params make pm? 0 when so, else the MEMREMAP_DIFF_* bits of what
 * differs. Start, size and NUMA node count only when set (a source's
 * extent is whatever was free); type, altmap, reserve and alignment always
 * (unset: their defaults). The reserve is compared exactly, as the module
 * keeps it; with a namespace source and no reserve set, the namespace's
 * info block that a plan reserves is accepted too. A PCI device compares
 * by address, however it was spelled.
 */
unsigned int memremap_params_compare(const struct memremap_params *params,
				     struct memremap_pagemap *pm);

/*
 * A plan: what creating a request would do, decided without changing
 * anything; memremap_plan_apply() then carries it out. A dry run and a real
 * run therefore decide the same, except for what only the module can refuse
 * and, with force, the extent of a namespace still enabled (taken only once
 * apply has disabled it: the dry run's outcome is then CREATE).
 */
struct memremap_plan;

enum memremap_plan_outcome {
	MEMREMAP_PLAN_CREATE = 1,	/* to create (nothing seen in the way) */
	MEMREMAP_PLAN_CREATED,		/* memremap_plan_apply() created it */
	MEMREMAP_PLAN_UNCHANGED,	/* a pagemap of its name is there, the same */
	MEMREMAP_PLAN_CONFLICT,		/* a pagemap of its name is there, different */
	MEMREMAP_PLAN_MISSING,		/* the source does not exist (yet) */
	MEMREMAP_PLAN_ENABLED,		/* the namespace source is enabled, no force */
	MEMREMAP_PLAN_AMBIGUOUS,	/* several resources have the name, no start */
	MEMREMAP_PLAN_OUTSIDE,		/* the start lies outside the source */
	MEMREMAP_PLAN_NO_EXTENT,	/* the source has no free extent that fits */
	MEMREMAP_PLAN_FAILED,		/* a failure (memremap_plan_get_error()) */
};
/* "create", "created", "unchanged", "conflict", "missing", ...; NULL otherwise */
const char *memremap_plan_outcome_to_str(enum memremap_plan_outcome outcome);

/*
 * Plan params (copied): a pagemap of its name is compared with it; else its
 * source is resolved to a free extent (aligned to the module's
 * compat_align, to a whole memory section with an altmap, to the compound
 * page size when larger; an altmap at a namespace's start without a
 * reserve keeps the 8 KiB info block). 0 and *plan whatever the outcome;
 * -ENOMEM.
 */
int memremap_plan_new(struct memremap_ctx *ctx, const struct memremap_params *params,
		      struct memremap_plan **plan) _memremap_must_check_;
void memremap_plan_free(struct memremap_plan *plan);
/*
 * Carry out a plan of outcome MEMREMAP_PLAN_CREATE: disable the namespace
 * (with force) and resolve again, create; when another process created a
 * pagemap of the same name meanwhile, compare with that one; when the
 * create fails after the namespace was disabled, enable it again. 0 and
 * *pagemap when a pagemap as asked exists now (CREATED or UNCHANGED), else
 * a negative errno (-EEXIST conflict, -ENOENT missing, -EBUSY enabled,
 * -EINVAL ambiguous or outside, -ENOSPC no extent, the module's refusal)
 * with the context's last error set.
 */
int memremap_plan_apply(struct memremap_plan *plan, struct memremap_pagemap **pagemap)
	_memremap_must_check_;

enum memremap_plan_outcome memremap_plan_get_outcome(const struct memremap_plan *plan);
/* CONFLICT: MEMREMAP_DIFF_* bits, and the pagemap of that name (also UNCHANGED, CREATED) */
unsigned int memremap_plan_get_differences(const struct memremap_plan *plan);
struct memremap_pagemap *memremap_plan_get_pagemap(const struct memremap_plan *plan);
/* The source resource found (NULL when none was); iomem: how many have its name */
struct memremap_resource *memremap_plan_get_resource(const struct memremap_plan *plan);
unsigned int memremap_plan_get_namesakes(const struct memremap_plan *plan);
/* The request as resolved: the extent, the reserve, the extent's alignment */
uint64_t memremap_plan_get_start(const struct memremap_plan *plan);
uint64_t memremap_plan_get_size(const struct memremap_plan *plan);
uint64_t memremap_plan_get_reserve(const struct memremap_plan *plan);
uint64_t memremap_plan_get_extent_align(const struct memremap_plan *plan);
/*
 * Force: true while the namespace is still to be disabled; after apply,
 * what was disabled ("namespace0.0 (fsdax, /dev/pmem0)", NULL when nothing),
 * whether a failure enabled it again, and why not when it could not be.
 */
bool memremap_plan_will_disable(const struct memremap_plan *plan);
const char *memremap_plan_get_disabled(const struct memremap_plan *plan);
bool memremap_plan_is_reenabled(const struct memremap_plan *plan);
const char *memremap_plan_get_undo_error(const struct memremap_plan *plan);
/* Why the plan cannot go on, as a sentence, and its kind; NULL and NONE if it can */
const char *memremap_plan_get_error(const struct memremap_plan *plan);
enum memremap_error_kind memremap_plan_get_error_kind(const struct memremap_plan *plan);

#ifdef __cplusplus
}
#endif

#endif /* _LIBMEMREMAP_H */
