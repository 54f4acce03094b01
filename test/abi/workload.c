// SPDX-License-Identifier: GPL-2.0
/*
 * memremap-workload MIB: a process whose memory the migration tests move
 * (test/guest/migrate.sh). It fills MIB MiB of anonymous memory with a
 * pattern of its own addresses and, on a second thread, keeps re-reading
 * it, counting passes and words that came back wrong. It prints
 * "ready PID START-END" (the buffer, as /proc/PID/maps prints ranges) and
 * then answers one line per command read from stdin:
 *   run     start re-reading                            -> "running"
 *   pause   stop once the pass under way ends           -> "paused PASSES ERRORS"
 *   check   one pass now, on this thread                -> "checked ERRORS"
 *   write   a new pattern (a write fault on every page) -> "written"
 *   fork    a child checks the pattern, exits           -> "child ERRORS"
 *   pin N   pin the first N pages (io_uring fixed buffer, when it exists) -> "pinned"
 *   unpin                                               -> "unpinned"
 *   splice N   the first N pages into a pipe it keeps (vmsplice: page
 *              references, no pin)                       -> "spliced"
 *   unsplice   close that pipe                          -> "unspliced"
 * End of input ends it. Nothing here sleeps: the test drives each step.
 *
 * memremap-workload --drop-ptrace CMD ARG...: run CMD without
 * CAP_SYS_PTRACE (dropped from the bounding set: root keeps the rest).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t *buf;
static size_t words;
static uint64_t generation;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int running, stop, in_pass;
static unsigned long passes, errors;

static uint64_t expected(size_t i)
{
	return ((uint64_t)(uintptr_t)&buf[i] * 0x9e3779b97f4a7c15ULL) ^ generation;
}

static unsigned long pass(void)
{
	unsigned long bad = 0;
	size_t i;

	for (i = 0; i < words; i++)
		bad += buf[i] != expected(i);
	return bad;
}

static void *reader(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (!running && !stop)
			pthread_cond_wait(&cond, &lock);
		if (stop)
			break;
		in_pass = 1;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
		{
			unsigned long bad = pass();

			pthread_mutex_lock(&lock);
			passes++;
			errors += bad;
		}
		in_pass = 0;
		pthread_cond_broadcast(&cond);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void fill(void)
{
	size_t i;

	generation++;
	for (i = 0; i < words; i++)
		buf[i] = expected(i);
}

/* io_uring's fixed buffers pin pages long-term: FOLL_PIN | FOLL_LONGTERM */
static int ring = -1;
static int pipefd[2] = { -1, -1 };

static int splice_pages(size_t pages)
{
	struct iovec iov = { buf, pages * 4096 };

	if (pipe(pipefd) < 0)
		return -errno;
	/* a pipe holds 16 pages by default: enough for the tests */
	if (vmsplice(pipefd[1], &iov, 1, 0) != (ssize_t)iov.iov_len)
		return errno ? -errno : -EIO;
	return 0;
}

static int pin(size_t pages)
{
	struct io_uring_params p;
	struct iovec iov = { buf, pages * 4096 };

	memset(&p, 0, sizeof(p));
	ring = (int)syscall(__NR_io_uring_setup, 1, &p);
	if (ring < 0)
		return -errno;
	if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS, &iov, 1) < 0) {
		int e = errno;

		close(ring);
		ring = -1;
		return -e;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t len;
	char cmd[64];
	pthread_t t;

	if (argc > 2 && !strcmp(argv[1], "--drop-ptrace")) {
		if (prctl(PR_CAPBSET_DROP, 19 /* CAP_SYS_PTRACE */, 0, 0, 0) < 0) {
			perror("PR_CAPBSET_DROP");
			return 125;
		}
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		return 127;
	}
	len = (argc > 1 ? strtoul(argv[1], NULL, 0) : 16) << 20;

	buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* base pages: the tests count pages, and THP migration differs by kernel */
	madvise(buf, len, MADV_NOHUGEPAGE);
	words = len / sizeof(*buf);
	fill();
	if (pthread_create(&t, NULL, reader, NULL)) {
		perror("pthread_create");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d %lx-%lx\n", getpid(), (unsigned long)(uintptr_t)buf,
	       (unsigned long)(uintptr_t)buf + len);
	while (fgets(cmd, sizeof(cmd), stdin)) {
		if (!strcmp(cmd, "run\n")) {
			unsigned long before;

			pthread_mutex_lock(&lock);
			before = passes;
			running = 1;
			pthread_cond_broadcast(&cond);
			/* a pass has begun: the reader is at work when the test goes on */
			while (!in_pass && passes == before)
				pthread_cond_wait(&cond, &lock);
			pthread_mutex_unlock(&lock);
			printf("running\n");
		} else if (!strcmp(cmd, "pause\n")) {
			pthread_mutex_lock(&lock);
			running = 0;
			while (in_pass)
				pthread_cond_wait(&cond, &lock);
			printf("paused %lu %lu\n", passes, errors);
			pthread_mutex_unlock(&lock);
		} else if (!strcmp(cmd, "check\n")) {
			printf("checked %lu\n", pass());
		} else if (!strcmp(cmd, "write\n")) {
			fill();
			printf("written\n");
		} else if (!strcmp(cmd, "fork\n")) {
			pid_t child = fork();
			int status;

			if (child == 0)
				_exit(pass() ? 1 : 0);
			if (child < 0 || waitpid(child, &status, 0) < 0)
				printf("child failed\n");
			else
				printf("child %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 255);
		} else if (!strncmp(cmd, "pin ", 4)) {
			int rc = pin(strtoul(cmd + 4, NULL, 0));

			if (rc)
				printf("pin failed %s\n", strerror(-rc));
			else
				printf("pinned\n");
		} else if (!strncmp(cmd, "splice ", 7)) {
			int rc = splice_pages(strtoul(cmd + 7, NULL, 0));

			if (rc)
				printf("splice failed %s\n", strerror(-rc));
			else
				printf("spliced\n");
		} else if (!strcmp(cmd, "unsplice\n")) {
			close(pipefd[0]);
			close(pipefd[1]);
			pipefd[0] = pipefd[1] = -1;
			printf("unspliced\n");
		} else if (!strcmp(cmd, "unpin\n")) {
			/* unregistering unpins now; a close would leave it to a worker */
			if (ring >= 0) {
				syscall(__NR_io_uring_register, ring, IORING_UNREGISTER_BUFFERS,
					NULL, 0);
				close(ring);
			}
			ring = -1;
			printf("unpinned\n");
		} else {
			printf("unknown command\n");
		}
	}
	pthread_mutex_lock(&lock);
	stop = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	return 0;
}
