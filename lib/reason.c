// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The module's refusals (enum memremap_reason plus detail and conflict) as
 * sentences a user can act on, and as a kind of failure.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

void memremap_format_bytes(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int exact = 0, top = 0;

	/* the largest unit that divides it, and the largest it reaches */
	while (exact + 1 < ARRAY_SIZE(units) && bytes &&
	       (bytes & ((UINT64_C(1) << (10 * (exact + 1))) - 1)) == 0)
		exact++;
	while (top + 1 < ARRAY_SIZE(units) && bytes >> (10 * (top + 1)))
		top++;
	if (exact == top || top < 2)
		snprintf(buf, len, "%" PRIu64 " %s", bytes >> (10 * exact), units[exact]);
	else	/* "133124 KiB (130.0 MiB)": exact, then readable */
		snprintf(buf, len, "%" PRIu64 " %s (%.1f %s)", bytes >> (10 * exact),
			 units[exact], (double)bytes / (double)(UINT64_C(1) << (10 * top)),
			 units[top]);
}

/* "0x80000000-0x9fffffff", last byte included as /proc/iomem shows it */
static void format_range(char *buf, size_t len, uint64_t start, uint64_t size)
{
	uint64_t last = size ? start + size - 1 : start;

	snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64, start, last);
}

enum memremap_error_kind memremap_reason_kind(unsigned int reason, int errnum)
{
	switch (reason) {
	case MEMREMAP_R_NONE:
		break;
	case MEMREMAP_R_NO_SUCH_PAGEMAP:
	case MEMREMAP_R_PAGEMAP_GOING:
		return MEMREMAP_ERROR_NOT_FOUND;
	case MEMREMAP_R_PERM:
	case MEMREMAP_R_MIGRATE_PTRACE:
		return MEMREMAP_ERROR_PERMISSION;
	case MEMREMAP_R_NO_SUCH_PROCESS:
		return MEMREMAP_ERROR_NOT_FOUND;
	case MEMREMAP_R_TYPE_UNSUPPORTED:
	case MEMREMAP_R_ALIGN_UNSUPPORTED:
		return MEMREMAP_ERROR_UNSUPPORTED;
	case MEMREMAP_R_BAD_STRUCT:
	case MEMREMAP_R_BAD_FLAGS:
	case MEMREMAP_R_KERNEL:
		return MEMREMAP_ERROR_SYSTEM;
	default:
		return MEMREMAP_ERROR_REFUSED;
	}
	/* no reason given: judge by errno alone */
	switch (errnum) {
	case EPERM:
	case EACCES:
		return MEMREMAP_ERROR_PERMISSION;
	case ENOENT:
		return MEMREMAP_ERROR_NOT_FOUND;
	case EBUSY:
	case EEXIST:
	case EINVAL:
	case ERANGE:
	case ENOSPC:
		return MEMREMAP_ERROR_REFUSED;
	case EOPNOTSUPP:
	case ENOTTY:
		return MEMREMAP_ERROR_UNSUPPORTED;
	default:
		return MEMREMAP_ERROR_SYSTEM;
	}
}

static const char *kconfig_need(uint64_t detail)
{
	switch (detail) {
	case MEMREMAP_KCONFIG_DEVICE_PRIVATE:
		return "a kernel with CONFIG_DEVICE_PRIVATE";
	case MEMREMAP_KCONFIG_PCI_P2PDMA:
		return "a kernel with CONFIG_PCI_P2PDMA";
	case MEMREMAP_KCONFIG_FS_DAX:
		return "a kernel with CONFIG_FS_DAX";
	case MEMREMAP_KCONFIG_KERNEL_6_0:
		return "Linux 6.0 or newer";
	}
	return "support this kernel does not have";
}

/* ' pagemap3 "scratch"' or ' pagemap3' */
static void format_pagemap(char *buf, size_t len, unsigned int id, const char *name)
{
	if (name && *name)
		snprintf(buf, len, "pagemap%u \"%s\"", id, name);
	else
		snprintf(buf, len, "pagemap%u", id);
}

