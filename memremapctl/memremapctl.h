/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the memremapctl commands share. */
#ifndef _MEMREMAPCTL_H
#define _MEMREMAPCTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <memremap/libmemremap.h>

/* Exit status, documented in memremapctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_REFUSED = 1,	/* the kernel or library refused: rule, conflict, busy */
	EXIT_USAGE = 2,		/* bad command line; nothing was asked of the kernel */
	EXIT_NOT_FOUND = 3,	/* no such pagemap */
	EXIT_PERMISSION = 4,	/* permission denied */
	EXIT_SYSTEM = 5,	/* module missing, kernel lacks support, unexpected */
};

struct cmd {
	const char *name;
	int (*run)(const struct cmd *cmd, int argc, char **argv);
	const char *summary;
	const char *usage;	/* option lines printed by --help */
	void (*more_usage)(FILE *out);	/* what --help prints after them, or NULL */
};

extern const struct cmd cmd_create, cmd_list, cmd_destroy, cmd_migrate, cmd_apply, cmd_monitor, cmd_version,
	cmd_help;
extern const struct cmd *const commands[];
const struct cmd *find_command(const char *name);

/* Options every command takes; the --sysroot given before the command is the default. */
enum { OPT_SYSROOT = 0x100 };
#define COMMON_OPTIONS						\
	{ "help", no_argument, NULL, 'h' },			\
	{ "sysroot", required_argument, NULL, OPT_SYSROOT }
#define COMMON_SHORT ":h"
extern const char *global_sysroot;

/* Output switches shared by list and create. */
struct output_opts {
	bool json;
	bool human;
	bool verbose;
	const char *columns;	/* list -o; NULL: the default set */
};
#define OUTPUT_OPTIONS						\
	{ "json", no_argument, NULL, 'j' },			\
	{ "human", no_argument, NULL, 'u' },			\
	{ "verbose", no_argument, NULL, 'v' }
#define OUTPUT_SHORT "juv"
/* Set the switch for option c of OUTPUT_OPTIONS; false when c is none of them. */
bool output_option(int c, struct output_opts *o);

/*
 * Handle an option of COMMON_OPTIONS or a getopt error for cmd.
 * Returns -1 to go on parsing, else the exit status to return.
 */
int common_option(const struct cmd *cmd, int c, char **argv);
void print_usage(const struct cmd *cmd, FILE *out);

