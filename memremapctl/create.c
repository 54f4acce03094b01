// SPDX-License-Identifier: GPL-2.0-or-later
/* memremapctl create: one pagemap; idempotent for named pagemaps. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "memremapctl.h"

enum { OPT_START = 0x200, OPT_SIZE, OPT_ALTMAP, OPT_RESERVE, OPT_ALIGN, OPT_NODE, OPT_PCI,
       OPT_BAR, OPT_OFFSET, OPT_RESOURCE, OPT_NAMESPACE, OPT_DAX_REGION, OPT_FORCE };

static const struct option options[] = {
	{ "start", required_argument, NULL, OPT_START },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "type", required_argument, NULL, 't' },
	{ "altmap", no_argument, NULL, OPT_ALTMAP },
	{ "reserve", required_argument, NULL, OPT_RESERVE },
	{ "align", required_argument, NULL, OPT_ALIGN },
	{ "numa-node", required_argument, NULL, OPT_NODE },
	{ "name", required_argument, NULL, 'n' },
	{ "pci", required_argument, NULL, OPT_PCI },
	{ "bar", required_argument, NULL, OPT_BAR },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "resource", required_argument, NULL, OPT_RESOURCE },
	{ "namespace", required_argument, NULL, OPT_NAMESPACE },
	{ "dax-region", required_argument, NULL, OPT_DAX_REGION },
	{ "force", no_argument, NULL, OPT_FORCE },
	OUTPUT_OPTIONS,
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/* The request as parsed, with what the user typed for messages. */
struct request {
	uint64_t start, size, reserve, align, offset;
	int type;
	bool altmap;
	int node;
	int bar;
	bool force;
	const char *name, *pci;
	const char *resource, *ns, *dax_region;	/* where the range comes from */
	const char *start_arg, *size_arg, *type_arg, *reserve_arg, *align_arg, *node_arg;
	const char *bar_arg, *offset_arg;
};

static int parse_value(const struct cmd *cmd, const char *opt, const char *arg,
		       int (*parse)(const char *, uint64_t *, const char **), uint64_t *out)
{
	const char *why;

	if (parse(arg, out, &why) < 0)
		return usage_error(cmd, "invalid --%s '%s': %s", opt, arg, why);
	return -1;
}

/* --bar N: 0 to 5 */
static int parse_bar(const char *s, int *bar, const char **why)
{
	*why = "a BAR is a number from 0 to 5";
	if (strlen(s) != 1 || s[0] < '0' || s[0] > '5')
		return -1;
	*bar = s[0] - '0';
	return 0;
}

/* The p2pdma options together: -1 when they fit, else a usage error. */
static int check_pci_args(const struct cmd *cmd, struct request *rq)
{
	if (!rq->bar_arg)
		return usage_error(cmd, "missing --bar (which BAR of %s)", rq->pci);
	if (rq->start_arg)
		return usage_error(cmd, "--start does not go with --pci: the BAR gives the range");
	if (rq->type && rq->type != MEMREMAP_TYPE_P2PDMA)
		return usage_error(cmd, "--pci is for type p2pdma, not %s", rq->type_arg);
	rq->type = MEMREMAP_TYPE_P2PDMA;
	return -1;
}

/* --resource, --namespace, --dax-region: -1 when they fit, else a usage error. */
static int check_source_args(const struct cmd *cmd, struct request *rq)
{
	if (!!rq->resource + !!rq->ns + !!rq->dax_region > 1)
		return usage_error(cmd, "give one of --resource, --namespace and --dax-region");
	if (rq->bar_arg || rq->offset_arg)
		return usage_error(cmd, "--%s needs --pci (a BAR of a PCI device)",
				   rq->bar_arg ? "bar" : "offset");
	if (rq->type == MEMREMAP_TYPE_PRIVATE || rq->type == MEMREMAP_TYPE_P2PDMA)
		return usage_error(cmd, "type %s does not take its range from a resource",
				   rq->type_arg);
	if (rq->force && !rq->ns)
		return usage_error(cmd, "--force goes with --namespace (to disable it first)");
	return -1;
}

/* Fill rq from the command line; -1 when done, else an exit status. */
static int parse_args(const struct cmd *cmd, int argc, char **argv, struct request *rq,
		      struct output_opts *out)
{
	const char *why;
	int c, rc = -1;

