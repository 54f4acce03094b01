// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the library reads from sysfs, listed as memremapctl list does: a
 * canned tree of three pagemaps (test/unit/mktree.sh) whose pagemap1
 * takes its values from the input, one "FILE=VALUE" line each (written
 * with a newline, as the kernel prints them; files not named keep the
 * canned value, lines naming no file of it are ignored). Whatever is
 * there, the scan either lists the pagemaps or fails with an explanation.
 */
#include "config.h"

#include <dirent.h>
#include <json-c/json.h>

#include "../../memremapctl/memremapctl.h"
#include "fuzz.h"

#define MAX_FILES	64

static char sys[600], dir[700];
static struct {
	char name[64];
	char *canned;
	size_t len;
	bool changed;
} files[MAX_FILES];
static size_t nfiles;

static void quiet(struct memremap_ctx *ctx, int priority, const char *file, int line,
		  const char *fn, const char *format, va_list args)
{
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = calloc(1, 4096);

	if (!f || !buf)
		abort();
	*len = fread(buf, 1, 4095, f);
	fclose(f);
	return buf;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = fuzz_tmpdir();
	char cmd[1024], path[1024];
	struct dirent *de;
	DIR *d;

	snprintf(cmd, sizeof(cmd), "sh '%s/test/unit/mktree.sh' '%s' 3", TOP_SRCDIR, tmp);
	if (system(cmd) != 0)
		abort();
	snprintf(sys, sizeof(sys), "%s/sys", tmp);
	snprintf(dir, sizeof(dir), "%s/devices/virtual/memremap/pagemap1", sys);
	d = opendir(dir);
	if (!d)
		abort();
	while ((de = readdir(d)) && nfiles < MAX_FILES) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(files[nfiles].name, sizeof(files[nfiles].name), "%s", de->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		files[nfiles].canned = read_whole(path, &files[nfiles].len);
		nfiles++;
	}
	closedir(d);
	return 0;
}

static void set_file(size_t i, const char *value, size_t len)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
	fuzz_write(path, value, len);
}

/* The input's FILE=VALUE lines into the tree, the files changed last time back first */
static void apply(const char *data, size_t size)
{
	const char *line, *end = data + size, *nl, *eq;
	char value[4096];
	size_t i, n;

	for (i = 0; i < nfiles; i++) {
		if (files[i].changed)
			set_file(i, files[i].canned, files[i].len);
		files[i].changed = false;
	}
	for (line = data; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		eq = memchr(line, '=', (size_t)(nl - line));
		if (!eq)
			continue;
		for (i = 0; i < nfiles; i++)
			if (strlen(files[i].name) == (size_t)(eq - line) &&
			    !memcmp(files[i].name, line, (size_t)(eq - line)))
				break;
		n = (size_t)(nl - eq - 1);
		if (i == nfiles || n >= sizeof(value))
			continue;
		memcpy(value, eq + 1, n);
		value[n++] = '\n';
		set_file(i, value, n);
		files[i].changed = true;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memremap_pagemap *pm;
	struct memremap_iter *it;
	struct memremap_ctx *ctx;
	char ref[128];
	int rc, n = 0;

	apply((const char *)data, size);
	if (memremap_new(&ctx) < 0)
		abort();
	memremap_set_log_fn(ctx, quiet);
	memremap_set_sysfs_root(ctx, sys);
	it = memremap_iter_new(ctx);
	fuzz_assert(it);
	while ((rc = memremap_iter_next(it, &pm)) == 0) {
		struct json_object *obj = pagemap_to_json(pm);

		fuzz_assert(obj && json_object_to_json_string(obj));
		json_object_put(obj);
		format_pagemap_ref(ref, sizeof(ref), pm);
		fuzz_assert(memremap_pagemap_get_id(pm) == (unsigned int)n);
		n++;
	}
	if (rc < 0)
		fuzz_assert(memremap_get_last_error(ctx) && *memremap_get_last_error(ctx));
	else
		fuzz_assert(n == 3);
	memremap_iter_free(it);
	memremap_unref(ctx);
	return 0;
}
