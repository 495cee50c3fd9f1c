/*
 * model.c - building, copying and freeing the SBOM model (vigil/sbom.h).
 *
 * Reading and writing the formats lives in read_*.c and write_*.c; this file
 * is the model alone, so generators and readers share one set of builders.
 */
#include "vigil/sbom.h"
#include "sbom_io.h"
#include "vigil/buf.h"
#include "vigil/error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The ref index: open addressing over component pointers, keyed by ref.
 * Generated SBOMs reach 100k+ components (a rootfs with its files), and
 * writers and checks look refs up per dependency edge, so a linear search
 * would make them quadratic.
 */
struct vg_sbom_index {
	vg_component **slots;
	size_t cap; /* a power of two */
	size_t used;
};

static uint64_t hash_ref(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot where ref is, or the empty slot where it would go. */
static vg_component **index_slot(const struct vg_sbom_index *ix, const char *ref)
{
	size_t i = (size_t)hash_ref(ref) & (ix->cap - 1);

	while (ix->slots[i] && strcmp(ix->slots[i]->ref, ref) != 0)
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

static int index_grow(struct vg_sbom_index *ix)
{
	struct vg_sbom_index bigger = { NULL, ix->cap ? ix->cap * 2 : 64, 0 };
	size_t i;

	bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
	if (!bigger.slots)
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < ix->cap; i++)
		if (ix->slots[i])
			*index_slot(&bigger, ix->slots[i]->ref) = ix->slots[i];
	bigger.used = ix->used;
	free(ix->slots);
	*ix = bigger;
	return VG_OK;
}

/* Index c under its ref unless an earlier component has that ref. */
static int index_add(vg_sbom *sbom, vg_component *c)
{
	vg_component **slot;

	if (!c->ref)
		return VG_OK; /* nothing to find it by */
	if (!sbom->index && !(sbom->index = calloc(1, sizeof(*sbom->index))))
		return vg_error_set(VG_ENOMEM, "out of memory");
	if ((sbom->index->used + 1) * 10 > sbom->index->cap * 7 && index_grow(sbom->index))
		return VG_ENOMEM;
	slot = index_slot(sbom->index, c->ref);
	if (!*slot) {
		*slot = c;
		sbom->index->used++;
	}
	return VG_OK;
}

/* Grow *items (of *count elements of `size` bytes) by one zeroed element. */
static void *append_zeroed(void **items, size_t *count, size_t size)
{
	char *grown = realloc(*items, (*count + 1) * size);

	if (!grown) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	memset(grown + *count * size, 0, size);
	*items = grown;
	return grown + (*count)++ * size;
}

/* Copy s into *dst (NULL stays NULL); false on ENOMEM. */
static int copy_string(char **dst, const char *s)
{
	*dst = NULL;
	if (!s)
		return VG_OK;
	*dst = vg_strdup(s);
	return *dst ? VG_OK : VG_ENOMEM;
}

vg_sbom *vg_sbom_new(void)
{
	vg_sbom *sbom = calloc(1, sizeof(*sbom));

	if (!sbom) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	sbom->version = 1;
	return sbom;
}

static void party_free(vg_party *p)
{
	free(p->name);
	free(p->email);
	free(p->url);
}

static void hashes_free(vg_hash *hashes, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(hashes[i].alg);
		free(hashes[i].value);
	}
	free(hashes);
}

static void component_free(vg_component *c)
{
	size_t i;

	if (!c)
		return;
	free(c->ref);
	free(c->group);
	free(c->name);
	free(c->version);
	free(c->description);
	free(c->purl);
	vg_strlist_free(&c->cpes);
	party_free(&c->supplier);
	party_free(&c->manufacturer);
	free(c->license_declared);
	free(c->license_concluded);
	free(c->copyright);
	hashes_free(c->hashes, c->hash_count);
	for (i = 0; i < c->extref_count; i++) {
		free(c->extrefs[i].type);
		free(c->extrefs[i].url);
		hashes_free(c->extrefs[i].hashes, c->extrefs[i].hash_count);
	}
	free(c->extrefs);
	for (i = 0; i < c->property_count; i++) {
		free(c->properties[i].name);
		free(c->properties[i].value);
	}
	free(c->properties);
	vg_strlist_free(&c->depends_on);
	vg_strlist_free(&c->contains);
	free(c);
}

void vg_sbom_free(vg_sbom *sbom)
{
	size_t i;

	if (!sbom)
		return;
	free(sbom->spec_version);
	free(sbom->serial);
	free(sbom->name);
	free(sbom->timestamp);
	for (i = 0; i < sbom->author_count; i++)
		party_free(&sbom->authors[i]);
	free(sbom->authors);
	party_free(&sbom->manufacturer);
	vg_strlist_free(&sbom->tools);
	component_free(sbom->primary);
	for (i = 0; i < sbom->component_count; i++)
		component_free(sbom->components[i]);
	free(sbom->components);
	free(sbom->completeness);
	vg_strlist_free(&sbom->warnings);
	if (sbom->index)
		free(sbom->index->slots);
	free(sbom->index);
	free(sbom);
}

static vg_component *component_new(const char *ref)
{
	vg_component *c = calloc(1, sizeof(*c));

	if (!c || copy_string(&c->ref, ref) != VG_OK) {
		free(c);
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	return c;
}

vg_component *vg_sbom_add_component(vg_sbom *sbom, const char *ref)
{
	vg_component *c;

	if (sbom->component_count == sbom->component_cap) {
		size_t cap = sbom->component_cap ? sbom->component_cap * 2 : 16;
		vg_component **grown = realloc(sbom->components, cap * sizeof(*grown));

		if (!grown) {
			vg_error_set(VG_ENOMEM, "out of memory");
			return NULL;
		}
		sbom->components = grown;
		sbom->component_cap = cap;
	}
	c = component_new(ref);
	if (c && index_add(sbom, c) != VG_OK) {
		component_free(c);
		return NULL;
	}
	if (c)
		sbom->components[sbom->component_count++] = c;
	return c;
}

int vg_sbomio_move_components(vg_sbom *dst, vg_sbom *from)
{
	size_t n = from->component_count, i, w;
	vg_component **grown;
	int rc = VG_OK;

	if (dst->component_count + n > dst->component_cap) {
		grown = realloc(dst->components, (dst->component_count + n) * sizeof(*grown));
		if (!grown)
			return vg_error_set(VG_ENOMEM, "out of memory");
		dst->components = grown;
		dst->component_cap = dst->component_count + n;
	}
	for (i = 0; i < n && (rc = index_add(dst, from->components[i])) == VG_OK; i++)
		dst->components[dst->component_count++] = from->components[i];
	/* on failure, what was not moved stays from's */
	memmove(from->components, from->components + i, (n - i) * sizeof(*from->components));
	from->component_count = n - i;
	for (w = 0; rc == VG_OK && w < from->warnings.count; w++) {
		rc = vg_strlist_take(&dst->warnings, from->warnings.items[w]);
		from->warnings.items[w] = NULL; /* dst's now, or freed by the failed take */
	}
	return rc;
}

vg_component *vg_sbom_set_primary(vg_sbom *sbom, const char *ref)
{
	vg_component *c = component_new(ref);

	if (!c)
		return NULL;
	component_free(sbom->primary);
	sbom->primary = c;
	return c;
}

vg_component *vg_sbom_find(const vg_sbom *sbom, const char *ref)
{
	if (sbom->primary && sbom->primary->ref && !strcmp(sbom->primary->ref, ref))
		return sbom->primary;
	return sbom->index && ref ? *index_slot(sbom->index, ref) : NULL;
}

static int hash_append(vg_hash **hashes, size_t *count, const char *alg, const char *value)
{
	vg_hash *h = append_zeroed((void **)hashes, count, sizeof(**hashes));

	if (!h)
		return VG_ENOMEM;
	if (copy_string(&h->alg, alg) || copy_string(&h->value, value))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return VG_OK;
}

int vg_component_add_hash(vg_component *c, const char *alg, const char *value)
{
	return hash_append(&c->hashes, &c->hash_count, alg, value);
}

int vg_extref_add_hash(vg_extref *r, const char *alg, const char *value)
{
	return hash_append(&r->hashes, &r->hash_count, alg, value);
}

int vg_component_add_property(vg_component *c, const char *name, const char *value)
{
	vg_property *p = append_zeroed((void **)&c->properties, &c->property_count,
				       sizeof(*c->properties));

	if (!p)
		return VG_ENOMEM;
	if (copy_string(&p->name, name) || copy_string(&p->value, value))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return VG_OK;
}

const char *vg_component_property(const vg_component *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->property_count; i++)
		if (c->properties[i].name && !strcmp(c->properties[i].name, name))
			return c->properties[i].value;
	return NULL;
}

