/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memremap.conf(5): the *.conf files of {sysconfdir}/memremap.conf.d, one [pagemap NAME]
 * section per pagemap that should exist.
 */
#ifndef _MEMREMAPCTL_CONF_H
#define _MEMREMAPCTL_CONF_H

#include <stddef.h>

#include "request.h"

struct conf_section {
	char *file;			/* the .conf it is in */
	int line;			/* of its [pagemap NAME] header */
	char *name;
	struct request rq;		/* what it asks for (rq.config set) */
	char *values[16];		/* storage behind rq's strings */
};

struct conf {
	struct conf_section *sections;	/* by file name, then line */
	size_t count;
};

/*
 * Read every *.conf in dir, in name order. 0, or -1 with err set to
 * "FILE:LINE: KEY: what is wrong" (nothing else is done on a bad file).
 * A missing dir is an empty configuration.
 */
int conf_load(const char *dir, struct conf *conf, char *err, size_t errlen);
/* The same for one file's text (host tests). */
int conf_load_file(const char *path, struct conf *conf, char *err, size_t errlen);
void conf_free(struct conf *conf);
struct conf_section *conf_find(struct conf *conf, const char *name);

#endif
