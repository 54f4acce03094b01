// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremapctl destroy PAGEMAP... | all: every name is resolved before any
 * pagemap is destroyed; the summary counts what really happened.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "memremapctl.h"

static const struct option options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "evict", no_argument, NULL, 'e' },
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

struct outcome {
	struct json_object *destroyed;	/* [{dev, id, name}] */
	struct json_object *failed;	/* [{dev, id, name, error}] */
	size_t ndestroyed, nfailed;
	int status;
};

static struct json_object *pagemap_ref_json(struct memremap_pagemap *pm)
{
	struct json_object *o = json_object_new_object();
	const char *name = memremap_pagemap_get_name(pm);

	json_object_object_add(o, "dev", json_object_new_string(memremap_pagemap_get_devname(pm)));
	json_object_object_add(o, "id", json_object_new_int64(memremap_pagemap_get_id(pm)));
	json_object_object_add(o, "name", name ? json_object_new_string(name) : NULL);
	json_object_object_add(o, "namespace",
			       json_string_or_null(memremap_pagemap_get_namespace(pm)));
	return o;
}

/*
 * A pagemap made on a namespace leaves it disabled: say so, and how to get
 * it back, once no other pagemap of this run is still on it.
 */
static void namespace_notes(const struct cmd *cmd, struct memremap_ctx *ctx,
			    struct memremap_pagemap **pms, size_t n)
{
	struct memremap_resource *res;
	struct memremap_iter *itr;
	struct memremap_pagemap *pm;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const char *ns = memremap_pagemap_get_namespace(pms[i]);
		bool used = false, repeated = false;

		if (!ns || memremap_pagemap_is_active(pms[i]))
			continue;
		for (j = 0; j < i; j++)
			repeated |= !memremap_pagemap_is_active(pms[j]) &&
				    memremap_pagemap_get_namespace(pms[j]) &&
				    !strcmp(memremap_pagemap_get_namespace(pms[j]), ns);
		itr = memremap_iter_new(ctx);
		while (itr && memremap_iter_next(itr, &pm) == 0)
			used |= memremap_pagemap_get_namespace(pm) &&
				!strcmp(memremap_pagemap_get_namespace(pm), ns);
		memremap_iter_free(itr);
		if (repeated || used || memremap_resource_find_namespace(ctx, ns, &res) < 0 ||
		    memremap_resource_is_enabled(res))
			continue;
		message(cmd, "%s stays disabled; to use it again: ndctl enable-namespace %s",
			ns, ns);
	}
}

static void record_failure(const struct cmd *cmd, struct outcome *res,
			   struct memremap_pagemap *pm, const char *why, int status)
{
	struct json_object *o = pagemap_ref_json(pm);
	char ref[64];

	format_pagemap_ref(ref, sizeof(ref), pm);
	message(cmd, "cannot destroy %s: %s", ref, why);
	json_object_object_add(o, "error", json_object_new_string(why));
	json_object_array_add(res->failed, o);
	res->nfailed++;
	res->status = worse_status(res->status, status);
}

/*
 * Destroy each of pms in order.  A failure that applies to every pagemap
 * (no permission, no module) ends the loop: the rest are reported with it.
 */
static void destroy_each(const struct cmd *cmd, struct memremap_ctx *ctx,
			 struct memremap_pagemap **pms, size_t n, bool all, unsigned int flags,
			 struct outcome *res)
{
	char why[600] = "";
	int fatal = EXIT_OK;
	size_t i;

	for (i = 0; i < n; i++) {
		int status;

		if (fatal != EXIT_OK) {
			record_failure(cmd, res, pms[i], why, fatal);
			continue;
		}
		if (memremap_pagemap_destroy_flags(pms[i], flags) == 0) {
			json_object_array_add(res->destroyed, pagemap_ref_json(pms[i]));
			res->ndestroyed++;
			continue;
		}
		status = exit_status_for(memremap_get_last_error_kind(ctx));
		/* "destroy all" wants them gone: one that went meanwhile is no failure */
		if (all && status == EXIT_NOT_FOUND)
			continue;
		snprintf(why, sizeof(why), "%s%s", memremap_get_last_error(ctx),
			 memremap_get_last_reason(ctx) == MEMREMAP_R_PAGES_IN_USE && !flags ?
			 " (destroy --evict)" : "");
		record_failure(cmd, res, pms[i], why, status);
		if (status == EXIT_PERMISSION || status == EXIT_SYSTEM)
			fatal = status;
	}
}

