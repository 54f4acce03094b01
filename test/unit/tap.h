/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A few lines of TAP for the C unit tests: ok(cond, "what", ...), then done(). */
#ifndef _TEST_TAP_H
#define _TEST_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failures;

static void __attribute__((format(printf, 2, 3))) ok(int pass, const char *format, ...)
{
	va_list args;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_count);
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	putchar('\n');
	if (!pass)
		tap_failures++;
}

/* A note explaining a failure, shown by the TAP driver. */
static void __attribute__((format(printf, 1, 2))) diag(const char *format, ...)
{
	va_list args;

	fputs("# ", stdout);
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	putchar('\n');
}

/* ok() that says what it got when the text lacks the part it should have */
static void contains(const char *text, const char *part, const char *what)
{
	int pass = text && strstr(text, part);

	ok(pass, "%s", what);
	if (!pass)
		diag("expected \"%s\" in \"%s\"", part, text ? text : "(null)");
}

static int done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif
