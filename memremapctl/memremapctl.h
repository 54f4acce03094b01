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
};

extern const struct cmd cmd_create, cmd_list, cmd_destroy, cmd_apply, cmd_monitor, cmd_version,
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
/* --type and --name values: -1 when valid, else a usage error's exit status */
int type_option(const struct cmd *cmd, const char *arg, int *type);
int name_option(const struct cmd *cmd, const char *arg);
bool pagemap_matches_spec(struct memremap_pagemap *pm, const char *spec);

/* Formatting */
void format_human(char *buf, size_t len, uint64_t bytes);	/* "512M", "1.5G" */
void format_pagemap_ref(char *buf, size_t len, struct memremap_pagemap *pm);

/* output.c: pagemaps as JSON objects and table rows */
struct json_object;
struct json_object *pagemap_to_json(struct memremap_pagemap *pm);
void json_add_u64(struct json_object *obj, const char *key, uint64_t value);
struct json_object *json_string_or_null(const char *s);
void print_json(struct json_object *obj);
int print_pagemaps(struct memremap_pagemap **pms, size_t n, const struct output_opts *o);

/* resources.c: list -R */
int list_resources(const struct cmd *cmd, struct memremap_ctx *ctx, const struct output_opts *o);
struct json_object *resource_to_json(struct memremap_resource *res);

#endif /* _MEMREMAPCTL_H */
