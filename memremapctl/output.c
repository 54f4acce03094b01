// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pagemaps as JSON objects (schema/pagemap.schema.json) and as table rows.
 * The JSON keys and their types never depend on options or values: what is
 * missing is null.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "memremapctl.h"

struct json_object *json_string_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

void json_add_u64(struct json_object *obj, const char *key, uint64_t value)
{
	json_object_object_add(obj, key, json_object_new_uint64(value));
}

struct json_object *pagemap_to_json(struct memremap_pagemap *pm)
{
	struct json_object *o = json_object_new_object();
	struct json_object *altmap = NULL, *pci = NULL;
	const char *parent = memremap_pagemap_get_parent(pm);
	const char *pci_device = memremap_pagemap_get_pci_device(pm);
	int node = memremap_pagemap_get_numa_node(pm);

	if (memremap_pagemap_has_altmap(pm)) {
		altmap = json_object_new_object();
		json_add_u64(altmap, "reserve", memremap_pagemap_get_altmap_reserve(pm));
		json_add_u64(altmap, "free", memremap_pagemap_get_altmap_free(pm));
		json_add_u64(altmap, "alloc", memremap_pagemap_get_altmap_alloc(pm));
	}
	if (pci_device) {
		pci = json_object_new_object();
		json_object_object_add(pci, "device", json_object_new_string(pci_device));
		json_object_object_add(pci, "bar",
				       json_object_new_int(memremap_pagemap_get_pci_bar(pm)));
		json_add_u64(pci, "offset", memremap_pagemap_get_pci_offset(pm));
	}
	json_object_object_add(o, "dev", json_object_new_string(memremap_pagemap_get_devname(pm)));
	json_object_object_add(o, "id", json_object_new_int64(memremap_pagemap_get_id(pm)));
	json_object_object_add(o, "name", json_string_or_null(memremap_pagemap_get_name(pm)));
	json_object_object_add(o, "type", json_string_or_null(
		memremap_type_to_str(memremap_pagemap_get_type(pm))));
	json_add_u64(o, "start", memremap_pagemap_get_start(pm));
	json_add_u64(o, "size", memremap_pagemap_get_size(pm));
	json_object_object_add(o, "numa_node", node >= 0 ? json_object_new_int(node) : NULL);
	json_add_u64(o, "align", memremap_pagemap_get_align(pm));
	json_object_object_add(o, "altmap", altmap);
	json_add_u64(o, "memmap_bytes", memremap_pagemap_get_memmap_bytes(pm));
	json_object_object_add(o, "memmap_location", json_string_or_null(
		memremap_memmap_location_to_str(memremap_pagemap_get_memmap_location(pm))));
	json_add_u64(o, "data_offset", memremap_pagemap_get_data_offset(pm));
	json_object_object_add(o, "parent", json_string_or_null(parent));
	json_object_object_add(o, "parent_start", parent ?
		json_object_new_uint64(memremap_pagemap_get_parent_start(pm)) : NULL);
	json_object_object_add(o, "parent_size", parent ?
		json_object_new_uint64(memremap_pagemap_get_parent_size(pm)) : NULL);
	json_object_object_add(o, "namespace",
			       json_string_or_null(memremap_pagemap_get_namespace(pm)));
	json_object_object_add(o, "dax_region",
			       json_string_or_null(memremap_pagemap_get_dax_region(pm)));
	json_object_object_add(o, "pci", pci);
	return o;
}

void print_json(struct json_object *obj)
{
	fputs(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
					     JSON_C_TO_STRING_SPACED |
					     JSON_C_TO_STRING_NOSLASHESCAPE), stdout);
	fputc('\n', stdout);
}

/* ---- table -------------------------------------------------------------- */

enum col_fmt { F_TEXT, F_NUM, F_HEX, F_BYTES };

struct column {
	const char *header;
	enum col_fmt fmt;
	bool verbose;		/* only with -v */
	bool altmap_only;	/* "-" without an altmap */
	uint64_t (*num)(struct memremap_pagemap *pm);
	const char *(*text)(struct memremap_pagemap *pm);
};

static const char *col_dev(struct memremap_pagemap *pm)
{
	return memremap_pagemap_get_devname(pm);
}

static const char *col_type(struct memremap_pagemap *pm)
{
	return memremap_type_to_str(memremap_pagemap_get_type(pm));
}

static const char *col_altmap(struct memremap_pagemap *pm)
{
	return memremap_pagemap_has_altmap(pm) ? "yes" : "no";
}

static const char *col_location(struct memremap_pagemap *pm)
{
	return memremap_memmap_location_to_str(memremap_pagemap_get_memmap_location(pm));
}

static uint64_t col_node(struct memremap_pagemap *pm)
{
	int node = memremap_pagemap_get_numa_node(pm);

	return node < 0 ? UINT64_MAX : (uint64_t)node;	/* UINT64_MAX: "-" */
}

