/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small test harness for the ABI tests: tests register themselves with
 * TEST(), run in registration order (or those named on the command line,
 * by prefix), and report as TAP: "ok N - name", "not ok N - name", or
 * "ok N - name # SKIP why". CHECK() records a failure and goes on;
 * REQUIRE() ends the test; SKIP() ends it as skipped. "--list" prints
 * every test's name, one a line, and runs none (test/unit/abi-selected.sh
 * holds them against the guest scripts' command lines).
 */
#ifndef MEMREMAP_TEST_HARNESS_H
#define MEMREMAP_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ht_test {
	const char *name;
	void (*fn)(void);
};

extern struct ht_test *ht_tests;
extern int ht_ntests;
extern int ht_failed_checks;
extern jmp_buf ht_jmp;
extern char ht_skip_reason[256];
/* Runs before every test, e.g. to remove what a failed test left. */
extern void (*ht_before_each)(void);

/* No limit: a test that cannot be registered stops the program. */
static inline void ht_register(const char *name, void (*fn)(void))
{
	struct ht_test *t = realloc(ht_tests, (ht_ntests + 1) * sizeof(*t));

	if (!t) {
		printf("Bail out! no memory to register test %s\n", name);
		exit(1);
	}
	ht_tests = t;
	ht_tests[ht_ntests++] = (struct ht_test){ name, fn };
}

#define TEST(n)								\
	static void n(void);						\
	__attribute__((constructor)) static void ht_reg_##n(void)	\
	{								\
		ht_register(#n, n);					\
	}								\
	static void n(void)

__attribute__((format(printf, 3, 4)))
static inline void ht_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	ht_failed_checks++;
}

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond))						\
			ht_fail(__FILE__, __LINE__, __VA_ARGS__);	\
	} while (0)

#define REQUIRE(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			ht_fail(__FILE__, __LINE__, __VA_ARGS__);	\
			longjmp(ht_jmp, 1);				\
		}							\
	} while (0)

#define SKIP(...)							\
	do {								\
		snprintf(ht_skip_reason, sizeof(ht_skip_reason),	\
			 __VA_ARGS__);					\
		longjmp(ht_jmp, 2);					\
	} while (0)

#define CHECK_EQ(a, b, what)						\
	do {								\
		unsigned long long _a = (unsigned long long)(a);	\
		unsigned long long _b = (unsigned long long)(b);	\
		CHECK(_a == _b, "%s: got %llu (%#llx), expected %llu (%#llx)", \
		      what, _a, _a, _b, _b);				\
	} while (0)

/* Runs the tests; defined once, in the file that defines HT_MAIN. */
int ht_main(int argc, char **argv);

#ifdef HT_MAIN
struct ht_test *ht_tests;
int ht_ntests;
int ht_failed_checks;
jmp_buf ht_jmp;
char ht_skip_reason[256];
void (*ht_before_each)(void);

static int ht_selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (!strncmp(name, argv[i], strlen(argv[i])))
			return 1;
	return 0;
}

int ht_main(int argc, char **argv)
{
	volatile int i, n = 0, failed = 0, planned = 0;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < ht_ntests; i++)
			printf("%s\n", ht_tests[i].name);
		return 0;
	}
	for (i = 0; i < ht_ntests; i++)
		planned += ht_selected(ht_tests[i].name, argc, argv);
	printf("1..%d\n", planned);
	for (i = 0; i < ht_ntests; i++) {
		int how;

		if (!ht_selected(ht_tests[i].name, argc, argv))
			continue;
		n++;
		ht_failed_checks = 0;
		printf("# %s\n", ht_tests[i].name);
		fflush(stdout);
		how = setjmp(ht_jmp);
		if (how == 0) {
			if (ht_before_each)
				ht_before_each();
			ht_tests[i].fn();
		}
		if (how == 2) {
			printf("ok %d - %s # SKIP %s\n", n, ht_tests[i].name,
			       ht_skip_reason);
		} else if (ht_failed_checks || how == 1) {
			printf("not ok %d - %s\n", n, ht_tests[i].name);
			failed++;
		} else {
			printf("ok %d - %s\n", n, ht_tests[i].name);
		}
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
#endif

#endif /* MEMREMAP_TEST_HARNESS_H */