	while (rc < 0 &&
	       (c = getopt_long(argc, argv, COMMON_SHORT "t:n:" OUTPUT_SHORT, options, NULL)) != -1) {
		switch (c) {
		case OPT_START:
			rq->start_arg = optarg;
			rc = parse_value(cmd, "start", optarg, parse_size, &rq->start);
			break;
		case OPT_SIZE:
			rq->size_arg = optarg;
			rc = parse_value(cmd, "size", optarg, parse_size, &rq->size);
			break;
		case OPT_RESERVE:
			rq->reserve_arg = optarg;
			rq->altmap = true;	/* --reserve implies --altmap */
			rc = parse_value(cmd, "reserve", optarg, parse_size, &rq->reserve);
			break;
		case OPT_ALIGN:
			rq->align_arg = optarg;
			rc = parse_value(cmd, "align", optarg, parse_align, &rq->align);
			break;
		case OPT_ALTMAP:
			rq->altmap = true;
			break;
		case 't':
			rq->type_arg = optarg;
			rc = type_option(cmd, optarg, &rq->type);
			break;
		case OPT_NODE:
			rq->node_arg = optarg;
			if (parse_node(optarg, &rq->node, &why) < 0)
				rc = usage_error(cmd, "invalid --numa-node '%s': %s", optarg, why);
			break;
		case 'n':
			rq->name = optarg;
			rc = name_option(cmd, optarg);
			break;
		case OPT_PCI:
			rq->pci = optarg;
			if (memremap_pci_address_check(optarg, &why) < 0)
				rc = usage_error(cmd, "invalid --pci '%s': %s", optarg, why);
			break;
		case OPT_BAR:
			rq->bar_arg = optarg;
			if (parse_bar(optarg, &rq->bar, &why) < 0)
				rc = usage_error(cmd, "invalid --bar '%s': %s", optarg, why);
			break;
		case OPT_OFFSET:
			rq->offset_arg = optarg;
			rc = parse_value(cmd, "offset", optarg, parse_size, &rq->offset);
			break;
		case OPT_RESOURCE:
			rq->resource = optarg;
			break;
		case OPT_NAMESPACE:
			rq->ns = optarg;
			break;
		case OPT_DAX_REGION:
			rq->dax_region = optarg;
			break;
		case OPT_FORCE:
			rq->force = true;
			break;
		default:
			rc = output_option(c, out) ? -1 : common_option(cmd, c, argv);
		}
	}
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (rq->pci)
		return check_pci_args(cmd, rq);
	if (rq->resource || rq->ns || rq->dax_region)
		return check_source_args(cmd, rq);
	if (rq->force)
		return usage_error(cmd, "--force goes with --namespace (to disable it first)");
	if (rq->bar_arg || rq->offset_arg)
		return usage_error(cmd, "--%s needs --pci (a BAR of a PCI device)",
				   rq->bar_arg ? "bar" : "offset");
	if (!rq->size_arg)
		return usage_error(cmd, "missing --size");
	if (!rq->start_arg && rq->type == MEMREMAP_TYPE_P2PDMA)
		return usage_error(cmd, "missing --pci and --bar (type p2pdma memory is a "
				   "PCI device's BAR)");
	if (!rq->start_arg && rq->type != MEMREMAP_TYPE_PRIVATE)
		return usage_error(cmd, "missing --start (only type private picks its own range)");
	return -1;
}

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
		add_diff(d, "--pci %s differs from %s, which is on no PCI device", rq->pci, ref);
		return;
	}
	if (strcmp(want, dev) != 0)
		add_diff(d, "--pci %s differs from %s device %s", rq->pci, ref, dev);
	if (memremap_pagemap_get_pci_bar(pm) != rq->bar)
		add_diff(d, "--bar %s differs from %s BAR %d", rq->bar_arg, ref,
			 memremap_pagemap_get_pci_bar(pm));
	if (memremap_pagemap_get_pci_offset(pm) != rq->offset) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_pci_offset(pm));
		add_diff(d, "--offset %s differs from %s offset %s",
			 rq->offset_arg ? rq->offset_arg : "0 (the default)", ref, have);
	}
}

/* "region3" for --dax-region 3 or region3 */
static void canonical_region(char *buf, size_t len, const char *spec)
{
	snprintf(buf, len, "%s%s", strncmp(spec, "region", 6) ? "region" : "", spec);
}

/* The resource the request names and the one pm was made on: the same? */
static void source_differences(struct diffs *d, const struct request *rq,
			       struct memremap_pagemap *pm, const char *ref)
{
	const char *have;
	char want[64];