vg_extref *vg_component_add_extref(vg_component *c, const char *type, const char *url)
{
	vg_extref *r = append_zeroed((void **)&c->extrefs, &c->extref_count, sizeof(*c->extrefs));

	if (!r)
		return NULL;
	if (copy_string(&r->type, type) || copy_string(&r->url, url)) {
		vg_error_set(VG_ENOMEM, "out of memory");
		return NULL;
	}
	return r;
}

static int party_copy(vg_party *dst, const vg_party *src)
{
	if (copy_string(&dst->name, src->name) || copy_string(&dst->email, src->email) ||
	    copy_string(&dst->url, src->url))
		return vg_error_set(VG_ENOMEM, "out of memory");
	return VG_OK;
}

int vg_sbom_add_author(vg_sbom *sbom, const char *name, const char *email, const char *url)
{
	vg_party *p = append_zeroed((void **)&sbom->authors, &sbom->author_count,
				    sizeof(*sbom->authors));
	vg_party src = { (char *)name, (char *)email, (char *)url };

	if (!p)
		return VG_ENOMEM;
	return party_copy(p, &src);
}

int vg_sbom_warn(vg_sbom *sbom, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = vg_strdup_vprintf(fmt, ap);
	va_end(ap);
	return vg_strlist_take(&sbom->warnings, text);
}

static int hashes_copy(vg_hash **dst, size_t *dst_count, const vg_hash *src, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (hash_append(dst, dst_count, src[i].alg, src[i].value))
			return VG_ENOMEM;
	return VG_OK;
}

static int component_copy(vg_component *d, const vg_component *s)
{
	size_t i;
	vg_extref *r;

	d->type = s->type;
	if (copy_string(&d->group, s->group) || copy_string(&d->name, s->name) ||
	    copy_string(&d->version, s->version) || copy_string(&d->description, s->description) ||
	    copy_string(&d->purl, s->purl) || vg_strlist_copy(&d->cpes, &s->cpes) ||
	    party_copy(&d->supplier, &s->supplier) ||
	    party_copy(&d->manufacturer, &s->manufacturer) ||
	    copy_string(&d->license_declared, s->license_declared) ||
	    copy_string(&d->license_concluded, s->license_concluded) ||
	    copy_string(&d->copyright, s->copyright) ||
	    hashes_copy(&d->hashes, &d->hash_count, s->hashes, s->hash_count) ||
	    vg_strlist_copy(&d->depends_on, &s->depends_on) ||
	    vg_strlist_copy(&d->contains, &s->contains))
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < s->extref_count; i++) {
		r = vg_component_add_extref(d, s->extrefs[i].type, s->extrefs[i].url);
		if (!r || hashes_copy(&r->hashes, &r->hash_count, s->extrefs[i].hashes,
				      s->extrefs[i].hash_count))
			return VG_ENOMEM;
	}
	for (i = 0; i < s->property_count; i++)
		if (vg_component_add_property(d, s->properties[i].name, s->properties[i].value))
			return VG_ENOMEM;
	return VG_OK;
}

