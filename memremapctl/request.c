// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One pagemap request (request.h): compared with what exists, its range
 * found by resource name, created. Shared by create and apply.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "memremapctl.h"
#include "request.h"

/*
 * How the user wrote a parameter: "--numa-node 1" on the command line,
 * "numa_node = 1" in memremap.conf. key is the option's long name.
 */
static const char *spell(const struct request *rq, const char *key, char *buf, size_t len)
{
	size_t i;

	if (!rq->config) {
		snprintf(buf, len, "--%s", key);
		return buf;
	}
	snprintf(buf, len, "%s =", key);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '-')
			buf[i] = '_';
	return buf;
}
/* what an altmap on a namespace leaves alone at its start by default */
#define NAMESPACE_INFO_BLOCK 8192

#define SPELL(key) spell(rq, key, (char[32]){ 0 }, 32)

/* "512M" when exact, else the bytes: how a size appears in a difference */
static void format_size_exact(char *buf, size_t len, uint64_t v)
{
	format_human(buf, len, v);
	if (strchr(buf, '.'))
		snprintf(buf, len, "%" PRIu64, v);
}

/* "0000:00:10.0", the way the kernel names the device spelled s */
static void canonical_pci(char *buf, size_t len, const char *s)
{
	unsigned int domain = 0, bus, slot, func;

	if (sscanf(s, "%x:%x:%x.%x", &domain, &bus, &slot, &func) != 4) {
		domain = 0;
		if (sscanf(s, "%x:%x.%x", &bus, &slot, &func) != 3) {
			snprintf(buf, len, "%s", s);
			return;
		}
	}
	snprintf(buf, len, "%04x:%02x:%02x.%x", domain, bus, slot, func);
}

struct diffs {
	char text[1024];
	size_t len;
	int count;
};

static void add_diff(struct diffs *d, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static void add_diff(struct diffs *d, const char *format, ...)
{
	va_list args;
	int n;

	if (d->count++ && d->len < sizeof(d->text))
		d->len += (size_t)snprintf(d->text + d->len, sizeof(d->text) - d->len, "; ");
	if (d->len >= sizeof(d->text))
		return;
	va_start(args, format);
	n = vsnprintf(d->text + d->len, sizeof(d->text) - d->len, format, args);
	va_end(args);
	if (n > 0)
		d->len += (size_t)n;
}

/* The same PCI device (however it was spelled), BAR and offset? */
static void pci_differences(struct diffs *d, const struct request *rq,
			    struct memremap_pagemap *pm, const char *ref)
{
	const char *dev = memremap_pagemap_get_pci_device(pm);
	char want[32];
	char have[32];

	canonical_pci(want, sizeof(want), rq->pci);
	if (!dev) {
		add_diff(d, "%s %s differs from %s, which is on no PCI device", SPELL("pci"), rq->pci,
			 ref);
		return;
	}
	if (strcmp(want, dev) != 0)
		add_diff(d, "%s %s differs from %s device %s", SPELL("pci"), rq->pci, ref, dev);
	if (memremap_pagemap_get_pci_bar(pm) != rq->bar)
		add_diff(d, "%s %s differs from %s BAR %d", SPELL("bar"), rq->bar_arg, ref,
			 memremap_pagemap_get_pci_bar(pm));
	if (memremap_pagemap_get_pci_offset(pm) != rq->offset) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_pci_offset(pm));
		add_diff(d, "%s %s differs from %s offset %s", SPELL("offset"),
			 rq->offset_arg ? rq->offset_arg : "0 (the default)", ref, have);
	}
}

/* "region3" for --dax-region 3 or region3 */
static void canonical_region(char *buf, size_t len, const char *spec)
{
	snprintf(buf, len, "%s%s", strncmp(spec, "region", 6) ? "region" : "", spec);
}

/* Does spec (a name or a uuid) name the namespace called name? */
static bool same_namespace(struct memremap_pagemap *pm, const char *spec, const char *name)
{
	struct memremap_resource *res;

	if (memremap_resource_find_namespace(memremap_pagemap_get_ctx(pm), spec, &res) < 0)
		return false;
	return strcmp(memremap_resource_get_name(res), name) == 0;
}

