// SPDX-License-Identifier: GPL-2.0
/*
 * memremap-pinio: real I/O into a shared mapping of a file (a pagemap's
 * /dev/pagemapN, a device-dax /dev/daxX.Y) or of anonymous memory, and the
 * outcome of each way the kernel's get_user_pages()/pin_user_pages() take
 * its pages: one row of the pin table.
 *
 *   memremap-pinio [OPTIONS] FILE|anon
 *
 * Each operation runs in a child process of its own, which opens and maps
 * FILE itself (MAP_SHARED, --offset, --length), does the operation and
 * writes its outcome into a page shared with this process:
 *
 *   mmap         open and mmap(MAP_SHARED) of FILE
 *   pattern      a pattern written through the mapping reads back through a
 *                second mapping of the second half (at offset + length/2):
 *                the file's own memory at the offsets asked for
 *   dio-write    O_DIRECT write from the mapping to the block device, read
 *                back with O_DIRECT into anonymous memory and compared
 *   dio-read     O_DIRECT read from the block device into the mapping
 *   pvm-read     process_vm_readv() by another process (forked before
 *                the mapping existed, so it never had it)
 *   pvm-write    process_vm_writev() into the mapping by another process
 *   vmsplice     vmsplice() of the mapping into a pipe, read from the pipe
 *   uring-fixed  io_uring: the mapping registered as a fixed buffer
 *                (IORING_REGISTER_BUFFERS: a FOLL_LONGTERM pin), then
 *                WRITE_FIXED to and READ_FIXED from the block device
 *
 * An outcome is "ok", the errno name of the call that failed (EFAULT,
 * EOPNOTSUPP, ...), "SIGBUS" and the like when the child died of a
 * signal, "mismatch" or "short" when data came back wrong, "-" when not run
 * (mmap failed), or "hang" when the child did not finish within --timeout
 * (a bound on an operation predicted to loop in the kernel, e.g. a
 * long-term pin migrating pages that never leave): the child's process
 * group is then killed with SIGKILL, and "hang-unkillable" says the kill
 * did not end it within --timeout either.
 *
 * Output: one line, the label and each operation's outcome in columns
 * (--header prints the column names first); with -v, a "# " line per
 * operation on stderr with the failing call and the time it took.
 * Exit status: 0 every operation ok, 1 some were not (the line is printed
 * all the same), 2 usage or setup error.
 *
 * --hold uring-fixed|vmsplice takes the pages as that operation does and
 * keeps them after munmap and close, until end of file on stdin: what a
 * pagemap's destroy does while its pages are held by no mapping or file.
 *
 * The block device (--blockdev) is overwritten from offset 0 up to
 * --length: use a scratch loop device. Raw io_uring system calls, no
 * liburing; linked statically so the guest needs nothing but the binary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/io_uring.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MiB (1024UL * 1024)

enum op {
	OP_MMAP, OP_PATTERN, OP_DIO_WRITE, OP_DIO_READ, OP_PVM_READ,
	OP_PVM_WRITE, OP_VMSPLICE, OP_URING, NR_OPS
};

static const char *const op_names[NR_OPS] = {
	[OP_MMAP] = "mmap",
	[OP_PATTERN] = "pattern",
	[OP_DIO_WRITE] = "dio-write",
	[OP_DIO_READ] = "dio-read",
	[OP_PVM_READ] = "pvm-read",
	[OP_PVM_WRITE] = "pvm-write",
	[OP_VMSPLICE] = "vmsplice",
	[OP_URING] = "uring-fixed",
};

/* what the operations need of the block device */
static const int op_needs_blockdev[NR_OPS] = {
	[OP_DIO_WRITE] = 1, [OP_DIO_READ] = 1, [OP_URING] = 1,
};

static struct {
	const char *file;	/* NULL: anonymous memory */
	uint64_t offset;
	size_t length;
	const char *blockdev;
	unsigned int timeout_s;
	const char *label;
	int header;
	int verbose;
	int selected[NR_OPS];
} opt = { .timeout_s = 120 };

