// SPDX-License-Identifier: GPL-2.0-or-later
/* memremapctl list: the pagemaps, as a table or a JSON array. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "memremapctl.h"

static const struct option options[] = {
	{ "pagemap", required_argument, NULL, 'p' },
	{ "type", required_argument, NULL, 't' },
	{ "name", required_argument, NULL, 'n' },
	{ "resources", no_argument, NULL, 'R' },
	OUTPUT_OPTIONS,
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

struct filter {
	const char *spec;	/* -p */
	int type;		/* -t, 0: any */
	const char *name;	/* -n */
};

static bool wanted(struct memremap_pagemap *pm, const struct filter *f)
{
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
	struct memremap_iter *itr;
	struct memremap_pagemap *pm, **pms = NULL;
	size_t n = 0, cap = 0;
	const char *why;
	bool oom = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, COMMON_SHORT "p:t:n:R" OUTPUT_SHORT, options, NULL)) != -1) {
		rc = -1;
		switch (c) {
		case 'R':
			resources = true;
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

	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK)
		return rc;
	if (resources) {
		rc = list_resources(cmd, ctx, &out);
		memremap_unref(ctx);
		return rc;
	}
	itr = memremap_iter_new(ctx);
	if (!itr) {
		message(cmd, "out of memory");
		memremap_unref(ctx);
		return EXIT_SYSTEM;
	}
	while ((rc = memremap_iter_next(itr, &pm)) == 0) {
		if (!wanted(pm, &f))
			continue;
		if (n == cap) {
			struct memremap_pagemap **p;

			cap = cap ? cap * 2 : 64;
			p = realloc(pms, cap * sizeof(*pms));
			if (!p) {
				oom = true;
				break;
			}
			pms = p;
		}
		pms[n++] = pm;
	}
	if (oom) {
		message(cmd, "out of memory");
		rc = EXIT_SYSTEM;
	} else if (rc < 0)
		rc = library_error(cmd, ctx, "cannot list pagemaps");
	else
		rc = print_pagemaps(pms, n, &out);
	free(pms);
	memremap_iter_free(itr);
	memremap_unref(ctx);
	return rc;
}

const struct cmd cmd_list = {
	.name = "list",
	.run = run,
	.summary = "list pagemaps, or the ranges to make them on",
	.usage = " [-p PAGEMAP] [-t TYPE] [-n NAME] [-j] [-u] [-v]\n"
		 "   or: memremapctl list -R [-j] [-u]\n\n"
		 "Options:\n"
		 "  -p, --pagemap PAGEMAP  only this pagemap (pagemapN, N or a name)\n"
		 "  -t, --type TYPE        only this type (generic, fsdax, coherent, private, p2pdma)\n"
		 "  -n, --name NAME        only the pagemap named NAME\n"
		 "  -j, --json             a JSON array (always an array, [] when empty)\n"
		 "  -u, --human            sizes as 512M, 2M in the table\n"
		 "  -v, --verbose          more columns: altmap, memmap, data offset, parent\n"
		 "  -R, --resources        the ranges a pagemap could be made on: memmap= and\n"
		 "                         Soft Reserved ranges, NVDIMM regions, disabled\n"
		 "                         namespaces, dax regions with free capacity; what\n"
		 "                         holds parts of them (needs root)\n",
};
