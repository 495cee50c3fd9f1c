/*
 * test_bootenv.c - name=value lists, the GRUB environment block (and its
 * compatibility with grub-editenv), and the file, GRUB and U-Boot backends.
 */
#include "testutil.h"
#include "vigil/bootenv.h"
#include "vigil/error.h"
#include "vigil/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_kv_strict(void **state)
{
	(void)state;
	vg_kvlist l = VG_KVLIST_INIT;
	assert_int_equal(vg_kv_parse(&l, "a=1\nb=x y\n", 10, 0), VG_OK);
	assert_string_equal(vg_kv_get(&l, "b"), "x y");
	vg_kv_free(&l);
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "a=1\na=2\n", "line 2: duplicate name 'a'" },
		{ "a=1", "line 1: truncated (no final newline)" },
		{ "noequals\n", "line 1: expected name=value" },
		{ "a b=1\n", "line 1: invalid name" },
		{ "=1\n", "line 1: invalid name" },
		{ "a=\x01\n", "line 1: value has control characters" },
		{ "a=\xff\xfe\n", "line 1: value is not valid UTF-8" },
		{ "# comment\n", "line 1: expected name=value" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(vg_kv_parse(&l, bad[i].text, strlen(bad[i].text), 0), VG_EPARSE);
		assert_non_null(strstr(vg_error_message(), bad[i].msg));
		assert_int_equal(l.count, 0);
	}
	/* Relaxed: comments, blanks, spaces around '='. */
	const char *conf = "# c\n\n  name =  value with spaces  \r\n";
	assert_int_equal(vg_kv_parse(&l, conf, strlen(conf), VG_KV_RELAXED), VG_OK);
	assert_string_equal(vg_kv_get(&l, "name"), "value with spaces");
	vg_kv_free(&l);
	/* Huge value. */
	char *huge = malloc(10000);
	memset(huge, 'x', 9998);
	memcpy(huge, "a=", 2);
	huge[9998] = '\n';
	assert_int_equal(vg_kv_parse(&l, huge, 9999, 0), VG_EPARSE);
	free(huge);
}

static void test_grubenv_roundtrip(void **state)
{
	(void)state;
	vg_kvlist l = VG_KVLIST_INIT;
	assert_int_equal(vg_kv_set(&l, "vigil_slot", "B"), VG_OK);
	assert_int_equal(vg_kv_set(&l, "path", "C:\\boot"), VG_OK);
	char block[VG_GRUBENV_SIZE];
	assert_int_equal(vg_grubenv_format(&l, block), VG_OK);
	assert_memory_equal(block, "# GRUB Environment Block\nvigil_slot=B\npath=C:\\\\boot\n#", 52);
	assert_int_equal(block[VG_GRUBENV_SIZE - 1], '#');
	vg_kvlist back = VG_KVLIST_INIT;
	assert_int_equal(vg_grubenv_parse(&back, block, sizeof(block)), VG_OK);
	assert_string_equal(vg_kv_get(&back, "path"), "C:\\boot");
	vg_kv_free(&back);
	/* Hostile blocks: wrong size, no header, unterminated line, duplicate. */
	assert_int_equal(vg_grubenv_parse(&back, block, 1000), VG_EPARSE);
	block[0] = 'X';
	assert_int_equal(vg_grubenv_parse(&back, block, sizeof(block)), VG_EPARSE);
	memset(block, 'a', sizeof(block));
	memcpy(block, "# GRUB Environment Block\n", 25);
	assert_int_equal(vg_grubenv_parse(&back, block, sizeof(block)), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "byte 25"));
	/* Too many variables for 1024 bytes. */
	char name[32], val[100];
	memset(val, 'v', 99);
	val[99] = 0;
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(vg_kv_set(&l, name, val), VG_OK);
	}
	assert_int_equal(vg_grubenv_format(&l, block), VG_ELIMIT);
	vg_kv_free(&l);
}

static int have(const char *tool)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static void test_grub_backend_and_grub_editenv(void **state)
{
	(void)state;
	char path[1024], cmd[8192];
	snprintf(path, sizeof(path), "%s/grubenv", vg_test_tmpdir("bootenv-grub"));
	vg_bootenv *env;
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_GRUB, path), VG_OK); /* missing: empty */
	assert_int_equal(vg_bootenv_set(env, "vigil_slot", "A"), VG_OK);
	assert_int_equal(vg_bootenv_set(env, "bootcount", "0"), VG_OK);
	assert_int_equal(vg_bootenv_commit(env), VG_OK);
	vg_bootenv_free(env);
	size_t len;
	char *data = vg_test_read_file(path, &len);
	assert_int_equal(len, 1024);
	free(data);
	if (!have("grub-editenv")) {
		printf("grub-editenv not installed: compatibility not checked\n");
		return;
	}
	/* GRUB's tool reads ours and we read what it writes. */
	snprintf(cmd, sizeof(cmd), "grub-editenv '%s' list | grep -qx vigil_slot=A && "
				   "grub-editenv '%s' set upgrade_available=1 'odd=a\\b'", path, path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_GRUB, path), VG_OK);
	assert_string_equal(vg_bootenv_get(env, "upgrade_available"), "1");
	assert_string_equal(vg_bootenv_get(env, "odd"), "a\\b");
	assert_string_equal(vg_bootenv_get(env, "vigil_slot"), "A");
	assert_int_equal(vg_bootenv_set(env, "vigil_slot", "B"), VG_OK);
	assert_int_equal(vg_bootenv_commit(env), VG_OK);
	vg_bootenv_free(env);
	snprintf(cmd, sizeof(cmd), "grub-editenv '%s' list | grep -qx 'odd=a\\\\b' && "
				   "grub-editenv '%s' list | grep -qx vigil_slot=B", path, path);
	assert_int_equal(system(cmd), 0);
	/* A corrupt block is refused and left alone. */
	assert_int_equal(vg_file_write_atomic(path, "# GRUB Environment Block\nx=1\n", 29), VG_OK);
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_GRUB, path), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "grubenv: environment block is 29 bytes"));
}