/* The page a child writes its outcome into, shared with the parent. */
struct result {
	char outcome[32];
	char detail[480];
};
static struct result *res;

/* ------------------------------------------------------------ outcomes */

/* The child's outcome: an errno name (of errno_val) and what failed. */
static int fail_errno(int errno_val, const char *fmt, ...)
{
	const char *name = strerrorname_np(errno_val);
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (name)
		snprintf(res->outcome, sizeof(res->outcome), "%s", name);
	else
		snprintf(res->outcome, sizeof(res->outcome), "errno%d", errno_val);
	snprintf(res->detail, sizeof(res->detail), "%s: %s", what, strerror(errno_val));
	return 1;
}

/* The child's outcome: a word (mismatch, short, ...) and what happened. */
static int fail_word(const char *word, const char *fmt, ...)
{
	va_list ap;

	snprintf(res->outcome, sizeof(res->outcome), "%s", word);
	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
	va_end(ap);
	return 1;
}

/* ------------------------------------------------------------ data */

/* The pattern: every 8-byte word names its offset, mixed with a seed. */
static uint64_t pat(uint64_t seed, size_t off)
{
	return (off / 8 + 1) * 0x9e3779b97f4a7c15ULL ^ seed;
}

static void fill(void *buf, size_t len, uint64_t seed, size_t base)
{
	uint64_t *w = buf;
	size_t i;

	for (i = 0; i < len / 8; i++)
		w[i] = pat(seed, base + i * 8);
}

/*
 * 0 when buf holds the pattern (seed, from offset base); else the outcome
 * "mismatch", naming the first word that differs.
 */
static int check(const char *what, const void *buf, size_t len, uint64_t seed, size_t base)
{
	const uint64_t *w = buf;
	size_t i;

	for (i = 0; i < len / 8; i++)
		if (w[i] != pat(seed, base + i * 8))
			return fail_word("mismatch", "%s: byte %zu of %zu is 0x%016" PRIx64 ", want 0x%016" PRIx64,
					 what, i * 8, len, w[i], pat(seed, base + i * 8));
	return 0;
}

/* Memory for the other side of a comparison: anonymous, page aligned. */
static void *anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("memremap-pinio: mmap of anonymous memory");
		exit(2);
	}
	return p;
}

/* ------------------------------------------------------------ mapping */

/*
 * Map FILE (or anonymous memory) at offset, len bytes, MAP_SHARED: the
 * address, or NULL with the outcome set.
 */
static void *map_file(uint64_t offset, size_t len)
{
	void *p;
	int fd;

	if (!opt.file) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			fail_errno(errno, "mmap(MAP_SHARED|MAP_ANONYMOUS, %zu)", len);
			return NULL;
		}
		return p;
	}
	fd = open(opt.file, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail_errno(errno, "open %s", opt.file);
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)offset);
	if (p == MAP_FAILED) {
		fail_errno(errno, "mmap(%s, MAP_SHARED, offset %" PRIu64 ", length %zu)",
			   opt.file, offset, len);
		close(fd);
		return NULL;
	}
	close(fd);	/* the mapping holds the file */
	return p;
}

static int open_blockdev(void)
{
	int fd = open(opt.blockdev, O_RDWR | O_DIRECT | O_CLOEXEC);

	if (fd < 0)
		fail_errno(errno, "open %s O_DIRECT", opt.blockdev);
	return fd;
}

/* The mapping and the block device (in *fd), or NULL with the outcome set. */
static void *map_with_blockdev(int *fd)
{
	void *p = map_file(opt.offset, opt.length);

	if (!p)
		return NULL;
	*fd = open_blockdev();
	if (*fd < 0) {
		munmap(p, opt.length);
		return NULL;
	}
	return p;
}

