// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremap.conf when memory runs out: every strdup() and realloc() of the
 * reader fails in turn (linked with --wrap), and each time the load must
 * fail with "out of memory", never succeed with sections missing.
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "../../memremapctl/conf.h"
#include "tap.h"

static long calls, fail_at;

/*
 * Visible, as the symbols they stand in for: with the sanitizers the
 * link checks shared objects' references to realloc() against them too.
 */
#define WRAPPER __attribute__((visibility("default")))

char *__real_strdup(const char *s);
void *__real_realloc(void *p, size_t n);
WRAPPER char *__wrap_strdup(const char *s);
WRAPPER void *__wrap_realloc(void *p, size_t n);

char *__wrap_strdup(const char *s)
{
	return ++calls == fail_at ? NULL : __real_strdup(s);
}

void *__wrap_realloc(void *p, size_t n)
{
	return ++calls == fail_at ? NULL : __real_realloc(p, n);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

int main(void)
{
	char dir[] = "/tmp/test-conf.XXXXXX", path[256], err[1024];
	struct conf conf;
	int rc, failures = 0;
	bool bad = false;

	if (!mkdtemp(dir))
		return 99;
	snprintf(path, sizeof(path), "%s/10-a.conf", dir);
	write_file(path, "[pagemap a]\nstart = 0x80000000\nsize = 256M\nreserve = 2M\n\n"
		   "[pagemap b]\nnamespace = namespace0.0\naltmap = yes\n");
	snprintf(path, sizeof(path), "%s/20-b.conf", dir);
	write_file(path, "[pagemap c]\nresource = Soft Reserved\nsize = 1G ; comment\n"
		   "[pagemap d]\ntype = private\nsize = 64M\n");

	for (fail_at = 1; fail_at < 1000; fail_at++) {
		calls = 0;
		err[0] = '\0';
		rc = conf_load(dir, &conf, err, sizeof(err));
		if (rc == 0)
			break;
		failures++;
		if (!strstr(err, "out of memory")) {
			bad = true;
			diag("allocation %ld failing: %s", fail_at, err);
		}
	}
	fail_at = 0;
	ok(failures > 10, "allocations failed one at a time: %d", failures);
	ok(!bad, "each failed load says out of memory");
	ok(rc == 0 && conf.count == 4, "the first load with no failure has all 4 sections");
	if (rc == 0) {
		ok(conf_find(&conf, "c") && !strcmp(conf_find(&conf, "c")->rq.size_arg, "1G"),
		   "a value read with its comment cut off");
		conf_free(&conf);
	}
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 99;
	return done();
}
