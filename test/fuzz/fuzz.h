/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of the libFuzzer targets: the input as a C string, scratch
 * files. A target aborts (a crash libFuzzer reports with the input) when
 * a parser's answer breaks what its callers rely on.
 */
#ifndef _MEMREMAP_FUZZ_H
#define _MEMREMAP_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define fuzz_assert(cond)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: %s does not hold\n", __FILE__,	\
				__LINE__, #cond);				\
			abort();						\
		}								\
	} while (0)

/* The input, NUL-terminated (it stops at its first NUL byte, as C strings do). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A new directory for the target's files, below $TMPDIR (test/fuzz/run: a tmpfs) */
static inline char *fuzz_tmpdir(void)
{
	static char dir[512];
	const char *base = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/memremap-fuzz.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		abort();
	}
	return dir;
}

/* path's content: exactly len bytes of data */
static inline void fuzz_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "we");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

#endif