/* The resource the request names and the one pm was made on: the same? */
static void source_differences(struct diffs *d, const struct request *rq,
			       struct memremap_pagemap *pm, const char *ref)
{
	const char *have;
	char want[64];

	if (rq->ns) {
		have = memremap_pagemap_get_namespace(pm);
		if (!have || (strcmp(have, rq->ns) && !same_namespace(pm, rq->ns, have)))
			add_diff(d, "%s %s differs from %s, which lies in %s", SPELL("namespace"),
				 rq->ns, ref, have ? have : "no namespace");
	} else if (rq->dax_region) {
		canonical_region(want, sizeof(want), rq->dax_region);
		have = memremap_pagemap_get_dax_region(pm);
		if (!have || strcmp(have, want))
			add_diff(d, "%s %s differs from %s, which lies in %s", SPELL("dax-region"),
				 rq->dax_region, ref, have ? have : "no dax region");
	} else if (rq->resource) {
		have = memremap_pagemap_get_parent(pm);
		if (!have || strcmp(have, rq->resource))
			add_diff(d, "%s \"%s\" differs from %s, which lies in %s%s%s",
				 SPELL("resource"), rq->resource, ref, have ? "\"" : "",
				 have ? have : "no resource", have ? "\"" : "");
	}
}

/* Did asking for reserve want give reserve have (the kernel pads to 2 MiB)? */
static bool reserve_matches(uint64_t have, uint64_t want)
{
	return have == want || have == ((want + (2 << 20) - 1) & ~(uint64_t)((2 << 20) - 1));
}

/*
 * The reserve rq asked for matches have. An altmap at the start of a
 * namespace keeps its first 8 KiB (its info block) when no reserve was
 * given (see resolve_source()), which a comparison cannot know without
 * resolving the namespace's free extent again: it accepts that one too.
 */
static bool reserve_as_asked(const struct request *rq, uint64_t have)
{
	return reserve_matches(have, rq->reserve) ||
	       (rq->ns && !rq->reserve_arg && reserve_matches(have, NAMESPACE_INFO_BLOCK));
}

/* Each way the request differs from pm, in the user's terms. */
static void differences(struct diffs *d, const struct request *rq, struct memremap_pagemap *pm)
{
	char ref[64], have[32];
	uint64_t align = rq->align ? rq->align : 4096;
	uint64_t reserve = memremap_pagemap_get_altmap_reserve(pm);
	int type = rq->type ? rq->type : MEMREMAP_TYPE_GENERIC;

	format_pagemap_ref(ref, sizeof(ref), pm);
	if (rq->pci)
		pci_differences(d, rq, pm, ref);
	source_differences(d, rq, pm, ref);
	if (rq->start_arg && memremap_pagemap_get_start(pm) != rq->start)
		add_diff(d, "%s %s differs from %s start 0x%" PRIx64, SPELL("start"), rq->start_arg,
			 ref, memremap_pagemap_get_start(pm));
	if (rq->size_arg && memremap_pagemap_get_size(pm) != rq->size) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_size(pm));
		add_diff(d, "%s %s differs from %s size %s", SPELL("size"), rq->size_arg, ref, have);
	}
	if ((int)memremap_pagemap_get_type(pm) != type)
		add_diff(d, "%s %s differs from %s type %s", SPELL("type"),
			 rq->type_arg ? rq->type_arg : "generic (the default)", ref,
			 memremap_type_to_str(memremap_pagemap_get_type(pm)));
	if (memremap_pagemap_has_altmap(pm) != rq->altmap) {
		if (rq->config)
			add_diff(d, "altmap = %s differs from %s, which has %s",
				 rq->altmap ? "yes" : "no", ref, rq->altmap ? "no altmap" : "an altmap");
		else
			add_diff(d, "%s differs from %s, which has %s",
				 rq->altmap ? "--altmap" : "no --altmap", ref,
				 rq->altmap ? "no altmap" : "an altmap");
	} else if (rq->altmap && !reserve_as_asked(rq, reserve)) {
		format_size_exact(have, sizeof(have), reserve);
		add_diff(d, "%s %s differs from %s reserve %s", SPELL("reserve"),
			 rq->reserve_arg ? rq->reserve_arg : "0 (the default)", ref, have);
	}
	if (memremap_pagemap_get_align(pm) != align) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_align(pm));
		add_diff(d, "%s %s differs from %s align %s", SPELL("align"),
			 rq->align_arg ? rq->align_arg : "4K (the default)", ref, have);
	}
	if (rq->node >= 0 && memremap_pagemap_get_numa_node(pm) != rq->node)
		add_diff(d, "%s %s differs from %s numa node %d", SPELL("numa-node"), rq->node_arg,
			 ref, memremap_pagemap_get_numa_node(pm));
}

