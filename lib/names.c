// SPDX-License-Identifier: LGPL-2.1-or-later
/* Names users see: memory types, memmap locations, pagemap names. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "private.h"
#include "../kernel/pagemap_attrs.h"	/* the memory types' words */

static const char *const type_names[] = {
	[MEMREMAP_TYPE_GENERIC] = "generic",
	[MEMREMAP_TYPE_FSDAX] = "fsdax",
	[MEMREMAP_TYPE_COHERENT] = "coherent",
	[MEMREMAP_TYPE_PRIVATE] = "private",
	[MEMREMAP_TYPE_P2PDMA] = "p2pdma",
};

/* A number's word in a table indexed by it (0 has none), and back */
static const char *word_of(const char *const *names, size_t n, unsigned int value)
{
	return value < n ? names[value] : NULL;
}

static int value_of(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 1; s && i < n; i++)
		if (names[i] && strcmp(s, names[i]) == 0)
			return (int)i;
	return -EINVAL;
}

MEMREMAP_EXPORT const char *memremap_type_to_str(enum memremap_type type)
{
	return word_of(type_names, ARRAY_SIZE(type_names), type);
}

MEMREMAP_EXPORT int memremap_type_from_str(const char *s)
{
	return value_of(type_names, ARRAY_SIZE(type_names), s);
}

MEMREMAP_EXPORT const char *memremap_memmap_location_to_str(enum memremap_memmap_location loc)
{
	switch (loc) {
	case MEMREMAP_MEMMAP_RAM:
		return "ram";
	case MEMREMAP_MEMMAP_ALTMAP:
		return "altmap";
	}
	return NULL;
}

#define MEMTYPE_WORD(memtype, word) [memtype] = word,
static const char *const memtype_names[] = {
	MEMREMAP_MEMTYPE_WORDS(MEMTYPE_WORD)
};

MEMREMAP_EXPORT const char *memremap_memtype_to_str(enum memremap_memtype memtype)
{
	return word_of(memtype_names, ARRAY_SIZE(memtype_names), memtype);
}

MEMREMAP_EXPORT int memremap_memtype_from_str(const char *s)
{
	return value_of(memtype_names, ARRAY_SIZE(memtype_names), s);
}

/* "pagemap" followed by one or more digits and nothing else */
static bool is_devname(const char *s)
{
	if (strncmp(s, "pagemap", 7) != 0 || !s[7])
		return false;
	return strspn(s + 7, "0123456789") == strlen(s + 7);
}

MEMREMAP_EXPORT int memremap_name_check(const char *name, const char **why)
{
	static const char allowed[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
	const char *problem = NULL;
	size_t len = name ? strlen(name) : 0;

	if (len == 0)
		problem = "a name needs at least one character";
	else if (len > MEMREMAP_NAME_MAX - 1)
		problem = "a name has at most 31 characters";
	else if (strspn(name, allowed) != len)
		problem = "a name may only contain letters, digits, '_', '.' and '-'";
	else if (strspn(name, "0123456789") == len)
		problem = "a name cannot be all digits (that is a pagemap id)";
	else if (strcmp(name, "all") == 0)
		problem = "\"all\" is reserved (it stands for every pagemap)";
	else if (is_devname(name))
		problem = "a name cannot have the form pagemapN (that is a device name)";
	if (why)
		*why = problem;
	return problem ? -EINVAL : 0;
}

/* n hex digits, at most max of them; the value in *v */
static int hex_field(const char **s, unsigned int max_digits, unsigned long *v)
{
	const char *p = *s;
	unsigned long x = 0;
	unsigned int n = 0;

	while (n < max_digits && strchr("0123456789abcdefABCDEF", *p) && *p) {
		x = x * 16 + (unsigned long)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
		p++;
		n++;
	}
	if (n == 0)
		return -1;
	*s = p;
	*v = x;
	return 0;
}

int memremap_pci_parse(const char *s, unsigned int *domain, unsigned int *devid,
		       const char **why)
{
	const char *p = s, *colon2;
	unsigned long dom = 0, bus, slot, func;

	if (why)
		*why = "a PCI device is DOMAIN:BUS:SLOT.FUNCTION or BUS:SLOT.FUNCTION "
		       "in hex, as lspci -D prints it (0000:00:10.0)";
	if (!s)
		return -EINVAL;
	colon2 = strchr(s, ':');
	if (colon2 && strchr(colon2 + 1, ':')) {
		if (hex_field(&p, 8, &dom) < 0 || *p++ != ':')
			return -EINVAL;
	}
	if (hex_field(&p, 2, &bus) < 0 || *p++ != ':' ||
	    hex_field(&p, 2, &slot) < 0 || *p++ != '.' ||
	    hex_field(&p, 1, &func) < 0 || *p)
		return -EINVAL;
	if (slot > 0x1f || func > 7) {
		if (why)
			*why = "a PCI slot is 00-1f and a function 0-7";
		return -EINVAL;
	}
	*domain = (unsigned int)dom;
	*devid = (unsigned int)MEMREMAP_PCI_DEVID(bus, slot, func);
	if (why)
		*why = NULL;
	return 0;
}

MEMREMAP_EXPORT int memremap_pci_address_check(const char *device, const char **why)
{
	unsigned int domain, devid;

	return memremap_pci_parse(device, &domain, &devid, why);
}