static uint64_t col_bar(struct memremap_pagemap *pm)
{
	int bar = memremap_pagemap_get_pci_bar(pm);

	return bar < 0 ? UINT64_MAX : (uint64_t)bar;
}

static const struct column columns[] = {
	{ "DEV", F_TEXT, false, false, NULL, col_dev },
	{ "NAME", F_TEXT, false, false, NULL, memremap_pagemap_get_name },
	{ "TYPE", F_TEXT, false, false, NULL, col_type },
	{ "START", F_HEX, false, false, memremap_pagemap_get_start, NULL },
	{ "SIZE", F_BYTES, false, false, memremap_pagemap_get_size, NULL },
	{ "NODE", F_NUM, false, false, col_node, NULL },
	{ "ALIGN", F_BYTES, false, false, memremap_pagemap_get_align, NULL },
	{ "ALTMAP", F_TEXT, false, false, NULL, col_altmap },
	{ "RESERVE", F_BYTES, true, true, memremap_pagemap_get_altmap_reserve, NULL },
	{ "ALTMAP_FREE", F_BYTES, true, true, memremap_pagemap_get_altmap_free, NULL },
	{ "ALTMAP_ALLOC", F_BYTES, true, true, memremap_pagemap_get_altmap_alloc, NULL },
	{ "MEMMAP", F_BYTES, true, false, memremap_pagemap_get_memmap_bytes, NULL },
	{ "LOCATION", F_TEXT, true, false, NULL, col_location },
	{ "DATA_OFFSET", F_BYTES, true, false, memremap_pagemap_get_data_offset, NULL },
	{ "NAMESPACE", F_TEXT, true, false, NULL, memremap_pagemap_get_namespace },
	{ "DAX_REGION", F_TEXT, true, false, NULL, memremap_pagemap_get_dax_region },
	{ "PCI", F_TEXT, true, false, NULL, memremap_pagemap_get_pci_device },
	{ "BAR", F_NUM, true, false, col_bar, NULL },
	{ "PARENT", F_TEXT, true, false, NULL, memremap_pagemap_get_parent },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

static void format_cell(char *buf, size_t len, const struct column *c,
			struct memremap_pagemap *pm, bool human)
{
	const char *s;
	uint64_t v;

	if (c->altmap_only && !memremap_pagemap_has_altmap(pm)) {
		snprintf(buf, len, "-");
		return;
	}
	if (c->text) {
		s = c->text(pm);
		snprintf(buf, len, "%s", s ? s : "-");
		return;
	}
	v = c->num(pm);
	if (c->fmt == F_HEX)
		snprintf(buf, len, "0x%" PRIx64, v);
	else if (c->fmt == F_NUM && v == UINT64_MAX)
		snprintf(buf, len, "-");
	else if (c->fmt == F_BYTES && human)
		format_human(buf, len, v);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

static bool shown(const struct column *c, const struct output_opts *o)
{
	return !c->verbose || o->verbose;
}

static int print_table(struct memremap_pagemap **pms, size_t n, const struct output_opts *o)
{
	enum { CELL = 80 };
	size_t width[NCOLS] = { 0 };
	char *cells;
	size_t r, i, last = 0;

	if (n == 0)
		return EXIT_OK;
	cells = malloc(n * NCOLS * CELL);
	if (!cells) {
		fprintf(stderr, "memremapctl: out of memory\n");
		return EXIT_SYSTEM;
	}
	for (i = 0; i < NCOLS; i++) {
		if (!shown(&columns[i], o))
			continue;
		width[i] = strlen(columns[i].header);
		last = i;
		for (r = 0; r < n; r++) {
			char *cell = cells + (r * NCOLS + i) * CELL;
			size_t w;

			format_cell(cell, CELL, &columns[i], pms[r], o->human);
			w = strlen(cell);
			if (w > width[i])
				width[i] = w;
		}
	}
	for (r = 0; r <= n; r++) {
		for (i = 0; i < NCOLS; i++) {
			const char *s = r == 0 ? columns[i].header :
					cells + ((r - 1) * NCOLS + i) * CELL;
			int w = (int)width[i];

			if (!shown(&columns[i], o))
				continue;
			if (columns[i].fmt != F_TEXT)
				printf("%*s", w, s);
			else if (i == last)
				fputs(s, stdout);
			else
				printf("%-*s", w, s);
			fputs(i == last ? "\n" : "  ", stdout);
		}
	}
	free(cells);
	return EXIT_OK;
}

int print_pagemaps(struct memremap_pagemap **pms, size_t n, const struct output_opts *o)
{
	struct json_object *arr;
	size_t i;

	if (!o->json)
		return print_table(pms, n, o);
	if (n == 0) {
		puts("[]");	/* json-c would print "[\n]" */
		return EXIT_OK;
	}
	arr = json_object_new_array_ext((int)n);
	for (i = 0; i < n; i++)
		json_object_array_add(arr, pagemap_to_json(pms[i]));
	print_json(arr);
	json_object_put(arr);
	return EXIT_OK;
}
