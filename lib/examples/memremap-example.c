/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * memremap-example: list the pagemaps; with START and SIZE also create a
 * generic pagemap there, show it and destroy it again.
 *
 *   cc -o memremap-example memremap-example.c $(pkg-config --cflags --libs libmemremap)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <memremap/libmemremap.h>

static void show(struct memremap_pagemap *pm)
{
	const char *name = memremap_pagemap_get_name(pm);

	printf("%s name=%s type=%s start=0x%" PRIx64 " size=%" PRIu64 " memmap=%s\n",
	       memremap_pagemap_get_devname(pm), name ? name : "-",
	       memremap_type_to_str(memremap_pagemap_get_type(pm)),
	       memremap_pagemap_get_start(pm), memremap_pagemap_get_size(pm),
	       memremap_memmap_location_to_str(memremap_pagemap_get_memmap_location(pm)));
}

static int list_all(struct memremap_ctx *ctx)
{
	struct memremap_iter *itr = memremap_iter_new(ctx);
	struct memremap_pagemap *pm;
	int rc, n = 0;

	if (!itr)
		return -1;
	while ((rc = memremap_iter_next(itr, &pm)) == 0) {
		show(pm);
		n++;
	}
	memremap_iter_free(itr);
	if (rc < 0) {
		fprintf(stderr, "cannot list pagemaps: %s\n", memremap_get_last_error(ctx));
		return -1;
	}
	printf("%d pagemap%s\n", n, n == 1 ? "" : "s");
	return 0;
}

static int create_and_destroy(struct memremap_ctx *ctx, uint64_t start, uint64_t size)
{
	struct memremap_params *params;
	struct memremap_pagemap *pm;
	int rc;

	if (memremap_params_new(&params) < 0)
		return -1;
	memremap_params_set_start(params, start);
	memremap_params_set_size(params, size);
	memremap_params_set_type(params, MEMREMAP_TYPE_GENERIC);
	rc = memremap_pagemap_create(ctx, params, &pm);
	memremap_params_free(params);
	if (rc < 0) {
		fprintf(stderr, "cannot create a pagemap: %s\n", memremap_get_last_error(ctx));
		return -1;
	}
	printf("created ");
	show(pm);
	if (memremap_pagemap_destroy(pm) < 0) {
		fprintf(stderr, "cannot destroy %s: %s\n", memremap_pagemap_get_devname(pm),
			memremap_get_last_error(ctx));
		return -1;
	}
	printf("destroyed %s\n", memremap_pagemap_get_devname(pm));
	return 0;
}

int main(int argc, char **argv)
{
	struct memremap_ctx *ctx;
	int rc;

	if (argc != 1 && argc != 3) {
		fprintf(stderr, "usage: %s [START SIZE]\n", argv[0]);
		return 2;
	}
	if (memremap_new(&ctx) < 0)
		return 1;
	rc = list_all(ctx);
	if (rc == 0 && argc == 3)
		rc = create_and_destroy(ctx, strtoull(argv[1], NULL, 0), strtoull(argv[2], NULL, 0));
	memremap_unref(ctx);
	return rc == 0 ? 0 : 1;
}
