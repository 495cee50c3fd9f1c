/*
 * diff.c - components added, removed and changed between two SBOMs
 * (vigil/sbom_diff.h).
 *
 * Both SBOMs are flattened into arrays of (identity, component), sorted by
 * identity, and walked together one identity at a time; within an identity
 * the components are paired as the header describes.  Everything compared is
 * reduced to a canonical string first (sorted hashes, sorted qualifiers), so
 * a pair differs in a field exactly when the two strings differ.
 */
#include "vigil/sbom_diff.h"
#include "dotted.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
	const vg_component *c;
	char *key;
	bool matched;
} item;

typedef struct side {
	item *items;
	size_t count;
} side;

/* ---- identity ---- */

/* "pkg:type/namespace/name" of a purl, or NULL when it does not look like one. */
static char *purl_key(const char *purl)
{
	const char *p, *end, *slash, *at;
	vg_buf b = VG_BUF_INIT;

	if (!purl || !vg_str_starts_with(purl, "pkg:"))
		return NULL;
	p = purl + 4;
	while (*p == '/')
		p++;
	end = p + strcspn(p, "?#");
	slash = memchr(p, '/', (size_t)(end - p));
	if (!slash || slash == p || slash + 1 >= end)
		return NULL;
	/* The version separator is an '@' after the last '/'. */
	for (at = end - 1; at > slash && *at != '/' && *at != '@'; at--)
		;
	if (*at == '@')
		end = at;
	if (vg_buf_puts(&b, "pkg:") || vg_buf_put(&b, p, (size_t)(slash - p)))
		goto fail;
	vg_str_lower(b.ptr);
	if (vg_buf_put(&b, slash, (size_t)(end - slash)))
		goto fail;
	return vg_buf_detach(&b);
fail:
	vg_buf_free(&b);
	return NULL;
}

/* "group/name" or "name" (never NULL unless ENOMEM). */
static char *display_name(const vg_component *c)
{
	vg_buf b = VG_BUF_INIT;

	if ((c->group && *c->group && vg_buf_printf(&b, "%s/", c->group)) ||
	    vg_buf_puts(&b, c->name ? c->name : (c->ref ? c->ref : "")))
		vg_error_set(VG_ENOMEM, "out of memory");
	return vg_buf_detach(&b);
}

char *vg_diff_key(const vg_component *c)
{
	char *key = c->purl ? purl_key(c->purl) : NULL;

	return key ? key : display_name(c);
}

/* ---- canonical field values ---- */

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Join the sorted list with `sep` into a new string; NULL for an empty list. */
static char *join_sorted(vg_strlist *l, const char *sep)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;

	if (!l->count)
		return NULL;
	qsort(l->items, l->count, sizeof(char *), strp_cmp);
	for (i = 0; i < l->count; i++)
		if ((i && vg_buf_puts(&b, sep)) || vg_buf_puts(&b, l->items[i]))
			break;
	return vg_buf_detach(&b);
}

static char *hashes_value(const vg_component *c)
{
	vg_strlist l = VG_STRLIST_INIT;
	vg_buf b = VG_BUF_INIT;
	char *out;
	size_t i;

	for (i = 0; i < c->hash_count; i++) {
		vg_buf_clear(&b);
		if (vg_buf_printf(&b, "%s:%s", c->hashes[i].alg ? c->hashes[i].alg : "",
				  c->hashes[i].value ? c->hashes[i].value : "") ||
		    vg_strlist_add(&l, vg_str_lower(b.ptr)))
			break;
	}
	vg_buf_free(&b);
	out = join_sorted(&l, ", ");
	vg_strlist_free(&l);
	return out;
}

static char *qualifiers_value(const vg_component *c)
{
	vg_strlist l = VG_STRLIST_INIT;
	const char *q = c->purl ? strchr(c->purl, '?') : NULL;
	size_t n;
	char *out;

	while (q && *q && *q != '#') {
		q++;
		n = strcspn(q, "&#");
		if (n && vg_strlist_take(&l, vg_strndup(q, n)))
			break;
		q += n;
	}
	out = join_sorted(&l, "&");
	vg_strlist_free(&l);
	return out;
}

