/*
 * gen_license.c - licence names as packagers write them -> SPDX expressions.
 *
 * Debian copyright files (DEP-5 short names: "GPL-2+", "Expat"), Buildroot
 * ("GPL-2.0+ (programs), LGPL-2.1+") and Yocto ("GPL-2.0-only & MIT",
 * older "GPLv2+") each have their own dialect.  An expression is read as
 * licence phrases separated by operators: ',' ';' '&' "and" mean AND; '|'
 * "or" mean OR; "X with Y" is an exception.  Each phrase maps through a table
 * of common names, then the GNU family rule (GPL/LGPL/AGPL/GFDL + version +
 * "+"/"-only"/"-or-later"; a bare version means "only", as both Debian and
 * the pre-3.0 SPDX ids that Buildroot uses meant), then to LicenseRef-<name>
 * so that nothing declared is lost.  "unknown" means nothing was declared.
 */
#include "gen_internal.h"
#include "vigil/buf.h"
#include "vigil/error.h"
#include "vigil/str.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name; /* lower-case */
	const char *spdx;
} known[] = {
	{ "0bsd", "0BSD" }, { "apache-1.1", "Apache-1.1" }, { "apache-2", "Apache-2.0" },
	{ "apache-2.0", "Apache-2.0" }, { "apache 2.0", "Apache-2.0" },
	{ "apachev2", "Apache-2.0" }, { "artistic", "Artistic-1.0-Perl" },
	{ "artistic-1.0", "Artistic-1.0" }, { "artistic-2.0", "Artistic-2.0" },
	{ "blessing", "blessing" }, { "boost", "BSL-1.0" }, { "bsd-1-clause", "BSD-1-Clause" },
	{ "bsd-2-clause", "BSD-2-Clause" }, { "bsd-3-clause", "BSD-3-Clause" },
	{ "bsd-4-clause", "BSD-4-Clause" }, { "bsl-1.0", "BSL-1.0" },
	{ "bzip2-1.0.4", "bzip2-1.0.4" }, { "bzip2-1.0.6", "bzip2-1.0.6" },
	{ "cc0", "CC0-1.0" }, { "cc0-1.0", "CC0-1.0" }, { "cc-by-4.0", "CC-BY-4.0" },
	{ "cc-by-sa-4.0", "CC-BY-SA-4.0" }, { "cddl-1.0", "CDDL-1.0" }, { "curl", "curl" },
	{ "epl-1.0", "EPL-1.0" }, { "epl-2.0", "EPL-2.0" }, { "expat", "MIT" },
	{ "fsfap", "FSFAP" }, { "fsful", "FSFUL" }, { "fsfullr", "FSFULLR" }, { "ftl", "FTL" },
	{ "gpl-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0" },
	{ "gpl-3.0-with-gcc-exception", "GPL-3.0-only WITH GCC-exception-3.1" },
	{ "hpnd", "HPND" }, { "icu", "ICU" }, { "ijg", "IJG" }, { "info-zip", "Info-ZIP" },
	{ "isc", "ISC" }, { "libpng", "Libpng" }, { "libpng-2.0", "libpng-2.0" },
	{ "mit", "MIT" }, { "mit-0", "MIT-0" }, { "mpl-1.1", "MPL-1.1" }, { "mpl-2.0", "MPL-2.0" },
	{ "ntp", "NTP" }, { "ofl-1.1", "OFL-1.1" }, { "openssl", "OpenSSL" },
	{ "postgresql", "PostgreSQL" }, { "psf-2", "PSF-2.0" }, { "psf-2.0", "PSF-2.0" },
	{ "python-2.0", "Python-2.0" }, { "ruby", "Ruby" }, { "sleepycat", "Sleepycat" },
	{ "ssleay", "SSLeay" }, { "tcl", "TCL" }, { "unicode-dfs-2016", "Unicode-DFS-2016" },
	{ "unlicense", "Unlicense" }, { "vim", "Vim" }, { "wtfpl", "WTFPL" }, { "x11", "X11" },
	{ "zlib", "Zlib" }, { "zpl-2.1", "ZPL-2.1" },
};

static const struct {
	const char *name; /* lower-case */
	const char *spdx;
} exceptions[] = {
	{ "autoconf exception", "Autoconf-exception-2.0" },
	{ "bison exception", "Bison-exception-2.2" },
	{ "classpath exception", "Classpath-exception-2.0" },
	{ "classpath-exception-2.0", "Classpath-exception-2.0" },
	{ "gcc exception", "GCC-exception-3.1" }, { "gcc-exception-3.1", "GCC-exception-3.1" },
	{ "linux-syscall-note", "Linux-syscall-note" },
};

static const char *lookup_known(const char *lower)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].name, lower))
			return known[i].spdx;
	return NULL;
}

