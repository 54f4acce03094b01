// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pagemap objects: one pass over /sys/class/memremap that reads every
 * attribute file once, the getters, iteration and lookups.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"
#include "../kernel/pagemap_attrs.h"	/* the sysfs attributes */

enum attr_kind { A_U32, A_U64, A_ADDR, A_S32, A_STR, A_TYPE, A_LOCATION, A_FLAG, A_MEMTYPE };

struct attr {
	const char *name;
	enum attr_kind kind;
	size_t offset;		/* in struct memremap_pagemap_info */
	size_t size;		/* A_STR: buffer size */
	uint32_t bit;		/* A_FLAG */
};

/* Every attribute the module publishes, as it publishes them; each file is read once. */
#define ATTR(file, kind, field, bit) { #file, A_##kind,				\
	offsetof(struct memremap_pagemap_info, field),				\
	sizeof(((struct memremap_pagemap_info *)0)->field), bit },
static const struct attr attrs[] = {
	MEMREMAP_PAGEMAP_ATTRS(ATTR)
};

/*
 * memtype and the attributes after it came with later modules of ABI 1: a
 * pagemap of an older module lacks them (its values stay 0, unknown).
 */
static bool added_later(const struct attr *a)
{
	const struct attr *first = attrs;

	while (first < attrs + ARRAY_SIZE(attrs) && strcmp(first->name, "memtype") != 0)
		first++;
	return a >= first;
}

static int parse_u64(const char *s, int base, uint64_t *out)
{
	char *end;
	unsigned long long v;

	/* the module prints hex with %#llx: "0x80000000", but "0" for zero */
	if (base == 16 && strncmp(s, "0x", 2) != 0 && strcmp(s, "0") != 0)
		return -EINVAL;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Store one attribute's text (newline already stripped) in info. */
static int parse_attr(struct memremap_pagemap_info *info, const struct attr *a, const char *text)
{
	void *field = (char *)info + a->offset;
	uint64_t v;
	long long iv;
	char *end;
	int t;

	switch (a->kind) {
	case A_U32:
	case A_U64:
	case A_ADDR:
		if (parse_u64(text, a->kind == A_ADDR ? 16 : 10, &v) < 0)
			return -EINVAL;
		if (a->kind == A_U32) {
			if (v > UINT32_MAX)
				return -EINVAL;
			*(uint32_t *)field = (uint32_t)v;
		} else {
			*(uint64_t *)field = v;
		}
		return 0;
	case A_S32:
		errno = 0;
		iv = strtoll(text, &end, 10);
		if (errno || end == text || *end || iv < -1 || iv > INT32_MAX)
			return -EINVAL;
		*(int32_t *)field = (int32_t)iv;
		return 0;
	case A_FLAG:
		if (strcmp(text, "0") && strcmp(text, "1"))
			return -EINVAL;
		if (text[0] == '1')
			*(uint32_t *)field |= a->bit;
		else
			*(uint32_t *)field &= ~a->bit;
		return 0;
	case A_STR:
		if (strlen(text) >= a->size)
			return -EINVAL;
		strcpy(field, text);
		return 0;
	case A_TYPE:
		t = memremap_type_from_str(text);
		if (t < 0)
			return -EINVAL;
		*(uint32_t *)field = (uint32_t)t;
		return 0;
	case A_LOCATION:
		if (strcmp(text, "ram") == 0)
			*(uint32_t *)field = MEMREMAP_MEMMAP_RAM;
		else if (strcmp(text, "altmap") == 0)
			*(uint32_t *)field = MEMREMAP_MEMMAP_ALTMAP;
		else
			return -EINVAL;
		return 0;
	case A_MEMTYPE:
		t = strcmp(text, "none") ? memremap_memtype_from_str(text) :
					   MEMREMAP_MEMTYPE_UNKNOWN;
		if (t < 0)
			return -EINVAL;
		*(uint32_t *)field = (uint32_t)t;
		return 0;
	}
	return -EINVAL;
}

/* Read a one-value attribute; drop the newline. -errno on failure. */
static int read_attr(int dfd, const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	if ((size_t)n == len - 1)
		return -EFBIG;
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

struct memremap_pagemap *memremap_pagemap_alloc(struct memremap_ctx *ctx)
{
	struct memremap_pagemap *pm = calloc(1, sizeof(*pm));

	if (!pm)
		return NULL;
	pm->ctx = ctx;
	pm->info.numa_node = -1;
	pm->info.pci_bar = -1;
	pm->next_owned = ctx->owned;
	ctx->owned = pm;
	return pm;
}

/*
 * Read pagemapN below the class directory into a new object.
 * 0: *out set; 1: the pagemap vanished meanwhile; -errno: failure (explained).
 */
static int read_pagemap(struct memremap_ctx *ctx, int class_fd, const char *dirname,
			unsigned int id, struct memremap_pagemap **out)
{
	struct memremap_pagemap *pm;
	char buf[256];
	size_t i;
	int dfd, rc = 0;

	dfd = openat(class_fd, dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return errno == ENOENT ? 1 : memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, errno,
				"cannot open %s/class/memremap/%s: %s", ctx->sysfs_root,
				dirname, strerror(errno));
	pm = memremap_pagemap_alloc(ctx);
	if (!pm) {
		close(dfd);
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	}
	snprintf(pm->devname, sizeof(pm->devname), "pagemap%u", id);
	for (i = 0; i < ARRAY_SIZE(attrs) && rc == 0; i++) {
		const struct attr *a = &attrs[i];

		rc = read_attr(dfd, a->name, buf, sizeof(buf));
		if (rc == -ENOENT && added_later(a) && faccessat(dfd, "id", F_OK, 0) == 0)
			rc = 0;		/* a module older than the attribute: 0, unknown */
		else if (rc == -EACCES && a->kind == A_ADDR) {
			rc = 0;		/* the kernel shows addresses to root alone */
			pm->addresses_hidden = true;
		}
		else if (rc == -ENOENT && faccessat(class_fd, dirname, F_OK, 0) < 0 && errno == ENOENT)
			rc = 1;		/* destroyed while we read it */
		else if (rc < 0)
			rc = memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, -rc,
					   "cannot read %s/class/memremap/%s/%s: %s",
					   ctx->sysfs_root, dirname, a->name, strerror(-rc));
		else if (parse_attr(&pm->info, a, buf) < 0)
			rc = memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, EPROTO,
					   "%s/class/memremap/%s/%s holds '%s', which is not "
					   "a valid value", ctx->sysfs_root, dirname, a->name, buf);
	}
	close(dfd);
	if (rc == 0 && pm->info.id != id)
		rc = memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, EPROTO,
				   "%s/class/memremap/%s has id %u", ctx->sysfs_root,
				   dirname, pm->info.id);
	if (rc == 0) {
		pm->active = true;
		*out = pm;
	}
	return rc;
}