static const char *licence_of(const vg_component *c)
{
	return c->license_concluded && *c->license_concluded ? c->license_concluded
							     : c->license_declared;
}

/*
 * A licence expression with its operands sorted when it is a flat list under
 * one operator ("(B AND A)" -> "A AND B"), so that tools that order operands
 * differently do not show as a licence change.  Anything nested is kept as is:
 * real SPDX expression handling belongs to a licence module.
 */
static char *licence_canon(const char *expr)
{
	vg_strlist l = VG_STRLIST_INIT;
	const char *op, *p, *next;
	size_t n;
	char *out;

	if (!expr)
		return NULL;
	n = strlen(expr);
	if (n >= 2 && expr[0] == '(' && expr[n - 1] == ')' && !memchr(expr + 1, '(', n - 2) &&
	    !memchr(expr + 1, ')', n - 2)) {
		expr++;
		n -= 2;
	}
	op = strstr(expr, " AND ") ? " AND " : " OR ";
	if (memchr(expr, '(', n) || (strstr(expr, " AND ") && strstr(expr, " OR ")) ||
	    !strstr(expr, op))
		return vg_strndup(expr, n);
	for (p = expr; p < expr + n; p = next + strlen(op)) {
		next = strstr(p, op);
		if (!next || next > expr + n)
			next = expr + n;
		if (vg_strlist_take(&l, vg_strndup(p, (size_t)(next - p))))
			break;
		if (next == expr + n)
			break;
	}
	out = join_sorted(&l, op);
	vg_strlist_free(&l);
	return out;
}

/* ---- entries ---- */

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static char *dup_or_null(const char *s)
{
	return s ? vg_strdup(s) : NULL;
}

static vg_diff_entry *entry_add(vg_diff *d, vg_diff_kind kind, const char *key,
				const vg_component *old, const vg_component *new)
{
	vg_diff_entry *grown = realloc(d->entries, (d->entry_count + 1) * sizeof(*grown));
	vg_diff_entry *e;

	if (!grown)
		return NULL;
	d->entries = grown;
	e = memset(&grown[d->entry_count++], 0, sizeof(*e));
	e->kind = kind;
	e->key = vg_strdup(key);
	e->name = display_name(new ? new : old);
	e->old_version = old ? dup_or_null(old->version) : NULL;
	e->new_version = new ? dup_or_null(new->version) : NULL;
	if (!e->key || !e->name || (old && old->version && !e->old_version) ||
	    (new && new->version && !e->new_version))
		return NULL;
	return e;
}

/* Record field: old -> new when they differ; takes ownership of both strings. */
static int change_add(vg_diff_entry *e, const char *field, char *old, char *new)
{
	vg_diff_change *grown;

	if (str_eq(old, new)) {
		free(old);
		free(new);
		return VG_OK;
	}
	grown = realloc(e->changes, (e->change_count + 1) * sizeof(*grown));
	if (!grown) {
		free(old);
		free(new);
		return VG_ENOMEM;
	}
	e->changes = grown;
	grown[e->change_count++] = (vg_diff_change){ field, old, new };
	return VG_OK;
}