/* GNU family: "gpl-2", "gplv2+", "lgpl-2.1-or-later", "gfdl-1.3" -> SPDX id in out. */
static bool gnu_family(const char *lower, vg_buf *out)
{
	static const char *const families[] = { "lgpl", "agpl", "gfdl", "gpl" };
	static const char *const valid[] = { "gpl-1.0", "gpl-2.0", "gpl-3.0", "lgpl-2.0",
					     "lgpl-2.1", "lgpl-3.0", "agpl-1.0", "agpl-3.0",
					     "gfdl-1.1", "gfdl-1.2", "gfdl-1.3" };
	const char *s = NULL, *fam = NULL, *suffix;
	char id[16];
	size_t i, major, minor = 0;
	bool ok = false;

	for (i = 0; i < 4 && !fam; i++)
		if (vg_str_starts_with(lower, families[i]))
			fam = families[i], s = lower + strlen(families[i]);
	if (!fam)
		return false;
	if (*s == '-' || *s == 'v')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	major = strtoul(s, (char **)&s, 10);
	if (*s == '.' && isdigit((unsigned char)s[1]))
		minor = strtoul(s + 1, (char **)&s, 10);
	if (!strcmp(s, "+") || !strcmp(s, "-or-later") || !strcmp(s, ".0+"))
		suffix = "-or-later";
	else if (!*s || !strcmp(s, "-only"))
		suffix = "-only";
	else
		return false;
	snprintf(id, sizeof(id), "%s-%zu.%zu", fam, major, minor);
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		ok |= !strcmp(valid[i], id);
	if (!ok)
		return false;
	for (i = 0; id[i] && id[i] != '-'; i++)
		id[i] = (char)toupper((unsigned char)id[i]);
	return vg_buf_printf(out, "%s%s", id, suffix) == VG_OK;
}

static int license_ref(const char *phrase, vg_buf *out)
{
	size_t start = out->len;
	const char *p;
	int rc = vg_buf_puts(out, "LicenseRef-");

	for (p = phrase; *p && rc == VG_OK; p++) {
		char c = isalnum((unsigned char)*p) || *p == '.' ? *p : '-';

		if (c == '-' && out->ptr[out->len - 1] == '-')
			continue;
		rc = vg_buf_putc(out, c);
	}
	if (rc == VG_OK && out->len > start + 11 && out->ptr[out->len - 1] == '-')
		out->ptr[--out->len] = '\0';
	return rc;
}

/* Map one phrase without "with"; true when it became a real SPDX id. */
static bool map_simple(const char *phrase, vg_buf *out, int *rc)
{
	char *lower = vg_str_lower(vg_strdup(phrase));
	const char *spdx;
	bool real = true;

	if (!lower) {
		*rc = VG_ENOMEM;
		return false;
	}
	if ((spdx = lookup_known(lower)))
		*rc = vg_buf_puts(out, spdx);
	else if (!gnu_family(lower, out))
		*rc = license_ref(phrase, out), real = false;
	free(lower);
	return real;
}

/* Map one licence phrase ("GPL-2+", "GPL-2+ with OpenSSL exception"). */
static int map_phrase(const char *phrase, vg_buf *out)
{
	char *lower = vg_str_lower(vg_strdup(phrase)), *with, *left;
	size_t i, mark = out->len;
	int rc = VG_OK;

	if (!lower)
		return VG_ENOMEM;
	with = strstr(lower, " with ");
	if (!with) {
		map_simple(phrase, out, &rc);
		free(lower);
		return rc;
	}
	left = vg_strndup(phrase, (size_t)(with - lower));
	for (i = 0; left && i < sizeof(exceptions) / sizeof(exceptions[0]); i++)
		if (!strcmp(exceptions[i].name, with + 6))
			break;
	if (!left)
		rc = VG_ENOMEM;
	else if (i < sizeof(exceptions) / sizeof(exceptions[0]) && map_simple(left, out, &rc))
		rc = rc ? rc : vg_buf_printf(out, " WITH %s", exceptions[i].spdx);
	else if (rc == VG_OK) {
		out->len = mark;
		rc = license_ref(phrase, out);
	}
	free(left);
	free(lower);
	return rc;
}

/* Builds the expression, dropping operators that have no operand on a side. */
typedef struct expr {
	vg_buf out;
	const char *pending; /* operator waiting for its right operand */
	bool need_operand;   /* at the start or after "(" */
	int depth;
	vg_buf phrase;
} expr;

static int emit_operand_prefix(expr *e)
{
	int rc = VG_OK;

	if (!e->need_operand)
		rc = vg_buf_puts(&e->out, e->pending ? e->pending : " AND ");
	e->pending = NULL;
	e->need_operand = false;
	return rc;
}