/* The id of a device name "pagemapN", or -1. */
static long long devname_id(const char *s)
{
	uint64_t v;

	if (strncmp(s, "pagemap", 7) != 0 || parse_u64(s + 7, 10, &v) < 0 || v > UINT32_MAX)
		return -1;
	return (long long)v;
}

static int cmp_id(const void *a, const void *b)
{
	const struct memremap_pagemap *x = *(struct memremap_pagemap *const *)a;
	const struct memremap_pagemap *y = *(struct memremap_pagemap *const *)b;

	return x->info.id < y->info.id ? -1 : x->info.id > y->info.id;
}

static int list_reserve(struct memremap_ctx *ctx, size_t need)
{
	struct memremap_pagemap **p;
	size_t cap = ctx->capacity ? ctx->capacity : 64;

	if (need <= ctx->capacity)
		return 0;
	while (cap < need)
		cap *= 2;
	p = realloc(ctx->pagemaps, cap * sizeof(*p));
	if (!p)
		return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, ENOMEM, "out of memory");
	ctx->pagemaps = p;
	ctx->capacity = cap;
	return 0;
}

int memremap_scan(struct memremap_ctx *ctx)
{
	char path[4096];
	struct dirent *de;
	DIR *dir;
	int class_fd, rc = 0;
	size_t i;

	for (i = 0; i < ctx->count; i++)
		ctx->pagemaps[i]->active = false;
	ctx->count = 0;
	snprintf(path, sizeof(path), "%s/class/%s", ctx->sysfs_root, MEMREMAP_CLASS_NAME);
	class_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (class_fd < 0) {
		if (errno != ENOENT)
			return memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, errno,
					     "cannot open %s: %s", path, strerror(errno));
		mr_dbg(ctx, "%s does not exist: no pagemaps", path);
		ctx->scanned = true;
		return 0;
	}
	dir = fdopendir(dup(class_fd));
	if (!dir) {
		rc = memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, errno, "cannot read %s: %s",
				   path, strerror(errno));
		close(class_fd);
		return rc;
	}
	while (rc >= 0 && (de = readdir(dir))) {
		struct memremap_pagemap *pm = NULL;
		long long id = devname_id(de->d_name);

		if (id < 0)
			continue;
		rc = read_pagemap(ctx, class_fd, de->d_name, (unsigned int)id, &pm);
		if (rc == 0)
			rc = list_reserve(ctx, ctx->count + 1);
		if (rc == 0)
			ctx->pagemaps[ctx->count++] = pm;
	}
	closedir(dir);
	close(class_fd);
	if (rc < 0) {
		for (i = 0; i < ctx->count; i++)
			ctx->pagemaps[i]->active = false;
		ctx->count = 0;
		return rc;
	}
	if (ctx->count)	/* qsort() takes no NULL array, even an empty one */
		qsort(ctx->pagemaps, ctx->count, sizeof(*ctx->pagemaps), cmp_id);
	ctx->scanned = true;
	mr_dbg(ctx, "%zu pagemaps in %s", ctx->count, path);
	return 0;
}

