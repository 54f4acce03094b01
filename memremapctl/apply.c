// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremapctl apply: make the running system match memremap.conf(5).
 * Creates what is missing, leaves what matches, reports and leaves alone
 * what conflicts, waits (reports "waiting") for ranges that are not there
 * yet, and with --prune destroys named pagemaps no section describes.
 * Running it again changes nothing.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "memremapctl.h"
#include "conf.h"
#include "request.h"

enum { OPT_CONFIG = 0x200, OPT_DRY_RUN, OPT_PRUNE, OPT_DEVICE };

static const struct option options[] = {
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "prune", no_argument, NULL, OPT_PRUNE },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "json", no_argument, NULL, 'j' },
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/* What became of one section (or one pagemap, when pruned). */
enum outcome { CREATED, UNCHANGED, CONFLICT, PRUNED, WAITING, TO_CREATE, TO_PRUNE, FAILED };
static const char *const outcome_names[] = {
	[CREATED] = "created", [UNCHANGED] = "unchanged", [CONFLICT] = "conflict",
	[PRUNED] = "pruned", [WAITING] = "waiting", [TO_CREATE] = "to_create",
	[TO_PRUNE] = "to_prune", [FAILED] = "failed",
};

struct entry {
	const char *name;
	const char *file;		/* NULL when pruned */
	int line;
	enum outcome outcome;
	struct memremap_pagemap *pm;	/* what exists (or was pruned); may be NULL */
	char reason[1024];
	int status;			/* EXIT_* this entry adds */
};

struct report {
	struct entry *entries;
	size_t count;
	bool dry_run;
};

static struct entry *add_entry(struct report *r, const char *name)
{
	struct entry *arr = realloc(r->entries, (r->count + 1) * sizeof(*arr));

	if (!arr)
		return NULL;
	r->entries = arr;
	memset(&arr[r->count], 0, sizeof(arr[0]));
	arr[r->count].name = name;
	return &arr[r->count++];
}

/*
 * Does a section's range depend on device dev (a udev event's kernel name)?
 * NVDIMM and dax devices concern the sections with a namespace, dax region
 * or resource; the module's control node, and anything else, all of them.
 */
static bool section_for_device(const struct conf_section *s, const char *dev)
{
	static const char *const nvdimm_devices[] = {
		"namespace", "pfn", "btt", "dax", "region", "ndbus", "hmem",
	};
	size_t i;

	if (!dev)
		return true;
	for (i = 0; i < sizeof(nvdimm_devices) / sizeof(nvdimm_devices[0]); i++)
		if (!strncmp(dev, nvdimm_devices[i], strlen(nvdimm_devices[i])))
			return s->rq.ns || s->rq.dax_region || s->rq.resource;
	return true;
}

/* What became of a section: the same planning for a dry run and a real one. */
static void apply_section(struct memremap_ctx *ctx, struct conf_section *s, struct entry *e,
			  bool dry_run)
{
	struct request_result res;

	request_run(ctx, &s->rq, dry_run, &res);
	e->pm = res.pagemap;
	if (res.status == EXIT_OK) {
		e->outcome = res.existed ? UNCHANGED : res.to_create ? TO_CREATE : CREATED;
		return;
	}
	snprintf(e->reason, sizeof(e->reason), "%s", res.why);
	if (res.waiting) {
		e->outcome = WAITING;
		e->status = EXIT_NOT_FOUND;
	} else if (res.status == EXIT_REFUSED || res.status == EXIT_USAGE ||
		   res.status == EXIT_NOT_FOUND) {
		e->outcome = CONFLICT;
		e->status = EXIT_REFUSED;
	} else {
		e->outcome = FAILED;
		e->status = res.status;
	}
}