static int compare_pair(vg_diff *d, const char *key, const vg_component *a,
			const vg_component *b)
{
	vg_diff_entry *e = entry_add(d, VG_DIFF_CHANGED, key, a, b);
	int cmp;

	if (!e)
		return VG_ENOMEM;
	if (change_add(e, "version", dup_or_null(a->version), dup_or_null(b->version)) ||
	    change_add(e, "licence", licence_canon(licence_of(a)), licence_canon(licence_of(b))) ||
	    change_add(e, "supplier", dup_or_null(a->supplier.name),
		       dup_or_null(b->supplier.name)) ||
	    change_add(e, "hashes", hashes_value(a), hashes_value(b)) ||
	    change_add(e, "qualifiers", qualifiers_value(a), qualifiers_value(b)))
		return VG_ENOMEM;
	if (!str_eq(a->version, b->version) && a->version && b->version &&
	    sbom_dotted_compare(a->version, b->version, &cmp))
		e->direction = cmp < 0 ? 1 : -1;
	if (e->change_count) {
		d->changed++;
		return VG_OK;
	}
	/* Equal in every compared field: not an entry, only counted. */
	free(e->key);
	free(e->name);
	free(e->old_version);
	free(e->new_version);
	d->entry_count--;
	d->unchanged++;
	return VG_OK;
}

/* ---- pairing ---- */

static int side_init(side *s, const vg_sbom *sbom)
{
	size_t i, n = sbom->component_count + (sbom->primary ? 1 : 0);

	s->count = 0;
	s->items = calloc(n ? n : 1, sizeof(*s->items));
	if (!s->items)
		return VG_ENOMEM;
	for (i = 0; i < n; i++) {
		item *it = &s->items[s->count++];

		it->c = sbom->primary ? (i ? sbom->components[i - 1] : sbom->primary)
				      : sbom->components[i];
		it->key = vg_diff_key(it->c);
		if (!it->key)
			return VG_ENOMEM;
	}
	return VG_OK;
}

static void side_free(side *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		free(s->items[i].key);
	free(s->items);
}

/*
 * A total order on versions, newest first: plain dotted numbers by value,
 * then other strings in reverse byte order, then absent versions.
 */
static int version_desc(const char *a, const char *b)
{
	bool da = sbom_dotted_valid(a), db = sbom_dotted_valid(b);
	int cmp = 0;

	if (!a || !b)
		return !a - !b;
	if (da != db)
		return da ? -1 : 1;
	if (da)
		sbom_dotted_compare(a, b, &cmp);
	else
		cmp = strcmp(a, b);
	return -cmp;
}

static int item_cmp(const void *x, const void *y)
{
	const item *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : version_desc(a->c->version, b->c->version);
}

/* Pair a[0..na) with b[0..nb) (one identity, both sorted newest first). */
static int pair_group(vg_diff *d, item *a, size_t na, item *b, size_t nb)
{
	size_t i, j;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb && !a[i].matched; j++)
			if (!b[j].matched && str_eq(a[i].c->version, b[j].c->version)) {
				a[i].matched = b[j].matched = true;
				if (compare_pair(d, a[i].key, a[i].c, b[j].c))
					return VG_ENOMEM;
			}
	for (i = 0, j = 0; i < na && j < nb; i++, j++) {
		while (i < na && a[i].matched)
			i++;
		while (j < nb && b[j].matched)
			j++;
		if (i == na || j == nb)
			break;
		a[i].matched = b[j].matched = true;
		if (compare_pair(d, a[i].key, a[i].c, b[j].c))
			return VG_ENOMEM;
	}
	for (i = 0; i < na; i++) {
		if (a[i].matched)
			continue;
		d->removed++;
		if (!entry_add(d, VG_DIFF_REMOVED, a[i].key, a[i].c, NULL))
			return VG_ENOMEM;
	}
	for (j = 0; j < nb; j++) {
		if (b[j].matched)
			continue;
		d->added++;
		if (!entry_add(d, VG_DIFF_ADDED, b[j].key, NULL, b[j].c))
			return VG_ENOMEM;
	}
	return VG_OK;
}

/* The end of the run of items with the key of s->items[i]. */
static size_t run_end(const side *s, size_t i)
{
	size_t j = i;

	while (j < s->count && !strcmp(s->items[j].key, s->items[i].key))
		j++;
	return j;
}