/* What is in the way, as the module described it in status.conflict. */
static void format_conflict(char *buf, size_t len, const struct memremap_conflict *c)
{
	char range[64], who[MEMREMAP_RES_NAME_MAX + 32];
	char name[MEMREMAP_RES_NAME_MAX];

	memcpy(name, c->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	format_range(range, sizeof(range), c->start, c->size);
	switch (c->kind) {
	case MEMREMAP_CONFLICT_SYSTEM_RAM:
		snprintf(buf, len, "System RAM %s", range);
		return;
	case MEMREMAP_CONFLICT_PAGEMAP:
		format_pagemap(who, sizeof(who), c->id, name);
		snprintf(buf, len, "%s (%s)", who, range);
		return;
	case MEMREMAP_CONFLICT_RESOURCE:
		snprintf(buf, len, "\"%s\" (%s)", name[0] ? name : "an unnamed resource", range);
		return;
	}
	snprintf(buf, len, "%s", name[0] ? name : range);
}

/* "0000:00:10.0" */
static void format_pci(char *buf, size_t len, const struct memremap_request_view *rq)
{
	snprintf(buf, len, "%04x:%02x:%02x.%x", rq->pci_domain, (rq->pci_devid >> 8) & 0xff,
		 (rq->pci_devid >> 3) & 0x1f, rq->pci_devid & 7);
}

/* Which of start and size is not a multiple of align: the offending value. */
static void format_misaligned(char *buf, size_t len, const struct memremap_request_view *rq,
			      uint64_t align)
{
	char size[32];

	if (align && rq->start % align) {
		snprintf(buf, len, "start 0x%" PRIx64, rq->start);
		return;
	}
	memremap_format_bytes(size, sizeof(size), rq->size);
	if (align && rq->size % align)
		snprintf(buf, len, "size %s", size);
	else
		snprintf(buf, len, "range 0x%" PRIx64 " size %s", rq->start, size);
}

void memremap_reason_message(char *buf, size_t len, unsigned int reason, int errnum,
			     const struct memremap_status *st,
			     const struct memremap_request_view *rq)
{
	const char *type = memremap_type_to_str(rq->type);
	char range[64], what[256], amount[32], amount2[32], obj[64], pci[24], tnum[16];
	uint64_t detail = st ? st->detail : 0;

	if (!type) {	/* a type number this library cannot name */
		snprintf(tnum, sizeof(tnum), "%u", rq->type);
		type = tnum;
	}
	format_range(range, sizeof(range), rq->start, rq->size);
	if (st)
		format_conflict(what, sizeof(what), &st->conflict);
	else
		what[0] = '\0';
	/* the owner as ndctl and daxctl users know it, when the library found it */
	if (st && rq->owner && *rq->owner) {
		char span[64];

		format_range(span, sizeof(span), st->conflict.start, st->conflict.size);
		snprintf(what, sizeof(what), "%s (%s)", rq->owner, span);
	}
	format_pagemap(obj, sizeof(obj), rq->id, rq->op != MEMREMAP_OP_CREATE ? rq->name : NULL);
	format_pci(pci, sizeof(pci), rq);

	switch (reason) {
	case MEMREMAP_R_NONE:
		snprintf(buf, len, "%s", strerror(errnum));
		return;
	case MEMREMAP_R_BAD_STRUCT:
		snprintf(buf, len, "the module rejected the request's layout "
			 "(libmemremap and memremap_ctl do not match)");
		return;
	case MEMREMAP_R_BAD_FLAGS:
		snprintf(buf, len, "the module does not know a flag of the request "
			 "(libmemremap is newer than memremap_ctl)");
		return;
	case MEMREMAP_R_BAD_TYPE:
		snprintf(buf, len, "the module does not know memory type %s (number %u)",
			 type, rq->type);
		return;
	case MEMREMAP_R_TYPE_UNSUPPORTED:
		snprintf(buf, len, "type %s needs %s", type, kconfig_need(detail));
		return;
	case MEMREMAP_R_P2PDMA_NEEDS_PCI:
		snprintf(buf, len, "type p2pdma memory comes from a PCI device's BAR, "
			 "not from a bare physical range: name the device and BAR");
		return;
	case MEMREMAP_R_PCI_TYPE:
		snprintf(buf, len, "a PCI BAR is for type p2pdma only, not %s", type);
		return;
	case MEMREMAP_R_PCI_START:
		snprintf(buf, len, "type p2pdma takes its range from the PCI BAR: "
			 "it takes no start address");
		return;
	case MEMREMAP_R_PCI_NO_DEVICE:
		snprintf(buf, len, "there is no PCI device %s", pci);
		return;
	case MEMREMAP_R_PCI_BAR_INVALID:
		snprintf(buf, len, "PCI device %s has no memory BAR %u", pci, rq->pci_bar);
		return;
	case MEMREMAP_R_PCI_BAR_RANGE:
		memremap_format_bytes(amount, sizeof(amount), detail);
		memremap_format_bytes(amount2, sizeof(amount2), rq->pci_offset);
		if (rq->size)
			snprintf(what, sizeof(what), "offset %s plus size ", amount2);
		else
			snprintf(what, sizeof(what), "offset %s", amount2);
		if (rq->size)
			memremap_format_bytes(what + strlen(what), sizeof(what) - strlen(what),
					      rq->size);
		snprintf(buf, len, "%s does not fit in BAR %u of PCI device %s, which has %s",
			 what, rq->pci_bar, pci, amount);
		return;
	case MEMREMAP_R_PCI_DRIVER:
		if (detail == MEMREMAP_PCI_DRIVER_OVERRIDE)
			snprintf(buf, len, "PCI device %s is kept for driver \"%.64s\" by its "
				 "driver_override (clear it: echo > "
				 "/sys/bus/pci/devices/%s/driver_override)", pci,
				 st ? st->conflict.name : "", pci);
		else
			snprintf(buf, len, "PCI device %s belongs to driver \"%.64s\": unbind "
				 "it first (echo %s > /sys/bus/pci/devices/%s/driver/unbind)",
				 pci, st ? st->conflict.name : "", pci, pci);
		return;
	case MEMREMAP_R_PCI_TAKEN:
		snprintf(buf, len, "PCI device %s already has %s (one p2pdma pagemap "
			 "per device)", pci, what);
		return;
	case MEMREMAP_R_PCI_NODE:
		snprintf(buf, len, "p2pdma memory is on its PCI device's NUMA node: "
			 "no NUMA node can be chosen");
		return;
	case MEMREMAP_R_MIGRATE_TYPE:
		snprintf(buf, len, "%s is of type %s: only private and coherent pagemaps "
			 "take migrated pages", obj, type);
		return;
	case MEMREMAP_R_MIGRATE_RANGE:
		snprintf(buf, len, "memory to migrate must be a page aligned, non-empty range "
			 "of the process's address space (inside one anonymous mapping, for "
			 "a caller of the first ABI)");
		return;
	case MEMREMAP_R_ORIGIN_INVALID:
		snprintf(buf, len, "the request names a namespace or dax region that is no "
			 "device name (libmemremap and memremap_ctl do not match)");
		return;
	case MEMREMAP_R_MIGRATE_FULL:
		snprintf(buf, len, "%s has %" PRIu64 " free page%s, fewer than the %" PRIu64
			 " to migrate", obj, detail, detail == 1 ? "" : "s",
			 rq->size / 4096);
		return;
	case MEMREMAP_R_PRIVATE_START:
		snprintf(buf, len, "type private takes no start address: "
			 "the kernel picks a free physical range itself");
		return;
	case MEMREMAP_R_SIZE_ZERO:
		snprintf(buf, len, "size 0: a pagemap needs at least one byte");
		return;
	case MEMREMAP_R_UNALIGNED:
		format_misaligned(what, sizeof(what), rq, detail);
		memremap_format_bytes(amount, sizeof(amount), detail);
		snprintf(buf, len, "%s is not aligned to %s", what, amount);
		return;
	case MEMREMAP_R_WRAPS:
		memremap_format_bytes(amount, sizeof(amount), rq->size);
		snprintf(buf, len, "start 0x%" PRIx64 " plus size %s runs past the end "
			 "of the address space", rq->start, amount);
		return;
	case MEMREMAP_R_BEYOND_MAX_PHYS:
		snprintf(buf, len, "range %s ends beyond the highest physical address "
			 "0x%" PRIx64 " of this machine", range, detail ? detail - 1 : 0);
		return;
	case MEMREMAP_R_SYSTEM_RAM:
	case MEMREMAP_R_PAGEMAP_OVERLAP:
		snprintf(buf, len, "range %s overlaps %s", range, what);
		return;
	case MEMREMAP_R_RESOURCE_BUSY:
		snprintf(buf, len, "range %s is claimed by %s", range, what);
		return;
	case MEMREMAP_R_SECTION_SHARED:
		snprintf(buf, len, "range %s shares a memory section with %s, "
			 "which this kernel cannot do", range, what);
		return;
	case MEMREMAP_R_ALTMAP_TYPE:
		if (rq->pci)
			snprintf(buf, len, "type p2pdma cannot have an altmap: the PCI core "
				 "keeps the struct pages of a BAR in RAM");
		else
			snprintf(buf, len, "type %s cannot have an altmap: its pages are not "
				 "addressable by the CPU", type);
		return;
	case MEMREMAP_R_ALTMAP_UNALIGNED:
		memremap_format_bytes(amount, sizeof(amount), detail);
		format_misaligned(what, sizeof(what), rq, detail);
		snprintf(buf, len, "an altmap needs start and size aligned to the %s "
			 "memory section (%s is not)", amount, what);
		return;
	case MEMREMAP_R_ALTMAP_TOO_SMALL:
		memremap_format_bytes(amount, sizeof(amount), detail);
		memremap_format_bytes(amount2, sizeof(amount2), rq->size);
		snprintf(buf, len, "the altmap needs %s for the reserve, the struct pages "
			 "and at least one data page, but the range has %s", amount, amount2);
		return;
	case MEMREMAP_R_RESERVE_UNALIGNED:
		memremap_format_bytes(amount, sizeof(amount), rq->reserve);
		memremap_format_bytes(amount2, sizeof(amount2), detail);
		snprintf(buf, len, "reserve %s is not a multiple of the %s page size",
			 amount, amount2);
		return;
	case MEMREMAP_R_RESERVE_WITHOUT_ALTMAP:
		snprintf(buf, len, "a reserve needs an altmap (the reserve is kept "
			 "free at the start of the altmap)");
		return;
	case MEMREMAP_R_ALIGN_INVALID:
		memremap_format_bytes(amount, sizeof(amount), rq->align);
		snprintf(buf, len, "compound page size %s is none of 4 KiB, 2 MiB and 1 GiB",
			 amount);
		return;
	case MEMREMAP_R_ALIGN_UNSUPPORTED:
		memremap_format_bytes(amount, sizeof(amount), rq->align);
		snprintf(buf, len, "this kernel cannot make %s compound pages", amount);
		return;
	case MEMREMAP_R_ALIGN_UNALIGNED:
		memremap_format_bytes(amount, sizeof(amount), detail ? detail : rq->align);
		format_misaligned(what, sizeof(what), rq, detail ? detail : rq->align);
		snprintf(buf, len, "%s is not aligned to the %s compound page size", what,
			 amount);
		return;
	case MEMREMAP_R_ALIGN_TYPE:
		snprintf(buf, len, "compound pages are only for types generic and fsdax, "
			 "not %s", type);
		return;
	case MEMREMAP_R_NODE_INVALID:
		snprintf(buf, len, "NUMA node %" PRId64 " does not exist", (int64_t)detail);
		return;
	case MEMREMAP_R_NODE_OFFLINE:
		snprintf(buf, len, "NUMA node %" PRId64 " is offline", (int64_t)detail);
		return;
	case MEMREMAP_R_NAME_INVALID: {
		const char *why = NULL;

		memremap_name_check(rq->name, &why);
		snprintf(buf, len, "name \"%s\" is invalid: %s", rq->name ? rq->name : "",
			 why ? why : "the module refused it");
		return;
	}
	case MEMREMAP_R_NAME_EXISTS:
		snprintf(buf, len, "name \"%s\" is taken by %s", rq->name ? rq->name : "", what);
		return;
	case MEMREMAP_R_NO_SUCH_PAGEMAP:
		snprintf(buf, len, "%s does not exist", obj);
		return;
	case MEMREMAP_R_PAGEMAP_GOING:
		snprintf(buf, len, "%s is being torn down", obj);
		return;
	case MEMREMAP_R_BUSY:
		snprintf(buf, len, "%s is in use (%" PRIu64 " reference%s held)", obj, detail,
			 detail == 1 ? "" : "s");
		return;
	case MEMREMAP_R_NO_SUCH_PROCESS:
		snprintf(buf, len, "no process %" PRIu64 " with memory to move (it does not "
			 "exist, exited, or is a kernel thread)", detail);
		return;
	case MEMREMAP_R_MIGRATE_PTRACE:
		snprintf(buf, len, "moving the memory of pid %" PRIu64 " needs what ptrace "
			 "needs of it (its user, or CAP_SYS_PTRACE, and what Yama's "
			 "ptrace_scope and other security modules allow)", detail);
		return;
	case MEMREMAP_R_PAGES_IN_USE:
		snprintf(buf, len, "%s holds %" PRIu64 " page%s of migrated data%s%s; "
			 "evicting moves them back to RAM first", obj, detail,
			 detail == 1 ? "" : "s", rq->owner && *rq->owner ? ", " : "",
			 rq->owner && *rq->owner ? rq->owner : "");
		return;
	case MEMREMAP_R_EVICT_FAILED:
		snprintf(buf, len, "%s: %" PRIu64 " page%s of migrated data could not move "
			 "back to RAM (the first at 0x%" PRIx64 "%s%s, pinned); the pagemap "
			 "stays", obj, detail, detail == 1 ? "" : "s",
			 (uint64_t)(st ? st->conflict.start : 0), rq->owner && *rq->owner ? ", " : "",
			 rq->owner && *rq->owner ? rq->owner : "");
		return;
	case MEMREMAP_R_IN_USE:
		/* who: the library's scan of /proc (holders.c), the module counts */
		if (rq->owner && *rq->owner)
			snprintf(buf, len, "%s is %s", obj, rq->owner);
		else
			snprintf(buf, len, "%s has %" PRIu64 " open file(s) or mapping(s) of "
				 "/dev/pagemap%u", obj, detail, rq->id);
		return;
	case MEMREMAP_R_TOO_MANY:
		snprintf(buf, len, "the module allows at most %" PRIu64 " pagemaps", detail);
		return;
	case MEMREMAP_R_NO_FREE_RANGE:
		memremap_format_bytes(amount, sizeof(amount), rq->size);
		snprintf(buf, len, "no free physical address range of %s is left", amount);
		return;
	case MEMREMAP_R_KERNEL:
		snprintf(buf, len, "the kernel failed to map the range: %s",
			 strerror(st && st->error < 0 ? -st->error : errnum));
		return;
	case MEMREMAP_R_PERM:
		snprintf(buf, len, "%s needs CAP_SYS_ADMIN (run as root)",
			 rq->op == MEMREMAP_OP_DESTROY ? "destroying a pagemap" :
			 rq->op == MEMREMAP_OP_MIGRATE ? "migrating memory" :
			 "creating a pagemap");
		return;
	case MEMREMAP_R_ALTMAP_NOT_MEMORY:
		if (st && st->conflict.kind != MEMREMAP_CONFLICT_NONE)
			snprintf(buf, len, "an altmap needs a range of memory, and range %s "
				 "lies in %s, which is not memory", range, what);
		else
			snprintf(buf, len, "an altmap needs a range of memory, and range %s "
				 "is not memory", range);
		return;
	case MEMREMAP_R_MEMTYPE: {
		const char *found = memremap_memtype_to_str((enum memremap_memtype)detail);
		char span[64];

		if (!found) {
			snprintf(amount, sizeof(amount), "number %" PRIu64, detail);
			found = amount;
		}
		format_range(span, sizeof(span), st ? st->conflict.start : rq->start,
			     st ? st->conflict.size : rq->size);
		if (rq->owner && *rq->owner)
			snprintf(what, sizeof(what), " by %s", rq->owner);
		else
			what[0] = '\0';
		snprintf(buf, len, "range %s is mapped %s%s, and a %s pagemap needs %s "
			 "(x86 PAT: memory must not be mapped with two cache modes)", span,
			 found, what, type, rq->pci ? "uncached-minus" : "write-back");
		return;
	}
	case MEMREMAP_R_MEMMAP_NO_RAM:
		memremap_format_bytes(amount, sizeof(amount), detail);
		snprintf(buf, len, "the struct pages of range %s need %s of RAM, more than "
			 "half of the RAM available (an altmap keeps them in the range)",
			 range, amount);
		return;
	}
	snprintf(buf, len, "refused for reason %u, which this library does not know "
		 "(memremap_ctl is newer): %s", reason, strerror(errnum));
}

int memremap_fail_status(struct memremap_ctx *ctx, int errnum, const struct memremap_status *st,
			 const struct memremap_request_view *rq)
{
	unsigned int reason = st ? st->reason : MEMREMAP_R_NONE;

	memremap_reason_message(ctx->last.msg, sizeof(ctx->last.msg), reason, errnum, st, rq);
	ctx->last.kind = memremap_reason_kind(reason, errnum);
	ctx->last.reason = reason;
	ctx->last.err = -errnum;
	mr_info(ctx, "refused (reason %u, %s): %s", reason, strerror(errnum), ctx->last.msg);
	return -errnum;
}
