// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pagemaps' columns (schema/pagemap.schema.json): the table rows and the
 * JSON objects of list, create, apply and monitor. The JSON keys and their
 * types never depend on options or values: what is missing is null.
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

static bool has_altmap(const void *row)
{
	return memremap_pagemap_has_altmap((struct memremap_pagemap *)row);
}

static bool has_counters(const void *row)
{
	return memremap_pagemap_has_counters((struct memremap_pagemap *)row);
}

static bool has_pci(const void *row)
{
	return memremap_pagemap_get_pci_device((struct memremap_pagemap *)row) != NULL;
}

/*
 * A physical address, which the kernel shows to root alone: for another
 * user null in JSON and "hidden" in the table, as none is "-".
 */
static void address_cell(const void *row, uint64_t addr, bool none, struct cell *c)
{
	bool hidden = memremap_pagemap_addresses_hidden((struct memremap_pagemap *)row);

	c->u = addr;
	c->null = none || hidden;
	c->null_text = !none && hidden ? "hidden" : NULL;
}

static void get_start(const void *row, struct cell *c)
{
	address_cell(row, memremap_pagemap_get_start((struct memremap_pagemap *)row), false, c);
}

static void get_parent_start(const void *row, struct cell *c)
{
	struct memremap_pagemap *pm = (struct memremap_pagemap *)row;

	address_cell(row, memremap_pagemap_get_parent_start(pm), !memremap_pagemap_get_parent(pm),
		     c);
}

/* get_X: the cell's member is expr of r, the pagemap; null when null_if holds */
#define PM_CELL(fn, member, expr, null_if)					\
	CELL_GETTER(fn, struct memremap_pagemap, member, expr, null_if)
PM_CELL(get_dev, s, memremap_pagemap_get_devname(r), false)
PM_CELL(get_id, i, memremap_pagemap_get_id(r), false)
PM_CELL(get_name, s, memremap_pagemap_get_name(r), false)
PM_CELL(get_type, s, memremap_type_to_str(memremap_pagemap_get_type(r)), false)
PM_CELL(get_size, u, memremap_pagemap_get_size(r), false)
PM_CELL(get_node, i, memremap_pagemap_get_numa_node(r), c->i < 0)
PM_CELL(get_align, u, memremap_pagemap_get_align(r), false)
PM_CELL(get_altmap, s, has_altmap(r) ? "yes" : "no", false)
PM_CELL(get_reserve, u, memremap_pagemap_get_altmap_reserve(r), !has_altmap(r))
PM_CELL(get_altmap_free, u, memremap_pagemap_get_altmap_free(r), !has_altmap(r))
PM_CELL(get_altmap_alloc, u, memremap_pagemap_get_altmap_alloc(r), !has_altmap(r))
PM_CELL(get_memmap, u, memremap_pagemap_get_memmap_bytes(r), false)
PM_CELL(get_location, s,
	memremap_memmap_location_to_str(memremap_pagemap_get_memmap_location(r)), false)
PM_CELL(get_data_offset, u, memremap_pagemap_get_data_offset(r), false)
PM_CELL(get_memtype, s, memremap_memtype_to_str(memremap_pagemap_get_memtype(r)), false)
PM_CELL(get_parent, s, memremap_pagemap_get_parent(r), false)
PM_CELL(get_parent_size, u, memremap_pagemap_get_parent_size(r), !memremap_pagemap_get_parent(r))
PM_CELL(get_namespace, s, memremap_pagemap_get_namespace(r), false)
PM_CELL(get_dax_region, s, memremap_pagemap_get_dax_region(r), false)
PM_CELL(get_pci, s, memremap_pagemap_get_pci_device(r), false)
PM_CELL(get_bar, i, memremap_pagemap_get_pci_bar(r), c->i < 0)
PM_CELL(get_pci_offset, u, memremap_pagemap_get_pci_offset(r), !has_pci(r))
PM_CELL(get_chardev, s, memremap_pagemap_get_chardev(r), false)
PM_CELL(get_users, u, memremap_pagemap_get_users(r), false)
PM_CELL(get_in_use, u, memremap_pagemap_get_pages_in_use(r), !has_counters(r))
PM_CELL(get_mig_in, u, memremap_pagemap_get_migrated_in(r), !has_counters(r))
PM_CELL(get_mig_out, u, memremap_pagemap_get_migrated_out(r), !has_counters(r))
PM_CELL(get_mig_fail, u, memremap_pagemap_get_migrate_failures(r), !has_counters(r))

