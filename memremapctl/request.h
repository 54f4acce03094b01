/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A request for one pagemap, from create's command line or a section of
 * memremap.conf: compared with a pagemap of the same name, its range
 * found in a resource, and created. The decisions live here; the caller
 * decides how to tell them.
 */
#ifndef _MEMREMAPCTL_REQUEST_H
#define _MEMREMAPCTL_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <memremap/libmemremap.h>

/* What was asked, with what the user wrote, for messages. */
struct request {
	uint64_t start, size, reserve, align, offset;
	int type;
	bool altmap;
	int node;
	int bar;
	bool force;
	bool config;		/* from memremap.conf: "size = 256M", not "--size 256M" */
	const char *name, *pci;
	const char *resource, *ns, *dax_region;	/* where the range comes from */
	const char *start_arg, *size_arg, *type_arg, *reserve_arg, *align_arg, *node_arg;
	const char *bar_arg, *offset_arg;
};

/* What happened, for the caller to tell. */
struct request_result {
	int status;		/* EXIT_*; EXIT_OK: *pagemap is it */
	bool existed;		/* a pagemap of that name, the same, was there */
	bool waiting;		/* the range's resource is missing or in use */
	bool disabled;		/* --force disabled rq->ns on the way */
	char why[1024];		/* why not, when status != EXIT_OK */
	char note[256];		/* something done on the way ("disabled ...") */
};

/* "pagemap \"scratch\"", "pagemap on namespace0.1", "pagemap at 0x80000000" */
void request_describe(char *buf, size_t len, const struct request *rq);
/* How rq differs from pm, in the user's terms; the number of differences. */
int request_differences(const struct request *rq, struct memremap_pagemap *pm, char *buf,
			size_t len);
/* Create rq, or find the same pagemap of its name; see struct request_result. */
void request_create(struct memremap_ctx *ctx, struct request *rq,
		    struct memremap_pagemap **pagemap, struct request_result *res);

#endif