/* pwrite/pread of exactly len bytes at off, or the outcome set */
static int full_io(int wr, int fd, void *buf, size_t len, off_t off, const char *what)
{
	ssize_t n = wr ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);

	if (n < 0)
		return fail_errno(errno, "%s", what);
	if ((size_t)n != len)
		return fail_word("short", "%s: %zd of %zu bytes", what, n, len);
	return 0;
}

/* ------------------------------------------------------------ operations */

static int op_mmap(void)
{
	void *p = map_file(opt.offset, opt.length);

	if (!p)
		return 1;
	munmap(p, opt.length);
	return 0;
}

static int op_pattern(void)
{
	size_t half = opt.length / 2;
	const uint64_t seed = 0x7061747465726e31ULL;
	void *p, *q;
	int rc;

	p = map_file(opt.offset, opt.length);
	if (!p)
		return 1;
	fill(p, opt.length, seed, 0);
	rc = check("read back through the mapping", p, opt.length, seed, 0);
	munmap(p, opt.length);
	if (rc)
		return rc;
	/* a second mapping, of the second half: the same memory */
	q = map_file(opt.offset + half, half);
	if (!q)
		return 1;
	rc = opt.file ? check("second half through a second mapping at offset + length/2",
			      q, half, seed, half) : 0;
	munmap(q, half);
	return rc;
}

/*
 * O_DIRECT between the mapping and the block device, the other side
 * anonymous memory: from the mapping to the device (into_mapping 0) or
 * from the device into the mapping (1), then the data compared where it
 * landed.
 */
static int op_dio(int into_mapping)
{
	const uint64_t seed = into_mapping ? 0x64696f7265616431ULL : 0x64696f7772697465ULL;
	void *p, *other = anon(opt.length), *src, *dst;
	int fd, rc;

	p = map_with_blockdev(&fd);
	if (!p)
		return 1;
	src = into_mapping ? other : p;
	dst = into_mapping ? p : other;
	fill(src, opt.length, seed, 0);
	memset(dst, 0x5a, opt.length);
	rc = full_io(1, fd, src, opt.length, 0, into_mapping ?
		     "O_DIRECT pwrite from anonymous memory" : "O_DIRECT pwrite from the mapping");
	if (!rc)
		rc = full_io(0, fd, dst, opt.length, 0, into_mapping ?
			     "O_DIRECT pread into the mapping" : "O_DIRECT pread into anonymous memory");
	if (!rc)
		rc = check(into_mapping ? "the mapping after the read" :
			   "the block device after the write", dst, opt.length, seed, 0);
	close(fd);
	munmap(p, opt.length);
	return rc;
}

/*
 * process_vm_readv/writev by another process: forked before the mapping
 * exists, it learns the address through a pipe, does the call on this
 * process, checks (read) and reports through the result page; this
 * process checks after a write.
 */
