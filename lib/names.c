// SPDX-License-Identifier: LGPL-2.1-or-later
/* Names users see: memory types, memmap locations, pagemap names. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "private.h"

static const char *const type_names[] = {
	[MEMREMAP_TYPE_GENERIC] = "generic",
	[MEMREMAP_TYPE_FSDAX] = "fsdax",
	[MEMREMAP_TYPE_COHERENT] = "coherent",
	[MEMREMAP_TYPE_PRIVATE] = "private",
	[MEMREMAP_TYPE_P2PDMA] = "p2pdma",
};

MEMREMAP_EXPORT const char *memremap_type_to_str(enum memremap_type type)
{
	if ((unsigned int)type >= ARRAY_SIZE(type_names))
		return NULL;
	return type_names[type];
}

MEMREMAP_EXPORT int memremap_type_from_str(const char *s)
{
	size_t i;

	for (i = 1; s && i < ARRAY_SIZE(type_names); i++)
		if (strcmp(s, type_names[i]) == 0)
			return (int)i;
	return -EINVAL;
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
		problem = "\"all\" is reserved (memremapctl destroy all)";
	else if (is_devname(name))
		problem = "a name cannot have the form pagemapN (that is a device name)";
	if (why)
		*why = problem;
	return problem ? -EINVAL : 0;
}
