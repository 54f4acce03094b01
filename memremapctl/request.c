// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One pagemap request (request.h), shared by create and apply: turned into
 * a library request, planned (and carried out) by libmemremap, and its
 * outcome worded as the user wrote the request.
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
#define SPELL(key) spell(rq, key, (char[32]){ 0 }, 32)

/* "512M" when exact, else the bytes: how a size appears in a difference */
static void format_size_exact(char *buf, size_t len, uint64_t v)
{
	format_human(buf, len, v);
	if (strchr(buf, '.'))
		snprintf(buf, len, "%" PRIu64, v);
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

/* The PCI device, BAR and offset pm differs in (bits d) */
static void pci_differences(struct diffs *d, unsigned int bits, const struct request *rq,
			    struct memremap_pagemap *pm, const char *ref)
{
	const char *dev = memremap_pagemap_get_pci_device(pm);
	char have[32];

	if (!dev) {
		add_diff(d, "%s %s differs from %s, which is on no PCI device", SPELL("pci"), rq->pci,
			 ref);
		return;
	}
	if (bits & MEMREMAP_DIFF_PCI_DEVICE)
		add_diff(d, "%s %s differs from %s device %s", SPELL("pci"), rq->pci, ref, dev);
	if (bits & MEMREMAP_DIFF_PCI_BAR)
		add_diff(d, "%s %s differs from %s BAR %d", SPELL("bar"), rq->bar_arg, ref,
			 memremap_pagemap_get_pci_bar(pm));
	if (bits & MEMREMAP_DIFF_PCI_OFFSET) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_pci_offset(pm));
		add_diff(d, "%s %s differs from %s offset %s", SPELL("offset"),
			 rq->offset_arg ? rq->offset_arg : "0 (the default)", ref, have);
	}
}

/* The resource the request names and the one pm was made on differ. */
static void source_difference(struct diffs *d, const struct request *rq,
			      struct memremap_pagemap *pm, const char *ref)
{
	const char *have;

	if (rq->ns) {
		have = memremap_pagemap_get_namespace(pm);
		add_diff(d, "%s %s differs from %s, which lies in %s", SPELL("namespace"),
			 rq->ns, ref, have ? have : "no namespace");
	} else if (rq->dax_region) {
		have = memremap_pagemap_get_dax_region(pm);
		add_diff(d, "%s %s differs from %s, which lies in %s", SPELL("dax-region"),
			 rq->dax_region, ref, have ? have : "no dax region");
	} else if (rq->resource) {
		have = memremap_pagemap_get_parent(pm);
		add_diff(d, "%s \"%s\" differs from %s, which lies in %s%s%s",
			 SPELL("resource"), rq->resource, ref, have ? "\"" : "",
			 have ? have : "no resource", have ? "\"" : "");
	}
}

/* Each way (bits: MEMREMAP_DIFF_*) the request differs from pm, in the user's terms. */
static void differences(struct diffs *d, unsigned int bits, const struct request *rq,
			struct memremap_pagemap *pm)
{
	char ref[64], have[32];

	format_pagemap_ref(ref, sizeof(ref), pm);
	if (bits & (MEMREMAP_DIFF_PCI_DEVICE | MEMREMAP_DIFF_PCI_BAR | MEMREMAP_DIFF_PCI_OFFSET))
		pci_differences(d, bits, rq, pm, ref);
	if (bits & MEMREMAP_DIFF_SOURCE)
		source_difference(d, rq, pm, ref);
	if (bits & MEMREMAP_DIFF_START)
		add_diff(d, "%s %s differs from %s start 0x%" PRIx64, SPELL("start"), rq->start_arg,
			 ref, memremap_pagemap_get_start(pm));
	if (bits & MEMREMAP_DIFF_SIZE) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_size(pm));
		add_diff(d, "%s %s differs from %s size %s", SPELL("size"), rq->size_arg, ref, have);
	}
	if (bits & MEMREMAP_DIFF_TYPE)
		add_diff(d, "%s %s differs from %s type %s", SPELL("type"),
			 rq->type_arg ? rq->type_arg : "generic (the default)", ref,
			 memremap_type_to_str(memremap_pagemap_get_type(pm)));
	if ((bits & MEMREMAP_DIFF_ALTMAP) && rq->config)
		add_diff(d, "altmap = %s differs from %s, which has %s", rq->altmap ? "yes" : "no",
			 ref, rq->altmap ? "no altmap" : "an altmap");
	else if (bits & MEMREMAP_DIFF_ALTMAP)
		add_diff(d, "%s differs from %s, which has %s", rq->altmap ? "--altmap" : "no --altmap",
			 ref, rq->altmap ? "no altmap" : "an altmap");
	if (bits & MEMREMAP_DIFF_RESERVE) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_altmap_reserve(pm));
		add_diff(d, "%s %s differs from %s reserve %s", SPELL("reserve"),
			 rq->reserve_arg ? rq->reserve_arg : "0 (the default)", ref, have);
	}
	if (bits & MEMREMAP_DIFF_ALIGN) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_align(pm));
		add_diff(d, "%s %s differs from %s align %s", SPELL("align"),
			 rq->align_arg ? rq->align_arg : "the page size (the default)", ref, have);
	}
	if (bits & MEMREMAP_DIFF_NUMA_NODE)
		add_diff(d, "%s %s differs from %s numa node %d", SPELL("numa-node"), rq->node_arg,
			 ref, memremap_pagemap_get_numa_node(pm));
}