static bool unknown_phrase(const char *p)
{
	return !vg_strcasecmp(p, "unknown") || !vg_strcasecmp(p, "noassertion") ||
	       !vg_strcasecmp(p, "none");
}

static int end_phrase(expr *e)
{
	int rc = VG_OK;

	if (!e->phrase.len)
		return VG_OK;
	if (!unknown_phrase(e->phrase.ptr)) {
		rc = emit_operand_prefix(e);
		if (rc == VG_OK)
			rc = map_phrase(e->phrase.ptr, &e->out);
	}
	vg_buf_clear(&e->phrase);
	return rc;
}

static int operator(expr *e, const char *op)
{
	int rc = end_phrase(e);

	if (!e->need_operand)
		e->pending = op;
	return rc;
}

static int open_paren(expr *e)
{
	int rc = end_phrase(e);

	if (rc == VG_OK)
		rc = emit_operand_prefix(e);
	if (rc == VG_OK)
		rc = vg_buf_putc(&e->out, '(');
	e->need_operand = true;
	e->depth++;
	return rc;
}

static int close_paren(expr *e)
{
	int rc = end_phrase(e);

	if (rc || !e->depth)
		return rc;
	e->depth--;
	e->pending = NULL;
	if (e->need_operand) { /* "()": drop the "(" and the operator before it */
		e->out.len--;
		if (e->out.len >= 5 && !strncmp(e->out.ptr + e->out.len - 5, " AND ", 5))
			e->out.len -= 5;
		else if (e->out.len >= 4 && !strncmp(e->out.ptr + e->out.len - 4, " OR ", 4))
			e->out.len -= 4;
		e->out.ptr[e->out.len] = '\0';
		e->need_operand = e->out.len == 0 || e->out.ptr[e->out.len - 1] == '(';
		return VG_OK;
	}
	return vg_buf_putc(&e->out, ')');
}

static const char *skip_comment(const char *s)
{
	int depth = 0;

	for (; *s; s++) {
		depth += *s == '(';
		depth -= *s == ')';
		if (!depth)
			return s;
	}
	return s - 1;
}

static int word(expr *e, const char *w, size_t n)
{
	if (n == 2 && !vg_strcasecmp("or", (char[3]){ w[0], w[1], 0 }))
		return operator(e, " OR ");
	if (n == 3 && !vg_strcasecmp("and", (char[4]){ w[0], w[1], w[2], 0 }))
		return operator(e, " AND ");
	if (e->phrase.len && vg_buf_putc(&e->phrase, ' '))
		return VG_ENOMEM;
	return vg_buf_put(&e->phrase, w, n);
}

static int parse(expr *e, const char *s, bool paren_comments)
{
	const char *w;
	int rc = VG_OK;

	for (; *s && rc == VG_OK; s++) {
		if (strchr(",;&", *s))
			rc = operator(e, " AND ");
		else if (*s == '|' || *s == '/')
			rc = operator(e, " OR ");
		else if (*s == '(' && paren_comments)
			s = skip_comment(s);
		else if (*s == '(')
			rc = open_paren(e);
		else if (*s == ')')
			rc = paren_comments ? VG_OK : close_paren(e);
		else if (!isspace((unsigned char)*s)) {
			for (w = s; *s && !isspace((unsigned char)*s) && !strchr(",;&|/()", *s); s++)
				;
			rc = word(e, w, (size_t)(s - w));
			s--;
		}
	}
	return rc ? rc : end_phrase(e);
}

int gen_license_expr(const char *text, bool paren_comments, char **out)
{
	expr e = { VG_BUF_INIT, NULL, true, 0, VG_BUF_INIT };
	int rc = parse(&e, text ? text : "", paren_comments);

	while (rc == VG_OK && e.depth)
		rc = close_paren(&e);
	vg_buf_free(&e.phrase);
	if (rc) {
		vg_buf_free(&e.out);
		return rc;
	}
	*out = e.out.len ? vg_buf_detach(&e.out) : NULL;
	vg_buf_free(&e.out);
	return VG_OK;
}

int gen_license_join(const vg_strlist *exprs, char **out)
{
	vg_buf b = VG_BUF_INIT;
	size_t i;
	int rc = VG_OK;
	bool wrap = exprs->count > 1;

	for (i = 0; i < exprs->count && rc == VG_OK; i++) {
		bool paren = wrap && strstr(exprs->items[i], " OR ");

		rc = vg_buf_printf(&b, "%s%s%s%s", i ? " AND " : "", paren ? "(" : "",
				   exprs->items[i], paren ? ")" : "");
	}
	if (rc) {
		vg_buf_free(&b);
		return rc;
	}
	*out = b.len ? vg_buf_detach(&b) : NULL;
	vg_buf_free(&b);
	return VG_OK;
}