static int walk(vg_diff *d, side *a, side *b)
{
	size_t i = 0, j = 0, ie, je;
	int c;

	while (i < a->count || j < b->count) {
		c = i == a->count ? 1 : j == b->count ? -1 : strcmp(a->items[i].key, b->items[j].key);
		ie = c <= 0 ? run_end(a, i) : i;
		je = c >= 0 ? run_end(b, j) : j;
		if (pair_group(d, a->items + i, ie - i, b->items + j, je - j))
			return VG_ENOMEM;
		i = ie;
		j = je;
	}
	return VG_OK;
}

static int entry_cmp(const void *x, const void *y)
{
	const vg_diff_entry *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return -version_desc(a->old_version ? a->old_version : a->new_version,
			     b->old_version ? b->old_version : b->new_version);
}

int vg_sbom_diff(const vg_sbom *a, const vg_sbom *b, vg_diff **out)
{
	side sa = { NULL, 0 }, sb = { NULL, 0 };
	vg_diff *d = calloc(1, sizeof(*d));
	int rc = d ? VG_OK : VG_ENOMEM;

	*out = NULL;
	if (rc == VG_OK)
		rc = side_init(&sa, a);
	if (rc == VG_OK)
		rc = side_init(&sb, b);
	if (rc == VG_OK) {
		qsort(sa.items, sa.count, sizeof(item), item_cmp);
		qsort(sb.items, sb.count, sizeof(item), item_cmp);
		rc = walk(d, &sa, &sb);
	}
	side_free(&sa);
	side_free(&sb);
	if (rc) {
		vg_diff_free(d);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	if (d->entry_count)
		qsort(d->entries, d->entry_count, sizeof(*d->entries), entry_cmp);
	*out = d;
	return VG_OK;
}

void vg_diff_free(vg_diff *d)
{
	size_t i, j;

	if (!d)
		return;
	for (i = 0; i < d->entry_count; i++) {
		vg_diff_entry *e = &d->entries[i];

		free(e->key);
		free(e->name);
		free(e->old_version);
		free(e->new_version);
		for (j = 0; j < e->change_count; j++) {
			free(e->changes[j].old_value);
			free(e->changes[j].new_value);
		}
		free(e->changes);
	}
	free(d->entries);
	free(d);
}

const char *vg_diff_kind_name(vg_diff_kind kind)
{
	switch (kind) {
	case VG_DIFF_REMOVED: return "removed";
	case VG_DIFF_ADDED: return "added";
	default: return "changed";
	}
}

/* ---- JSON ---- */

static json_t *entry_json(const vg_diff_entry *e)
{
	json_t *changes = json_array();
	size_t i;

	for (i = 0; changes && i < e->change_count; i++) {
		if (json_array_append_new(changes,
					  json_pack("{s:s, s:s?, s:s?}", "field", e->changes[i].field,
						    "old", e->changes[i].old_value, "new",
						    e->changes[i].new_value))) {
			json_decref(changes);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:o?}", "kind",
			 vg_diff_kind_name(e->kind), "key", e->key, "name", e->name,
			 "old_version", e->old_version, "new_version", e->new_version, "direction",
			 e->direction > 0 ? "up" : e->direction < 0 ? "down" : NULL, "changes",
			 changes);
}

json_t *vg_diff_json(const vg_diff *d)
{
	json_t *entries = json_array(), *o;
	size_t i;

	for (i = 0; entries && i < d->entry_count; i++) {
		if (json_array_append_new(entries, entry_json(&d->entries[i]))) {
			json_decref(entries);
			entries = NULL;
		}
	}
	o = entries ? json_pack("{s:{s:I, s:I, s:I, s:I}, s:o}", "summary", "added",
				(json_int_t)d->added, "removed", (json_int_t)d->removed, "changed",
				(json_int_t)d->changed, "unchanged", (json_int_t)d->unchanged,
				"entries", entries)
		    : NULL;
	if (!o)
		vg_error_set(VG_ENOMEM, "out of memory");
	return o;
}
