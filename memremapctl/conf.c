// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memremap.conf(5): the pagemaps that should exist.
 *
 * One reader: each file is read once, line by line, keeping for every
 * section and key the line it is on and the name as written, so that every
 * error (and apply's FROM column) says FILE:LINE. The syntax is the INI
 * dialect daxctl's iniparser reads: "#" and ";" start comment lines and
 * end unquoted values, values may be quoted with "" or '', key names and
 * section names compare without case.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "memremapctl.h"
#include "conf.h"

static const char *const known_keys[] = {
	"start", "size", "resource", "namespace", "dax_region", "type", "altmap",
	"reserve", "align", "numa_node",
};
#define NKEYS (sizeof(known_keys) / sizeof(known_keys[0]))

/* The sections of one file: names, keys and values, with their lines. */
struct line_index {
	struct {
		char *name;		/* "pagemap Scratch" as written */
		int line;
		int key_line[NKEYS];	/* 0: not there */
		char *value[NKEYS];	/* as given, unquoted; "" when empty */
	} *sections;
	size_t count;
};

struct parse {
	const char *path;
	char *err;
	size_t errlen;
};

static int error_at(struct parse *p, int line, const char *key, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

/* "FILE:LINE: KEY: what", always -1 */
static int error_at(struct parse *p, int line, const char *key, const char *format, ...)
{
	size_t n;
	va_list args;

	n = (size_t)snprintf(p->err, p->errlen, "%s:%d: %s%s", p->path, line, key ? key : "",
			     key ? ": " : "");
	if (n < p->errlen) {
		va_start(args, format);
		vsnprintf(p->err + n, p->errlen - n, format, args);
		va_end(args);
	}
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void index_free(struct line_index *ix)
{
	size_t i, k;

	for (i = 0; i < ix->count; i++) {
		free(ix->sections[i].name);
		for (k = 0; k < NKEYS; k++)
			free(ix->sections[i].value[k]);
	}
	free(ix->sections);
}

/*
 * A value as written after "=": in "" or '' (anything may follow the
 * closing quote), or up to a comment ("#" or ";"), blanks trimmed.
 */
static char *unquote(char *v)
{
	char *end;

	v = trim(v);
	if ((*v == '"' || *v == '\'') && (end = strchr(v + 1, *v)) && end > v + 1) {
		*end = '\0';
		return v + 1;
	}
	v[strcspn(v, "#;")] = '\0';
	v = trim(v);
	if (!strcmp(v, "\"\"") || !strcmp(v, "''"))
		*v = '\0';
	return v;
}

/* Sections, keys and values with their lines, and no stray lines. */
static int index_file(struct parse *p, FILE *f, struct line_index *ix)
{
	char *line = NULL, *s, *eq;
	size_t cap = 0, k;
	int n = 0, rc = 0;

	memset(ix, 0, sizeof(*ix));
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		n++;
		s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			void *arr;

			if (s[strlen(s) - 1] != ']') {
				rc = error_at(p, n, NULL, "a section header ends with ']': %s", s);
				break;
			}
			s[strlen(s) - 1] = '\0';
			s = trim(s + 1);
			/* section names compare without case */
			for (k = 0; k < ix->count; k++)
				if (!strcasecmp(ix->sections[k].name, s))
					break;
			if (k < ix->count) {
				rc = error_at(p, n, NULL, "[%s] is given twice in this file (line %d "
					      "too; names are compared without case here)", s,
					      ix->sections[k].line);
				break;
			}
			arr = realloc(ix->sections, (ix->count + 1) * sizeof(*ix->sections));
			if (!arr) {
				rc = error_at(p, n, NULL, "out of memory");
				break;
			}
			ix->sections = arr;
			memset(&ix->sections[ix->count], 0, sizeof(ix->sections[0]));
			ix->sections[ix->count].name = strdup(s);
			ix->sections[ix->count].line = n;
			if (!ix->sections[ix->count].name) {
				rc = error_at(p, n, NULL, "out of memory");
				break;
			}
			ix->count++;
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			rc = error_at(p, n, NULL, "not a section header or KEY = VALUE: %s", s);
			break;
		}
		*eq = '\0';
		s = trim(s);
		if (!ix->count) {
			rc = error_at(p, n, s, "outside any section ([pagemap NAME] comes first)");
			break;
		}
		for (k = 0; k < NKEYS && strcasecmp(s, known_keys[k]); k++)
			;
		if (k == NKEYS) {
			rc = error_at(p, n, s, "unknown key (the keys are start, size, resource, "
				      "namespace, dax_region, type, altmap, reserve, align and "
				      "numa_node)");
			break;
		}
		if (ix->sections[ix->count - 1].key_line[k]) {
			rc = error_at(p, n, known_keys[k], "given twice in [%s] (line %d too)",
				      ix->sections[ix->count - 1].name,
				      ix->sections[ix->count - 1].key_line[k]);
			break;
		}
		ix->sections[ix->count - 1].key_line[k] = n;
		ix->sections[ix->count - 1].value[k] = strdup(unquote(eq + 1));
		if (!ix->sections[ix->count - 1].value[k]) {
			rc = error_at(p, n, known_keys[k], "out of memory");
			break;
		}
	}
	free(line);
	return rc;
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* One section into s: every value checked as create checks its options. */
static int parse_section(struct parse *p, const struct line_index *ix, size_t si,
			 struct conf_section *s)
{
	struct request *rq = &s->rq;
	const char *name = ix->sections[si].name, *why;
	const int *kl = ix->sections[si].key_line;
	int line = ix->sections[si].line, sources;
	bool altmap = false;
	size_t k, nv = 0;

	if (strncasecmp(name, "pagemap", 7) != 0 || !isspace((unsigned char)name[7]))
		return error_at(p, line, NULL, "unknown section [%s]: sections are [pagemap NAME]",
				name);
	name = trim((char *)name + 7);
	if (memremap_name_check(name, &why) < 0)
		return error_at(p, line, NULL, "[pagemap %s]: invalid name: %s", name, why);
	s->name = strdup(name);
	s->file = strdup(p->path);
	s->line = line;
	if (!s->name || !s->file)
		return error_at(p, line, NULL, "out of memory");
	memset(rq, 0, sizeof(*rq));
	rq->config = true;
	rq->node = -1;
	rq->name = s->name;

	for (k = 0; k < NKEYS; k++) {
		const char *v = ix->sections[si].value[k];
		char *val;
		uint64_t u;

		if (!kl[k])
			continue;
		if (!*v)
			return error_at(p, kl[k], known_keys[k], "no value");
		val = s->values[nv++] = strdup(v);
		if (!val)
			return error_at(p, kl[k], known_keys[k], "out of memory");
		switch (k) {
		case 0:		/* start */
			if (parse_size(val, &rq->start, &why) < 0)
				return error_at(p, kl[k], "start", "invalid '%s': %s", val, why);
			rq->start_arg = val;
			break;
		case 1:		/* size */
			if (parse_size(val, &rq->size, &why) < 0)
				return error_at(p, kl[k], "size", "invalid '%s': %s", val, why);
			rq->size_arg = val;
			break;
		case 2:
			rq->resource = val;
			break;
		case 3:
			rq->ns = val;
			break;
		case 4:
			rq->dax_region = val;
			break;
		case 5:		/* type */
			rq->type = memremap_type_from_str(val);
			if (rq->type < 0)
				return error_at(p, kl[k], "type", "unknown type '%s' (generic, "
						"fsdax, coherent, private)", val);
			if (rq->type == MEMREMAP_TYPE_P2PDMA)
				return error_at(p, kl[k], "type", "p2pdma pagemaps come from a PCI "
						"BAR: make them with memremapctl create --pci");
			rq->type_arg = val;
			break;
		case 6:		/* altmap */
			if (!parse_bool(val, &altmap))
				return error_at(p, kl[k], "altmap", "'%s' is not yes or no", val);
			break;
		case 7:		/* reserve */
			if (parse_size(val, &rq->reserve, &why) < 0)
				return error_at(p, kl[k], "reserve", "invalid '%s': %s", val, why);
			rq->reserve_arg = val;
			break;
		case 8:		/* align */
			if (parse_align(val, &u, &why) < 0)
				return error_at(p, kl[k], "align", "invalid '%s': %s", val, why);
			rq->align = u;
			rq->align_arg = val;
			break;
		case 9:		/* numa_node */
			if (parse_node(val, &rq->node, &why) < 0)
				return error_at(p, kl[k], "numa_node", "invalid '%s': %s", val, why);
			rq->node_arg = val;
			break;
		}
	}
	/* the reserve implies an altmap, unless the file says otherwise */
	if (kl[6] && kl[7] && !altmap)
		return error_at(p, kl[7], "reserve", "needs an altmap, but altmap = no");
	rq->altmap = kl[6] ? altmap : kl[7] != 0;

	sources = !!rq->resource + !!rq->ns + !!rq->dax_region;
	if (sources > 1)
		return error_at(p, line, NULL, "[pagemap %s]: give one of resource, namespace "
				"and dax_region", s->name);
	if (rq->type == MEMREMAP_TYPE_PRIVATE) {
		if (sources || rq->start_arg)
			return error_at(p, line, NULL, "[pagemap %s]: type private takes no range: "
					"the kernel picks one", s->name);
		if (!rq->size_arg)
			return error_at(p, line, NULL, "[pagemap %s]: missing size", s->name);
	} else if (!sources && (!rq->start_arg || !rq->size_arg)) {
		return error_at(p, line, NULL, "[pagemap %s]: missing %s (or resource, namespace "
				"or dax_region)", s->name,
				!rq->start_arg && !rq->size_arg ? "start and size" :
				!rq->start_arg ? "start" : "size");
	}
	return 0;
}

static void section_free(struct conf_section *s)
{
	size_t i;

	free(s->file);
	free(s->name);
	for (i = 0; i < sizeof(s->values) / sizeof(s->values[0]); i++)
		free(s->values[i]);
}

static int add_file(const char *path, struct conf *conf, char *err, size_t errlen)
{
	struct parse p = { .path = path, .err = err, .errlen = errlen };
	struct line_index ix;
	size_t i, first = conf->count;
	int rc;
	FILE *f = fopen(path, "re");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = index_file(&p, f, &ix);
	fclose(f);
	for (i = 0; rc == 0 && i < ix.count; i++) {
		struct conf_section *arr, *dup;

		arr = realloc(conf->sections, (conf->count + 1) * sizeof(*arr));
		if (!arr) {
			rc = error_at(&p, ix.sections[i].line, NULL, "out of memory");
			break;
		}
		conf->sections = arr;
		memset(&arr[conf->count], 0, sizeof(arr[0]));
		conf->count++;
		rc = parse_section(&p, &ix, i, &arr[conf->count - 1]);
		if (rc < 0)
			break;
		/* one name, one pagemap: in this file or another */
		dup = NULL;
		for (size_t j = 0; j + 1 < conf->count && !dup; j++)
			if (!strcmp(conf->sections[j].name, arr[conf->count - 1].name))
				dup = &conf->sections[j];
		if (dup)
			rc = error_at(&p, ix.sections[i].line, NULL,
				      "[pagemap %s] is also in %s:%d", dup->name, dup->file,
				      dup->line);
	}
	index_free(&ix);
	if (rc < 0) {
		while (conf->count > first)
			section_free(&conf->sections[--conf->count]);
	}
	return rc;
}

int conf_load_file(const char *path, struct conf *conf, char *err, size_t errlen)
{
	memset(conf, 0, sizeof(*conf));
	if (add_file(path, conf, err, errlen) < 0) {
		conf_free(conf);
		return -1;
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int conf_load(const char *dir, struct conf *conf, char *err, size_t errlen)
{
	char **names = NULL, path[4096];
	struct dirent *de;
	size_t n = 0, i;
	int rc = 0;
	DIR *d;

	memset(conf, 0, sizeof(*conf));
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **arr;

		if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".conf"))
			continue;
		arr = realloc(names, (n + 1) * sizeof(*names));
		if (arr) {
			names = arr;
			names[n] = strdup(de->d_name);
		}
		if (!arr || !names[n]) {
			snprintf(err, errlen, "%s: out of memory", dir);
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		rc = add_file(path, conf, err, errlen);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc < 0)
		conf_free(conf);
	return rc;
}

void conf_free(struct conf *conf)
{
	size_t i;

	for (i = 0; i < conf->count; i++)
		section_free(&conf->sections[i]);
	free(conf->sections);
	memset(conf, 0, sizeof(*conf));
}

struct conf_section *conf_find(struct conf *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->count; i++)
		if (!strcmp(conf->sections[i].name, name))
			return &conf->sections[i];
	return NULL;
}
