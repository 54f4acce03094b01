// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Output defined by columns (memremapctl.h, struct column), as lsblk's
 * column table: one table printer, one JSON emitter and one -o parser
 * serve every command's rows.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "memremapctl.h"

void *grow_array(void *arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return arr;
	while (n < need)
		n *= 2;
	p = realloc(arr, n * elem);
	if (p)
		*cap = n;
	return p;
}

int collect_pagemaps(struct memremap_ctx *ctx, bool (*want)(struct memremap_pagemap *, const void *),
		     const void *arg, struct memremap_pagemap ***out, size_t *n)
{
	struct memremap_iter *itr = memremap_iter_new(ctx);
	struct memremap_pagemap *pm, **pms = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!itr)
		return -ENOMEM;
	while ((rc = memremap_iter_next(itr, &pm)) == 0) {
		struct memremap_pagemap **p;

		if (want && !want(pm, arg))
			continue;
		p = grow_array(pms, &cap, *n + 1, sizeof(*pms));
		if (!p) {
			rc = -ENOMEM;
			break;
		}
		pms = p;
		pms[(*n)++] = pm;
	}
	memremap_iter_free(itr);
	if (rc < 0) {
		free(pms);
		*n = 0;
		return rc;
	}
	*out = pms;
	return 0;
}

static const struct column *column_find(const struct table_def *t, const char *name,
					size_t len)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i].name) == len && strncasecmp(t->cols[i].name, name, len) == 0)
			return &t->cols[i];
	return NULL;
}

void print_column_names(FILE *out, const char *title, const struct table_def *t)
{
	size_t i, at = 0;

	fprintf(out, "%s:\n", title);
	for (i = 0; i < t->ncols; i++) {
		size_t len = strlen(t->cols[i].name);

		if (at && at + len + 2 > 78) {
			fputs(",\n", out);
			at = 0;
		} else if (at) {
			fputs(", ", out);
			at += 2;
		}
		if (!at) {
			fputs("  ", out);
			at = 2;
		}
		fputs(t->cols[i].name, out);
		at += len;
	}
	fputc('\n', out);
}

/* Append "A,B,..." of names (the default sets) to sel; they are all known. */
static void select_names(struct column_sel *sel, const struct table_def *t, const char *names)
{
	while (names && *names && sel->n < COLUMNS_MAX) {
		size_t len = strcspn(names, ",");

		sel->cols[sel->n++] = column_find(t, names, len);
		names += len + (names[len] == ',');
	}
}

int select_columns(const struct cmd *cmd, const struct table_def *t, const char *spec,
		   bool verbose, struct column_sel *sel)
{
	const char *p = spec;

	sel->n = 0;
	if (!spec || *spec == '+') {
		select_names(sel, t, t->defaults);
		if (verbose)
			select_names(sel, t, t->verbose);
		if (!spec)
			return -1;
		p++;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		const struct column *c = column_find(t, p, len);

		if (!c) {
			char valid[1024] = "";
			size_t i;

			for (i = 0; i < t->ncols; i++) {
				if (i)
					strncat(valid, ", ", sizeof(valid) - strlen(valid) - 1);
				strncat(valid, t->cols[i].name, sizeof(valid) - strlen(valid) - 1);
			}
			if (!len)
				return usage_error(cmd, "--output '%s' has an empty column name; "
						   "columns: %s", spec, valid);
			return usage_error(cmd, "unknown column '%.*s' in --output; columns: %s",
					   (int)len, p, valid);
		}
		if (sel->n == COLUMNS_MAX)
			return usage_error(cmd, "--output names more than %d columns", COLUMNS_MAX);
		sel->cols[sel->n++] = c;
		if (!p[len])
			return -1;
		p += len + 1;
	}
}

/* The cell's text: malloc'd, or NULL when out of memory. */
static char *cell_text(const struct column *c, const void *row, bool human)
{
	struct cell v = { 0 };
	char buf[64], *s;

	c->get(row, &v);
	if (v.null) {
		s = strdup(v.null_text ? v.null_text : "-");
	} else if (c->type == COL_STR) {
		s = v.owned ? v.owned : strdup(v.s ? v.s : "-");
		v.owned = NULL;
	} else {
		if (c->type == COL_INT)
			snprintf(buf, sizeof(buf), "%" PRId64, v.i);
		else if (c->type == COL_HEX)
			snprintf(buf, sizeof(buf), "0x%" PRIx64, v.u);
		else if (c->type == COL_BYTES && human)
			format_human(buf, sizeof(buf), v.u);
		else
			snprintf(buf, sizeof(buf), "%" PRIu64, v.u);
		s = strdup(buf);
	}
	free(v.owned);
	return s;
}

