/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libmemremap internals shared by the files of lib/. */
#ifndef _LIBMEMREMAP_PRIVATE_H
#define _LIBMEMREMAP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>
#include <sys/types.h>

#include <memremap/libmemremap.h>

#define MEMREMAP_EXPORT __attribute__((visibility("default")))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define DEFAULT_SYSFS_ROOT	"/sys"
#define DEFAULT_DEVICE_PATH	"/dev/" MEMREMAP_DEVICE_NAME
#define MODULE_NAME		"memremap_ctl"
#define ERRMSG_MAX		512

struct memremap_pagemap {
	struct memremap_ctx *ctx;
	struct memremap_pagemap *next_owned;	/* every object the ctx made */
	bool active;
	bool addresses_hidden;	/* start, parent_start: root's alone */
	char devname[24];
	/* what MEMREMAP_IOC_QUERY says, or sysfs (kernel/pagemap_attrs.h) */
	struct memremap_pagemap_info info;
};

/* what a caller set, as opposed to a default (memremap_params_compare()) */
enum {
	MEMREMAP_GIVEN_START = 1 << 0,
	MEMREMAP_GIVEN_SIZE = 1 << 1,
	MEMREMAP_GIVEN_RESERVE = 1 << 2,
};

struct memremap_params {
	struct memremap_create req;
	unsigned int given;			/* MEMREMAP_GIVEN_* */
	enum memremap_resource_kind source_kind;	/* 0: the range is given */
	char *source;				/* the resource's name */
	bool force;				/* disable an enabled namespace first */
};

/*
 * What an altmap at the start of an NVDIMM namespace leaves alone when no
 * reserve is given: the namespace's info block, as pmem's pfn devices keep
 * it (8 KiB).
 */
#define MEMREMAP_NS_INFO_BLOCK	8192

struct memremap_range {
	uint64_t start;
	uint64_t size;
};

/* iomem.c: /proc/iomem as a tree */
struct memremap_iomem_node {
	uint64_t start, end;		/* end included, as /proc/iomem prints it */
	unsigned int depth;
	int parent;			/* index, -1 at the top */
	char *name;
};
struct memremap_iomem {
	struct memremap_iomem_node *nodes;	/* in file order: parents first */
	size_t count;
};

/* nvdimm.c: what libndctl and libdaxctl said */
struct ndctl_ctx;
struct daxctl_ctx;
struct ndctl_namespace;
struct memremap_ns_info {
	char devname[32];		/* namespace0.1 */
	char region[32];		/* region0 */
	uint64_t start, size;		/* the whole namespace, info block included */
	bool active;
	char mode[16];			/* fsdax, devdax, sector, raw ("" when disabled) */
	char device[64];		/* /dev/pmem0 ... ("" when none) */
	char uuid[40];			/* the label's, "" without labels */
	char personality_uuid[40];	/* its pfn, dax or btt's (ndctl list's "uuid") */
	struct ndctl_namespace *ns;
};
struct memremap_dax_region_info {
	int id;				/* daxctl's region number: "region<id>" */
	char devname[64];		/* hmem.0, or the nd dax device dax0.0 */
	bool nvdimm;			/* a devdax namespace's (static) region */
	uint64_t start, size, available;
	char namespace[32];		/* nvdimm: the namespace it is made of */
};
struct memremap_dax_info {
	char devname[32];		/* dax0.1, /dev/dax0.1 */
	int region;			/* index in regions[] */
	bool enabled, system_ram;
	struct memremap_range *maps;
	size_t nmaps;
};
struct memremap_nvdimm {
	struct ndctl_ctx *nctx;
	struct daxctl_ctx *dctx;
	struct memremap_ns_info *ns;
	size_t nns;
	struct memremap_dax_region_info *regions;
	size_t nregions;
	struct memremap_dax_info *dax;
	size_t ndax;
};

/* resource.c: ranges pagemaps can be made on, and what holds parts of them */
struct memremap_owner {
	enum memremap_owner_kind kind;
	char name[MEMREMAP_RES_NAME_MAX];
	char description[192];
	uint64_t start, size;
};
struct memremap_resource {
	struct memremap_ctx *ctx;
	struct memremap_resource *next_owned;	/* every object the ctx made */
	enum memremap_resource_kind kind;
	char name[MEMREMAP_RES_NAME_MAX];
	char parent[MEMREMAP_RES_NAME_MAX];
	uint64_t start, size, free;
	bool listed;			/* a candidate for list -R */
	/* namespaces */
	bool enabled;
	char mode[16];
	char device[64];
	char uuid[40], personality_uuid[40];
	char description[192];
	struct memremap_owner *owners;	/* by start */
	size_t nowners;
};

struct memremap_ctx {
	int refcount;
	memremap_log_fn log_fn;
	int log_priority;
	void *userdata;
	char *sysfs_root;
	char *device_path;
	bool autoload;
	unsigned int settle_msec;
	int control_fd;			/* -1 until first needed */

