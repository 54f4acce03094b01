// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremapctl list -R: the ranges a pagemap could be made on
 * (schema/resources.schema.json), as a table or a JSON array.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "memremapctl.h"

static struct json_object *owner_to_json(struct memremap_owner *ow)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "kind", json_object_new_string(
		memremap_owner_kind_to_str(memremap_owner_get_kind(ow))));
	json_object_object_add(o, "name", json_object_new_string(memremap_owner_get_name(ow)));
	json_object_object_add(o, "description",
			       json_object_new_string(memremap_owner_get_description(ow)));
	json_add_u64(o, "start", memremap_owner_get_start(ow));
	json_add_u64(o, "size", memremap_owner_get_size(ow));
	return o;
}

struct json_object *resource_to_json(struct memremap_resource *res)
{
	struct json_object *o = json_object_new_object();
	struct json_object *owners = json_object_new_array();
	unsigned int i, n = memremap_resource_get_owner_count(res);

	for (i = 0; i < n; i++)
		json_object_array_add(owners, owner_to_json(memremap_resource_get_owner(res, i)));
	json_object_object_add(o, "name", json_object_new_string(memremap_resource_get_name(res)));
	json_object_object_add(o, "kind", json_object_new_string(
		memremap_resource_kind_to_str(memremap_resource_get_kind(res))));
	json_object_object_add(o, "description",
			       json_object_new_string(memremap_resource_get_description(res)));
	json_add_u64(o, "start", memremap_resource_get_start(res));
	json_add_u64(o, "size", memremap_resource_get_size(res));
	json_add_u64(o, "free", memremap_resource_get_free(res));
	json_object_object_add(o, "parent", json_string_or_null(memremap_resource_get_parent(res)));
	json_object_object_add(o, "owners", owners);
	return o;
}

static void size_cell(char *buf, size_t len, uint64_t v, bool human)
{
	if (human)
		format_human(buf, len, v);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

/* "pagemap0 \"scratch\", namespace0.1 (disabled)" or "-" */
static char *owners_cell(struct memremap_resource *res)
{
	unsigned int i, n = memremap_resource_get_owner_count(res);
	size_t len = 2;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(memremap_owner_get_description(memremap_resource_get_owner(res, i))) + 2;
	s = malloc(len);
	if (!s)
		return NULL;
	strcpy(s, n ? "" : "-");
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, memremap_owner_get_description(memremap_resource_get_owner(res, i)));
	}
	return s;
}

struct row {
	char kind[16], start[24], size[24], free[24], name[MEMREMAP_RES_NAME_MAX + 8];
	char *owners;
};

static void print_row(const struct row *r, const size_t *w)
{
	printf("%-*s  %*s  %*s  %*s  %-*s  %s\n", (int)w[0], r->kind, (int)w[1], r->start,
	       (int)w[2], r->size, (int)w[3], r->free, (int)w[4], r->name, r->owners);
}

static void widen(size_t *w, const struct row *r)
{
	const char *cells[] = { r->kind, r->start, r->size, r->free, r->name };
	size_t i;

	for (i = 0; i < 5; i++)
		if (strlen(cells[i]) > w[i])
			w[i] = strlen(cells[i]);
}

static int print_table(struct memremap_resource **rs, size_t n, const struct output_opts *o)
{
	struct row head = { "KIND", "START", "SIZE", "FREE", "NAME", (char *)"OWNERS" };
	struct row *rows;
	size_t w[5] = { 0 }, i;

	if (!n)
		return EXIT_OK;
	rows = calloc(n, sizeof(*rows));
	if (!rows)
		return EXIT_SYSTEM;
	widen(w, &head);
	for (i = 0; i < n; i++) {
		struct row *r = &rows[i];

		snprintf(r->kind, sizeof(r->kind), "%s",
			 memremap_resource_kind_to_str(memremap_resource_get_kind(rs[i])));
		snprintf(r->start, sizeof(r->start), "0x%" PRIx64, memremap_resource_get_start(rs[i]));
		size_cell(r->size, sizeof(r->size), memremap_resource_get_size(rs[i]), o->human);
		size_cell(r->free, sizeof(r->free), memremap_resource_get_free(rs[i]), o->human);
		snprintf(r->name, sizeof(r->name), "%s", memremap_resource_get_name(rs[i]));
		r->owners = owners_cell(rs[i]);
		if (!r->owners)
			r->owners = strdup("?");
		widen(w, r);
	}
	print_row(&head, w);
	for (i = 0; i < n; i++) {
		print_row(&rows[i], w);
		free(rows[i].owners);
	}
	free(rows);
	return EXIT_OK;
}

int list_resources(const struct cmd *cmd, struct memremap_ctx *ctx, const struct output_opts *o)
{
	struct memremap_resource_iter *itr = memremap_resource_iter_new(ctx);
	struct memremap_resource *res, **rs = NULL;
	size_t n = 0;
	int rc;

	if (!itr) {
		message(cmd, "out of memory");
		return EXIT_SYSTEM;
	}
	while ((rc = memremap_resource_iter_next(itr, &res)) == 0) {
		struct memremap_resource **p = realloc(rs, (n + 1) * sizeof(*rs));

		if (!p) {
			memremap_resource_iter_free(itr);
			free(rs);
			message(cmd, "out of memory");
			return EXIT_SYSTEM;
		}
		rs = p;
		rs[n++] = res;
	}
	memremap_resource_iter_free(itr);
	if (rc < 0) {
		free(rs);
		return library_error(cmd, ctx, "cannot list resources");
	}
	if (o->json) {
		struct json_object *arr;
		size_t i;

		if (!n) {
			puts("[]");
		} else {
			arr = json_object_new_array_ext((int)n);
			for (i = 0; i < n; i++)
				json_object_array_add(arr, resource_to_json(rs[i]));
			print_json(arr);
			json_object_put(arr);
		}
		rc = EXIT_OK;
	} else {
		rc = print_table(rs, n, o);
	}
	free(rs);
	return rc;
}