	if (rq->ns) {
		have = memremap_pagemap_get_namespace(pm);
		if (!have || strcmp(have, rq->ns))
			add_diff(d, "--namespace %s differs from %s, which lies in %s", rq->ns, ref,
				 have ? have : "no namespace");
	} else if (rq->dax_region) {
		canonical_region(want, sizeof(want), rq->dax_region);
		have = memremap_pagemap_get_dax_region(pm);
		if (!have || strcmp(have, want))
			add_diff(d, "--dax-region %s differs from %s, which lies in %s",
				 rq->dax_region, ref, have ? have : "no dax region");
	} else if (rq->resource) {
		have = memremap_pagemap_get_parent(pm);
		if (!have || strcmp(have, rq->resource))
			add_diff(d, "--resource \"%s\" differs from %s, which lies in %s%s%s",
				 rq->resource, ref, have ? "\"" : "", have ? have : "no resource",
				 have ? "\"" : "");
	}
}

/* Each way the request differs from pm, in the user's terms. */
static void differences(struct diffs *d, const struct request *rq, struct memremap_pagemap *pm)
{
	char ref[64], have[32];
	uint64_t align = rq->align ? rq->align : 4096;
	uint64_t reserve = memremap_pagemap_get_altmap_reserve(pm);
	uint64_t reserve_padded = (rq->reserve + (2 << 20) - 1) & ~(uint64_t)((2 << 20) - 1);
	int type = rq->type ? rq->type : MEMREMAP_TYPE_GENERIC;

	format_pagemap_ref(ref, sizeof(ref), pm);
	if (rq->pci)
		pci_differences(d, rq, pm, ref);
	source_differences(d, rq, pm, ref);
	if (rq->start_arg && memremap_pagemap_get_start(pm) != rq->start)
		add_diff(d, "--start %s differs from %s start 0x%" PRIx64, rq->start_arg, ref,
			 memremap_pagemap_get_start(pm));
	if (rq->size_arg && memremap_pagemap_get_size(pm) != rq->size) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_size(pm));
		add_diff(d, "--size %s differs from %s size %s", rq->size_arg, ref, have);
	}
	if ((int)memremap_pagemap_get_type(pm) != type)
		add_diff(d, "--type %s differs from %s type %s",
			 rq->type_arg ? rq->type_arg : "generic (the default)", ref,
			 memremap_type_to_str(memremap_pagemap_get_type(pm)));
	if (memremap_pagemap_has_altmap(pm) != rq->altmap) {
		add_diff(d, "%s differs from %s, which has %s",
			 rq->altmap ? "--altmap" : "no --altmap", ref,
			 rq->altmap ? "no altmap" : "an altmap");
	} else if (rq->altmap && reserve != rq->reserve && reserve != reserve_padded) {
		format_size_exact(have, sizeof(have), reserve);
		add_diff(d, "--reserve %s differs from %s reserve %s",
			 rq->reserve_arg ? rq->reserve_arg : "0 (the default)", ref, have);
	}
	if (memremap_pagemap_get_align(pm) != align) {
		format_size_exact(have, sizeof(have), memremap_pagemap_get_align(pm));
		add_diff(d, "--align %s differs from %s align %s",
			 rq->align_arg ? rq->align_arg : "4K (the default)", ref, have);
	}
	if (rq->node >= 0 && memremap_pagemap_get_numa_node(pm) != rq->node)
		add_diff(d, "--numa-node %s differs from %s numa node %d", rq->node_arg, ref,
			 memremap_pagemap_get_numa_node(pm));
}

/* A pagemap named rq->name exists: -1 (go on, print it) when it is the same request. */
static int compare_existing(const struct cmd *cmd, const struct request *rq,
			    struct memremap_pagemap *pm)
{
	struct diffs d = { .len = 0 };

	differences(&d, rq, pm);
	if (d.count == 0)
		return -1;
	message(cmd, "cannot create pagemap \"%s\": %s", rq->name, d.text);
	return EXIT_REFUSED;
}

