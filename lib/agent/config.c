/*
 * config.c - the agent configuration file (vigil/agent.h, docs/agent.md).
 *
 * Format: "name = value" lines, '#' comment lines, blank lines.  Unknown
 * names, duplicates, missing required names and bad values are errors that
 * name the line: a typo in a device's config must not silently fall back to
 * a default.
 */
#include "vigil/agent.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <stdlib.h>
#include <string.h>

typedef enum { T_STR, T_UINT, T_BOOL, T_KIND, T_LIST } ctype;

typedef struct field {
	const char *name;
	ctype type;
	size_t off;
	int required;
	unsigned max; /* T_UINT upper bound */
} field;

#define F(n, t, m, req, max) { n, t, offsetof(vg_agent_config, m), req, max }
static const field FIELDS[] = {
	F("device_type", T_STR, device_type, 1, 0),
	F("slot_a", T_STR, slot[0], 1, 0),
	F("slot_b", T_STR, slot[1], 1, 0),
	F("bootloader", T_KIND, bootloader, 1, 0),
	F("bootenv", T_STR, bootenv, 1, 0),
	F("bootlimit", T_UINT, bootlimit, 0, 100),
	F("cmdline", T_STR, cmdline, 0, 0),
	F("public_keys", T_LIST, public_keys, 0, 0),
	F("health_check", T_STR, health_check, 0, 0),
	F("scripts_dir", T_STR, scripts_dir, 0, 0),
	F("state_dir", T_STR, state_dir, 0, 0),
	F("reboot_command", T_STR, reboot_command, 0, 0),
	F("script_retries", T_UINT, script_retries, 0, 1000),
	F("script_retry_ms", T_UINT, script_retry_ms, 0, 3600000),
	F("allow_raw_images", T_BOOL, allow_raw_images, 0, 0),
	F("download_retries", T_UINT, download_retries, 0, 10000),
	F("download_timeout", T_UINT, download_timeout, 0, 86400),
	F("modules_dir", T_STR, modules_dir, 0, 0),
};
#define NFIELDS (sizeof(FIELDS) / sizeof(FIELDS[0]))

static int set_field(vg_agent_config *cfg, const field *f, const char *v)
{
	void *p = (char *)cfg + f->off;
	switch (f->type) {
	case T_STR:
		free(*(char **)p);
		return (*(char **)p = vg_strdup(v)) ? VG_OK : VG_ENOMEM;
	case T_UINT: {
		char *end;
		unsigned long n = strtoul(v, &end, 10);
		if (!*v || *end || *v == '-' || n > f->max)
			return vg_error_set(VG_EPARSE, "%s: want a number from 0 to %u", f->name, f->max);
		*(unsigned *)p = (unsigned)n;
		return VG_OK;
	}
	case T_BOOL:
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return vg_error_set(VG_EPARSE, "%s: want yes or no", f->name);
		*(int *)p = strcmp(v, "yes") == 0;
		return VG_OK;
	case T_KIND:
		return vg_bootenv_kind_parse(v, (vg_bootenv_kind *)p) ? vg_error_prefix("%s: ", f->name) : VG_OK;
	case T_LIST: {
		vg_strlist *l = p;
		for (const char *s = v; *s;) {
			size_t n = strcspn(s, " \t");
			if (n) {
				char *item = vg_strndup(s, n);
				if (!item || vg_strlist_take(l, item))
					return VG_ENOMEM;
			}
			s += n;
			s += strspn(s, " \t");
		}
		return VG_OK;
	}
	}
	return VG_EINVAL;
}

static const field *find_field(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(FIELDS[i].name, name) == 0)
			return &FIELDS[i];
	return NULL;
}