/* The pagemaps named on the command line, or all; an exit status on failure. */
static int select_pagemaps(const struct cmd *cmd, struct memremap_ctx *ctx, int argc,
			   char **argv, bool all, struct memremap_pagemap ***out, size_t *n)
{
	struct memremap_pagemap **pms, *pm;
	size_t i;
	int rc, status = EXIT_OK;

	*n = 0;
	if (all) {
		rc = collect_pagemaps(ctx, NULL, NULL, out, n);
		if (rc == -ENOMEM) {
			message(cmd, "out of memory");
			return EXIT_SYSTEM;
		}
		return rc < 0 ? library_error(cmd, ctx, "cannot list pagemaps") : EXIT_OK;
	}
	pms = calloc(argc ? (size_t)argc : 1, sizeof(*pms));
	if (!pms) {
		message(cmd, "out of memory");
		return EXIT_SYSTEM;
	}
	for (i = 0; i < (size_t)argc; i++) {
		size_t j;

		if (memremap_pagemap_find(ctx, argv[i], &pm) < 0) {
			status = worse_status(status, library_error(cmd, ctx,
						"cannot destroy %s", argv[i]));
			continue;
		}
		for (j = 0; j < *n && pms[j] != pm; j++)
			;
		if (j == *n)
			pms[(*n)++] = pm;	/* named twice: destroyed once */
	}
	if (status != EXIT_OK) {
		free(pms);
		return status;
	}
	*out = pms;
	return EXIT_OK;
}

static void report(const struct outcome *res, bool json)
{
	struct json_object *o;

	if (!json) {
		printf("destroyed %zu pagemap%s", res->ndestroyed, res->ndestroyed == 1 ? "" : "s");
		if (res->nfailed)
			printf(", %zu failed", res->nfailed);
		putchar('\n');
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "destroyed", json_object_get(res->destroyed));
	json_object_object_add(o, "failed", json_object_get(res->failed));
	print_json(o);
	json_object_put(o);
}

static int run(const struct cmd *cmd, int argc, char **argv)
{
	struct outcome res = { .status = EXIT_OK };
	struct memremap_pagemap **pms = NULL;
	struct memremap_ctx *ctx;
	bool json = false, all;
	unsigned int flags = 0;
	const char *why;
	size_t n;
	int c, i, rc;

	while ((c = getopt_long(argc, argv, COMMON_SHORT "je", options, NULL)) != -1) {
		if (c == 'j') {
			json = true;
			continue;
		}
		if (c == 'e') {
			flags |= MEMREMAP_DESTROY_EVICT;
			continue;
		}
		rc = common_option(cmd, c, argv);
		if (rc >= 0)
			return rc;
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return usage_error(cmd, "missing PAGEMAP (pagemapN, N, a name, or all)");
	all = strcmp(argv[0], "all") == 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "all") == 0) {
			if (argc > 1)
				return usage_error(cmd, "'all' cannot be combined with other pagemaps");
		} else if (check_pagemap_spec(argv[i], &why) < 0) {
			return usage_error(cmd, "invalid pagemap '%s': %s", argv[i], why);
		}
	}

	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK)
		return rc;
	rc = select_pagemaps(cmd, ctx, argc, argv, all, &pms, &n);
	if (rc == EXIT_OK) {
		res.destroyed = json_object_new_array();
		res.failed = json_object_new_array();
		destroy_each(cmd, ctx, pms, n, all, flags, &res);
		report(&res, json);
		namespace_notes(cmd, ctx, pms, n);
		json_object_put(res.destroyed);
		json_object_put(res.failed);
		rc = res.status;
	}
	free(pms);
	memremap_unref(ctx);
	return rc;
}

const struct cmd cmd_destroy = {
	.name = "destroy",
	.run = run,
	.summary = "destroy pagemaps",
	.usage = " PAGEMAP... | all [--evict] [-j]\n\n"
		 "PAGEMAP is pagemapN, N or a name. Every PAGEMAP must exist: when one\n"
		 "does not, nothing is destroyed.\n\n"
		 "Options:\n"
		 "  -e, --evict           move migrated data of private and coherent\n"
		 "                        pagemaps back to RAM first\n"
		 "  -j, --json            print {\"destroyed\": [...], \"failed\": [...]}\n",
};
