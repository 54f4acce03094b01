// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NVDIMM namespaces (libndctl) and dax regions and devices (libdaxctl): one
 * snapshot per context, taken the first time a range has to be matched
 * against them, so that owners can be named the way ndctl and daxctl users
 * know them: "namespace0.0 (fsdax, /dev/pmem0)", "dax0.1 (devdax, ...)".
 *
 * What these libraries say that /proc/iomem cannot: where a disabled
 * namespace lies, which mode an enabled one is in and its device, and which
 * ranges dax devices hold even when they claim nothing in /proc/iomem
 * (disabled devices, the parts of a system-ram device outside whole memory
 * blocks).
 *
 * Not used when the sysfs root is not /sys: both libraries read the live
 * /sys, which would not match a saved tree. Never waits on the udev queue
 * (see ndctl_new_no_queue_wait()).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <daxctl/libdaxctl.h>
#include <ndctl/libndctl.h>

#include "private.h"

static void log_ndctl(struct ndctl_ctx *nctx, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	struct memremap_ctx *ctx = ndctl_get_userdata(nctx);

	if (ctx && ctx->log_fn && ctx->log_priority >= priority)
		ctx->log_fn(ctx, priority, file, line, fn, format, args);
}

static void log_daxctl(struct daxctl_ctx *dctx, int priority, const char *file, int line,
		       const char *fn, const char *format, va_list args)
{
	struct memremap_ctx *ctx = daxctl_get_userdata(dctx);

	if (ctx && ctx->log_fn && ctx->log_priority >= priority)
		ctx->log_fn(ctx, priority, file, line, fn, format, args);
}

static const char *mode_name(struct ndctl_namespace *ns)
{
	switch (ndctl_namespace_get_mode(ns)) {
	case NDCTL_NS_MODE_FSDAX:
		return "fsdax";
	case NDCTL_NS_MODE_SECTOR:
		return "sector";
	case NDCTL_NS_MODE_RAW:
		return "raw";
	case NDCTL_NS_MODE_DEVDAX:
		return "devdax";
	default:
		return "unknown";
	}
}

/* The first dax character device of a devdax namespace: "dax0.1". */
static const char *devdax_chardev(struct ndctl_namespace *ns)
{
	struct ndctl_dax *dax = ndctl_namespace_get_dax(ns);
	struct daxctl_region *region = dax ? ndctl_dax_get_daxctl_region(dax) : NULL;
	struct daxctl_dev *dev;

	if (!region)
		return NULL;
	daxctl_dev_foreach(region, dev)
		if (daxctl_dev_get_size(dev))
			return daxctl_dev_get_devname(dev);
	return NULL;
}

/* /dev/pmem0, /dev/pmem0.3s, /dev/dax0.1: the device an active namespace has. */
static void namespace_device(struct ndctl_namespace *ns, char *buf, size_t len)
{
	struct ndctl_pfn *pfn = ndctl_namespace_get_pfn(ns);
	struct ndctl_btt *btt = ndctl_namespace_get_btt(ns);
	const char *dev = ndctl_namespace_get_block_device(ns);

	if (!dev || !*dev)
		dev = pfn ? ndctl_pfn_get_block_device(pfn) : NULL;
	if (!dev || !*dev)
		dev = btt ? ndctl_btt_get_block_device(btt) : NULL;
	if (!dev || !*dev)
		dev = devdax_chardev(ns);
	snprintf(buf, len, "%s%s", dev && *dev ? "/dev/" : "", dev && *dev ? dev : "");
}