static int sbom_copy(vg_sbom *d, const vg_sbom *s)
{
	vg_component *c;
	size_t i;

	d->source_format = s->source_format;
	d->version = s->version;
	if (copy_string(&d->spec_version, s->spec_version) || copy_string(&d->serial, s->serial) ||
	    copy_string(&d->name, s->name) || copy_string(&d->timestamp, s->timestamp) ||
	    party_copy(&d->manufacturer, &s->manufacturer) ||
	    vg_strlist_copy(&d->tools, &s->tools) ||
	    copy_string(&d->completeness, s->completeness) ||
	    vg_strlist_copy(&d->warnings, &s->warnings))
		return vg_error_set(VG_ENOMEM, "out of memory");
	for (i = 0; i < s->author_count; i++)
		if (vg_sbom_add_author(d, s->authors[i].name, s->authors[i].email,
				       s->authors[i].url))
			return VG_ENOMEM;
	if (s->primary) {
		c = vg_sbom_set_primary(d, s->primary->ref);
		if (!c || component_copy(c, s->primary))
			return VG_ENOMEM;
	}
	for (i = 0; i < s->component_count; i++) {
		c = vg_sbom_add_component(d, s->components[i]->ref);
		if (!c || component_copy(c, s->components[i]))
			return VG_ENOMEM;
	}
	return VG_OK;
}

vg_sbom *vg_sbom_clone(const vg_sbom *sbom)
{
	vg_sbom *copy = vg_sbom_new();

	if (copy && sbom_copy(copy, sbom) != VG_OK) {
		vg_sbom_free(copy);
		return NULL;
	}
	return copy;
}

static const char *const type_names[] = {
	[VG_COMPONENT_LIBRARY] = "library",
	[VG_COMPONENT_APPLICATION] = "application",
	[VG_COMPONENT_FRAMEWORK] = "framework",
	[VG_COMPONENT_CONTAINER] = "container",
	[VG_COMPONENT_PLATFORM] = "platform",
	[VG_COMPONENT_OPERATING_SYSTEM] = "operating-system",
	[VG_COMPONENT_DEVICE] = "device",
	[VG_COMPONENT_DEVICE_DRIVER] = "device-driver",
	[VG_COMPONENT_FIRMWARE] = "firmware",
	[VG_COMPONENT_FILE] = "file",
	[VG_COMPONENT_MACHINE_LEARNING_MODEL] = "machine-learning-model",
	[VG_COMPONENT_DATA] = "data",
	[VG_COMPONENT_CRYPTOGRAPHIC_ASSET] = "cryptographic-asset",
};

const char *vg_component_type_name(vg_component_type type)
{
	if ((size_t)type < sizeof(type_names) / sizeof(type_names[0]))
		return type_names[type];
	return "library";
}

int vg_component_type_parse(const char *name, vg_component_type *out)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (!strcmp(type_names[i], name)) {
			*out = (vg_component_type)i;
			return VG_OK;
		}
	}
	return vg_error_set(VG_EPARSE, "unknown component type '%s'", name);
}

const char *vg_sbom_format_name(vg_sbom_format format)
{
	switch (format) {
	case VG_SBOM_CYCLONEDX_JSON: return "cyclonedx";
	case VG_SBOM_SPDX2_JSON: return "spdx2";
	case VG_SBOM_SPDX3_JSONLD: return "spdx3";
	default: return "unknown";
	}
}

int vg_sbom_format_parse(const char *name, vg_sbom_format *out)
{
	static const struct {
		const char *name;
		vg_sbom_format format;
	} names[] = {
		{ "cyclonedx", VG_SBOM_CYCLONEDX_JSON }, { "cdx", VG_SBOM_CYCLONEDX_JSON },
		{ "cyclonedx-json", VG_SBOM_CYCLONEDX_JSON }, { "spdx2", VG_SBOM_SPDX2_JSON },
		{ "spdx", VG_SBOM_SPDX2_JSON }, { "spdx-2.3", VG_SBOM_SPDX2_JSON },
		{ "spdx-json", VG_SBOM_SPDX2_JSON }, { "spdx3", VG_SBOM_SPDX3_JSONLD },
		{ "spdx-3", VG_SBOM_SPDX3_JSONLD }, { "spdx-3.0.1", VG_SBOM_SPDX3_JSONLD },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!vg_strcasecmp(names[i].name, name)) {
			*out = names[i].format;
			return VG_OK;
		}
	}
	return vg_error_set(VG_EPARSE,
			    "unknown SBOM format '%s' (expected cyclonedx, spdx2 or spdx3)", name);
}