/* The library's request for rq: 0, or a negative errno. */
static int build_params(const struct request *rq, struct memremap_params **params)
{
	struct memremap_params *p;
	int rc = 0;

	if (memremap_params_new(&p) < 0)
		return -ENOMEM;
	if (rq->start_arg)
		memremap_params_set_start(p, rq->start);
	if (rq->size_arg)
		memremap_params_set_size(p, rq->size);
	if (rq->type)
		rc = memremap_params_set_type(p, rq->type);
	memremap_params_set_altmap(p, rq->altmap);
	if (rq->reserve_arg)
		memremap_params_set_reserve(p, rq->reserve);
	memremap_params_set_align(p, rq->align);
	memremap_params_set_numa_node(p, rq->node);
	memremap_params_set_force(p, rq->force);
	if (rc == 0 && rq->name)
		rc = memremap_params_set_name(p, rq->name);
	if (rc == 0 && rq->pci)
		rc = memremap_params_set_pci(p, rq->pci, rq->bar, rq->offset);
	if (rc == 0 && rq->resource)
		rc = memremap_params_set_source(p, MEMREMAP_RESOURCE_IOMEM, rq->resource);
	else if (rc == 0 && rq->ns)
		rc = memremap_params_set_source(p, MEMREMAP_RESOURCE_NAMESPACE, rq->ns);
	else if (rc == 0 && rq->dax_region)
		rc = memremap_params_set_source(p, MEMREMAP_RESOURCE_DAX_REGION, rq->dax_region);
	if (rc < 0) {
		memremap_params_free(p);
		return rc;
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

/* The /proc/iomem resources named name, as choices to pick from. */
static void format_namesakes(char *buf, size_t len, struct memremap_ctx *ctx, const char *name)
{
	struct memremap_resource_iter *itr = memremap_resource_iter_new(ctx);
	struct memremap_resource *res;
	char one[128];
	int n = 0;

	buf[0] = '\0';
	while (itr && memremap_resource_iter_next(itr, &res) == 0) {
		if (memremap_resource_get_kind(res) != MEMREMAP_RESOURCE_IOMEM ||
		    strcmp(memremap_resource_get_name(res), name))
			continue;
		format_choice(one, sizeof(one), res);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", n++ ? ", " : "", one);
	}
	memremap_resource_iter_free(itr);
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

/* A source the plan could not take its extent from, in the user's terms. */
static void word_source(struct memremap_ctx *ctx, const struct request *rq,
			const struct memremap_plan *plan, struct request_result *r)
{
	struct memremap_resource *res = memremap_plan_get_resource(plan);
	char text[1024], amount[16];

	switch (memremap_plan_get_outcome(plan)) {
	case MEMREMAP_PLAN_MISSING:
		r->waiting = true;
		if (rq->resource)
			fail(r, EXIT_NOT_FOUND, "no resource is named \"%s\" (memremapctl list -R "
			     "shows them)", rq->resource);
		else
			fail(r, EXIT_NOT_FOUND, "%s", memremap_plan_get_error(plan));
		return;
	case MEMREMAP_PLAN_ENABLED:
		r->waiting = true;
		fail(r, EXIT_REFUSED, "%s is enabled: disable it first (ndctl disable-namespace "
		     "%s)%s", memremap_resource_get_description(res), rq->ns,
		     rq->config || rq->force ? "" : " or add --force");
		return;
	case MEMREMAP_PLAN_AMBIGUOUS:
		format_namesakes(text, sizeof(text), ctx, rq->resource);
		fail(r, EXIT_USAGE, "%u resources are named \"%s\": %s; pick one with %s",
		     memremap_plan_get_namesakes(plan), rq->resource, text,
		     rq->config ? "start" : "--start");
		return;
	case MEMREMAP_PLAN_OUTSIDE:
		if (!res) {
			format_namesakes(text, sizeof(text), ctx, rq->resource);
			fail(r, EXIT_USAGE, "%s %s lies in no resource named \"%s\": %s",
			     SPELL("start"), rq->start_arg, rq->resource, text);
			return;
		}
		fail(r, EXIT_USAGE, "%s %s lies outside %s (0x%" PRIx64 "-0x%" PRIx64 ")",
		     SPELL("start"), rq->start_arg, memremap_resource_get_description(res),
		     memremap_resource_get_start(res),
		     memremap_resource_get_start(res) + memremap_resource_get_size(res) - 1);
		return;
	case MEMREMAP_PLAN_NO_EXTENT:
		format_owners(text, sizeof(text), res);
		format_human(amount, sizeof(amount), memremap_plan_get_extent_align(plan));
		fail(r, EXIT_REFUSED, "%s has no free %s%s%s%s aligned to %s (%" PRIu64
		     " bytes free; held by %s)", memremap_resource_get_description(res),
		     rq->size_arg ? "extent of " : "extent", rq->size_arg ? rq->size_arg : "",
		     rq->start_arg ? " at " : "", rq->start_arg ? rq->start_arg : "", amount,
		     memremap_resource_get_free(res), text);
		return;
	default:
		fail(r, exit_status_for(memremap_plan_get_error_kind(plan)), "%s%s",
		     memremap_plan_get_error(plan),
		     memremap_get_last_reason(ctx) == MEMREMAP_R_P2PDMA_NEEDS_PCI ?
		     " (memremapctl create --pci BDF --bar N)" : "");
	}
}

/* What the plan came to, in the user's terms. */
static void word_plan(struct memremap_ctx *ctx, const struct request *rq,
		      const struct memremap_plan *plan, struct request_result *r)
{
	const char *disabled = memremap_plan_get_disabled(plan);
	struct diffs d = { .len = 0 };

	r->pagemap = memremap_plan_get_pagemap(plan);
	if (disabled)
		snprintf(r->note, sizeof(r->note), "disabled %s", disabled);
	switch (memremap_plan_get_outcome(plan)) {
	case MEMREMAP_PLAN_CREATE:
		r->to_create = true;
		break;
	case MEMREMAP_PLAN_CREATED:
		break;
	case MEMREMAP_PLAN_UNCHANGED:
		r->existed = true;
		break;
	case MEMREMAP_PLAN_CONFLICT:
		differences(&d, memremap_plan_get_differences(plan), rq, r->pagemap);
		fail(r, EXIT_REFUSED, "%s", d.text);
		break;
	default:
		word_source(ctx, rq, plan, r);
	}
	if (!disabled || r->status == EXIT_OK)
		return;
	if (memremap_plan_is_reenabled(plan))
		snprintf(r->note + strlen(r->note), sizeof(r->note) - strlen(r->note),
			 ", then enabled it again");
	else
		snprintf(r->note + strlen(r->note), sizeof(r->note) - strlen(r->note),
			 "; it stays disabled (%s): ndctl enable-namespace %s",
			 memremap_plan_get_undo_error(plan), rq->ns);
}

void request_run(struct memremap_ctx *ctx, const struct request *rq, bool dry_run,
		 struct request_result *r)
{
	struct memremap_params *params;
	struct memremap_plan *plan;
	struct memremap_pagemap *pm;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = build_params(rq, &params);
	if (rc < 0) {
		fail(r, rc == -ENOMEM ? EXIT_SYSTEM : EXIT_USAGE, "%s", strerror(-rc));
		return;
	}
	rc = memremap_plan_new(ctx, params, &plan);
	memremap_params_free(params);
	if (rc < 0) {
		fail(r, exit_status_for(memremap_get_last_error_kind(ctx)), "%s",
		     memremap_get_last_error(ctx));
		return;
	}
	if (!dry_run)
		rc = memremap_plan_apply(plan, &pm);	/* its outcome tells the rest */
	word_plan(ctx, rq, plan, r);
	memremap_plan_free(plan);
}