int print_table(const struct column_sel *sel, const void *const *rows, size_t n, bool human)
{
	size_t width[COLUMNS_MAX] = { 0 };
	char **cells;
	size_t r, i, k = sel->n;
	int rc = EXIT_OK;

	if (n == 0 || k == 0)
		return EXIT_OK;
	cells = calloc(n * k, sizeof(*cells));
	if (!cells)
		goto oom;
	for (i = 0; i < k; i++) {
		width[i] = strlen(sel->cols[i]->name);
		for (r = 0; r < n; r++) {
			char *s = cell_text(sel->cols[i], rows[r], human);

			if (!s)
				goto oom;
			cells[r * k + i] = s;
			if (strlen(s) > width[i])
				width[i] = strlen(s);
		}
	}
	for (r = 0; r <= n; r++) {
		for (i = 0; i < k; i++) {
			const char *s = r ? cells[(r - 1) * k + i] : sel->cols[i]->name;

			if (sel->cols[i]->type != COL_STR)
				printf("%*s", (int)width[i], s);
			else if (i + 1 == k)
				fputs(s, stdout);
			else
				printf("%-*s", (int)width[i], s);
			fputs(i + 1 == k ? "\n" : "  ", stdout);
		}
	}
	goto out;
oom:
	fprintf(stderr, "memremapctl: out of memory\n");
	rc = EXIT_SYSTEM;
out:
	for (r = 0; cells && r < n * k; r++)
		free(cells[r]);
	free(cells);
	return rc;
}

static struct json_object *cell_json(const struct column *c, const void *row)
{
	struct cell v = { 0 };
	struct json_object *o = NULL;

	if (c->json)
		return c->json(row);
	c->get(row, &v);
	if (v.null)
		o = NULL;
	else if (c->type == COL_STR)
		o = v.owned || v.s ? json_object_new_string(v.owned ? v.owned : v.s) : NULL;
	else if (c->type == COL_INT)
		o = json_object_new_int64(v.i);
	else
		o = json_object_new_uint64(v.u);
	free(v.owned);
	return o;
}

struct json_object *row_to_json(const struct table_def *t, const void *row)
{
	struct json_object *o = json_object_new_object();
	size_t i, j;

	for (i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];
		const char *dot = c->key ? strchr(c->key, '.') : NULL;
		struct json_object *group = NULL;

		if (!c->key)
			continue;
		if (!dot) {
			json_object_object_add(o, c->key, cell_json(c, row));
			continue;
		}
		/* "group.key": the group is made at its first member, null when absent */
		for (j = 0; j < t->ngroups; j++)
			if (strncmp(t->groups[j].key, c->key, (size_t)(dot - c->key)) == 0 &&
			    !t->groups[j].key[dot - c->key])
				break;
		if (j == t->ngroups)
			continue;	/* cannot happen: the tables are checked by test-parse */
		if (!json_object_object_get_ex(o, t->groups[j].key, &group))
			json_object_object_add(o, t->groups[j].key, group = t->groups[j].present(row) ?
					       json_object_new_object() : NULL);
		if (group)
			json_object_object_add(group, dot + 1, cell_json(c, row));
	}
	return o;
}

void print_json(struct json_object *obj)
{
	if (json_object_is_type(obj, json_type_array) && json_object_array_length(obj) == 0) {
		puts("[]");	/* json-c would print "[\n]" */
		return;
	}
	fputs(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
					     JSON_C_TO_STRING_SPACED |
					     JSON_C_TO_STRING_NOSLASHESCAPE), stdout);
	fputc('\n', stdout);
}

int print_rows(const struct table_def *t, const void *const *rows, size_t n,
	       const struct output_opts *o, const struct column_sel *sel)
{
	struct column_sel all;
	struct json_object *arr;
	size_t i;

	if (!o->json) {
		if (!sel) {
			select_columns(NULL, t, NULL, o->verbose, &all);
			sel = &all;
		}
		return print_table(sel, rows, n, o->human);
	}
	arr = json_object_new_array_ext((int)n);
	for (i = 0; i < n; i++)
		json_object_array_add(arr, row_to_json(t, rows[i]));
	print_json(arr);
	json_object_put(arr);
	return EXIT_OK;
}
