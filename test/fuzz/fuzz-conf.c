// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremap.conf(5): the input is one .conf file, read as apply reads it.
 * A file either loads, every section with a valid name and what create
 * would be given, or fails with "FILE:LINE: ..." and nothing loaded.
 */
#include "config.h"

#include "../../memremapctl/conf.h"
#include "fuzz.h"

static char path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(path, sizeof(path), "%s/fuzz.conf", fuzz_tmpdir());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf conf;
	char err[512];
	size_t i;

	fuzz_write(path, data, size);
	err[0] = '\0';
	if (conf_load_file(path, &conf, err, sizeof(err)) < 0) {
		fuzz_assert(!strncmp(err, path, strlen(path)) && err[strlen(path)] == ':');
		fuzz_assert(conf.count == 0 && !conf.sections);
		return 0;
	}
	for (i = 0; i < conf.count; i++) {
		struct conf_section *s = &conf.sections[i];
		const char *why;

		fuzz_assert(s->line > 0 && !strcmp(s->file, path));
		fuzz_assert(memremap_name_check(s->name, &why) == 0);
		fuzz_assert(conf_find(&conf, s->name) == s);
		fuzz_assert(s->rq.config && s->rq.name == s->name);
	}
	conf_free(&conf);
	return 0;
}
