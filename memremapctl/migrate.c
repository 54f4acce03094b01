// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremapctl migrate --pid PID --to PAGEMAP|ram: move a running process's
 * anonymous memory into a private or coherent pagemap, or back, as
 * numactl's migratepages moves it between nodes.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "memremapctl.h"

#define RANGES_MAX	64
enum { OPT_PID = 0x100, OPT_TO, OPT_FROM, OPT_RANGE };
#define NSKIP		(sizeof(((struct memremap_migration *)0)->skipped) / sizeof(uint64_t))

static const struct option options[] = {
	/* long only: -p and -t mean --pagemap and --type elsewhere */
	{ "pid", required_argument, NULL, OPT_PID },
	{ "to", required_argument, NULL, OPT_TO },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "range", required_argument, NULL, OPT_RANGE },
	{ "json", no_argument, NULL, 'j' },
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

struct args {
	int pid;
	const char *to, *from;
	bool to_ram, json;
	size_t nranges;
	uint64_t start[RANGES_MAX], end[RANGES_MAX];
};

/* What happened, summed over the pagemaps and ranges of the run. */
struct outcome {
	struct memremap_migration sum;
	struct json_object *pagemaps;	/* [{dev, name, moved, free}] */
	char moved_text[512];		/* "2560 into pagemap1 "dev"" ... */
	size_t text_used;
	unsigned int npagemaps;		/* in moved_text */
};

static int parse_pid(const char *s, int *pid)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 0x3fffffff)
		return -1;
	*pid = (int)v;
	return 0;
}

static int parse_args(const struct cmd *cmd, int argc, char **argv, struct args *a)
{
	const char *why;
	int c, rc;

	while ((c = getopt_long(argc, argv, COMMON_SHORT "j", options, NULL)) != -1) {
		switch (c) {
		case OPT_PID:
			if (parse_pid(optarg, &a->pid) < 0)
				return usage_error(cmd, "invalid --pid '%s': a process id", optarg);
			break;
		case OPT_TO:
			a->to = optarg;
			break;
		case OPT_FROM:
			a->from = optarg;
			break;
		case OPT_RANGE:
			if (a->nranges == RANGES_MAX)
				return usage_error(cmd, "more than %d --range", RANGES_MAX);
			if (parse_vrange(optarg, &a->start[a->nranges], &a->end[a->nranges],
					 &why) < 0)
				return usage_error(cmd, "invalid --range '%s': %s", optarg, why);
			a->nranges++;
			break;
		case 'j':
			a->json = true;
			break;
		default:
			rc = common_option(cmd, c, argv);
			if (rc >= 0)
				return rc;
		}
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!a->pid)
		return usage_error(cmd, "missing --pid PID");
	if (!a->to)
		return usage_error(cmd, "missing --to PAGEMAP (pagemapN, N, a name) or --to ram");
	a->to_ram = strcmp(a->to, "ram") == 0;
	if (!a->to_ram && check_pagemap_spec(a->to, &why) < 0)
		return usage_error(cmd, "invalid --to '%s': %s", a->to, why);
	if (a->from && !a->to_ram)
		return usage_error(cmd, "--from goes with --to ram");
	if (a->from && check_pagemap_spec(a->from, &why) < 0)
		return usage_error(cmd, "invalid --from '%s': %s", a->from, why);
	return -1;
}

static bool takes_migration(struct memremap_pagemap *pm)
{
	return memremap_pagemap_has_counters(pm);
}

/* One pagemap, every range (or all anonymous memory); 0 or an exit status */
static int migrate_one(const struct cmd *cmd, struct memremap_ctx *ctx, const struct args *a,
		       struct memremap_pagemap *pm, struct outcome *out)
{
	unsigned int flags = a->to_ram ? MEMREMAP_MIGRATE_TO_RAM : 0;
	struct memremap_migration r;
	uint64_t moved = 0, free = 0;
	struct json_object *o;
	char ref[64];
	size_t i, k;
	int rc = 0;

	format_pagemap_ref(ref, sizeof(ref), pm);
	for (i = 0; i < (a->nranges ? a->nranges : 1) && rc == 0; i++) {
		if (a->nranges)
			rc = memremap_pagemap_migrate_process(pm, a->pid, a->start[i],
							      a->end[i] - a->start[i], flags, &r);
		else
			rc = memremap_pagemap_migrate_process(pm, a->pid, 0, 0,
							      flags | MEMREMAP_MIGRATE_ALL, &r);
		moved += r.moved;
		free = r.free;
		out->sum.free = r.free;
		for (k = 0; k < NSKIP; k++)
			out->sum.skipped[k] += r.skipped[k];
	}
	out->sum.moved += moved;
	o = json_object_new_object();
	json_object_object_add(o, "dev", json_object_new_string(memremap_pagemap_get_devname(pm)));
	json_object_object_add(o, "name", json_string_or_null(memremap_pagemap_get_name(pm)));
	json_add_u64(o, "moved", moved);
	json_add_u64(o, "free", free);
	json_object_array_add(out->pagemaps, o);
	if (moved || !a->to_ram) {
		int n = snprintf(out->moved_text + out->text_used,
				 sizeof(out->moved_text) - out->text_used, "%s%" PRIu64 " %s %s",
				 out->text_used ? ", " : "", moved, a->to_ram ? "from" : "into",
				 ref);

		if (n > 0 && out->text_used + (size_t)n < sizeof(out->moved_text)) {
			out->text_used += (size_t)n;
			out->npagemaps++;
		}
	}
	if (rc < 0)
		return library_error(cmd, ctx, "cannot migrate pid %d %s %s", a->pid,
				     a->to_ram ? "out of" : "into", ref);
	if (!a->to_ram && r.skipped[MEMREMAP_SKIP_FULL])
		message(cmd, "%s is full: %" PRIu64 " page%s did not fit", ref,
			r.skipped[MEMREMAP_SKIP_FULL], r.skipped[MEMREMAP_SKIP_FULL] == 1 ? "" : "s");
	return EXIT_OK;
}

