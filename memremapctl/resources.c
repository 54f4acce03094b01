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

#define RES(row) ((struct memremap_resource *)(row))
#define RES_CELL(fn, member, expr)						\
	CELL_GETTER(fn, struct memremap_resource, member, expr, false)
RES_CELL(get_name, s, memremap_resource_get_name(r))
RES_CELL(get_kind, s, memremap_resource_kind_to_str(memremap_resource_get_kind(r)))
RES_CELL(get_description, s, memremap_resource_get_description(r))
RES_CELL(get_start, u, memremap_resource_get_start(r))
RES_CELL(get_size, u, memremap_resource_get_size(r))
RES_CELL(get_free, u, memremap_resource_get_free(r))
RES_CELL(get_parent, s, memremap_resource_get_parent(r))

/* "pagemap0 \"scratch\", namespace0.1 (disabled)", or "-" when nothing holds any of it */
static void get_owners(const void *row, struct cell *c)
{
	struct memremap_resource *res = RES(row);
	unsigned int i, n = memremap_resource_get_owner_count(res);
	size_t len = 2;

	for (i = 0; i < n; i++)
		len += strlen(memremap_owner_get_description(memremap_resource_get_owner(res, i))) + 2;
	c->owned = malloc(len);
	if (!c->owned) {
		c->s = "?";
		return;
	}
	strcpy(c->owned, n ? "" : "-");
	for (i = 0; i < n; i++) {
		if (i)
			strcat(c->owned, ", ");
		strcat(c->owned, memremap_owner_get_description(memremap_resource_get_owner(res, i)));
	}
}

static struct json_object *owners_json(const void *row)
{
	struct memremap_resource *res = RES(row);
	struct json_object *owners = json_object_new_array();
	unsigned int i, n = memremap_resource_get_owner_count(res);

	for (i = 0; i < n; i++)
		json_object_array_add(owners, owner_to_json(memremap_resource_get_owner(res, i)));
	return owners;
}

/* The columns of list -R, in the order of the JSON keys. */
static const struct column resource_columns[] = {
	{ "NAME", "name", COL_STR, get_name },
	{ "KIND", "kind", COL_STR, get_kind },
	{ "DESCRIPTION", "description", COL_STR, get_description },
	{ "START", "start", COL_HEX, get_start },
	{ "SIZE", "size", COL_BYTES, get_size },
	{ "FREE", "free", COL_BYTES, get_free },
	{ "PARENT", "parent", COL_STR, get_parent },
	{ "OWNERS", "owners", COL_STR, get_owners, owners_json },
};

const struct table_def resource_table = {
	.cols = resource_columns,
	.ncols = sizeof(resource_columns) / sizeof(resource_columns[0]),
	.defaults = "KIND,START,SIZE,FREE,NAME,OWNERS",
};

int list_resources(const struct cmd *cmd, struct memremap_ctx *ctx, const struct output_opts *o,
		   const struct column_sel *sel)
{
	struct memremap_resource_iter *itr = memremap_resource_iter_new(ctx);
	struct memremap_resource *res, **rs = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (!itr) {
		message(cmd, "out of memory");
		return EXIT_SYSTEM;
	}
	while ((rc = memremap_resource_iter_next(itr, &res)) == 0) {
		struct memremap_resource **p = grow_array(rs, &cap, n + 1, sizeof(*rs));

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
	rc = print_rows(&resource_table, (const void *const *)rs, n, o, sel);
	free(rs);
	return rc;
}