static void test_file_backend(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof(path), "%s/env", vg_test_tmpdir("bootenv-file"));
	vg_bootenv *env;
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_FILE, path), VG_OK);
	assert_null(vg_bootenv_get(env, "x"));
	assert_int_equal(vg_bootenv_set(env, "x", "1"), VG_OK);
	assert_int_equal(vg_bootenv_set(env, "bad name", "1"), VG_EINVAL);
	assert_int_equal(vg_bootenv_set(env, "y", "a\nb"), VG_EINVAL);
	assert_int_equal(vg_bootenv_commit(env), VG_OK);
	vg_bootenv_free(env);
	size_t len;
	char *data = vg_test_read_file(path, &len);
	assert_string_equal(data, "x=1\n");
	free(data);
	assert_int_equal(vg_file_write_atomic(path, "x=1\nx=2\n", 8), VG_OK);
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_FILE, path), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "env: line 2: duplicate name 'x'"));
	vg_bootenv_kind k;
	assert_int_equal(vg_bootenv_kind_parse("grub", &k), VG_OK);
	assert_int_equal(k, VG_BOOTENV_GRUB);
	assert_int_equal(vg_bootenv_kind_parse("lilo", &k), VG_EINVAL);
}

/* U-Boot: two redundant 16 KiB copies in plain files, described by a config. */
static void test_uboot_backend(void **state)
{
	(void)state;
	const char *dir = vg_test_tmpdir("bootenv-uboot");
	char conf[1024], cfgtext[4096], cmd[4096], a[1024], b[1024];
	snprintf(conf, sizeof(conf), "%s/fw_env.config", dir);
	snprintf(a, sizeof(a), "%s/env-a", dir);
	snprintf(b, sizeof(b), "%s/env-b", dir);
	snprintf(cfgtext, sizeof(cfgtext), "%s 0x0 0x4000\n%s 0x0 0x4000\n", a, b);
	assert_int_equal(vg_file_write_atomic(conf, cfgtext, strlen(cfgtext)), VG_OK);
	/* Blank (erased) copies have no valid CRC: refused, not overwritten. */
	snprintf(cmd, sizeof(cmd), "head -c 16384 /dev/zero > '%s' && head -c 16384 /dev/zero > '%s'", a, b);
	assert_int_equal(system(cmd), 0);
	vg_bootenv *env;
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_UBOOT, conf), VG_EPARSE);
	assert_non_null(strstr(vg_error_message(), "no valid U-Boot environment copy"));
	/* A factory image as mkenvimage makes it (redundant: CRC32, flag byte,
	 * NUL-separated variables), built with Python's zlib, not with libvigil. */
	snprintf(cmd, sizeof(cmd),
		 "python3 -c \"import zlib,sys; d=b'bootcmd=run x\\0vigil_slot=A\\0bootlimit=1\\0\\0'.ljust(16384-5,b'\\0');"
		 "open(sys.argv[1],'wb').write(zlib.crc32(d).to_bytes(4,'little')+b'\\x01'+d)\" '%s'", a);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_UBOOT, conf), VG_OK);
	assert_string_equal(vg_bootenv_get(env, "bootcmd"), "run x");
	assert_string_equal(vg_bootenv_get(env, "vigil_slot"), "A");
	vg_bootenv_free(env);
	/* Two commits: both copies now valid; the newer one wins. */
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_UBOOT, conf), VG_OK);
	assert_string_equal(vg_bootenv_get(env, "vigil_slot"), "A");
	assert_int_equal(vg_bootenv_set(env, "vigil_slot", "B"), VG_OK);
	assert_int_equal(vg_bootenv_set(env, "bootlimit", NULL), VG_OK);
	assert_int_equal(vg_bootenv_commit(env), VG_OK);
	vg_bootenv_free(env);
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_UBOOT, conf), VG_OK);
	assert_string_equal(vg_bootenv_get(env, "vigil_slot"), "B");
	assert_null(vg_bootenv_get(env, "bootlimit"));
	vg_bootenv_free(env);
	/* The store went to copy B (the redundant one); damage it: copy A,
	 * the older valid one, is used again (a power cut mid-write). */
	FILE *f = fopen(b, "r+b");
	assert_non_null(f);
	fputc(0x55, f);
	fclose(f);
	assert_int_equal(vg_bootenv_open(&env, VG_BOOTENV_UBOOT, conf), VG_OK);
	assert_string_equal(vg_bootenv_get(env, "vigil_slot"), "A");
	vg_bootenv_free(env);
	snprintf(cfgtext, sizeof(cfgtext), "%s/missing 0x0 0x4000\n", dir);
	assert_int_equal(vg_file_write_atomic(conf, cfgtext, strlen(cfgtext)), VG_OK);
	assert_int_not_equal(vg_bootenv_open(&env, VG_BOOTENV_UBOOT, conf), VG_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kv_strict),
		cmocka_unit_test(test_grubenv_roundtrip),
		cmocka_unit_test(test_grub_backend_and_grub_editenv),
		cmocka_unit_test(test_file_backend),
		cmocka_unit_test(test_uboot_backend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
