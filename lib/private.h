/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libmemremap internals shared by the files of lib/. */
#ifndef _LIBMEMREMAP_PRIVATE_H
#define _LIBMEMREMAP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

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
	unsigned int id;
	char devname[24];
	char name[MEMREMAP_NAME_MAX];
	enum memremap_type type;
	uint64_t start;
	uint64_t size;
	int numa_node;
	uint64_t align;
	bool altmap;
	uint64_t altmap_reserve;
	uint64_t altmap_free;
	uint64_t altmap_alloc;
	uint64_t memmap_bytes;
	enum memremap_memmap_location memmap_location;
	uint64_t data_offset;
	char parent[MEMREMAP_RES_NAME_MAX];
	uint64_t parent_start;
	uint64_t parent_size;
	char pci_device[MEMREMAP_PCI_NAME_MAX];
	int pci_bar;
	uint64_t pci_offset;
};

struct memremap_params {
	struct memremap_create req;
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
};
enum { MEMREMAP_OP_CREATE = 1, MEMREMAP_OP_DESTROY, MEMREMAP_OP_MIGRATE, MEMREMAP_OP_OTHER };
/* Record a refusal the module reported in st (NULL: errno only). */
int memremap_fail_status(struct memremap_ctx *ctx, int errnum, const struct memremap_status *st,
			 const struct memremap_request_view *rq);
enum memremap_error_kind memremap_reason_kind(unsigned int reason, int errnum);
void memremap_reason_message(char *buf, size_t len, unsigned int reason, int errnum,
			     const struct memremap_status *st,
			     const struct memremap_request_view *rq);
/* names.c: a PCI address into the uAPI's domain and devid; why as above */
int memremap_pci_parse(const char *s, unsigned int *domain, unsigned int *devid,
		       const char **why);

/* "2 MiB" for whole binary units, else "N bytes" */
void memremap_format_bytes(char *buf, size_t len, uint64_t bytes);

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

/* settle.c: wait for udev to finish with a new device */
struct memremap_settle;
struct memremap_settle *memremap_settle_prepare(struct memremap_ctx *ctx);
void memremap_settle_wait(struct memremap_ctx *ctx, struct memremap_settle *s,
			  const char *devname);
void memremap_settle_free(struct memremap_settle *s);

#endif /* _LIBMEMREMAP_PRIVATE_H */