static int ensure_scanned(struct memremap_ctx *ctx)
{
	return ctx->scanned ? 0 : memremap_scan(ctx);
}

/*
 * Read one pagemap (the monitor's add events): 0 and *out, 1 when it is
 * gone already, or -errno.
 */
int memremap_pagemap_read(struct memremap_ctx *ctx, unsigned int id,
			  struct memremap_pagemap **out)
{
	char path[4096], name[24];
	int class_fd, rc;

	snprintf(path, sizeof(path), "%s/class/%s", ctx->sysfs_root, MEMREMAP_CLASS_NAME);
	class_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (class_fd < 0)
		return errno == ENOENT ? 1 : memremap_fail(ctx, MEMREMAP_ERROR_SYSTEM, errno,
							   "cannot open %s: %s", path,
							   strerror(errno));
	snprintf(name, sizeof(name), "pagemap%u", id);
	rc = read_pagemap(ctx, class_fd, name, id, out);
	close(class_fd);
	return rc;
}

MEMREMAP_EXPORT int memremap_rescan(struct memremap_ctx *ctx)
{
	return memremap_scan(ctx);
}

/* Index of the first pagemap whose id is >= id. */
static size_t lower_bound(struct memremap_ctx *ctx, unsigned int id)
{
	size_t lo = 0, hi = ctx->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ctx->pagemaps[mid]->info.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int memremap_list_insert(struct memremap_ctx *ctx, struct memremap_pagemap *pm)
{
	size_t at;
	int rc;

	pm->active = true;
	if (!ctx->scanned)
		return 0;	/* the first scan will list it */
	rc = list_reserve(ctx, ctx->count + 1);
	if (rc < 0)
		return rc;
	at = lower_bound(ctx, pm->info.id);
	if (at < ctx->count && ctx->pagemaps[at]->info.id == pm->info.id) {
		ctx->pagemaps[at]->active = false;	/* a stale entry */
		ctx->pagemaps[at] = pm;
		return 0;
	}
	memmove(&ctx->pagemaps[at + 1], &ctx->pagemaps[at],
		(ctx->count - at) * sizeof(*ctx->pagemaps));
	ctx->pagemaps[at] = pm;
	ctx->count++;
	return 0;
}

void memremap_list_remove(struct memremap_ctx *ctx, struct memremap_pagemap *pm)
{
	size_t at = lower_bound(ctx, pm->info.id);

	pm->active = false;
	if (at < ctx->count && ctx->pagemaps[at] == pm) {
		memmove(&ctx->pagemaps[at], &ctx->pagemaps[at + 1],
			(ctx->count - at - 1) * sizeof(*ctx->pagemaps));
		ctx->count--;
	}
}

/* The listed pagemap of that id, or NULL (no scan is started). */
struct memremap_pagemap *memremap_list_find(struct memremap_ctx *ctx, unsigned int id)
{
	size_t at = lower_bound(ctx, id);

	return at < ctx->count && ctx->pagemaps[at]->info.id == id ? ctx->pagemaps[at] : NULL;
}

void memremap_pagemaps_free(struct memremap_ctx *ctx)
{
	while (ctx->owned) {
		struct memremap_pagemap *pm = ctx->owned;

		ctx->owned = pm->next_owned;
		free(pm);
	}
	free(ctx->pagemaps);
	ctx->pagemaps = NULL;
	ctx->count = ctx->capacity = 0;
}

void memremap_pagemap_from_info(struct memremap_pagemap *pm,
				const struct memremap_pagemap_info *info)
{
	pm->info = *info;
	pm->info.name[sizeof(pm->info.name) - 1] = '\0';
	pm->info.parent_name[sizeof(pm->info.parent_name) - 1] = '\0';
	pm->info.pci_device[sizeof(pm->info.pci_device) - 1] = '\0';
	pm->info.origin_namespace[sizeof(pm->info.origin_namespace) - 1] = '\0';
	pm->info.origin_dax_region[sizeof(pm->info.origin_dax_region) - 1] = '\0';
	snprintf(pm->devname, sizeof(pm->devname), "pagemap%u", info->id);
}

/* ---- iteration ---------------------------------------------------------- */

struct memremap_iter {
	struct memremap_ctx *ctx;
	bool started;
	unsigned int last_id;	/* resume after this id: creates and destroys are safe */
};

MEMREMAP_EXPORT struct memremap_iter *memremap_iter_new(struct memremap_ctx *ctx)
{
	struct memremap_iter *itr = calloc(1, sizeof(*itr));

	if (itr)
		itr->ctx = ctx;
	return itr;
}

MEMREMAP_EXPORT void memremap_iter_free(struct memremap_iter *itr)
{
	free(itr);
}

MEMREMAP_EXPORT void memremap_iter_reset(struct memremap_iter *itr)
{
	itr->started = false;
	itr->last_id = 0;
}

MEMREMAP_EXPORT int memremap_iter_next(struct memremap_iter *itr,
				       struct memremap_pagemap **pagemap)
{
	struct memremap_ctx *ctx = itr->ctx;
	size_t at;
	int rc = ensure_scanned(ctx);

	*pagemap = NULL;
	if (rc < 0)
		return rc;
	if (!itr->started)
		at = 0;
	else if (itr->last_id == UINT32_MAX)
		return 1;
	else
		at = lower_bound(ctx, itr->last_id + 1);
	if (at >= ctx->count)
		return 1;
	*pagemap = ctx->pagemaps[at];
	itr->started = true;
	itr->last_id = (*pagemap)->info.id;
	return 0;
}

/* ---- lookups ------------------------------------------------------------ */

MEMREMAP_EXPORT int memremap_pagemap_get_by_id(struct memremap_ctx *ctx, unsigned int id,
					       struct memremap_pagemap **pagemap)
{
	size_t at;
	int rc = ensure_scanned(ctx);

	*pagemap = NULL;
	if (rc < 0)
		return rc;
	at = lower_bound(ctx, id);
	if (at >= ctx->count || ctx->pagemaps[at]->info.id != id)
		return memremap_fail(ctx, MEMREMAP_ERROR_NOT_FOUND, ENOENT,
				     "pagemap%u does not exist", id);
	*pagemap = ctx->pagemaps[at];
	return 0;
}

MEMREMAP_EXPORT int memremap_pagemap_get_by_name(struct memremap_ctx *ctx, const char *name,
						 struct memremap_pagemap **pagemap)
{
	size_t i;
	int rc = ensure_scanned(ctx);

	*pagemap = NULL;
	if (rc < 0)
		return rc;
	for (i = 0; name && *name && i < ctx->count; i++) {
		if (strcmp(ctx->pagemaps[i]->info.name, name) == 0) {
			*pagemap = ctx->pagemaps[i];
			return 0;
		}
	}
	return memremap_fail(ctx, MEMREMAP_ERROR_NOT_FOUND, ENOENT,
			     "no pagemap is named \"%s\"", name ? name : "");
}

MEMREMAP_EXPORT int memremap_pagemap_find(struct memremap_ctx *ctx, const char *spec,
					  struct memremap_pagemap **pagemap)
{
	const char *why;
	long long id;
	uint64_t v;

	*pagemap = NULL;
	if (!spec)
		spec = "";
	id = devname_id(spec);
	if (id >= 0)
		return memremap_pagemap_get_by_id(ctx, (unsigned int)id, pagemap);
	if (*spec && strspn(spec, "0123456789") == strlen(spec)) {
		if (parse_u64(spec, 10, &v) < 0 || v > UINT32_MAX)
			return memremap_fail(ctx, MEMREMAP_ERROR_INVALID, EINVAL,
					     "'%s' is too large for a pagemap id", spec);
		return memremap_pagemap_get_by_id(ctx, (unsigned int)v, pagemap);
	}
	if (memremap_name_check(spec, &why) < 0)
		return memremap_fail(ctx, MEMREMAP_ERROR_INVALID, EINVAL,
				     "'%s' is neither pagemapN, an id nor a valid name: %s",
				     spec, why);
	return memremap_pagemap_get_by_name(ctx, spec, pagemap);
}

/* ---- getters ------------------------------------------------------------ */

#define GETTER(rtype, what, expr)						\
MEMREMAP_EXPORT rtype memremap_pagemap_##what(struct memremap_pagemap *pm)	\
{										\
	return expr;								\
}

GETTER(struct memremap_ctx *, get_ctx, pm->ctx)
GETTER(unsigned int, get_id, pm->info.id)
GETTER(const char *, get_devname, pm->devname)
GETTER(const char *, get_name, pm->info.name[0] ? pm->info.name : NULL)
GETTER(enum memremap_type, get_type, (enum memremap_type)pm->info.type)
GETTER(uint64_t, get_start, pm->info.start)
GETTER(uint64_t, get_size, pm->info.size)
GETTER(int, get_numa_node, pm->info.numa_node)
GETTER(uint64_t, get_align, pm->info.align)
GETTER(bool, has_altmap, pm->info.flags & MEMREMAP_INFO_ALTMAP)
GETTER(uint64_t, get_altmap_reserve, pm->info.altmap_reserve)
GETTER(uint64_t, get_altmap_free, pm->info.altmap_free)
GETTER(uint64_t, get_altmap_alloc, pm->info.altmap_alloc)
GETTER(uint64_t, get_memmap_bytes, pm->info.memmap_bytes)
GETTER(enum memremap_memmap_location, get_memmap_location,
       (enum memremap_memmap_location)pm->info.memmap_location)
GETTER(enum memremap_memtype, get_memtype, (enum memremap_memtype)pm->info.memtype)
GETTER(uint64_t, get_data_offset, pm->info.data_offset)
GETTER(const char *, get_parent, pm->info.parent_name[0] ? pm->info.parent_name : NULL)
GETTER(uint64_t, get_parent_start, pm->info.parent_start)
GETTER(uint64_t, get_parent_size, pm->info.parent_size)
GETTER(const char *, get_pci_device, pm->info.pci_device[0] ? pm->info.pci_device : NULL)
GETTER(int, get_pci_bar, pm->info.pci_device[0] ? pm->info.pci_bar : -1)
GETTER(uint64_t, get_pci_offset, pm->info.pci_offset)
GETTER(const char *, get_namespace,
       pm->info.origin_namespace[0] ? pm->info.origin_namespace : NULL)
GETTER(const char *, get_dax_region,
       pm->info.origin_dax_region[0] ? pm->info.origin_dax_region : NULL)
GETTER(bool, is_active, pm->active)
GETTER(bool, addresses_hidden, pm->addresses_hidden)
GETTER(const char *, get_chardev,
       pm->info.flags & MEMREMAP_INFO_CHARDEV ? pm->devname : NULL)
GETTER(unsigned int, get_users, pm->info.users)
GETTER(bool, has_counters, pm->info.flags & MEMREMAP_INFO_COUNTERS)
GETTER(uint64_t, get_pages_in_use, pm->info.pages_in_use)
GETTER(uint64_t, get_migrated_in, pm->info.migrated_in)
GETTER(uint64_t, get_migrated_out, pm->info.migrated_out)
GETTER(uint64_t, get_migrate_failures, pm->info.migrate_failures)
