/*
 * gen_deps.c - resolving package relationships to component refs.
 *
 * Package databases name dependencies, not components: a Depends entry may
 * be satisfied by a package or by a virtual name another package Provides.
 * The index maps both to the installed component; the first mapping of a
 * name wins, so real package names (added first) beat virtual ones.
 * Version constraints are ignored: the database records what is installed,
 * and resolving needs only which installed package satisfies the name.
 */
#include "gen_internal.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct gen_index {
	char **keys;
	vg_component **values;
	size_t cap, count;
};

gen_index *gen_index_new(void)
{
	gen_index *ix = calloc(1, sizeof(*ix));

	if (!ix)
		vg_error_set(VG_ENOMEM, "out of memory");
	return ix;
}

void gen_index_free(gen_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->cap; i++)
		free(ix->keys[i]);
	free(ix->keys);
	free(ix->values);
	free(ix);
}

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The slot holding the key, or the empty slot where it would go. */
static size_t slot(const gen_index *ix, const char *name, size_t len)
{
	size_t i = (size_t)hash(name, len) & (ix->cap - 1);

	while (ix->keys[i] && (strncmp(ix->keys[i], name, len) || ix->keys[i][len]))
		i = (i + 1) & (ix->cap - 1);
	return i;
}

static int grow(gen_index *ix)
{
	gen_index bigger = { NULL, NULL, ix->cap ? ix->cap * 2 : 256, 0 };
	size_t i, j;

	bigger.keys = calloc(bigger.cap, sizeof(*bigger.keys));
	bigger.values = calloc(bigger.cap, sizeof(*bigger.values));
	if (!bigger.keys || !bigger.values) {
		free(bigger.keys);
		free(bigger.values);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	for (i = 0; i < ix->cap; i++) {
		if (!ix->keys[i])
			continue;
		j = slot(&bigger, ix->keys[i], strlen(ix->keys[i]));
		bigger.keys[j] = ix->keys[i];
		bigger.values[j] = ix->values[i];
	}
	free(ix->keys);
	free(ix->values);
	bigger.count = ix->count;
	*ix = bigger;
	return VG_OK;
}

int gen_index_add(gen_index *ix, const char *name, vg_component *c)
{
	size_t i;

	if ((ix->count + 1) * 2 > ix->cap && grow(ix))
		return VG_ENOMEM;
	i = slot(ix, name, strlen(name));
	if (ix->keys[i])
		return VG_OK;
	ix->keys[i] = vg_strdup(name);
	if (!ix->keys[i])
		return VG_ENOMEM;
	ix->values[i] = c;
	ix->count++;
	return VG_OK;
}

vg_component *gen_index_getn(const gen_index *ix, const char *name, size_t len)
{
	size_t i;

	if (!ix->cap)
		return NULL;
	i = slot(ix, name, len);
	return ix->keys[i] ? ix->values[i] : NULL;
}

vg_component *gen_index_get(const gen_index *ix, const char *name)
{
	return gen_index_getn(ix, name, strlen(name));
}

int gen_depend(vg_component *from, const vg_component *to)
{
	if (from == to || vg_strlist_contains(&from->depends_on, to->ref))
		return VG_OK;
	return vg_strlist_add(&from->depends_on, to->ref);
}

/* The installed component for one alternative "name[:arch] [(op ver)] [arch list]". */
static vg_component *resolve_one(const gen_index *ix, const char *s, const char *end)
{
	const char *n;

	while (s < end && strchr(" \t\n", *s))
		s++;
	for (n = s; n < end && !strchr(" \t\n(:[<", *n); n++)
		;
	return n > s ? gen_index_getn(ix, s, (size_t)(n - s)) : NULL;
}

/* The first installed alternative of "a | b | c" (s..end). */
static vg_component *resolve_alternatives(const gen_index *ix, const char *s, const char *end)
{
	const char *bar;
	vg_component *c;

	for (;;) {
		bar = memchr(s, '|', (size_t)(end - s));
		c = resolve_one(ix, s, bar ? bar : end);
		if (c || !bar)
			return c;
		s = bar + 1;
	}
}

int gen_deb_depends(const gen_index *ix, vg_component *c, const char *field)
{
	const char *s = field, *comma;
	vg_component *dep;
	int rc;

	while (s && *s) {
		comma = strchr(s, ',');
		dep = resolve_alternatives(ix, s, comma ? comma : s + strlen(s));
		if (dep && (rc = gen_depend(c, dep)))
			return rc;
		s = comma ? comma + 1 : NULL;
	}
	return VG_OK;
}