/* The columns of list, create and monitor, in the order of the JSON keys. */
static const struct column pagemap_columns[] = {
	{ "DEV", "dev", COL_STR, get_dev },
	{ "ID", "id", COL_INT, get_id },
	{ "NAME", "name", COL_STR, get_name },
	{ "TYPE", "type", COL_STR, get_type },
	{ "START", "start", COL_HEX, get_start },
	{ "SIZE", "size", COL_BYTES, get_size },
	{ "NODE", "numa_node", COL_INT, get_node },
	{ "ALIGN", "align", COL_BYTES, get_align },
	{ "ALTMAP", NULL, COL_STR, get_altmap },	/* in JSON: the "altmap" object */
	{ "RESERVE", "altmap.reserve", COL_BYTES, get_reserve },
	{ "ALTMAP_FREE", "altmap.free", COL_BYTES, get_altmap_free },
	{ "ALTMAP_ALLOC", "altmap.alloc", COL_BYTES, get_altmap_alloc },
	{ "MEMMAP", "memmap_bytes", COL_BYTES, get_memmap },
	{ "LOCATION", "memmap_location", COL_STR, get_location },
	{ "DATA_OFFSET", "data_offset", COL_BYTES, get_data_offset },
	{ "MEMTYPE", "memtype", COL_STR, get_memtype },	/* null: unknown */
	{ "PARENT", "parent", COL_STR, get_parent },
	{ "PARENT_START", "parent_start", COL_HEX, get_parent_start },
	{ "PARENT_SIZE", "parent_size", COL_BYTES, get_parent_size },
	{ "NAMESPACE", "namespace", COL_STR, get_namespace },
	{ "DAX_REGION", "dax_region", COL_STR, get_dax_region },
	{ "PCI", "pci.device", COL_STR, get_pci },
	{ "BAR", "pci.bar", COL_INT, get_bar },
	{ "PCI_OFFSET", "pci.offset", COL_BYTES, get_pci_offset },
	{ "CHARDEV", "chardev", COL_STR, get_chardev },
	{ "USERS", "users", COL_U64, get_users },
	{ "IN_USE", "migration.pages_in_use", COL_U64, get_in_use },
	{ "MIGRATED_IN", "migration.in", COL_U64, get_mig_in },
	{ "MIGRATED_OUT", "migration.out", COL_U64, get_mig_out },
	{ "MIGRATE_FAILURES", "migration.failures", COL_U64, get_mig_fail },
};

static const struct col_group pagemap_groups[] = {
	{ "altmap", has_altmap },	/* null without an altmap */
	{ "pci", has_pci },		/* null unless on a PCI BAR */
	{ "migration", has_counters },	/* null unless private or coherent */
};

const struct table_def pagemap_table = {
	.cols = pagemap_columns,
	.ncols = sizeof(pagemap_columns) / sizeof(pagemap_columns[0]),
	.groups = pagemap_groups,
	.ngroups = sizeof(pagemap_groups) / sizeof(pagemap_groups[0]),
	.defaults = "DEV,NAME,TYPE,START,SIZE,NODE,ALIGN,ALTMAP",
	.verbose = "RESERVE,ALTMAP_FREE,ALTMAP_ALLOC,MEMMAP,LOCATION,DATA_OFFSET,MEMTYPE,NAMESPACE,"
		   "DAX_REGION,CHARDEV,USERS,IN_USE,MIGRATED_IN,MIGRATED_OUT,PCI,BAR,PARENT",
};

struct json_object *pagemap_to_json(struct memremap_pagemap *pm)
{
	return row_to_json(&pagemap_table, pm);
}

int print_pagemaps(struct memremap_pagemap **pms, size_t n, const struct output_opts *o)
{
	return print_rows(&pagemap_table, (const void *const *)pms, n, o, NULL);
}
