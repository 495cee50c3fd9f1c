/*
 * test_agent.c - the agent's configuration and persisted record parsers on
 * good and hostile input (the state machine itself is exercised end to end
 * by tests/integration/agent_cli.sh and powerloss.sh).
 */
#include "testutil.h"
#include "vigil/agent.h"
#include "vigil/error.h"

#include <stdlib.h>
#include <string.h>

#define BASE "device_type = board\nslot_a = /dev/a\nslot_b = /dev/b\nbootloader = grub\nbootenv = /boot/grubenv\n"

static int parse(vg_agent_config *cfg, const char *text)
{
	return vg_agent_config_parse(cfg, text, strlen(text));
}

static void test_config_good(void **state)
{
	(void)state;
	vg_agent_config cfg;
	assert_int_equal(parse(&cfg, BASE "public_keys = /k1.pem  /k2.pem\nbootlimit = 3\n"
					"allow_raw_images = yes\n# comment\n\n"), VG_OK);
	assert_string_equal(cfg.slot[1], "/dev/b");
	assert_int_equal(cfg.bootloader, VG_BOOTENV_GRUB);
	assert_int_equal(cfg.public_keys.count, 2);
	assert_string_equal(cfg.public_keys.items[1], "/k2.pem");
	assert_int_equal(cfg.bootlimit, 3);
	assert_int_equal(cfg.allow_raw_images, 1);
	assert_string_equal(cfg.cmdline, "/proc/cmdline"); /* defaults */
	assert_string_equal(cfg.modules_dir, "/usr/share/mender/modules/v3");
	assert_int_equal(cfg.script_retries, 10);
	vg_agent_config_free(&cfg);
}

static void test_config_hostile(void **state)
{
	(void)state;
	static const struct { const char *text; int code; const char *msg; } bad[] = {
		{ BASE "bootlimit = 0\n", VG_EPARSE, "bootlimit must be at least 1" },
		{ BASE "bootlimit = -1\n", VG_EPARSE, "line 6: bootlimit: want a number" },
		{ BASE "bootlimit = 99999999999999999999\n", VG_EPARSE, "line 6: bootlimit" },
		{ BASE "allow_raw_images = true\n", VG_EPARSE, "line 6: allow_raw_images: want yes or no" },
		{ BASE "colour = blue\n", VG_EPARSE, "line 6: unknown setting 'colour'" },
		{ BASE "slot_a = /dev/c\n", VG_EPARSE, "line 6: duplicate name 'slot_a'" },
		{ "device_type = x\nslot_a = /a\nslot_b = /a\nbootloader = file\nbootenv = /e\n", VG_EPARSE,
		  "slot_a and slot_b are the same" },
		{ "slot_a = /a\nslot_b = /b\nbootloader = file\nbootenv = /e\n", VG_EPARSE,
		  "missing required setting 'device_type'" },
		{ "device_type = x\nslot_a = /a\nslot_b = /b\nbootenv = /e\n", VG_EPARSE,
		  "missing required setting 'bootloader'" },
		{ "device_type x\n", VG_EPARSE, "line 1: expected name=value" },
		{ "device_type = \x01\n", VG_EPARSE, "line 1: value has control characters" },
		{ "", VG_EPARSE, "missing required setting" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vg_agent_config cfg;
		assert_int_equal(parse(&cfg, bad[i].text), bad[i].code);
		if (!strstr(vg_error_message(), bad[i].msg))
			fail_msg("case %zu: got '%s', want '%s'", i, vg_error_message(), bad[i].msg);
		assert_null(cfg.device_type); /* nothing half-returned */
	}
}

static void test_record(void **state)
{
	(void)state;
	vg_agent_record r;
	const char *good = "state=commit\ntarget=B\nartifact=r2\n"
			   "sha256=2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n"
			   "size=5\ncurrent=r1\nerror=\nsecurity_version=3\nartifact_security_version=4\n";
	assert_int_equal(vg_agent_record_parse(&r, good, strlen(good)), VG_OK);
	assert_int_equal(r.state, VG_AGENT_COMMIT);
	assert_int_equal(r.target, 1);
	assert_int_equal(r.size, 5);
	assert_int_equal(r.security_version, 3);
	assert_int_equal(r.artifact_security_version, 4);
	/* A record written before the ratchet existed still parses (version 0). */
	const char *old = "state=idle\ntarget=A\nartifact=\nsha256=\nsize=0\ncurrent=r1\nerror=\n";
	assert_int_equal(vg_agent_record_parse(&r, old, strlen(old)), VG_OK);
	assert_int_equal(r.security_version, 0);
	assert_int_equal(vg_agent_record_parse(&r, good, strlen(good)), VG_OK);
	vg_buf b = VG_BUF_INIT;
	assert_int_equal(vg_agent_record_format(&r, &b), VG_OK);
	assert_string_equal(b.ptr, good);
	vg_buf_free(&b);
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "state=flying\n", "line 1: state: unknown state" },
		{ "state=reboot\n", "state reboot without 'target'" },
		{ "state=verify\ntarget=A\n", "without the written image's sha256" },
		{ "state=idle\ntarget=C\n", "line 2: target: want A or B" },
		{ "state=idle\nsha256=XYZ\n", "line 2: sha256: want 64" },
		{ "state=idle\nsize=12a\n", "line 2: size: want a byte count" },
		{ "state=idle\nextra=1\n", "line 2: unknown field 'extra'" },
		{ "state=idle\nsecurity_version=-1\n", "line 2: security_version: want a decimal number" },
		{ "state=idle\nsecurity_version=99999999999999999999\n", "line 2: security_version: want" },
		{ "target=A\n", "no 'state' line" },
		{ "state=idle", "truncated" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(vg_agent_record_parse(&r, bad[i].text, strlen(bad[i].text)), VG_EPARSE);
		if (!strstr(vg_error_message(), bad[i].msg))
			fail_msg("case %zu: got '%s', want '%s'", i, vg_error_message(), bad[i].msg);
	}
	/* An over-long artifact name is a limit, not an overflow. */
	char *big = malloc(400);
	strcpy(big, "state=idle\nartifact=");
	memset(big + 20, 'n', 300);
	strcpy(big + 320, "\n");
	assert_int_equal(vg_agent_record_parse(&r, big, strlen(big)), VG_ELIMIT);
	free(big);
}

