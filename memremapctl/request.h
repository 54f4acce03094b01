/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A request for one pagemap, from create's command line or a section of
 * memremap.conf, with what the user wrote. The library (memremap_plan_new())
 * decides what becomes of it; this words its decisions as the user wrote
 * the request: "--size 256M" on the command line, "size = 256M" in a file.
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

/* What happened (or, in a dry run, would), for the caller to tell. */
struct request_result {
	int status;		/* EXIT_*; EXIT_OK: pagemap is it (or to_create) */
	bool existed;		/* a pagemap of that name, the same, was there */
	bool to_create;		/* a dry run: it would be created */
	bool waiting;		/* the range's resource is missing or in use */
	struct memremap_pagemap *pagemap;	/* what exists: made, the same or in conflict */
	char why[1024];		/* why not, when status != EXIT_OK */
	char note[256];		/* something done on the way ("disabled ...") */
};

/* "pagemap \"scratch\"", "pagemap on namespace0.1", "pagemap at 0x80000000" */
void request_describe(char *buf, size_t len, const struct request *rq);
/*
 * Plan rq with the library and, unless dry_run, carry the plan out: create
 * it, or find the same pagemap of its name; see struct request_result.
 */
void request_run(struct memremap_ctx *ctx, const struct request *rq, bool dry_run,
		 struct request_result *res);

#endif
