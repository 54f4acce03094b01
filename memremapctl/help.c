// SPDX-License-Identifier: GPL-2.0-or-later
/* memremapctl help [COMMAND]: the man page, through man(1). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "memremapctl.h"

static const struct option options[] = {
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static int run(const struct cmd *cmd, int argc, char **argv)
{
	char page[64] = "memremapctl";
	int c, rc;

	while ((c = getopt_long(argc, argv, COMMON_SHORT, options, NULL)) != -1) {
		rc = common_option(cmd, c, argv);
		if (rc >= 0)
			return rc;
	}
	if (argc - optind > 1)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	if (optind < argc) {
		const struct cmd *target = find_command(argv[optind]);

		if (!target)
			return usage_error(cmd, "unknown command '%s'", argv[optind]);
		snprintf(page, sizeof(page), "memremapctl-%s", target->name);
	}
	fflush(stdout);
	execlp("man", "man", page, (char *)NULL);
	message(cmd, "cannot show man page %s: cannot run man: %s", page, strerror(errno));
	return EXIT_SYSTEM;
}

const struct cmd cmd_help = {
	.name = "help",
	.run = run,
	.summary = "show the man page of memremapctl or of a command",
	.usage = " [COMMAND]\n\nOpens memremapctl(8), or memremapctl-COMMAND(8), with man(1).\n",
};