static int op_pvm(int to_mapping)
{
	const uint64_t seed = to_mapping ? 0x70766d7772697465ULL : 0x70766d7265616431ULL;
	int to_peer[2], from_peer[2];
	pid_t self = getpid(), peer;
	uintptr_t addr = 0;
	int status, rc;
	char done;
	void *p;

	if (pipe(to_peer) || pipe(from_peer))
		return fail_errno(errno, "pipe");
	peer = fork();
	if (peer < 0)
		return fail_errno(errno, "fork");
	if (peer == 0) {
		void *buf = anon(opt.length);
		struct iovec local = { buf, opt.length }, remote;
		ssize_t n;

		close(to_peer[1]);
		close(from_peer[0]);
		if (read(to_peer[0], &addr, sizeof(addr)) != sizeof(addr))
			_exit(3);	/* the mapping failed: nothing to do */
		remote.iov_base = (void *)addr;
		remote.iov_len = opt.length;
		if (to_mapping) {
			fill(buf, opt.length, seed, 0);
			n = process_vm_writev(self, &local, 1, &remote, 1, 0);
		} else {
			n = process_vm_readv(self, &local, 1, &remote, 1, 0);
		}
		if (n < 0)
			rc = fail_errno(errno, "%s", to_mapping ? "process_vm_writev" : "process_vm_readv");
		else if ((size_t)n != opt.length)
			rc = fail_word("short", "%s: %zd of %zu bytes",
				       to_mapping ? "process_vm_writev" : "process_vm_readv", n, opt.length);
		else
			rc = to_mapping ? 0 : check("read by process_vm_readv", buf, opt.length, seed, 0);
		done = rc ? 'f' : 'o';
		if (write(from_peer[1], &done, 1) != 1)
			_exit(3);
		_exit(rc);
	}
	close(to_peer[0]);
	close(from_peer[1]);
	p = map_file(opt.offset, opt.length);
	if (!p) {
		close(to_peer[1]);
		waitpid(peer, &status, 0);
		return 1;
	}
	if (to_mapping)
		memset(p, 0x5a, opt.length);
	else
		fill(p, opt.length, seed, 0);
	addr = (uintptr_t)p;
	if (write(to_peer[1], &addr, sizeof(addr)) != sizeof(addr))
		return fail_errno(errno, "write to the other process");
	if (read(from_peer[0], &done, 1) != 1)
		return fail_word("peer-died", "the other process ended without a word");
	if (waitpid(peer, &status, 0) < 0)
		return fail_errno(errno, "waitpid");
	if (done != 'o')
		return 1;	/* the peer set the outcome */
	rc = to_mapping ? check("the mapping after process_vm_writev", p, opt.length, seed, 0) : 0;
	munmap(p, opt.length);
	return rc;
}

static int op_vmsplice(void)
{
	const uint64_t seed = 0x766d73706c696365ULL;
	char *p, *buf = anon(opt.length);
	size_t done = 0;
	int pfd[2];

	p = map_file(opt.offset, opt.length);
	if (!p)
		return 1;
	if (pipe(pfd))
		return fail_errno(errno, "pipe");
	fill(p, opt.length, seed, 0);
	/* a pipe's worth at a time, each read back before the next */
	while (done < opt.length) {
		struct iovec iov = { p + done, opt.length - done };
		ssize_t n = vmsplice(pfd[1], &iov, 1, 0), got = 0, m;

		if (n < 0)
			return fail_errno(errno, "vmsplice at byte %zu", done);
		if (n == 0)
			return fail_word("short", "vmsplice took nothing at byte %zu", done);
		while (got < n) {
			m = read(pfd[0], buf + done + got, (size_t)(n - got));
			if (m <= 0)
				return m < 0 ? fail_errno(errno, "read from the pipe") :
					       fail_word("short", "the pipe ended at byte %zu", done + got);
			got += m;
		}
		done += (size_t)n;
	}
	close(pfd[0]);
	close(pfd[1]);
	munmap(p, opt.length);
	return check("read from the pipe", buf, opt.length, seed, 0);
}

/* ------------------------------------------------------------ io_uring */

struct ring {
	int fd;
	void *sq_ring, *cq_ring;
	struct io_uring_sqe *sqes;
	unsigned int *sq_tail, *sq_mask, *sq_array;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes;
};

static int ring_setup(struct ring *r)
{
	struct io_uring_params p;
	size_t sq_sz, cq_sz;

	memset(&p, 0, sizeof(p));
	r->fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (r->fd < 0)
		return fail_errno(errno, "io_uring_setup");
	sq_sz = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cq_sz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if (p.features & IORING_FEAT_SINGLE_MMAP) {
		if (cq_sz > sq_sz)
			sq_sz = cq_sz;
		cq_sz = sq_sz;
	}
	r->sq_ring = mmap(NULL, sq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
			  r->fd, IORING_OFF_SQ_RING);
	if (r->sq_ring == MAP_FAILED)
		return fail_errno(errno, "mmap of the io_uring SQ ring");
	if (p.features & IORING_FEAT_SINGLE_MMAP)
		r->cq_ring = r->sq_ring;
	else
		r->cq_ring = mmap(NULL, cq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
				  r->fd, IORING_OFF_CQ_RING);
	if (r->cq_ring == MAP_FAILED)
		return fail_errno(errno, "mmap of the io_uring CQ ring");
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (r->sqes == MAP_FAILED)
		return fail_errno(errno, "mmap of the io_uring SQEs");
	r->sq_tail = (unsigned int *)((char *)r->sq_ring + p.sq_off.tail);
	r->sq_mask = (unsigned int *)((char *)r->sq_ring + p.sq_off.ring_mask);
	r->sq_array = (unsigned int *)((char *)r->sq_ring + p.sq_off.array);
	r->cq_head = (unsigned int *)((char *)r->cq_ring + p.cq_off.head);
	r->cq_tail = (unsigned int *)((char *)r->cq_ring + p.cq_off.tail);
	r->cq_mask = (unsigned int *)((char *)r->cq_ring + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)((char *)r->cq_ring + p.cq_off.cqes);
	return 0;
}