int request_differences(const struct request *rq, struct memremap_pagemap *pm, char *buf,
			size_t len)
{
	struct diffs d = { .len = 0 };

	differences(&d, rq, pm);
	snprintf(buf, len, "%s", d.text);
	return d.count;
}

static int build_params(const struct request *rq, struct memremap_params **params)
{
	struct memremap_params *p;

	if (memremap_params_new(&p) < 0)
		return -ENOMEM;
	memremap_params_set_start(p, rq->start);
	memremap_params_set_size(p, rq->size);
	if (rq->type)
		memremap_params_set_type(p, rq->type);
	memremap_params_set_altmap(p, rq->altmap);
	memremap_params_set_reserve(p, rq->reserve);
	memremap_params_set_align(p, rq->align);
	memremap_params_set_numa_node(p, rq->node);
	if (rq->name)
		memremap_params_set_name(p, rq->name);
	if (rq->pci && memremap_params_set_pci(p, rq->pci, rq->bar, rq->offset) < 0) {
		memremap_params_free(p);
		return -EINVAL;
	}
	*params = p;
	return 0;
}

void request_describe(char *buf, size_t len, const struct request *rq)
{
	if (rq->name)
		snprintf(buf, len, "pagemap \"%s\"", rq->name);
	else if (rq->ns)
		snprintf(buf, len, "pagemap on %s", rq->ns);
	else if (rq->dax_region)
		snprintf(buf, len, "pagemap on dax region %s", rq->dax_region);
	else if (rq->resource)
		snprintf(buf, len, "pagemap on \"%s\"", rq->resource);
	else if (rq->pci)
		snprintf(buf, len, "pagemap on %s BAR %d", rq->pci, rq->bar);
	else if (rq->start_arg)
		snprintf(buf, len, "pagemap at 0x%" PRIx64, rq->start);
	else
		snprintf(buf, len, "pagemap");
}

static int fail(struct request_result *res, int status, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* Record why the request cannot go on; returns status. */
static int fail(struct request_result *res, int status, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(res->why, sizeof(res->why), format, args);
	va_end(args);
	res->status = status;
	return status;
}

/* The library's explanation of its last failure. */
static int lib_fail(struct request_result *res, struct memremap_ctx *ctx)
{
	return fail(res, exit_status_for(memremap_get_last_error_kind(ctx)), "%s",
		    memremap_get_last_error(ctx));
}

/* "0x80000000-0x9fffffff (512 MiB, 256 MiB free)" for a list of choices */
static void format_choice(char *buf, size_t len, struct memremap_resource *res)
{
	char size[16], free[16];
	uint64_t s = memremap_resource_get_start(res);

	format_human(size, sizeof(size), memremap_resource_get_size(res));
	format_human(free, sizeof(free), memremap_resource_get_free(res));
	snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64 " (%s, %s free)", s,
		 s + memremap_resource_get_size(res) - 1, size, free);
}

/*
 * The /proc/iomem resource --resource names; --start picks one when several
 * have that name. -1 and *out, or an exit status.
 */
static int pick_iomem(struct memremap_ctx *ctx, const struct request *rq,
		      struct request_result *r, struct memremap_resource **out)
{
	struct memremap_resource_iter *itr = memremap_resource_iter_new(ctx);
	struct memremap_resource *res, *pick = NULL;
	char choices[1024] = "", one[128];
	int rc, n = 0;