/* "9c3b...-..." or "" for the null uuid */
static void format_uuid(const unsigned char *u, char *buf, size_t len)
{
	static const unsigned char null[16];

	if (!memcmp(u, null, sizeof(null))) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
		 u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

static int add_namespace(struct memremap_nvdimm *nv, struct ndctl_region *region,
			 struct ndctl_namespace *ns)
{
	unsigned long long start = ndctl_namespace_get_resource(ns);
	unsigned long long size = ndctl_namespace_get_size(ns);
	struct memremap_ns_info *n, *arr;

	if (start == ULLONG_MAX || size == 0 || size == ULLONG_MAX)
		return 0;	/* the seed, or no range */
	arr = realloc(nv->ns, (nv->nns + 1) * sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	nv->ns = arr;
	n = &nv->ns[nv->nns++];
	memset(n, 0, sizeof(*n));
	snprintf(n->devname, sizeof(n->devname), "%s", ndctl_namespace_get_devname(ns));
	snprintf(n->region, sizeof(n->region), "%s", ndctl_region_get_devname(region));
	n->start = start;
	n->size = size;
	n->active = ndctl_namespace_is_active(ns);
	n->ns = ns;
	{
		struct ndctl_pfn *pfn = ndctl_namespace_get_pfn(ns);
		struct ndctl_dax *dax = ndctl_namespace_get_dax(ns);
		struct ndctl_btt *btt = ndctl_namespace_get_btt(ns);
		uuid_t uu;

		ndctl_namespace_get_uuid(ns, uu);
		format_uuid(uu, n->uuid, sizeof(n->uuid));
		memset(uu, 0, sizeof(uu));
		if (pfn)
			ndctl_pfn_get_uuid(pfn, uu);
		else if (dax)
			ndctl_dax_get_uuid(dax, uu);
		else if (btt)
			ndctl_btt_get_uuid(btt, uu);
		format_uuid(uu, n->personality_uuid, sizeof(n->personality_uuid));
	}
	if (n->active) {
		snprintf(n->mode, sizeof(n->mode), "%s", mode_name(ns));
		namespace_device(ns, n->device, sizeof(n->device));
	}
	return 0;
}

/* The ndctl namespace whose dax personality is the region at path ".../dax0.0". */
static void dax_region_namespace(struct memremap_nvdimm *nv, const char *path, char *buf,
				 size_t len)
{
	const char *base = strrchr(path, '/');
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	struct ndctl_dax *dax;

	buf[0] = '\0';
	if (!base || !nv->nctx || !strstr(path, "/ndbus"))
		return;
	base++;
	ndctl_bus_foreach(nv->nctx, bus)
		ndctl_region_foreach(bus, region)
			ndctl_dax_foreach(region, dax) {
				struct ndctl_namespace *ns = ndctl_dax_get_namespace(dax);

				if (ns && !strcmp(ndctl_dax_get_devname(dax), base)) {
					snprintf(buf, len, "%s", ndctl_namespace_get_devname(ns));
					return;
				}
			}
}

static int add_dax_region(struct memremap_nvdimm *nv, struct daxctl_region *region)
{
	struct memremap_dax_region_info *r, *rarr;
	struct daxctl_dev *dev;
	const char *path = daxctl_region_get_path(region);

	rarr = realloc(nv->regions, (nv->nregions + 1) * sizeof(*rarr));
	if (!rarr)
		return -ENOMEM;
	nv->regions = rarr;
	r = &nv->regions[nv->nregions++];
	memset(r, 0, sizeof(*r));
	r->id = daxctl_region_get_id(region);
	snprintf(r->devname, sizeof(r->devname), "%s", daxctl_region_get_devname(region));
	r->nvdimm = path && strstr(path, "/ndbus");
	r->size = daxctl_region_get_size(region);
	r->available = daxctl_region_get_available_size(region);
	r->start = ULLONG_MAX;
	dax_region_namespace(nv, path ? path : "", r->namespace, sizeof(r->namespace));

	daxctl_dev_foreach(region, dev) {
		struct memremap_dax_info *d, *darr;
		struct daxctl_mapping *m;
		unsigned long long res = daxctl_dev_get_resource(dev);

		/* a size-0 device sits at the region's start */
		if (res != ULLONG_MAX && res < r->start)
			r->start = res;
		if (!daxctl_dev_get_size(dev))
			continue;
		darr = realloc(nv->dax, (nv->ndax + 1) * sizeof(*darr));
		if (!darr)
			return -ENOMEM;
		nv->dax = darr;
		d = &nv->dax[nv->ndax++];
		memset(d, 0, sizeof(*d));
		snprintf(d->devname, sizeof(d->devname), "%s", daxctl_dev_get_devname(dev));
		d->region = (int)(r - nv->regions);
		d->enabled = daxctl_dev_is_enabled(dev);
		d->system_ram = daxctl_dev_get_memory(dev) != NULL;
		daxctl_mapping_foreach(dev, m) {
			struct memremap_range *marr;

			marr = realloc(d->maps, (d->nmaps + 1) * sizeof(*marr));
			if (!marr)
				return -ENOMEM;
			d->maps = marr;
			d->maps[d->nmaps].start = daxctl_mapping_get_start(m);
			d->maps[d->nmaps].size = daxctl_mapping_get_end(m) -
						 daxctl_mapping_get_start(m) + 1;
			d->nmaps++;
		}
		/* a device without mappings (older kernels): its one range */
		if (!d->nmaps && res != ULLONG_MAX) {
			d->maps = calloc(1, sizeof(*d->maps));
			if (!d->maps)
				return -ENOMEM;
			d->maps[0].start = res;
			d->maps[0].size = daxctl_dev_get_size(dev);
			d->nmaps = 1;
		}
	}
	return 0;
}

void memremap_nvdimm_free(struct memremap_nvdimm *nv)
{
	size_t i;

	if (!nv)
		return;
	for (i = 0; i < nv->ndax; i++)
		free(nv->dax[i].maps);
	free(nv->dax);
	free(nv->ns);
	free(nv->regions);
	if (nv->dctx)
		daxctl_unref(nv->dctx);
	if (nv->nctx)
		ndctl_unref(nv->nctx);
	free(nv);
}

/*
 * libndctl waits, before it reads a bus's devices, for the udev queue to
 * drain (up to NDCTL_TIMEOUT ms, 5 s by default, per bus and kind of
 * device). Inside a udev rule's program the queue never drains: its own
 * event is in it, so each wait runs to the end. The kernel's side of it
 * (the bus's wait_probe attribute, which flushes async probing) is all a
 * read of sysfs needs, so the library asks for a 1 ms wait, through the
 * only knob libndctl 76 has, unless the caller set NDCTL_TIMEOUT itself.
 */
static int ndctl_new_no_queue_wait(struct memremap_ctx *ctx, struct ndctl_ctx **nctx)
{
	int rc;

	if (getenv("NDCTL_TIMEOUT"))
		return ndctl_new(nctx);
	setenv("NDCTL_TIMEOUT", "1", 1);
	rc = ndctl_new(nctx);
	unsetenv("NDCTL_TIMEOUT");
	mr_dbg(ctx, "libndctl: udev queue waits of 1 ms");
	return rc;
}

/*
 * The snapshot, taken on first use. NULL only when memory ran out; a
 * machine without NVDIMMs or dax devices gets an empty one.
 */
struct memremap_nvdimm *memremap_nvdimm_get(struct memremap_ctx *ctx)
{
	struct memremap_nvdimm *nv = ctx->nvdimm;
	struct ndctl_namespace *ns;
	struct ndctl_region *region;
	struct daxctl_region *dregion;
	struct ndctl_bus *bus;

	if (nv)
		return nv;
	nv = calloc(1, sizeof(*nv));
	if (!nv)
		return NULL;
	ctx->nvdimm = nv;
	if (strcmp(ctx->sysfs_root, DEFAULT_SYSFS_ROOT) != 0)
		return nv;	/* a saved tree: the libraries would read this machine */

	if (ndctl_new_no_queue_wait(ctx, &nv->nctx) == 0) {
		ndctl_set_userdata(nv->nctx, ctx);
		ndctl_set_log_fn(nv->nctx, log_ndctl);
		ndctl_set_log_priority(nv->nctx, ctx->log_priority);
		ndctl_bus_foreach(nv->nctx, bus)
			ndctl_region_foreach(bus, region)
				ndctl_namespace_foreach(region, ns)
					if (add_namespace(nv, region, ns) < 0)
						goto oom;
	} else {
		nv->nctx = NULL;
		mr_dbg(ctx, "libndctl could not start: no NVDIMM namespaces");
	}
	if (daxctl_new(&nv->dctx) == 0) {
		daxctl_set_userdata(nv->dctx, ctx);
		daxctl_set_log_fn(nv->dctx, log_daxctl);
		daxctl_set_log_priority(nv->dctx, ctx->log_priority);
		daxctl_region_foreach(nv->dctx, dregion)
			if (add_dax_region(nv, dregion) < 0)
				goto oom;
	} else {
		nv->dctx = NULL;
		mr_dbg(ctx, "libdaxctl could not start: no dax regions");
	}
	mr_dbg(ctx, "%zu namespaces, %zu dax regions, %zu dax devices", nv->nns, nv->nregions,
	       nv->ndax);
	return nv;
oom:
	memremap_nvdimm_free(nv);
	ctx->nvdimm = NULL;
	return NULL;
}

/* Forget the snapshot: the next use takes a new one (after a disable, a rescan). */
void memremap_nvdimm_drop(struct memremap_ctx *ctx)
{
	memremap_nvdimm_free(ctx->nvdimm);
	ctx->nvdimm = NULL;
}

const struct memremap_ns_info *memremap_nvdimm_namespace(struct memremap_nvdimm *nv,
							  const char *devname)
{
	size_t i;

	for (i = 0; nv && i < nv->nns; i++)
		if (!strcmp(nv->ns[i].devname, devname) ||
		    (nv->ns[i].uuid[0] && !strcasecmp(nv->ns[i].uuid, devname)) ||
		    (nv->ns[i].personality_uuid[0] &&
		     !strcasecmp(nv->ns[i].personality_uuid, devname)))
			return &nv->ns[i];
	return NULL;
}

const struct memremap_dax_info *memremap_nvdimm_dax(struct memremap_nvdimm *nv,
						     const char *devname)
{
	size_t i;

	for (i = 0; nv && i < nv->ndax; i++)
		if (!strcmp(nv->dax[i].devname, devname))
			return &nv->dax[i];
	return NULL;
}

/*
 * A namespace's state in user terms: "fsdax, /dev/pmem0", "devdax,
 * /dev/dax0.1", "raw, /dev/pmem0.2", or "disabled".
 */
void memremap_describe_namespace(const struct memremap_ns_info *n, char *buf, size_t len)
{
	if (!n->active)
		snprintf(buf, len, "%s (disabled)", n->devname);
	else if (n->device[0])
		snprintf(buf, len, "%s (%s, %s)", n->devname, n->mode, n->device);
	else
		snprintf(buf, len, "%s (%s)", n->devname, n->mode);
}

/* "dax0.1 (devdax, namespace0.1)", "dax0.0 (system-ram, region0)" */
void memremap_describe_dax(struct memremap_nvdimm *nv, const struct memremap_dax_info *d,
			   char *buf, size_t len)
{
	const struct memremap_dax_region_info *r = &nv->regions[d->region];
	const char *state = !d->enabled ? "disabled" : d->system_ram ? "system-ram" : "devdax";

	if (r->namespace[0])
		snprintf(buf, len, "%s (%s, %s)", d->devname, state, r->namespace);
	else
		snprintf(buf, len, "%s (%s, region%d)", d->devname, state, r->id);
}