/* One fixed-buffer read or write, waited for: its result (bytes or -errno). */
static int ring_rw(struct ring *r, int opcode, int fd, void *addr, size_t len, uint64_t off, int *result)
{
	unsigned int tail = *r->sq_tail, idx = tail & *r->sq_mask, head;
	struct io_uring_sqe *sqe = &r->sqes[idx];

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = (uint8_t)opcode;
	sqe->fd = fd;
	sqe->addr = (uintptr_t)addr;
	sqe->len = (uint32_t)len;
	sqe->off = off;
	sqe->buf_index = 0;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return fail_errno(errno, "io_uring_enter");
	head = *r->cq_head;
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return fail_word("no-completion", "io_uring_enter returned without a completion");
	*result = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return 0;
}

static int op_uring(void)
{
	const uint64_t seed = 0x7572696e67666978ULL;
	size_t half = opt.length / 2;
	char *p, *back = anon(opt.length);
	struct iovec iov;
	struct ring r;
	int fd, rc, n;

	p = map_with_blockdev(&fd);
	if (!p)
		return 1;
	if (ring_setup(&r))
		return 1;
	iov.iov_base = p;
	iov.iov_len = opt.length;
	if (syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_BUFFERS, &iov, 1) < 0)
		return fail_errno(errno, "IORING_REGISTER_BUFFERS (a FOLL_LONGTERM pin) of the mapping");
	/* the first half to the device, then the device into the second half */
	fill(p, half, seed, 0);
	memset(p + half, 0x5a, half);
	rc = ring_rw(&r, IORING_OP_WRITE_FIXED, fd, p, half, 0, &n);
	if (rc)
		return rc;
	if (n < 0)
		return fail_errno(-n, "IORING_OP_WRITE_FIXED from the mapping");
	if ((size_t)n != half)
		return fail_word("short", "IORING_OP_WRITE_FIXED: %d of %zu bytes", n, half);
	rc = full_io(0, fd, back, half, 0, "O_DIRECT pread into anonymous memory");
	if (!rc)
		rc = check("the block device after WRITE_FIXED", back, half, seed, 0);
	if (rc)
		return rc;
	rc = ring_rw(&r, IORING_OP_READ_FIXED, fd, p + half, half, 0, &n);
	if (rc)
		return rc;
	if (n < 0)
		return fail_errno(-n, "IORING_OP_READ_FIXED into the mapping");
	if ((size_t)n != half)
		return fail_word("short", "IORING_OP_READ_FIXED: %d of %zu bytes", n, half);
	rc = check("the mapping after READ_FIXED", p + half, half, seed, 0);
	close(r.fd);	/* unregisters: the pin goes */
	close(fd);
	munmap(p, opt.length);
	return rc;
}

static int run_op(enum op op)
{
	switch (op) {
	case OP_MMAP: return op_mmap();
	case OP_PATTERN: return op_pattern();
	case OP_DIO_WRITE: return op_dio(0);
	case OP_DIO_READ: return op_dio(1);
	case OP_PVM_READ: return op_pvm(0);
	case OP_PVM_WRITE: return op_pvm(1);
	case OP_VMSPLICE: return op_vmsplice();
	case OP_URING: return op_uring();
	case NR_OPS: break;
	}
	return fail_word("bug", "no operation %d", op);
}