	/* enumeration: active pagemaps sorted by id */
	bool scanned;
	struct memremap_pagemap **pagemaps;
	size_t count;
	size_t capacity;
	struct memremap_pagemap *owned;	/* all objects, freed with the ctx */

	/* ranges (resource.c, iomem.c, nvdimm.c), read on first use */
	struct memremap_nvdimm *nvdimm;
	struct memremap_resource **resources;
	size_t nresources;
	bool resources_scanned;
	struct memremap_resource *resources_owned;

	/* what VERSION said; abi_version 0 until then */
	struct memremap_version kinfo;

	/* last failure */
	struct {
		enum memremap_error_kind kind;
		unsigned int reason;
		int err;
		char msg[ERRMSG_MAX];
	} last;
};

/* logging (libmemremap.c) */
void memremap_log(struct memremap_ctx *ctx, int priority, const char *file, int line,
		  const char *fn, const char *format, ...) _memremap_printf_(6, 7);
#define mr_log_cond(ctx, prio, ...) do {					\
	if ((ctx)->log_priority >= (prio))					\
		memremap_log(ctx, prio, __FILE__, __LINE__, __func__, __VA_ARGS__); \
} while (0)
#define mr_dbg(ctx, ...)	mr_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define mr_info(ctx, ...)	mr_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define mr_err(ctx, ...)	mr_log_cond(ctx, LOG_ERR, __VA_ARGS__)
int memremap_log_priority_parse(const char *s);

/*
 * Record a failure and return -errnum (negative errno), so callers can
 * write: return fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "...").
 */
int memremap_fail(struct memremap_ctx *ctx, enum memremap_error_kind kind, int errnum,
		  const char *format, ...) _memremap_printf_(4, 5);

/*
 * holders.c: who maps a physical range with a memory type of its own:
 * "pid 103 (fio), an ioremap by hpet_enable+0x36/0x2b0" ("" if none
 * found). The parsers of one /proc/PID/maps and /proc/vmallocinfo line
 * (1: it maps the range, 0: it does not, -1: malformed).
 */
void memremap_find_memtype_holders(struct memremap_ctx *ctx, uint64_t start, uint64_t size,
				   char *buf, size_t len);
int memremap_maps_devmem(const char *line, uint64_t start, uint64_t size, uint64_t *phys,
			 uint64_t *len);
struct memremap_maps_entry {
	uint64_t from, to;		/* the mapping's addresses */
	uint64_t off;			/* its offset in the file */
	dev_t dev;			/* the file's device and inode, 0 */
	uint64_t ino;			/* when anonymous */
	const char *path;		/* "" when anonymous */
};
int memremap_maps_parse(const char *line, struct memremap_maps_entry *e);
int memremap_pci_resource_bar(const char *path);
int memremap_vmallocinfo_ioremap(const char *line, uint64_t start, uint64_t size, char *caller,
				 size_t clen, uint64_t *phys, uint64_t *len);

/* reason.c: a module refusal as a sentence and a kind */
struct memremap_request_view {
	int op;				/* MEMREMAP_OP_* */
	uint64_t start, size, reserve, align;
	unsigned int type;
	int numa_node;
	bool altmap;
	unsigned int id;		/* destroy */
	const char *name;		/* may be NULL */
	bool pci;			/* p2pdma on a PCI BAR: */
	unsigned int pci_domain, pci_devid, pci_bar;
	uint64_t pci_offset;
	const char *owner;		/* the conflict in user terms, or NULL */
};
enum { MEMREMAP_OP_CREATE = 1, MEMREMAP_OP_DESTROY, MEMREMAP_OP_MIGRATE, MEMREMAP_OP_OTHER };
/* Record a refusal the module reported in st (NULL: errno only). */
int memremap_fail_status(struct memremap_ctx *ctx, int errnum, const struct memremap_status *st,
			 const struct memremap_request_view *rq);
/*
 * The last reason memremap_reason_message() words (test-reason checks
 * each); a newer module may give later ones, which it words by number.
 */
#define MR_REASON_LAST		MEMREMAP_R_EVICT_FAILED
enum memremap_error_kind memremap_reason_kind(unsigned int reason, int errnum);
void memremap_reason_message(char *buf, size_t len, unsigned int reason, int errnum,
			     const struct memremap_status *st,
			     const struct memremap_request_view *rq);
/* names.c: a PCI address into the uAPI's domain and devid; why as above */
int memremap_pci_parse(const char *s, unsigned int *domain, unsigned int *devid,
		       const char **why);

/* "2 MiB" for whole binary units, else "N bytes" */
void memremap_format_bytes(char *buf, size_t len, uint64_t bytes);

/*
 * holders.c, too: processes that have a pagemap's device node (device number
 * rdev) open or mapped, looked up in proc ("/proc"); node_path, when it
 * exists, also matches mappings by the node's inode where map_files is
 * not readable. Returns how many there are; at most max are kept.
 */