	if (!itr)
		return fail(r, EXIT_SYSTEM, "out of memory");
	while ((rc = memremap_resource_iter_next(itr, &res)) == 0) {
		uint64_t s = memremap_resource_get_start(res);

		if (memremap_resource_get_kind(res) != MEMREMAP_RESOURCE_IOMEM ||
		    strcmp(memremap_resource_get_name(res), rq->resource))
			continue;
		format_choice(one, sizeof(one), res);
		snprintf(choices + strlen(choices), sizeof(choices) - strlen(choices), "%s%s",
			 n++ ? ", " : "", one);
		if (!rq->start_arg ||
		    (rq->start >= s && rq->start - s < memremap_resource_get_size(res)))
			pick = pick ? pick : res;
	}
	memremap_resource_iter_free(itr);
	if (rc < 0)
		return lib_fail(r, ctx);
	if (n == 0) {
		r->waiting = true;
		return fail(r, EXIT_NOT_FOUND, "no resource is named \"%s\" (memremapctl list -R "
			    "shows them)", rq->resource);
	}
	if (!pick)
		return fail(r, EXIT_USAGE, "%s %s lies in no resource named \"%s\": %s",
			    SPELL("start"), rq->start_arg, rq->resource, choices);
	if (n > 1 && !rq->start_arg)
		return fail(r, EXIT_USAGE, "%d resources are named \"%s\": %s; pick one with %s",
			    n, rq->resource, choices, rq->config ? "start" : "--start");
	*out = pick;
	return -1;
}

/* The namespace --namespace names, disabled first with --force. */
static int pick_namespace(struct memremap_ctx *ctx, const struct request *rq,
			  struct request_result *r, struct memremap_resource **out)
{
	struct memremap_resource *res;
	char desc[192];

	if (memremap_resource_find_namespace(ctx, rq->ns, &res) < 0) {
		r->waiting = memremap_get_last_error_kind(ctx) == MEMREMAP_ERROR_NOT_FOUND;
		return lib_fail(r, ctx);
	}
	if (memremap_resource_is_enabled(res)) {
		snprintf(desc, sizeof(desc), "%s", memremap_resource_get_description(res));
		if (!rq->force) {
			r->waiting = true;
			return fail(r, EXIT_REFUSED, "%s is enabled: disable it first (ndctl "
				    "disable-namespace %s)%s", desc, rq->ns,
				    rq->config ? "" : " or add --force");
		}
		if (memremap_resource_disable(res) < 0)
			return lib_fail(r, ctx);
		snprintf(r->note, sizeof(r->note), "disabled %s", desc);
		r->disabled = true;
		if (memremap_resource_find_namespace(ctx, rq->ns, &res) < 0)
			return lib_fail(r, ctx);
	}
	*out = res;
	return -1;
}

/* "pagemap0 \"scratch\", dax0.1 (devdax, region0)" */
static void format_owners(char *buf, size_t len, struct memremap_resource *res)
{
	unsigned int i, n = memremap_resource_get_owner_count(res);

	snprintf(buf, len, "%s", n ? "" : "nothing");
	for (i = 0; i < n && strlen(buf) + 8 < len; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "",
			 memremap_owner_get_description(memremap_resource_get_owner(res, i)));
}

/*
 * --resource, --namespace or --dax-region: the free extent to use, into
 * rq->start and rq->size. -1 when found, else an exit status.
 */
