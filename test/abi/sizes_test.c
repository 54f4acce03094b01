// SPDX-License-Identifier: GPL-2.0
/*
 * The size rule of every ioctl (include/uapi/memremap_ctl.h), proved with
 * callers built for other versions of the ABI than this module's: an
 * "older" caller whose struct ends at the first published size, a "newer"
 * one whose struct is longer (zero tail: accepted, non-zero tail: E2BIG),
 * one below the first size (EINVAL) and one beyond a page (EINVAL). Each
 * call's buffer has guard bytes after the caller's size, which the module
 * must never touch, and the module must write back as 'size' what it
 * filled. The numbers themselves carry no size: one that does is unknown.
 *
 * Built against today's header, these tests are as old as the module: the
 * "older" caller then sends the whole struct. test/guest/abi-compat.sh
 * loads the module with abi_test_grow=N, which makes it take every struct
 * as N bytes longer, as a newer module would: there the first published
 * size is truly an older caller's, read short and zero-filled.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

/* What a newer caller adds to today's struct, and the guard after it. */
#define NEWER_TAIL	64
#define GUARD		64
#define GUARD_BYTE	0xa5

/* One ioctl as the tests below call it. */
struct sized_ioctl {
	const char *what;
	unsigned long cmd;
	size_t size;		/* sizeof() the struct, as compiled here */
	size_t ver0;		/* its first published size */
	size_t status;		/* offset of its struct memremap_status */
	/* a valid request in arg, and what it needs (pagemaps, holds on fd) */
	void (*prepare)(void *arg, int fd);
	/* whether an accepted request was answered right; undoes it */
	void (*answered)(const void *arg, int ret, int fd);
};

static uint32_t made_id;

/* How much longer than sizeof() the module takes its structs (abi_test_grow). */
static size_t grow;

static size_t module_grow(void)
{
	FILE *f = fopen("/sys/module/memremap_ctl/parameters/abi_test_grow", "r");
	unsigned long n = 0;

	if (f) {
		if (fscanf(f, "%lu", &n) != 1)
			n = 0;
		fclose(f);
	}
	return n;
}

/* The struct as the module knows it. */
#define MSIZE(k)	((k)->size + grow)

static void make_pagemap(void)
{
	made_id = create_ok(mk_create(pm0.start, 64 * MiB,
				      MEMREMAP_TYPE_GENERIC)).info.id;
}

static void version_prepare(void *arg, int fd)
{
}

static void version_answered(const void *arg, int ret, int fd)
{
	const struct memremap_version *v = arg;

	CHECK(ret == 0, "VERSION: %s", strerror(-ret));
	CHECK_EQ(v->abi_version, MEMREMAP_ABI_VERSION, "abi_version");
	CHECK_EQ(v->page_size, PAGE, "page_size");
	CHECK(v->types & (1U << MEMREMAP_TYPE_GENERIC), "type generic missing");
}

static void create_prepare(void *arg, int fd)
{
	struct memremap_create c = mk_create(pm0.start, 64 * MiB,
					     MEMREMAP_TYPE_GENERIC);

	memcpy(arg, &c, sizeof(c));
}

static void create_answered(const void *arg, int ret, int fd)
{
	const struct memremap_create *c = arg;

	CHECK(ret == 0, "CREATE: %s, reason %s", strerror(-ret),
	      reason_name(c->status.reason));
	CHECK_EQ(c->info.start, pm0.start, "info.start");
	CHECK_EQ(c->info.size, 64 * MiB, "info.size");
	CHECK_EQ(sysfs_u64(c->info.id, "size"), 64 * MiB, "size in sysfs");
	CHECK_EQ(destroy_all(), 1, "pagemaps after the create");
}

static void destroy_prepare(void *arg, int fd)
{
	struct memremap_destroy *d = arg;

	make_pagemap();
	d->id = made_id;
}

static void destroy_answered(const void *arg, int ret, int fd)
{
	const struct memremap_destroy *d = arg;
	struct memremap_query q;

	CHECK(ret == 0, "DESTROY: %s, reason %s", strerror(-ret),
	      reason_name(d->status.reason));
	CHECK(do_query(made_id, 0, NULL, &q) == -ENOENT, "pagemap still there");
}

static void query_prepare(void *arg, int fd)
{
	struct memremap_query *q = arg;

	make_pagemap();
	q->id = made_id;
}

static void query_answered(const void *arg, int ret, int fd)
{
	const struct memremap_query *q = arg;

	CHECK(ret == 0, "QUERY: %s", strerror(-ret));
	CHECK_EQ(q->info.id, made_id, "info.id");
	CHECK_EQ(q->info.start, pm0.start, "info.start");
	CHECK_EQ(q->status.reason, MEMREMAP_R_NONE, "status.reason");
}

static void hold_prepare(void *arg, int fd)
{
	struct memremap_hold *h = arg;

	make_pagemap();
	h->id = made_id;
}

static void hold_answered(const void *arg, int ret, int fd)
{
	CHECK(ret == 0, "HOLD: %s", strerror(-ret));
	CHECK(do_destroy(made_id, NULL) == -EBUSY, "destroy of a held pagemap");
}

