/*
 * header.c - the JSON members of header.tar: header-info,
 * headers/0000/type-info and headers/0000/meta-data.
 *
 * Built the way mender-artifact 3.9 builds them (same keys, same default
 * clears_artifact_provides) plus Vigil's two additions: the security version
 * provide and the SBOM in meta-data (docs/artifact.md).  Parsing checks the
 * types of every key Vigil relies on and names the JSON path on error.
 */
#include "artifact_internal.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "vigil/str.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *string_array(const char *const *items, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(items[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static int build_type_info(const vg_artifact_write_opts *o, const char *type,
			   const char *image_sha256, json_t **out)
{
	json_t *provides = json_object(), *clears = json_array();
	char key[256], num[32];
	int fail = !provides || !clears;

	if (!strcmp(type, "rootfs-image")) {
		fail |= json_object_set_new(provides, "rootfs-image.checksum", json_string(image_sha256));
		fail |= json_object_set_new(provides, "rootfs-image.version", json_string(o->name));
		fail |= json_array_append_new(clears, json_string("artifact_group"));
		fail |= json_array_append_new(clears, json_string("rootfs_image_checksum"));
		fail |= json_array_append_new(clears, json_string("rootfs-image.*"));
	} else {
		snprintf(key, sizeof(key), "rootfs-image.%s.version", type);
		fail |= json_object_set_new(provides, key, json_string(o->name));
		snprintf(key, sizeof(key), "rootfs-image.%s.*", type);
		fail |= json_array_append_new(clears, json_string(key));
	}
	if (o->has_security_version) {
		snprintf(num, sizeof(num), "%" PRIu64, o->security_version);
		fail |= json_object_set_new(provides, VG_ARTIFACT_SECURITY_VERSION_KEY, json_string(num));
	}
	if (fail) {
		json_decref(provides);
		json_decref(clears);
		return vg_error_set(VG_ENOMEM, "out of memory");
	}
	/* json_pack's "o" takes the references, also when it fails. */
	*out = json_pack("{s:s, s:o, s:o}", "type", type, "artifact_provides", provides,
			 "clears_artifact_provides", clears);
	return *out ? VG_OK : vg_error_set(VG_EINVAL, "payload type is not valid UTF-8");
}

int vg_header_build(const vg_artifact_write_opts *o, const char *image_sha256, json_t **hinfo,
		    json_t **tinfo, json_t **meta)
{
	const char *type = o->payload_type ? o->payload_type : "rootfs-image";
	json_t *devices = string_array(o->device_types, o->device_type_count);

	*hinfo = *tinfo = *meta = NULL;
	if (!devices)
		return vg_error_set(VG_ENOMEM, "out of memory");
	*hinfo = json_pack("{s:[{s:s}], s:{s:s}, s:{s:o}}", "payloads", "type", type,
			   "artifact_provides", "artifact_name", o->name, "artifact_depends",
			   "device_type", devices);
	*meta = json_object();
	if (!*hinfo || !*meta ||
	    (o->sbom && json_object_set_new(*meta, VG_ARTIFACT_SBOM_KEY,
					    json_stringn(o->sbom, o->sbom_len))) ||
	    build_type_info(o, type, image_sha256, tinfo)) {
		json_decref(*hinfo);
		json_decref(*meta);
		*hinfo = *meta = NULL;
		return vg_error_set(VG_ENOMEM, "out of memory (or SBOM is not UTF-8)");
	}
	return VG_OK;
}

/* An array of strings at path.key (required: and non-empty) into list. */
static int get_strings(const json_t *obj, const char *key, const char *path, bool required,
		       vg_strlist *list)
{
	char p[VG_JPATH_MAX], ip[VG_JPATH_MAX];
	json_t *a, *v;
	size_t i;
	int rc = vg_json_get_array(obj, key, path, required, &a);

	if (rc || !a)
		return rc;
	vg_jpath_key(p, path, key);
	if (required && !json_array_size(a))
		return vg_error_set(VG_EPARSE, "%s: empty array", p);
	json_array_foreach(a, i, v) {
		vg_jpath_index(ip, p, i);
		if (!json_is_string(v))
			return vg_error_set(VG_EPARSE, "%s: expected a string, found %s", ip,
					    vg_json_type_name(v));
		if (list && vg_strlist_add(list, json_string_value(v)))
			return VG_ENOMEM;
	}
	return VG_OK;
}

