// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremapctl monitor: print pagemap events as they happen, a line each;
 * with -j a JSON object per line: the keys of list -j plus "event" and
 * "timestamp". SIGINT and SIGTERM end it cleanly (exit 0).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "memremapctl.h"

static const struct option options[] = {
	{ "json", no_argument, NULL, 'j' },
	COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/* "2026-11-25T05:12:03.123456Z" */
static void timestamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char base[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%.20s.%06dZ", base, (int)(ts.tv_nsec / 1000) % 1000000);
}

static void print_event(const char *action, struct memremap_pagemap *pm, bool json)
{
	const char *type = memremap_type_to_str(memremap_pagemap_get_type(pm));
	char when[40], size[16], start[24] = "hidden";

	timestamp(when, sizeof(when));
	if (json) {
		struct json_object *o = pagemap_to_json(pm);

		json_object_object_add(o, "event", json_object_new_string(action));
		json_object_object_add(o, "timestamp", json_object_new_string(when));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		return;
	}
	format_human(size, sizeof(size), memremap_pagemap_get_size(pm));
	if (!memremap_pagemap_addresses_hidden(pm))
		snprintf(start, sizeof(start), "0x%" PRIx64, memremap_pagemap_get_start(pm));
	printf("%s %-6s %s%s%s%s %s %s %s\n", when, action,
	       memremap_pagemap_get_devname(pm), memremap_pagemap_get_name(pm) ? " \"" : "",
	       memremap_pagemap_get_name(pm) ? memremap_pagemap_get_name(pm) : "",
	       memremap_pagemap_get_name(pm) ? "\"" : "", type ? type : "-",
	       start, size);
}

static int run(const struct cmd *cmd, int argc, char **argv)
{
	struct memremap_monitor *mon;
	struct memremap_ctx *ctx;
	struct pollfd pfd[2];
	bool json = false;
	sigset_t sigs;
	int c, rc, sfd;

	while ((c = getopt_long(argc, argv, COMMON_SHORT "j", options, NULL)) != -1) {
		if (c == 'j') {
			json = true;
			continue;
		}
		rc = common_option(cmd, c, argv);
		if (rc >= 0)
			return rc;
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind]);

	/* SIGINT and SIGTERM arrive as input, so that we can stop between events */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) < 0 ||
	    (sfd = signalfd(-1, &sigs, SFD_CLOEXEC)) < 0) {
		message(cmd, "cannot watch for SIGINT and SIGTERM: %s", strerror(errno));
		return EXIT_SYSTEM;
	}
	rc = open_context(cmd, &ctx);
	if (rc != EXIT_OK) {
		close(sfd);
		return rc;
	}
	if (memremap_monitor_new(ctx, &mon) < 0) {
		rc = library_error(cmd, ctx, "cannot watch pagemaps");
		memremap_unref(ctx);
		close(sfd);
		return rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* said when listening, so a script knows events from now on are seen */
	message(cmd, "watching pagemap events from %s",
		memremap_monitor_from_udev(mon) ? "udev" : "the kernel (udev is not running)");
	pfd[0] = (struct pollfd){ .fd = memremap_monitor_get_fd(mon), .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	rc = EXIT_OK;
	for (;;) {
		struct memremap_pagemap *pm;
		const char *action;
		int n = poll(pfd, 2, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			message(cmd, "cannot wait for events: %s", strerror(errno));
			rc = EXIT_SYSTEM;
			break;
		}
		if (pfd[1].revents)
			break;		/* SIGINT or SIGTERM: done */
		if (!(pfd[0].revents & POLLIN))
			continue;
		n = memremap_monitor_receive(mon, &action, &pm);
		if (n == -EAGAIN)
			continue;
		if (n < 0) {
			rc = library_error(cmd, ctx, "cannot read an event");
			break;
		}
		print_event(action, pm, json);
		if (ferror(stdout)) {
			rc = EXIT_SYSTEM;
			break;
		}
	}
	memremap_monitor_free(mon);
	memremap_unref(ctx);
	close(sfd);
	return rc;
}

const struct cmd cmd_monitor = {
	.name = "monitor",
	.run = run,
	.summary = "print pagemap events as they happen",
	.usage = " [-j]\n\n"
		 "A line per event (add, remove, change) until SIGINT or SIGTERM.\n\n"
		 "Options:\n"
		 "  -j, --json            a JSON object per line: the keys of list -j,\n"
		 "                        \"event\" and \"timestamp\"\n",
};