/* Line number of `name` in the text (for messages about values). */
static size_t line_of(const char *text, size_t len, const char *name)
{
	size_t line = 1, nlen = strlen(name);
	for (size_t i = 0; i < len; i++) {
		if (i == 0 || text[i - 1] == '\n') {
			size_t j = i;
			while (j < len && (text[j] == ' ' || text[j] == '\t'))
				j++;
			if (len - j >= nlen && memcmp(text + j, name, nlen) == 0 &&
			    (j + nlen == len || strchr(" \t=", text[j + nlen])))
				return line;
		}
		if (text[i] == '\n')
			line++;
	}
	return 0;
}

static int set_defaults(vg_agent_config *cfg)
{
	cfg->bootlimit = 1;
	cfg->script_retries = 10;
	cfg->script_retry_ms = 1000;
	cfg->download_retries = 10;
	cfg->download_timeout = 60;
	if (!(cfg->cmdline = vg_strdup("/proc/cmdline")) || !(cfg->state_dir = vg_strdup("/var/lib/vigil")) ||
	    !(cfg->health_check = vg_strdup("")) || !(cfg->scripts_dir = vg_strdup("")) ||
	    !(cfg->reboot_command = vg_strdup("")) ||
	    !(cfg->modules_dir = vg_strdup("/usr/share/mender/modules/v3")))
		return VG_ENOMEM;
	return VG_OK;
}

static int check(vg_agent_config *cfg)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		const field *f = &FIELDS[i];
		if (f->required && f->type == T_STR && !*(char **)((char *)cfg + f->off))
			return vg_error_set(VG_EPARSE, "missing required setting '%s'", f->name);
	}
	if (strcmp(cfg->slot[0], cfg->slot[1]) == 0)
		return vg_error_set(VG_EPARSE, "slot_a and slot_b are the same (%s)", cfg->slot[0]);
	if (cfg->bootlimit == 0)
		return vg_error_set(VG_EPARSE, "bootlimit must be at least 1");
	return VG_OK;
}

int vg_agent_config_parse(vg_agent_config *cfg, const char *text, size_t len)
{
	memset(cfg, 0, sizeof(*cfg));
	vg_kvlist kv = VG_KVLIST_INIT;
	int rc = set_defaults(cfg);
	int have_kind = 0;
	if (rc == VG_OK)
		rc = vg_kv_parse(&kv, text, len, VG_KV_RELAXED);
	for (size_t i = 0; rc == VG_OK && i < kv.count; i++) {
		const field *f = find_field(kv.items[i].name);
		if (!f)
			rc = vg_error_set(VG_EPARSE, "unknown setting '%s'", kv.items[i].name);
		else
			rc = set_field(cfg, f, kv.items[i].value);
		if (rc)
			vg_error_prefix("line %zu: ", line_of(text, len, kv.items[i].name));
		have_kind |= f && f->type == T_KIND;
	}
	if (rc == VG_OK && !have_kind)
		rc = vg_error_set(VG_EPARSE, "missing required setting 'bootloader'");
	if (rc == VG_OK)
		rc = check(cfg);
	vg_kv_free(&kv);
	if (rc)
		vg_agent_config_free(cfg);
	return rc;
}

int vg_agent_config_load(vg_agent_config *cfg, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	memset(cfg, 0, sizeof(*cfg));
	int rc = vg_file_read(path, 1 << 20, &text, &len);
	if (rc)
		return rc; /* the message names the file already */
	rc = vg_agent_config_parse(cfg, text, len);
	free(text);
	return rc ? vg_error_prefix("%s: ", path) : VG_OK;
}

void vg_agent_config_free(vg_agent_config *cfg)
{
	free(cfg->device_type);
	free(cfg->slot[0]);
	free(cfg->slot[1]);
	free(cfg->bootenv);
	free(cfg->cmdline);
	vg_strlist_free(&cfg->public_keys);
	free(cfg->health_check);
	free(cfg->scripts_dir);
	free(cfg->state_dir);
	free(cfg->reboot_command);
	free(cfg->modules_dir);
	memset(cfg, 0, sizeof(*cfg));
}