static void report(const struct args *a, struct outcome *out, int status)
{
	struct json_object *o, *sk;
	uint64_t skipped = 0;
	unsigned int k;
	const char *w;

	for (k = 0; k < NSKIP; k++)
		skipped += out->sum.skipped[k];
	if (!a->json) {
		if (status != EXIT_OK && !out->sum.moved)
			return;
		/* "pid 9: 12 pages moved into pagemap0 "dev"", or per pagemap */
		printf("pid %d: %" PRIu64 " page%s moved", a->pid, out->sum.moved,
		       out->sum.moved == 1 ? "" : "s");
		if (out->npagemaps == 1)
			printf(" %s", strchr(out->moved_text, ' ') + 1);
		if (a->to_ram)
			printf(" to RAM");
		if (out->npagemaps > 1)
			printf(" (%s)", out->moved_text);
		if (!a->to_ram)
			printf("; %" PRIu64 " device page%s free", out->sum.free,
			       out->sum.free == 1 ? "" : "s");
		if (skipped) {
			const char *sep = "";

			printf("; skipped %" PRIu64 ":", skipped);
			for (k = 0; k < NSKIP; k++) {
				if (!out->sum.skipped[k])
					continue;
				w = memremap_skip_to_str(k);
				if (w)
					printf("%s %" PRIu64 " %s", sep, out->sum.skipped[k], w);
				else
					printf("%s %" PRIu64 " (reason %u)", sep,
					       out->sum.skipped[k], k);
				sep = ",";
			}
		}
		putchar('\n');
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "pid", json_object_new_int64(a->pid));
	json_object_object_add(o, "to", json_object_new_string(a->to_ram ? "ram" : a->to));
	json_add_u64(o, "moved", out->sum.moved);
	sk = json_object_new_object();
	for (k = 0; k < NSKIP; k++) {
		w = memremap_skip_to_str(k);
		if (w)
			json_add_u64(sk, w, out->sum.skipped[k]);
	}
	json_object_object_add(o, "skipped", sk);
	json_object_object_add(o, "pagemaps", json_object_get(out->pagemaps));
	print_json(o);
	json_object_put(o);
}

static int run(const struct cmd *cmd, int argc, char **argv)
{
	struct args a = { 0 };
	struct outcome out = { .pagemaps = NULL };
	struct memremap_pagemap *pm;
	struct memremap_iter *itr;
	struct memremap_ctx *ctx;
	int rc, status = EXIT_OK;
	char ref[64];

	rc = parse_args(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK)
		return rc;
	out.pagemaps = json_object_new_array();
	if (!a.to_ram || a.from) {
		const char *spec = a.to_ram ? a.from : a.to;

		if (memremap_pagemap_find(ctx, spec, &pm) < 0) {
			status = library_error(cmd, ctx, "cannot migrate into %s", spec);
		} else if (!takes_migration(pm)) {
			format_pagemap_ref(ref, sizeof(ref), pm);
			message(cmd, "cannot migrate %s %s: it is of type %s; only private and "
				"coherent pagemaps take migrated pages",
				a.to_ram ? "out of" : "into", ref,
				memremap_type_to_str(memremap_pagemap_get_type(pm)));
			status = EXIT_REFUSED;
		} else {
			status = migrate_one(cmd, ctx, &a, pm, &out);
		}
	} else {
		itr = memremap_iter_new(ctx);
		if (!itr)
			status = library_error(cmd, ctx, "cannot list pagemaps");
		while (itr && memremap_iter_next(itr, &pm) == 0 && status == EXIT_OK) {
			if (takes_migration(pm) && memremap_pagemap_get_pages_in_use(pm))
				status = migrate_one(cmd, ctx, &a, pm, &out);
		}
		memremap_iter_free(itr);
	}
	if (status == EXIT_OK || out.sum.moved || a.json)
		report(&a, &out, status);
	json_object_put(out.pagemaps);
	memremap_unref(ctx);
	return status;
}

const struct cmd cmd_migrate = {
	.name = "migrate",
	.run = run,
	.summary = "move a process's memory into device pages and back",
	.usage = " --pid PID --to PAGEMAP|ram [--from PAGEMAP] [--range START-END]... [-j]\n\n"
		 "Moves the anonymous memory of process PID into PAGEMAP (a private or\n"
		 "coherent pagemap: pagemapN, N or a name), or back to RAM (--to ram:\n"
		 "out of every such pagemap, or of --from PAGEMAP). Without --range, all\n"
		 "of its anonymous memory; each --range START-END (hexadecimal, as\n"
		 "/proc/PID/maps prints them) may cross any mappings. Needs root and\n"
		 "what ptrace needs of PID.\n\n"
		 "Options:\n"
		 "      --pid PID         the process\n"
		 "      --to PAGEMAP|ram  where the memory goes\n"
		 "      --from PAGEMAP    with --to ram: only out of this pagemap\n"
		 "      --range START-END only these addresses (repeatable)\n"
		 "  -j, --json            print {\"pid\", \"to\", \"moved\", \"skipped\", \"pagemaps\"}\n",
};
