// SPDX-License-Identifier: GPL-2.0-or-later
/* memremapctl: manage ZONE_DEVICE page maps through memremap_ctl. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "memremapctl.h"

const struct cmd *const commands[] = {
	&cmd_create, &cmd_list, &cmd_destroy, &cmd_migrate, &cmd_apply, &cmd_monitor,
	&cmd_version,
	&cmd_help, NULL,
};

const struct cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: memremapctl [--sysroot DIR] COMMAND [OPTIONS]\n"
		"       memremapctl --version | --help\n\nCommands:\n");
	for (i = 0; commands[i]; i++)
		fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\nRun 'memremapctl COMMAND --help' for its options, "
		"'memremapctl help COMMAND' for its man page.\n");
}

static const struct option options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	const struct cmd *cmd;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			/* the same as the version command */
			optind = 1;
			return cmd_version.run(&cmd_version, 1, (char *[]){ "version", NULL });
		case OPT_SYSROOT:
			global_sysroot = optarg;
			break;
		case ':':
			fprintf(stderr, "memremapctl: option '%s' needs a value\n", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "memremapctl: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "memremapctl: missing COMMAND\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "memremapctl: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	optind = 0;	/* full getopt reset for the command's own options */
	return cmd->run(cmd, argc, argv);
}