static void unhold_prepare(void *arg, int fd)
{
	hold_prepare(arg, fd);
	REQUIRE(do_hold(fd, made_id, true) == 0, "hold");
}

static void unhold_answered(const void *arg, int ret, int fd)
{
	CHECK(ret == 0, "UNHOLD: %s", strerror(-ret));
	CHECK(do_destroy(made_id, NULL) == 0, "destroy after the unhold");
}

/* Into a generic pagemap: refused by its type, on every kernel. */
static void migrate_prepare(void *arg, int fd)
{
	struct memremap_migrate *m = arg;

	make_pagemap();
	m->id = made_id;
	m->addr = 0x10000000;
	m->length = PAGE;
}

static void migrate_answered(const void *arg, int ret, int fd)
{
	const struct memremap_migrate *m = arg;

	CHECK(ret == -EINVAL && m->status.reason == MEMREMAP_R_MIGRATE_TYPE,
	      "MIGRATE into generic: %s, reason %s", strerror(-ret),
	      reason_name(m->status.reason));
	CHECK_EQ(m->status.detail, MEMREMAP_TYPE_GENERIC, "status.detail");
}

#define SIZED(name, ioc, type, fn)					\
	{ name, ioc, sizeof(type), fn##_SIZE_VER0,			\
	  offsetof(type, status), fn##_prepare, fn##_answered }

#define version_SIZE_VER0	MEMREMAP_VERSION_SIZE_VER0
#define create_SIZE_VER0	MEMREMAP_CREATE_SIZE_VER0
#define destroy_SIZE_VER0	MEMREMAP_DESTROY_SIZE_VER0
#define query_SIZE_VER0		MEMREMAP_QUERY_SIZE_VER0
#define hold_SIZE_VER0		MEMREMAP_HOLD_SIZE_VER0
#define unhold_SIZE_VER0	MEMREMAP_HOLD_SIZE_VER0
#define migrate_SIZE_VER0	MEMREMAP_MIGRATE_SIZE_VER0

static const struct sized_ioctl ioctls[] = {
	SIZED("VERSION", MEMREMAP_IOC_VERSION, struct memremap_version, version),
	SIZED("CREATE", MEMREMAP_IOC_CREATE, struct memremap_create, create),
	SIZED("DESTROY", MEMREMAP_IOC_DESTROY, struct memremap_destroy, destroy),
	SIZED("QUERY", MEMREMAP_IOC_QUERY, struct memremap_query, query),
	SIZED("HOLD", MEMREMAP_IOC_HOLD, struct memremap_hold, hold),
	SIZED("UNHOLD", MEMREMAP_IOC_UNHOLD, struct memremap_hold, unhold),
	SIZED("MIGRATE", MEMREMAP_IOC_MIGRATE, struct memremap_migrate, migrate),
};

static const struct sized_ioctl *find(unsigned long cmd)
{
	size_t i;

	for (i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++)
		if (ioctls[i].cmd == cmd)
			return &ioctls[i];
	REQUIRE(0, "no table entry for ioctl %#lx", cmd);
	return NULL;
}

/*
 * Calls k with a struct of 'usize' bytes: a valid request as far as it
 * reaches, then 'tail' (0: zeros, else that byte at its end) up to usize,
 * then guard bytes. Returns 0 or -errno; *buf is the buffer after the
 * call (free it), *copy the same buffer before it, and *state (when not
 * NULL) what /proc/iomem and the class held just before it.
 */
static int call_sized(const struct sized_ioctl *k, uint32_t usize, int tail,
		      unsigned char **buf, unsigned char **copy, char **state,
		      int fd)
{
	size_t len = (usize > MSIZE(k) ? usize : MSIZE(k)) + GUARD;
	unsigned char *b = malloc(len), *c = malloc(len), *req = calloc(1, k->size);
	int ret;

	REQUIRE(b && c && req, "out of memory");
	memset(b, GUARD_BYTE, len);
	memset(b, 0, usize);
	k->prepare(req, fd);
	memcpy(b, req, usize < k->size ? usize : k->size);
	if (tail && usize > MSIZE(k))
		b[usize - 1] = (unsigned char)tail;
	memcpy(b, &usize, sizeof(usize));
	memcpy(c, b, len);
	if (state)
		*state = state_snapshot();
	ret = ioctl(fd, k->cmd, b) ? -errno : 0;
	free(req);
	*buf = b;
	*copy = c;
	return ret;
}

static void check_guard(const struct sized_ioctl *k, const unsigned char *b,
			const unsigned char *before, uint32_t usize)
{
	size_t len = (usize > MSIZE(k) ? usize : MSIZE(k)) + GUARD;

	CHECK(!memcmp(b + usize, before + usize, len - usize),
	      "%s: the module wrote beyond the caller's %u bytes", k->what, usize);
}

static uint32_t size_back(const unsigned char *b)
{
	uint32_t s;

	memcpy(&s, b, sizeof(s));
	return s;
}

static const struct memremap_status *status_of(const struct sized_ioctl *k,
						const unsigned char *b)
{
	return (const void *)(b + k->status);
}

static int open_node(void)
{
	int fd = open("/dev/memremap", O_RDONLY | O_CLOEXEC);

	REQUIRE(fd >= 0, "open /dev/memremap: %s", strerror(errno));
	return fd;
}

/*
 * A caller the module must answer: an older one whose struct ends at the
 * first published size, or a newer one whose fields beyond the module's
 * struct are all zero. The module fills and writes back what both know
 * and leaves the rest as the caller had it.
 */
static void accepted_caller(const struct sized_ioctl *k, uint32_t usize)
{
	uint32_t filled = usize < MSIZE(k) ? usize : MSIZE(k);
	unsigned char *b, *before;
	int fd = open_node(), ret;

	ret = call_sized(k, usize, 0, &b, &before, NULL, fd);
	k->answered(b, ret, fd);
	CHECK_EQ(size_back(b), filled, "size written back");
	check_guard(k, b, before, filled);
	close(fd);
	free(b);
	free(before);
	destroy_all();
}

/* A newer caller asking for something the module does not know. */
static void newer_caller_nonzero_tail(const struct sized_ioctl *k)
{
	uint32_t usize = MSIZE(k) + NEWER_TAIL;
	unsigned char *b, *before;
	int fd = open_node(), ret;
	char *clean;

	ret = call_sized(k, usize, 0x5a, &b, &before, &clean, fd);
	CHECK(ret == -E2BIG, "%s: non-zero tail: %s, not E2BIG", k->what,
	      strerror(-ret));
	CHECK_EQ(status_of(k, b)->reason, MEMREMAP_R_BAD_STRUCT, "status.reason");
	CHECK_EQ(status_of(k, b)->detail, MSIZE(k), "status.detail (module's size)");
	CHECK_EQ(size_back(b), MSIZE(k), "size written back");
	CHECK(!memcmp(b + sizeof(uint32_t), before + sizeof(uint32_t),
		      k->status - sizeof(uint32_t)),
	      "%s: the request's fields came back changed", k->what);
	check_guard(k, b, before, MSIZE(k));
	{
		char *now = state_snapshot();

		CHECK(!strcmp(now, clean), "%s: state changed by a refused call:\n%s",
		      k->what, now);
		free(now);
	}
	free(clean);
	close(fd);
	free(b);
	free(before);
	destroy_all();
}

/* Sizes the module never takes: nothing is written back at all. */
static void refused_size(const struct sized_ioctl *k, uint32_t usize,
			 const char *what)
{
	unsigned char *b, *before;
	int fd = open_node(), ret;

	ret = call_sized(k, usize, 0, &b, &before, NULL, fd);
	CHECK(ret == -EINVAL, "%s: %s size %u: %s, not EINVAL", k->what, what,
	      usize, strerror(-ret));
	CHECK(!memcmp(b, before, (usize > MSIZE(k) ? usize : MSIZE(k)) + GUARD),
	      "%s: %s size %u: buffer changed", k->what, what, usize);
	close(fd);
	free(b);
	free(before);
	destroy_all();
}

static void size_rule(unsigned long cmd)
{
	const struct sized_ioctl *k = find(cmd);
	unsigned char buf[4096] = { 0 };
	unsigned int nr = _IOC_NR(k->cmd);

	grow = module_grow();
	CHECK(k->ver0 <= k->size, "first size beyond the struct");
	printf("# %s: struct %zu bytes here, %zu in the module (abi_test_grow=%zu), first published size %zu\n",
	       k->what, k->size, MSIZE(k), grow, k->ver0);
	/* an older caller: shorter than the module's struct once it grew */
	accepted_caller(k, k->ver0);
	/* a newer caller: longer than the module's, with a zero tail */
	accepted_caller(k, MSIZE(k) + NEWER_TAIL);
	newer_caller_nonzero_tail(k);
	refused_size(k, k->ver0 - 1, "below the first");
	refused_size(k, 0, "zero");
	refused_size(k, 4097, "beyond a page");
	/* a number that carries the struct's size is not one of the module's */
	memcpy(buf, &(uint32_t){ k->size }, sizeof(uint32_t));
	CHECK(ioctl(mr_fd(), _IOC(_IOC_READ | _IOC_WRITE, MEMREMAP_IOC_MAGIC, nr,
				  k->size), buf) < 0 &&
	      errno == ENOTTY, "%s: number with a size taken (errno %d)", k->what,
	      errno);
}

TEST(struct_sizes_version)
{
	size_rule(MEMREMAP_IOC_VERSION);
}

TEST(struct_sizes_create)
{
	size_rule(MEMREMAP_IOC_CREATE);
}

TEST(struct_sizes_destroy)
{
	size_rule(MEMREMAP_IOC_DESTROY);
}

TEST(struct_sizes_query)
{
	size_rule(MEMREMAP_IOC_QUERY);
}

TEST(struct_sizes_hold)
{
	size_rule(MEMREMAP_IOC_HOLD);
}

TEST(struct_sizes_unhold)
{
	size_rule(MEMREMAP_IOC_UNHOLD);
}

TEST(struct_sizes_migrate)
{
	size_rule(MEMREMAP_IOC_MIGRATE);
}
