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
#include "request.h"

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

static int create(const struct cmd *cmd, struct memremap_ctx *ctx, struct request *rq,
		  const struct output_opts *out)
{
	struct request_result res;
	char what[64];

	request_describe(what, sizeof(what), rq);
	request_run(ctx, rq, false, &res);
	if (res.note[0])
		message(cmd, "%s", res.note);
	if (res.status == EXIT_OK)
		return print_created(res.pagemap, out);
	if (res.status == EXIT_USAGE)
		return usage_error(cmd, "%s", res.why);
	message(cmd, "cannot create %s: %s", what, res.why);
	return res.status;
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