/* Messages: "memremapctl CMD: ..." on stderr. */
void message(const struct cmd *cmd, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
/* A usage error: the message, a hint to --help, and EXIT_USAGE. */
int usage_error(const struct cmd *cmd, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
/* "memremapctl CMD: WHAT: <library's sentence>"; the exit status for it. */
int library_error(const struct cmd *cmd, struct memremap_ctx *ctx, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
int exit_status_for(enum memremap_error_kind kind);
/* The more serious of two exit statuses (5, 4, 1, 3, then 0). */
int worse_status(int a, int b);

/* A context for cmd with --sysroot applied; exit status on failure. */
int open_context(const struct cmd *cmd, struct memremap_ctx **ctx);

/* Parsing (0, or -1 with *why set to a static explanation). */
int parse_size(const char *s, uint64_t *out, const char **why);
int parse_align(const char *s, uint64_t *out, const char **why);
int parse_node(const char *s, int *out, const char **why);
int check_pagemap_spec(const char *s, const char **why);
/* "7f00-7f40" or "0x7f00-0x7f40": page aligned, START below END */
int parse_vrange(const char *s, uint64_t *start, uint64_t *end, const char **why);
/* --type and --name values: -1 when valid, else a usage error's exit status */
int type_option(const struct cmd *cmd, const char *arg, int *type);
int name_option(const struct cmd *cmd, const char *arg);
bool pagemap_matches_spec(struct memremap_pagemap *pm, const char *spec);

/* Formatting */
void format_human(char *buf, size_t len, uint64_t bytes);	/* "512M", "1.5G" */
void format_pagemap_ref(char *buf, size_t len, struct memremap_pagemap *pm);

/*
 * table.c: output defined by columns, as lsblk's. A column is a header
 * (also the name -o takes), a JSON key ("group.key" nests the value in the
 * object "group", which is null when the group's present() says so; NULL:
 * table only), a type and a getter. The table and the JSON of every
 * command's rows come from its struct table_def; JSON keys and types never
 * depend on the columns shown.
 */
enum col_type {
	COL_STR,	/* a string; left-aligned in the table */
	COL_INT,	/* a signed integer */
	COL_U64,	/* an unsigned integer */
	COL_HEX,	/* an address: 0x... in the table, an integer in JSON */
	COL_BYTES,	/* a size: formatted by -u in the table, bytes in JSON */
};
/*
 * What a getter says: null (table "-", or null_text), a string (s, or owned
 * to be freed) or a number.
 */
struct cell {
	bool null;
	const char *null_text;
	const char *s;
	char *owned;
	int64_t i;
	uint64_t u;
};
struct column {
	const char *name;
	const char *key;
	enum col_type type;
	void (*get)(const void *row, struct cell *c);
	struct json_object *(*json)(const void *row);	/* a JSON value other than the cell's */
};
/* fn: a getter setting the cell's member to expr of r, the row as a type *; null if null_if */
#define CELL_GETTER(fn, type, member, expr, null_if)				\
static void fn(const void *row, struct cell *c)				\
{										\
	type *r = (type *)row;							\
										\
	c->member = (expr);							\
	c->null = (null_if);							\
}
struct col_group {
	const char *key;
	bool (*present)(const void *row);
};
struct table_def {
	const struct column *cols;	/* in the order of the JSON keys */
	size_t ncols;
	const struct col_group *groups;
	size_t ngroups;
	const char *defaults;	/* the table's columns, in order ("DEV,NAME,...") */
	const char *verbose;	/* what -v adds after them */
};
#define COLUMNS_MAX 64
struct column_sel {
	const struct column *cols[COLUMNS_MAX];
	size_t n;
};
/*
 * The columns -o SPEC names (case-insensitive, comma-separated; a leading
 * "+" adds them to the default set); spec NULL: the default set, with -v's.
 * -1 on success, else a usage error's exit status (cmd says it).
 */
int select_columns(const struct cmd *cmd, const struct table_def *t, const char *spec,
		   bool verbose, struct column_sel *sel);
/* "TITLE:\n  DEV, ID, NAME, ...\n" for --help (and the completion, which reads it) */
void print_column_names(FILE *out, const char *title, const struct table_def *t);
/* rows as a table (nothing when there are none) or, with -j, a JSON array ([] when empty) */
int print_rows(const struct table_def *t, const void *const *rows, size_t n,
	       const struct output_opts *o, const struct column_sel *sel);
int print_table(const struct column_sel *sel, const void *const *rows, size_t n, bool human);
struct json_object;
struct json_object *row_to_json(const struct table_def *t, const void *row);
void print_json(struct json_object *obj);	/* an empty array as [] */
/* grow arr of *cap elements of elem bytes to hold need; NULL when out of memory */
void *grow_array(void *arr, size_t *cap, size_t need, size_t elem);
/* The pagemaps want() accepts (all when NULL), by id; 0 or -errno. */
int collect_pagemaps(struct memremap_ctx *ctx,
		     bool (*want)(struct memremap_pagemap *, const void *),
		     const void *arg, struct memremap_pagemap ***out, size_t *n);

/* output.c: pagemaps (schema/pagemap.schema.json) */
extern const struct table_def pagemap_table;
struct json_object *pagemap_to_json(struct memremap_pagemap *pm);
struct json_object *json_string_or_null(const char *s);
void json_add_u64(struct json_object *obj, const char *key, uint64_t value);
int print_pagemaps(struct memremap_pagemap **pms, size_t n, const struct output_opts *o);

/* resources.c: list -R */
extern const struct table_def resource_table;
int list_resources(const struct cmd *cmd, struct memremap_ctx *ctx, const struct output_opts *o,
		   const struct column_sel *sel);

#endif /* _MEMREMAPCTL_H */