struct memremap_holder {
	int pid;
	char comm[17];
	bool mapped, open;
};
size_t memremap_holders_scan(const char *proc, dev_t rdev, const char *node_path,
			     struct memremap_holder *out, size_t max);
void memremap_holders_format(char *buf, size_t len, const struct memremap_holder *h,
			     size_t n, size_t total);
/* memremap_holders_format() of pagemap id's node, "" if none found */
void memremap_node_holders(struct memremap_ctx *ctx, unsigned int id, char *buf, size_t len);
/*
 * Processes whose anonymous memory maps a page of physical [start, start +
 * size): present, or a device-private entry, by /proc/PID/pagemap (root);
 * memremap_devpage_holders() words them, "" if none found.
 */
uint64_t memremap_pagemap_entry_pfn(uint64_t entry, unsigned int nr_swapfiles);
size_t memremap_page_holders_scan(const char *proc, uint64_t pfn, uint64_t n,
				  struct memremap_holder *out, size_t max);
void memremap_devpage_holders(struct memremap_ctx *ctx, uint64_t start, uint64_t size,
			      char *buf, size_t len);

/* control.c: the control node */
int memremap_control_fd(struct memremap_ctx *ctx);
void memremap_control_close(struct memremap_ctx *ctx);

/* pagemap.c */
int memremap_scan(struct memremap_ctx *ctx);
struct memremap_pagemap *memremap_pagemap_alloc(struct memremap_ctx *ctx);
void memremap_pagemap_from_info(struct memremap_pagemap *pm,
				const struct memremap_pagemap_info *info);
int memremap_list_insert(struct memremap_ctx *ctx, struct memremap_pagemap *pm);
void memremap_list_remove(struct memremap_ctx *ctx, struct memremap_pagemap *pm);
void memremap_pagemaps_free(struct memremap_ctx *ctx);
int memremap_pagemap_read(struct memremap_ctx *ctx, unsigned int id,
			  struct memremap_pagemap **out);
struct memremap_pagemap *memremap_list_find(struct memremap_ctx *ctx, unsigned int id);

/* iomem.c */
void memremap_proc_path(struct memremap_ctx *ctx, char *buf, size_t len, const char *rel);
int memremap_iomem_read(struct memremap_ctx *ctx, struct memremap_iomem **out);
void memremap_iomem_free(struct memremap_iomem *t);
int memremap_iomem_find(const struct memremap_iomem *t, uint64_t start, uint64_t size,
			const char *name);
bool memremap_firmware_ram(struct memremap_ctx *ctx, uint64_t start, uint64_t end);

/* nvdimm.c */
struct memremap_nvdimm *memremap_nvdimm_get(struct memremap_ctx *ctx);
void memremap_nvdimm_drop(struct memremap_ctx *ctx);
void memremap_nvdimm_free(struct memremap_nvdimm *nv);
const struct memremap_ns_info *memremap_nvdimm_namespace(struct memremap_nvdimm *nv,
							  const char *devname);
const struct memremap_dax_info *memremap_nvdimm_dax(struct memremap_nvdimm *nv,
						     const char *devname);
void memremap_describe_namespace(const struct memremap_ns_info *n, char *buf, size_t len);
void memremap_describe_dax(struct memremap_nvdimm *nv, const struct memremap_dax_info *d,
			   char *buf, size_t len);

/* resource.c */
void memremap_resources_free(struct memremap_ctx *ctx);
/*
 * The kernel's alignment of a pagemap's start and size
 * (memremap_compat_align()) and its memory section size, as the module's
 * VERSION answer gave them; x86's 2 MiB and 128 MiB before it answered.
 */
uint64_t memremap_compat_align(struct memremap_ctx *ctx);
uint64_t memremap_section_size(struct memremap_ctx *ctx);

/* resource.c: the number of a dax region given as regionN or N, or -1 */
long memremap_dax_region_id(const char *spec);
/* The conflict the module reported, in user terms; "" when it has none better. */
void memremap_describe_conflict(struct memremap_ctx *ctx, const struct memremap_conflict *c,
				char *buf, size_t len);
/*
 * Before a create of [start, start + size): refuse ranges the kernel cannot
 * see are taken (dax devices' mappings), and find the namespace and dax
 * region the range lies in for the request's origin fields.
 */
int memremap_preflight(struct memremap_ctx *ctx, struct memremap_create *c);

/* settle.c: wait for udev to finish with a new device */
struct memremap_settle;
struct memremap_settle *memremap_settle_prepare(struct memremap_ctx *ctx);
void memremap_settle_wait(struct memremap_ctx *ctx, struct memremap_settle *s,
			  const char *devname);
void memremap_settle_free(struct memremap_settle *s);

#endif /* _LIBMEMREMAP_PRIVATE_H */