/* ------------------------------------------------------------ hold */

/*
 * --hold OP: take the mapping's pages as OP does (uring-fixed: registered
 * as an io_uring fixed buffer, pinned FOLL_LONGTERM; vmsplice: the first
 * 64 KiB in a pipe, referenced), then munmap and close FILE: the pages stay
 * held with no mapping or open file of FILE left. Print "holding" and wait
 * for end of file on stdin; then read the pipe back (vmsplice), let go
 * and exit 0. What happens to the pagemap meanwhile (destroy) is for the
 * caller to see.
 */
static int hold(enum op op)
{
	const uint64_t seed = 0x686f6c64696e6731ULL;
	size_t held = op == OP_VMSPLICE ? 64 * 1024 : opt.length;
	char *p, *buf = anon(held), c;
	struct iovec iov;
	struct ring r;
	int pfd[2];

	p = map_file(opt.offset, opt.length);
	if (!p)
		goto fail;
	fill(p, opt.length, seed, 0);
	iov.iov_base = p;
	iov.iov_len = held;
	if (op == OP_URING) {
		if (ring_setup(&r))
			goto fail;
		if (syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_BUFFERS, &iov, 1) < 0) {
			fail_errno(errno, "IORING_REGISTER_BUFFERS of the mapping");
			goto fail;
		}
	} else {
		if (pipe(pfd)) {
			fail_errno(errno, "pipe");
			goto fail;
		}
		if (vmsplice(pfd[1], &iov, 1, 0) != (ssize_t)held) {
			fail_errno(errno, "vmsplice of %zu bytes", held);
			goto fail;
		}
	}
	munmap(p, opt.length);
	printf("holding\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	if (op == OP_URING) {
		close(r.fd);
		return 0;
	}
	if (read(pfd[0], buf, held) != (ssize_t)held) {
		fail_errno(errno, "read of the pipe");
		goto fail;
	}
	if (check("the pipe, read after the hold", buf, held, seed, 0))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "memremap-pinio: --hold %s: %s: %s\n", op_names[op], res->outcome,
		res->detail);
	return 1;
}

/* ------------------------------------------------------------ watchdog */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Wait for the child behind pidfd to end, at most timeout_s seconds:
 * 1 when it ended (reaped, its status in *status), 0 when not.
 */
static int wait_bounded(int pidfd, pid_t pid, unsigned int timeout_s, int *status)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	int n;

	do {
		n = poll(&pfd, 1, (int)(timeout_s * 1000));
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		perror("memremap-pinio: poll on a pidfd");
		exit(2);
	}
	if (n == 0)
		return 0;
	if (waitpid(pid, status, 0) < 0) {
		perror("memremap-pinio: waitpid");
		exit(2);
	}
	return 1;
}

/*
 * Run op in a child of its own (its own process group, so that a helper
 * process it forks goes with it) under the watchdog: the outcome into
 * out, the detail into detail.
 */