/* Named pagemaps no section describes: destroyed with --prune. */
static int prune(struct memremap_ctx *ctx, struct conf *conf, struct report *r)
{
	struct memremap_iter *itr = memremap_iter_new(ctx);
	struct memremap_pagemap *pm, **victims = NULL;
	size_t n = 0, i;
	int rc;

	if (!itr)
		return -ENOMEM;
	while ((rc = memremap_iter_next(itr, &pm)) == 0) {
		const char *name = memremap_pagemap_get_name(pm);
		struct memremap_pagemap **arr;

		if (!name || conf_find(conf, name))
			continue;
		arr = realloc(victims, (n + 1) * sizeof(*arr));
		if (!arr) {
			rc = -ENOMEM;
			break;
		}
		victims = arr;
		victims[n++] = pm;
	}
	memremap_iter_free(itr);
	for (i = 0; rc >= 0 && i < n; i++) {
		struct entry *e = add_entry(r, memremap_pagemap_get_name(victims[i]));

		if (!e) {
			rc = -ENOMEM;
			break;
		}
		e->pm = victims[i];
		if (r->dry_run) {
			e->outcome = TO_PRUNE;
		} else if (memremap_pagemap_destroy(victims[i]) == 0) {
			e->outcome = PRUNED;
		} else {
			e->outcome = CONFLICT;
			snprintf(e->reason, sizeof(e->reason), "cannot destroy: %s",
				 memremap_get_last_error(ctx));
			e->status = exit_status_for(memremap_get_last_error_kind(ctx));
		}
	}
	free(victims);
	return rc < 0 ? rc : 0;
}

#define ENTRY(row) ((const struct entry *)(row))
#define ENTRY_CELL(fn, member, expr, null_if)					\
	CELL_GETTER(fn, const struct entry, member, expr, null_if)
ENTRY_CELL(get_section, s, r->name, false)
ENTRY_CELL(get_file, s, r->file, false)
ENTRY_CELL(get_line, i, r->line, !r->file)
ENTRY_CELL(get_outcome, s, outcome_names[r->outcome], false)
ENTRY_CELL(get_reason, s, r->reason[0] ? r->reason : NULL, false)
ENTRY_CELL(get_pagemap, s, r->pm ? memremap_pagemap_get_devname(r->pm) : NULL, false)

/* a pruned pagemap is gone: its last known state, for the record */
static struct json_object *pagemap_json(const void *row)
{
	return ENTRY(row)->pm ? pagemap_to_json(ENTRY(row)->pm) : NULL;
}

/* "memremap.conf:3: why", "(no section)" for what --prune found */
static void get_from(const void *row, struct cell *c)
{
	const struct entry *e = ENTRY(row);
	size_t len = (e->file ? strlen(e->file) : 0) + strlen(e->reason) + 40;

	c->owned = malloc(len);
	if (!c->owned)
		return;
	if (e->file)
		snprintf(c->owned, len, "%s:%d%s%s", e->file, e->line, e->reason[0] ? ": " : "",
			 e->reason);
	else
		snprintf(c->owned, len, "(no section)%s%s", e->reason[0] ? ": " : "", e->reason);
}

/* The sections of apply's report (schema/apply.schema.json), in the order of the JSON keys. */
static const struct column entry_columns[] = {
	{ "SECTION", "name", COL_STR, get_section },
	{ "FILE", "file", COL_STR, get_file },
	{ "LINE", "line", COL_INT, get_line },
	{ "OUTCOME", "outcome", COL_STR, get_outcome },
	{ "REASON", "reason", COL_STR, get_reason },
	{ "PAGEMAP", "pagemap", COL_STR, get_pagemap, pagemap_json },
	{ "FROM: REASON", NULL, COL_STR, get_from },
};

static const struct table_def entry_table = {
	.cols = entry_columns,
	.ncols = sizeof(entry_columns) / sizeof(entry_columns[0]),
	.defaults = "SECTION,OUTCOME,PAGEMAP,FROM: REASON",
};

/* Does the system match the configuration (after this run)? */
static bool converged(const struct report *r, int status)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (r->entries[i].outcome == TO_CREATE || r->entries[i].outcome == TO_PRUNE)
			return false;
	return status == EXIT_OK;
}