static int resolve_source(struct memremap_ctx *ctx, struct request *rq, struct request_result *r)
{
	uint64_t align = 2 << 20, section = 128 << 20, start, len;
	struct memremap_resource *res = NULL;
	char owners[512], amount[16];
	int rc;

	if (rq->resource) {
		rc = pick_iomem(ctx, rq, r, &res);
	} else if (rq->ns) {
		rc = pick_namespace(ctx, rq, r, &res);
	} else {
		rc = -1;
		if (memremap_resource_find_dax_region(ctx, rq->dax_region, &res) < 0) {
			r->waiting = memremap_get_last_error_kind(ctx) ==
				     MEMREMAP_ERROR_NOT_FOUND;
			rc = lib_fail(r, ctx);
		}
	}
	if (rc >= 0)
		return rc;

	if (memremap_kernel_query(ctx) == 0) {
		align = memremap_kernel_get_compat_align(ctx);
		section = memremap_kernel_get_section_size(ctx);
	}
	if (rq->altmap && section > align)
		align = section;
	if (rq->align > align)
		align = rq->align;
	rc = memremap_resource_get_free_extent(res, align, rq->start_arg ? rq->start : UINT64_MAX,
					       rq->size_arg ? rq->size : 0, &start, &len);
	if (rc == -EINVAL)
		return fail(r, EXIT_USAGE, "%s %s lies outside %s (0x%" PRIx64 "-0x%" PRIx64 ")",
			    SPELL("start"), rq->start_arg, memremap_resource_get_description(res),
			    memremap_resource_get_start(res),
			    memremap_resource_get_start(res) + memremap_resource_get_size(res) - 1);
	if (rc < 0) {
		format_owners(owners, sizeof(owners), res);
		format_human(amount, sizeof(amount), align);
		return fail(r, EXIT_REFUSED, "%s has no free %s%s%s%s aligned to %s (%" PRIu64
			    " bytes free; held by %s)", memremap_resource_get_description(res),
			    rq->size_arg ? "extent of " : "extent", rq->size_arg ? rq->size_arg : "",
			    rq->start_arg ? " at " : "", rq->start_arg ? rq->start_arg : "", amount,
			    memremap_resource_get_free(res), owners);
	}
	/* an altmap writes struct pages at the start: keep a namespace's info block */
	if (rq->ns && rq->altmap && !rq->reserve_arg && start == memremap_resource_get_start(res))
		rq->reserve = NAMESPACE_INFO_BLOCK;
	rq->start = start;
	rq->size = len;
	return -1;
}


/* An existing pagemap of rq's name: the same request, or a conflict. */
static void compare_existing(const struct request *rq, struct memremap_pagemap *pm,
			     struct request_result *r)
{
	if (request_differences(rq, pm, r->why, sizeof(r->why)) == 0) {
		r->existed = true;
		r->status = EXIT_OK;
	} else {
		r->status = EXIT_REFUSED;
	}
}

/*
 * The create that --force disabled a namespace for failed: enable it again,
 * so that a refusal changes nothing.
 */
static void undo_force(struct memremap_ctx *ctx, const struct request *rq,
		       struct request_result *r)
{
	struct memremap_resource *res;
	size_t n = strlen(r->note);

	if (!r->disabled || r->status == EXIT_OK)
		return;
	if (memremap_resource_find_namespace(ctx, rq->ns, &res) == 0 &&
	    memremap_resource_enable(res) == 0)
		snprintf(r->note + n, sizeof(r->note) - n, ", then enabled it again");
	else
		snprintf(r->note + n, sizeof(r->note) - n, "; it stays disabled (%s): "
			 "ndctl enable-namespace %s", memremap_get_last_error(ctx), rq->ns);
}

static void create_request(struct memremap_ctx *ctx, struct request *rq,
			   struct memremap_pagemap **pagemap, struct request_result *r)
{
	struct memremap_params *params;
	struct memremap_pagemap *pm;
	int rc;

	memset(r, 0, sizeof(*r));
	*pagemap = NULL;
	if (rq->name) {
		rc = memremap_pagemap_get_by_name(ctx, rq->name, &pm);
		if (rc == 0) {
			compare_existing(rq, pm, r);
			*pagemap = pm;
			return;
		}
		if (rc != -ENOENT) {
			lib_fail(r, ctx);
			return;
		}
	}
	if ((rq->resource || rq->ns || rq->dax_region) && resolve_source(ctx, rq, r) >= 0)
		return;
	if (build_params(rq, &params) < 0) {
		fail(r, EXIT_SYSTEM, "out of memory");
		return;
	}
	rc = memremap_pagemap_create(ctx, params, &pm);
	memremap_params_free(params);
	if (rc == 0) {
		*pagemap = pm;
		return;
	}
	/* lost a race with another create of the same name: compare with that one */
	if (memremap_get_last_reason(ctx) == MEMREMAP_R_NAME_EXISTS &&
	    memremap_rescan(ctx) == 0 &&
	    memremap_pagemap_get_by_name(ctx, rq->name, &pm) == 0) {
		compare_existing(rq, pm, r);
		*pagemap = pm;
		return;
	}
	lib_fail(r, ctx);
}

void request_create(struct memremap_ctx *ctx, struct request *rq,
		    struct memremap_pagemap **pagemap, struct request_result *r)
{
	create_request(ctx, rq, pagemap, r);
	undo_force(ctx, rq, r);
}