static int print_created(struct memremap_pagemap *pm, const struct output_opts *out)
{
	struct json_object *obj;

	if (!out->json)
		return print_pagemaps(&pm, 1, out);
	obj = pagemap_to_json(pm);
	print_json(obj);
	json_object_put(obj);
	return EXIT_OK;
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

/* "pagemap \"scratch\"" or "pagemap at 0x80000000" for messages */
static void describe_request(char *buf, size_t len, const struct request *rq)
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
static int pick_iomem(const struct cmd *cmd, struct memremap_ctx *ctx, const struct request *rq,
		      const char *what, struct memremap_resource **out)
{
	struct memremap_resource_iter *itr = memremap_resource_iter_new(ctx);
	struct memremap_resource *res, *pick = NULL;
	char choices[1024] = "", one[128];
	int rc, n = 0;

	if (!itr) {
		message(cmd, "cannot create %s: out of memory", what);
		return EXIT_SYSTEM;
	}
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
		return library_error(cmd, ctx, "cannot create %s", what);
	if (n == 0) {
		message(cmd, "cannot create %s: no resource is named \"%s\" (memremapctl list -R "
			"shows them)", what, rq->resource);
		return EXIT_NOT_FOUND;
	}
	if (!pick)
		return usage_error(cmd, "--start %s lies in no resource named \"%s\": %s",
				   rq->start_arg, rq->resource, choices);
	if (n > 1 && !rq->start_arg)
		return usage_error(cmd, "%d resources are named \"%s\": %s; pick one with --start",
				   n, rq->resource, choices);
	*out = pick;
	return -1;
}

/* The namespace --namespace names, disabled first with --force. */
static int pick_namespace(const struct cmd *cmd, struct memremap_ctx *ctx, const struct request *rq,
			  const char *what, struct memremap_resource **out)
{
	struct memremap_resource *res;
	char desc[256];

	if (memremap_resource_find_namespace(ctx, rq->ns, &res) < 0)
		return library_error(cmd, ctx, "cannot create %s", what);
	if (memremap_resource_is_enabled(res)) {
		snprintf(desc, sizeof(desc), "%s", memremap_resource_get_description(res));
		if (!rq->force) {
			message(cmd, "cannot create %s: %s is enabled: disable it first (ndctl "
				"disable-namespace %s) or add --force", what, desc, rq->ns);
			return EXIT_REFUSED;
		}
		if (memremap_resource_disable(res) < 0)
			return library_error(cmd, ctx, "cannot create %s", what);
		message(cmd, "disabled %s", desc);
		if (memremap_resource_find_namespace(ctx, rq->ns, &res) < 0)
			return library_error(cmd, ctx, "cannot create %s", what);
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
static int resolve_source(const struct cmd *cmd, struct memremap_ctx *ctx, struct request *rq,
			  const char *what)
{
	uint64_t align = 2 << 20, section = 128 << 20, start, len;
	struct memremap_resource *res = NULL;
	char owners[512], amount[16];
	int rc;

	if (rq->resource)
		rc = pick_iomem(cmd, ctx, rq, what, &res);
	else if (rq->ns)
		rc = pick_namespace(cmd, ctx, rq, what, &res);
	else
		rc = memremap_resource_find_dax_region(ctx, rq->dax_region, &res) < 0 ?
		     library_error(cmd, ctx, "cannot create %s", what) : -1;
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
		return usage_error(cmd, "--start %s lies outside %s (0x%" PRIx64 "-0x%" PRIx64 ")",
				   rq->start_arg, memremap_resource_get_description(res),
				   memremap_resource_get_start(res),
				   memremap_resource_get_start(res) + memremap_resource_get_size(res) - 1);
	if (rc < 0) {
		format_owners(owners, sizeof(owners), res);
		format_human(amount, sizeof(amount), align);
		message(cmd, "cannot create %s: %s has no free %s%s%s%s aligned to %s (%" PRIu64
			" bytes free; held by %s)", what, memremap_resource_get_description(res),
			rq->size_arg ? "extent of " : "extent", rq->size_arg ? rq->size_arg : "",
			rq->start_arg ? " at " : "", rq->start_arg ? rq->start_arg : "", amount,
			memremap_resource_get_free(res), owners);
		return EXIT_REFUSED;
	}
	/* an altmap writes struct pages at the start: keep a namespace's info block */
	if (rq->ns && rq->altmap && !rq->reserve_arg && start == memremap_resource_get_start(res))
		rq->reserve = 8192;
	rq->start = start;
	rq->size = len;
	return -1;
}

static int create(const struct cmd *cmd, struct memremap_ctx *ctx, struct request *rq,
		  const struct output_opts *out)
{
	struct memremap_params *params;
	struct memremap_pagemap *pm;
	char what[64];
	int rc;

	describe_request(what, sizeof(what), rq);
	if (rq->name) {
		rc = memremap_pagemap_get_by_name(ctx, rq->name, &pm);
		if (rc == 0) {
			rc = compare_existing(cmd, rq, pm);
			return rc >= 0 ? rc : print_created(pm, out);
		}
		if (rc != -ENOENT)
			return library_error(cmd, ctx, "cannot create %s", what);
	}
	if (rq->resource || rq->ns || rq->dax_region) {
		rc = resolve_source(cmd, ctx, rq, what);
		if (rc >= 0)
			return rc;
	}
	if (build_params(rq, &params) < 0) {
		message(cmd, "cannot create %s: out of memory", what);
		return EXIT_SYSTEM;
	}
	rc = memremap_pagemap_create(ctx, params, &pm);
	memremap_params_free(params);
	if (rc == 0)
		return print_created(pm, out);
	/* lost a race with another create of the same name: compare with that one */
	if (memremap_get_last_reason(ctx) == MEMREMAP_R_NAME_EXISTS &&
	    memremap_rescan(ctx) == 0 &&
	    memremap_pagemap_get_by_name(ctx, rq->name, &pm) == 0) {
		rc = compare_existing(cmd, rq, pm);
		return rc >= 0 ? rc : print_created(pm, out);
	}
	return library_error(cmd, ctx, "cannot create %s", what);
}

static int run(const struct cmd *cmd, int argc, char **argv)
{
	struct request rq = { .node = -1 };
	struct output_opts out = { 0 };
	struct memremap_ctx *ctx;
	int rc;

	rc = parse_args(cmd, argc, argv, &rq, &out);
	if (rc >= 0)
		return rc;
	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK)
		return rc;
	rc = create(cmd, ctx, &rq, &out);
	memremap_unref(ctx);
	return rc;
}

const struct cmd cmd_create = {
	.name = "create",
	.run = run,
	.summary = "create a pagemap",
	.usage = " --start ADDR --size SIZE [--type TYPE] [--altmap] [--reserve SIZE]\n"
		 "       [--align 4K|2M|1G] [--numa-node N] [--name NAME] [-j] [-u] [-v]\n"
		 "   or: memremapctl create --type private --size SIZE [--name NAME] [-j] [-u] [-v]\n"
		 "   or: memremapctl create --pci DEVICE --bar N [--offset SIZE] [--size SIZE]\n"
		 "       [--name NAME] [-j] [-u] [-v]\n"
		 "   or: memremapctl create --resource NAME | --namespace NS [--force] |\n"
		 "       --dax-region R  [--start ADDR] [--size SIZE] [OPTIONS]\n\n"
		 "Options:\n"
		 "      --start ADDR      first byte (2 MiB aligned); not for type private\n"
		 "      --size SIZE       bytes, 0x hex, or with K, M, G, T (powers of 1024)\n"
		 "  -t, --type TYPE       generic (default), fsdax, coherent, private, p2pdma\n"
		 "      --altmap          keep the struct pages inside the range\n"
		 "      --reserve SIZE    leave SIZE untouched at the start (implies --altmap)\n"
		 "      --align SIZE      compound page size: 4K (default), 2M or 1G\n"
		 "      --numa-node N     NUMA node; -1 (default) is the range's own node\n"
		 "  -n, --name NAME       unique name; creating it again with the same\n"
		 "                        parameters succeeds, with others fails\n"
		 "      --pci DEVICE      type p2pdma: the PCI device (0000:00:10.0) whose\n"
		 "                        BAR holds the memory; it must have no driver\n"
		 "      --bar N           with --pci: the BAR, 0-5\n"
		 "      --offset SIZE     with --pci: where in the BAR to start (default 0);\n"
		 "                        --size defaults to the rest of the BAR\n"
		 "      --resource NAME   a /proc/iomem range by name (\"Soft Reserved\", ...;\n"
		 "                        see list -R): its largest free extent, or the\n"
		 "                        --size at --start (which picks among namesakes)\n"
		 "      --namespace NS    an NVDIMM namespace (namespace0.1), when disabled\n"
		 "      --force           with --namespace: disable it first if enabled\n"
		 "      --dax-region R    free capacity of a dax region (region0 or 0)\n"
		 "  -j, --json            print the pagemap as a JSON object\n"
		 "  -u, --human           sizes as 512M, 2M in the table\n"
		 "  -v, --verbose         more columns\n",
};