static void print_report(const struct report *r, bool json, int status)
{
	const void **rows = calloc(r->count ? r->count : 1, sizeof(*rows));
	struct column_sel sel;
	size_t i;

	if (!rows) {
		fprintf(stderr, "memremapctl apply: out of memory\n");
		return;
	}
	for (i = 0; i < r->count; i++)
		rows[i] = &r->entries[i];
	if (json) {
		struct json_object *o = json_object_new_object();
		struct json_object *arr = json_object_new_array();

		for (i = 0; i < r->count; i++)
			json_object_array_add(arr, row_to_json(&entry_table, rows[i]));
		json_object_object_add(o, "dry_run", json_object_new_boolean(r->dry_run));
		json_object_object_add(o, "converged", json_object_new_boolean(converged(r, status)));
		json_object_object_add(o, "sections", arr);
		print_json(o);
		json_object_put(o);
	} else {
		select_columns(NULL, &entry_table, NULL, false, &sel);
		print_table(&sel, rows, r->count, false);
	}
	free(rows);
}

static int run(const struct cmd *cmd, int argc, char **argv)
{
	const char *dir = SYSCONFDIR "/memremap.conf.d", *device = NULL;
	bool json = false, dry_run = false, do_prune = false;
	struct report r = { 0 };
	struct memremap_ctx *ctx;
	struct conf conf;
	char err[1024];
	int c, i, rc, status = EXIT_OK;
	size_t s;

	while ((c = getopt_long(argc, argv, COMMON_SHORT "j", options, NULL)) != -1) {
		switch (c) {
		case OPT_CONFIG:
			dir = optarg;
			break;
		case OPT_DRY_RUN:
			dry_run = true;
			break;
		case OPT_PRUNE:
			do_prune = true;
			break;
		case OPT_DEVICE:
			device = optarg;
			break;
		case 'j':
			json = true;
			break;
		default:
			rc = common_option(cmd, c, argv);
			if (rc >= 0)
				return rc;
		}
	}
	if (do_prune && (optind < argc || device))
		return usage_error(cmd, "--prune applies to the whole configuration, not to "
				   "named sections or a device");
	if (conf_load(dir, &conf, err, sizeof(err)) < 0) {
		message(cmd, "%s (nothing was applied)", err);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++)
		if (!conf_find(&conf, argv[i])) {
			conf_free(&conf);
			return usage_error(cmd, "no section [pagemap %s] in %s", argv[i], dir);
		}

	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK) {
		conf_free(&conf);
		return rc;
	}
	r.dry_run = dry_run;
	for (s = 0; s < conf.count; s++) {
		struct conf_section *sec = &conf.sections[s];
		struct entry *e;
		bool named = optind >= argc;

		for (i = optind; i < argc && !named; i++)
			named = !strcmp(argv[i], sec->name);
		if (!named || !section_for_device(sec, device))
			continue;
		e = add_entry(&r, sec->name);
		if (!e) {
			message(cmd, "out of memory: [pagemap %s] and the sections after it "
				"were not applied", sec->name);
			status = EXIT_SYSTEM;
			do_prune = false;	/* only what a whole run decided is pruned */
			break;
		}
		e->file = sec->file;
		e->line = sec->line;
		apply_section(ctx, sec, e, dry_run);
	}
	if (do_prune) {
		rc = prune(ctx, &conf, &r);
		if (rc < 0) {
			message(cmd, "cannot prune: %s", rc == -ENOMEM ? "out of memory" :
				memremap_get_last_error(ctx));
			status = EXIT_SYSTEM;
		}
	}
	for (s = 0; s < r.count; s++)
		status = worse_status(status, r.entries[s].status);
	print_report(&r, json, status);
	free(r.entries);
	memremap_unref(ctx);
	conf_free(&conf);
	return status;
}

const struct cmd cmd_apply = {
	.name = "apply",
	.run = run,
	.summary = "create the pagemaps memremap.conf describes",
	.usage = " [--config DIR] [--dry-run] [--prune] [--device DEV] [NAME...] [-j]\n\n"
		 "Makes the pagemaps of the [pagemap NAME] sections in DIR/*.conf\n"
		 "(" SYSCONFDIR "/memremap.conf.d) exist; running it again changes nothing.\n\n"
		 "Options:\n"
		 "      --config DIR      read DIR/*.conf instead\n"
		 "      --dry-run         say what would be done, do nothing\n"
		 "      --prune           also destroy named pagemaps no section describes\n"
		 "      --device DEV      only the sections a udev event of device DEV\n"
		 "                        concerns (the udev rule passes it)\n"
		 "  -j, --json            the report as JSON\n",
};