int vg_header_parse_info(vg_artifact_info *info, json_t *hinfo)
{
	json_t *payloads, *provides, *depends, *p0;
	const char *s;
	int rc;

	info->header_info = hinfo;
	if ((rc = vg_json_expect_object(hinfo, "$")) ||
	    (rc = vg_json_get_array(hinfo, "payloads", "$", true, &payloads)))
		return rc;
	if (json_array_size(payloads) != 1)
		return vg_error_set(VG_EUNSUPPORTED, "$.payloads: %zu payloads (exactly one is supported)",
				    json_array_size(payloads));
	p0 = json_array_get(payloads, 0);
	if ((rc = vg_json_expect_object(p0, "$.payloads[0]")) ||
	    (rc = vg_json_get_string(p0, "type", "$.payloads[0]", true, &s)))
		return rc;
	if (!*s)
		return vg_error_set(VG_EPARSE, "$.payloads[0].type: empty");
	if (!(info->payload_type = vg_strdup(s)))
		return VG_ENOMEM;
	if ((rc = vg_json_get_object(hinfo, "artifact_provides", "$", true, &provides)) ||
	    (rc = vg_json_get_string(provides, "artifact_name", "$.artifact_provides", true, &s)))
		return rc;
	if (!(info->name = vg_strdup(s)))
		return VG_ENOMEM;
	if ((rc = vg_json_get_string(provides, "artifact_group", "$.artifact_provides", false, &s)))
		return rc;
	if (s && !(info->group = vg_strdup(s)))
		return VG_ENOMEM;
	if ((rc = vg_json_get_object(hinfo, "artifact_depends", "$", true, &depends)) ||
	    (rc = get_strings(depends, "device_type", "$.artifact_depends", true,
			      &info->device_types)) ||
	    (rc = get_strings(depends, "artifact_name", "$.artifact_depends", false, NULL)))
		return rc;
	return get_strings(depends, "artifact_group", "$.artifact_depends", false, NULL);
}

static int parse_u64(const char *s, const char *path, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1]))
		return vg_error_set(VG_EPARSE, "%s: not a decimal number", path);
	v = strtoull(s, &end, 10);
	if (*end || errno == ERANGE)
		return vg_error_set(VG_EPARSE, "%s: not a decimal number below 2^64", path);
	*out = v;
	return VG_OK;
}

int vg_header_parse_type(vg_artifact_info *info, json_t *tinfo)
{
	json_t *provides, *v;
	const char *key, *type;
	char p[VG_JPATH_MAX];
	int rc;

	info->type_info = tinfo;
	if ((rc = vg_json_expect_object(tinfo, "$")) ||
	    (rc = vg_json_get_string(tinfo, "type", "$", false, &type)))
		return rc;
	/* mender-artifact 3.9 writes "" for rootfs-image; anything else must agree. */
	if (type && *type && strcmp(type, info->payload_type))
		return vg_error_set(VG_EPARSE, "$.type: '%s' but header-info says '%s'", type,
				    info->payload_type);
	if ((rc = vg_json_get_object(tinfo, "artifact_provides", "$", false, &provides)) ||
	    (rc = get_strings(tinfo, "clears_artifact_provides", "$", false, NULL)) ||
	    (rc = vg_json_get_object(tinfo, "artifact_depends", "$", false, &v)))
		return rc;
	json_object_foreach(provides, key, v) {
		vg_jpath_key(p, "$.artifact_provides", key);
		if (!json_is_string(v))
			return vg_error_set(VG_EPARSE, "%s: expected a string, found %s", p,
					    vg_json_type_name(v));
		if (!strcmp(key, VG_ARTIFACT_SECURITY_VERSION_KEY)) {
			if ((rc = parse_u64(json_string_value(v), p, &info->security_version)))
				return rc;
			info->has_security_version = true;
		}
	}
	return VG_OK;
}

int vg_header_parse_meta(vg_artifact_info *info, json_t *meta)
{
	json_t *sbom;
	int rc;

	info->meta_data = meta;
	if ((rc = vg_json_expect_object(meta, "$")))
		return rc;
	sbom = json_object_get(meta, VG_ARTIFACT_SBOM_KEY);
	if (!sbom)
		return VG_OK;
	if (!json_is_string(sbom))
		return vg_error_set(VG_EPARSE, "$.%s: expected a string, found %s",
				    VG_ARTIFACT_SBOM_KEY, vg_json_type_name(sbom));
	info->sbom = json_string_value(sbom);
	info->sbom_len = json_string_length(sbom);
	return VG_OK;
}