static void run_bounded(enum op op, char *out, size_t out_len, char *detail, size_t detail_len)
{
	int pidfd, status;
	double t0 = now();
	pid_t pid;

	memset(res, 0, sizeof(*res));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("memremap-pinio: fork");
		exit(2);
	}
	if (pid == 0) {
		setpgid(0, 0);
		if (run_op(op) == 0)
			snprintf(res->outcome, sizeof(res->outcome), "ok");
		_exit(0);
	}
	setpgid(pid, pid);	/* also here: the kill below may come first */
	pidfd = (int)syscall(__NR_pidfd_open, pid, 0);
	if (pidfd < 0) {
		perror("memremap-pinio: pidfd_open");
		exit(2);
	}
	if (wait_bounded(pidfd, pid, opt.timeout_s, &status)) {
		if (WIFSIGNALED(status))
			snprintf(out, out_len, "SIG%s", sigabbrev_np(WTERMSIG(status)) ?: "?");
		else if (!res->outcome[0])
			snprintf(out, out_len, "no-outcome");
		else
			snprintf(out, out_len, "%s", res->outcome);
		snprintf(detail, detail_len, "%s%s(%.2f s)", res->detail,
			 res->detail[0] ? " " : "", now() - t0);
	} else {
		kill(-pid, SIGKILL);	/* the child and a helper it forked */
		if (wait_bounded(pidfd, pid, opt.timeout_s, &status)) {
			snprintf(out, out_len, "hang");
			snprintf(detail, detail_len,
				 "no end within %u s; SIGKILL ended it (%s)", opt.timeout_s,
				 res->detail[0] ? res->detail : "no detail");
		} else {
			snprintf(out, out_len, "hang-unkillable");
			snprintf(detail, detail_len,
				 "no end within %u s, nor within %u s of SIGKILL: pid %d is left",
				 opt.timeout_s, opt.timeout_s, pid);
		}
	}
	close(pidfd);
}

/* ------------------------------------------------------------ main */

/* One line of the table: the label, then each selected operation's cell. */
static void print_row(const char *label, const char *const cell[NR_OPS])
{
	int i, last = -1;

	for (i = 0; i < NR_OPS; i++)
		if (opt.selected[i])
			last = i;
	printf("%-15s", label);
	for (i = 0; i < NR_OPS; i++)
		if (opt.selected[i])
			printf(i == last ? " %s" : " %-11s", cell[i]);
	printf("\n");
}

static uint64_t parse_size(const char *opt_name, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		goto bad;
	switch (*end) {
	case 'K': case 'k': v <<= 10; end++; break;
	case 'M': case 'm': v <<= 20; end++; break;
	case 'G': case 'g': v <<= 30; end++; break;
	}
	if (*end)
		goto bad;
	return v;
bad:
	fprintf(stderr, "memremap-pinio: invalid %s '%s': a number of bytes, with K, M or G\n",
		opt_name, s);
	exit(2);
}