/* A module update's lines round-trip; bad values are refused; a rootfs record has none. */
static void test_record_module(void **state)
{
	(void)state;
	vg_agent_record r;
	const char *good = "state=reboot\ntarget=B\nartifact=app-2\n"
			   "sha256=2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n"
			   "size=7\ncurrent=app-1\nerror=\nsecurity_version=0\nartifact_security_version=0\n"
			   "module=vigil-file\nmodule_rollback=yes\nmodule_reboot=automatic\n";
	assert_int_equal(vg_agent_record_parse(&r, good, strlen(good)), VG_OK);
	assert_string_equal(r.module, "vigil-file");
	assert_int_equal(r.module_rollback, 1);
	assert_int_equal(r.module_reboot, VG_MODULE_REBOOT_AUTOMATIC);
	vg_buf b = VG_BUF_INIT;
	assert_int_equal(vg_agent_record_format(&r, &b), VG_OK);
	assert_string_equal(b.ptr, good);
	r.module[0] = '\0';
	vg_buf_clear(&b);
	assert_int_equal(vg_agent_record_format(&r, &b), VG_OK);
	assert_null(strstr(b.ptr, "module"));
	vg_buf_free(&b);
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "state=idle\nmodule_rollback=maybe\n", "line 2: module_rollback: want yes or no" },
		{ "state=idle\nmodule_reboot=Yes\n", "line 2: module_reboot: want no, yes or automatic" },
		{ "state=idle\nmodule_reboot=\n", "line 2: module_reboot: want" },
		{ "state=idle\nmodule_rollback=yes\n", "module_rollback or module_reboot without a 'module'" },
		{ "state=idle\nmodule=\nmodule_reboot=no\n", "without a 'module'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(vg_agent_record_parse(&r, bad[i].text, strlen(bad[i].text)), VG_EPARSE);
		if (!strstr(vg_error_message(), bad[i].msg))
			fail_msg("case %zu: got '%s', want '%s'", i, vg_error_message(), bad[i].msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_good),
		cmocka_unit_test(test_config_hostile),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_record_module),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
