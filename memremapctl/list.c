// SPDX-License-Identifier: GPL-2.0-or-later
/* memremapctl list: the pagemaps, as a table or a JSON array. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "memremapctl.h"

static const struct option options[] = {
	{ "pagemap", required_argument, NULL, 'p' },
	{ "type", required_argument, NULL, 't' },
	{ "name", required_argument, NULL, 'n' },
	{ "resources", no_argument, NULL, 'R' },
	{ "output", required_argument, NULL, 'o' },
	OUTPUT_OPTIONS,
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

struct filter {
	const char *spec;	/* -p */
	int type;		/* -t, 0: any */
	const char *name;	/* -n */
};

static bool wanted(struct memremap_pagemap *pm, const void *arg)
{
	const struct filter *f = arg;
	const char *name = memremap_pagemap_get_name(pm);

	if (f->spec && !pagemap_matches_spec(pm, f->spec))
		return false;
	if (f->type && (int)memremap_pagemap_get_type(pm) != f->type)
		return false;
	if (f->name && (!name || strcmp(name, f->name) != 0))
		return false;
	return true;
}

static int run(const struct cmd *cmd, int argc, char **argv)
{
	struct output_opts out = { 0 };
	struct filter f = { 0 };
	bool resources = false;
	struct memremap_ctx *ctx;
	struct memremap_pagemap **pms;
	struct column_sel sel;
	size_t n;
	const char *why;
	int c, rc;

	while ((c = getopt_long(argc, argv, COMMON_SHORT "p:t:n:Ro:" OUTPUT_SHORT, options,
				NULL)) != -1) {
		rc = -1;
		switch (c) {
		case 'R':
			resources = true;
			break;
		case 'o':
			out.columns = optarg;
			break;
		case 'p':
			if (check_pagemap_spec(optarg, &why) < 0)
				return usage_error(cmd, "invalid --pagemap '%s': %s", optarg, why);
			f.spec = optarg;
			break;
		case 't':
			rc = type_option(cmd, optarg, &f.type);
			break;
		case 'n':
			f.name = optarg;
			rc = name_option(cmd, optarg);
			break;
		default:
			rc = output_option(c, &out) ? -1 : common_option(cmd, c, argv);
		}
		if (rc >= 0)
			return rc;
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s' (filter with -p, -t or -n)",
				   argv[optind]);

	if (resources && (f.spec || f.type || f.name))
		return usage_error(cmd, "-p, -t and -n filter pagemaps, not resources (-R)");
	/* checked with -j too: JSON has every key whatever -o says */
	rc = select_columns(cmd, resources ? &resource_table : &pagemap_table, out.columns,
			    out.verbose, &sel);
	if (rc >= 0)
		return rc;

	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK)
		return rc;
	if (resources) {
		rc = list_resources(cmd, ctx, &out, &sel);
		memremap_unref(ctx);
		return rc;
	}
	rc = collect_pagemaps(ctx, wanted, &f, &pms, &n);
	if (rc == -ENOMEM) {
		message(cmd, "out of memory");
		rc = EXIT_SYSTEM;
	} else if (rc < 0) {
		rc = library_error(cmd, ctx, "cannot list pagemaps");
	} else {
		rc = print_rows(&pagemap_table, (const void *const *)pms, n, &out, &sel);
		if (n && memremap_pagemap_addresses_hidden(pms[0]))
			message(cmd, "physical addresses (start, parent_start) are shown to root "
				"alone, as in /proc/iomem: they are hidden here");
	}
	free(pms);
	memremap_unref(ctx);
	return rc;
}

static void more_usage(FILE *out)
{
	print_column_names(out, "Columns (-o)", &pagemap_table);
	fputc('\n', out);
	print_column_names(out, "Columns of -R (-o)", &resource_table);
}

const struct cmd cmd_list = {
	.more_usage = more_usage,
	.name = "list",
	.run = run,
	.summary = "list pagemaps, or the ranges to make them on",
	.usage = " [-p PAGEMAP] [-t TYPE] [-n NAME] [-o COLUMNS] [-j] [-u] [-v]\n"
		 "   or: memremapctl list -R [-o COLUMNS] [-j] [-u]\n\n"
		 "Options:\n"
		 "  -p, --pagemap PAGEMAP  only this pagemap (pagemapN, N or a name)\n"
		 "  -t, --type TYPE        only this type (generic, fsdax, coherent, private, p2pdma)\n"
		 "  -n, --name NAME        only the pagemap named NAME\n"
		 "  -j, --json             a JSON array (always an array, [] when empty)\n"
		 "  -u, --human            sizes as 512M, 2M in the table\n"
		 "  -v, --verbose          more columns: reserve, altmap use, memmap, data offset,\n"
		 "                         namespace, dax region, PCI device and BAR, parent\n"
		 "  -o, --output COLUMNS   the table's columns, comma-separated (DEV,SIZE);\n"
		 "                         +COLUMNS adds them to the default ones; JSON\n"
		 "                         keeps every key\n"
		 "  -R, --resources        the ranges a pagemap could be made on: memmap= and\n"
		 "                         Soft Reserved ranges, NVDIMM regions, disabled\n"
		 "                         namespaces, dax regions with free capacity; what\n"
		 "                         holds parts of them (needs root)\n",
};