static void select_ops(const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL;
	int i;

	memset(opt.selected, 0, sizeof(opt.selected));
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NR_OPS; i++)
			if (!strcmp(tok, op_names[i]))
				break;
		if (i == NR_OPS) {
			fprintf(stderr, "memremap-pinio: invalid --ops '%s': no operation '%s' (--list-ops names them)\n",
				list, tok);
			exit(2);
		}
		opt.selected[i] = 1;
	}
	free(copy);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: memremap-pinio [OPTIONS] FILE|anon\n"
		"  -o, --offset N     file offset of the mapping (default 0)\n"
		"  -l, --length N     bytes to map, a multiple of 16 KiB (default 4M)\n"
		"  -b, --blockdev DEV scratch block device for dio-* and uring-fixed\n"
		"                     (overwritten from 0 to LENGTH)\n"
		"  -O, --ops LIST     operations to run, comma-separated (default all)\n"
		"  -t, --timeout S    watchdog per operation (default 120 s)\n"
		"  -L, --label WORD   first column (default FILE's name)\n"
		"  -H, --header       print the column names first\n"
		"  -v, --verbose      a '# ' line per operation on stderr\n"
		"      --hold OP      hold the pages as OP (uring-fixed, vmsplice) does,\n"
		"                     munmap and close, print 'holding', wait for end of\n"
		"                     file on stdin, let go\n"
		"      --list-ops     print the operations and exit\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "offset", required_argument, NULL, 'o' },
		{ "length", required_argument, NULL, 'l' },
		{ "blockdev", required_argument, NULL, 'b' },
		{ "ops", required_argument, NULL, 'O' },
		{ "timeout", required_argument, NULL, 't' },
		{ "label", required_argument, NULL, 'L' },
		{ "header", no_argument, NULL, 'H' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "list-ops", no_argument, NULL, 1 },
		{ "hold", required_argument, NULL, 2 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char outcome[NR_OPS][32], detail[640];
	const char *cells[NR_OPS];
	int c, i, all_ok = 1, mapped, hold_op = -1;

	opt.length = 4 * MiB;
	for (i = 0; i < NR_OPS; i++)
		opt.selected[i] = 1;
	while ((c = getopt_long(argc, argv, "o:l:b:O:t:L:Hvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': opt.offset = parse_size("--offset", optarg); break;
		case 'l': opt.length = (size_t)parse_size("--length", optarg); break;
		case 'b': opt.blockdev = optarg; break;
		case 'O': select_ops(optarg); break;
		case 't':
			opt.timeout_s = (unsigned int)parse_size("--timeout", optarg);
			if (opt.timeout_s == 0 || opt.timeout_s > 3600) {
				fprintf(stderr, "memremap-pinio: invalid --timeout '%s': 1 to 3600 seconds\n",
					optarg);
				return 2;
			}
			break;
		case 'L': opt.label = optarg; break;
		case 'H': opt.header = 1; break;
		case 'v': opt.verbose = 1; break;
		case 1:
			for (i = 0; i < NR_OPS; i++)
				puts(op_names[i]);
			return 0;
		case 2:
			if (!strcmp(optarg, "uring-fixed")) {
				hold_op = OP_URING;
			} else if (!strcmp(optarg, "vmsplice")) {
				hold_op = OP_VMSPLICE;
			} else {
				fprintf(stderr, "memremap-pinio: invalid --hold '%s': uring-fixed or vmsplice\n",
					optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	opt.file = strcmp(argv[optind], "anon") ? argv[optind] : NULL;
	if (!opt.label)
		opt.label = opt.file ? (strrchr(opt.file, '/') ? strrchr(opt.file, '/') + 1 : opt.file) :
				       "anon";
	/* halves (pattern, uring-fixed) stay page multiples, O_DIRECT aligned */
	if (opt.length == 0 || opt.length % (16 * 1024)) {
		fprintf(stderr, "memremap-pinio: invalid --length %zu: a multiple of 16 KiB\n",
			opt.length);
		return 2;
	}
	for (i = 0; i < NR_OPS; i++)
		if (hold_op < 0 && opt.selected[i] && op_needs_blockdev[i] && !opt.blockdev) {
			fprintf(stderr, "memremap-pinio: operation %s needs --blockdev\n", op_names[i]);
			return 2;
		}
	if (opt.blockdev) {
		struct stat st;

		if (stat(opt.blockdev, &st) || !S_ISBLK(st.st_mode)) {
			fprintf(stderr, "memremap-pinio: --blockdev %s: %s\n", opt.blockdev,
				errno ? strerror(errno) : "not a block device");
			return 2;
		}
	}
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		perror("memremap-pinio: mmap");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (hold_op >= 0)
		return hold((enum op)hold_op) ? 1 : 0;

	mapped = 1;
	for (i = 0; i < NR_OPS; i++) {
		if (!opt.selected[i] && i != OP_MMAP)
			continue;
		if (!mapped) {
			snprintf(outcome[i], sizeof(outcome[i]), "-");
			continue;
		}
		run_bounded((enum op)i, outcome[i], sizeof(outcome[i]), detail, sizeof(detail));
		if (strcmp(outcome[i], "ok"))
			all_ok = 0;
		if (i == OP_MMAP && strcmp(outcome[i], "ok"))
			mapped = 0;
		if (opt.verbose)
			fprintf(stderr, "# %s %s: %s %s\n", opt.label, op_names[i], outcome[i], detail);
	}

	if (opt.header) {
		const char *names[NR_OPS];

		for (i = 0; i < NR_OPS; i++)
			names[i] = op_names[i];
		print_row("type", names);
	}
	for (i = 0; i < NR_OPS; i++)
		cells[i] = outcome[i];
	print_row(opt.label, cells);
	return all_ok ? 0 : 1;
}
