/*
 * main.c - vigil-agent: the device side of updates (docs/agent.md,
 * vigil-agent(1)).  A thin layer over vigil/agent.h:
 *
 *   vigil-agent [-c CONF] install FILE|URL
 *   vigil-agent [-c CONF] resume      (at every boot: continue a pending update)
 *   vigil-agent [-c CONF] commit
 *   vigil-agent [-c CONF] rollback
 *   vigil-agent [-c CONF] status [--json]
 */
#include "agent.h"
#include "vigil/error.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CONF "/etc/vigil/agent.conf"

static const char *const EXIT_HELP =
	"Exit codes: 0 success, 1 update failed and the old slot was kept, 2 usage,\n"
	"3 bad input, 4 I/O or network, 5 verification failed, 6 internal error,\n"
	"7 not valid in the current state, 10 reboot needed to continue.\n";

static const char *const INSTALL_HELP =
	"install takes a signed artifact (FILE ending in .mender, or an http:// or\n"
	"https:// URL), or a raw image FILE when allow_raw_images = yes.  A URL is\n"
	"downloaded, verified and written in one pass; a broken connection is resumed\n"
	"with an HTTP Range request (download_retries, download_timeout).  An\n"
	"artifact whose vigil.security_version is below the device's (the highest\n"
	"committed so far) is refused before anything is written (exit 5).\n"
	"\n"
	"A module-image artifact (a payload type other than rootfs-image) is\n"
	"installed by the Mender update module of that name in modules_dir\n"
	"(protocol v3): the agent stores the verified files, then runs\n"
	"ArtifactInstall, ArtifactReboot/ArtifactVerifyReboot if the module needs a\n"
	"reboot, and ArtifactCommit; a failing module is rolled back (exit 1).\n";

typedef struct command {
	const char *name;
	const char *args;
	const char *help;
} command;

static const command COMMANDS[] = {
	{ "install", "FILE|URL", "Write an update into the inactive slot and arm it, or run its update module." },
	{ "resume", "", "Continue a pending update: verify and commit, or roll back (run at boot)." },
	{ "commit", "", "Health-check the running trial slot and make it permanent." },
	{ "rollback", "", "Abandon the pending update and go back to the old slot." },
	{ "status", "[--json]", "Show the agent's state, slots and boot variables." },
	{ NULL, NULL, NULL }
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: vigil-agent [-c CONF] COMMAND [ARGS]\n\n"
		     "The Vigil device update agent (A/B slots, boot counting, rollback).\n\n"
		     "Options:\n  -c CONF   configuration file (default " DEFAULT_CONF ")\n"
		     "  -h, --help  this help; COMMAND --help for a command\n\nCommands:\n");
	for (const command *c = COMMANDS; c->name; c++)
		fprintf(out, "  %-9s %-9s %s\n", c->name, c->args, c->help);
	fprintf(out, "\n%s", INSTALL_HELP);
	fprintf(out, "\n%s", EXIT_HELP);
}

static void command_help(const command *c)
{
	printf("Usage: vigil-agent [-c CONF] %s %s\n\n%s\n", c->name, c->args, c->help);
	if (!strcmp(c->name, "status"))
		printf("\nOptions:\n  --json    print a JSON object instead of text\n");
	if (!strcmp(c->name, "install"))
		printf("\n%s", INSTALL_HELP);
	printf("\n%s", EXIT_HELP);
}

static int exit_for(int rc, vg_agent_outcome outcome)
{
	if (outcome == VG_AGENT_NEED_REBOOT)
		return AGENT_EXIT_REBOOT;
	/* Rolled back: 1, unless the cause has a more specific class (3, 4, 5). */
	if (outcome == VG_AGENT_ROLLED_BACK && (rc == VG_OK || rc == VG_ERROR))
		return AGENT_EXIT_FAILED;
	switch (rc) {
	case VG_OK: return AGENT_EXIT_OK;
	case VG_EPARSE: case VG_ELIMIT: case VG_EUNSUPPORTED: case VG_EINVAL: return AGENT_EXIT_INPUT;
	case VG_EIO: case VG_ENOTFOUND: case VG_ENET: return AGENT_EXIT_IO;
	case VG_EVERIFY: return AGENT_EXIT_VERIFY;
	case VG_ESTATE: return AGENT_EXIT_STATE;
	default: return AGENT_EXIT_INTERNAL;
	}
}

static void report(int rc, vg_agent_outcome outcome, const vg_agent *a)
{
	if (rc)
		fprintf(stderr, "vigil-agent: %s\n", vg_error_message());
	switch (outcome) {
	case VG_AGENT_NEED_REBOOT: fprintf(stderr, "vigil-agent: reboot to continue\n"); break;
	case VG_AGENT_COMMITTED: fprintf(stderr, "vigil-agent: committed %s\n", vg_agent_record_get(a)->current); break;
	case VG_AGENT_ROLLED_BACK:
		fprintf(stderr, "vigil-agent: update failed, the previous software is kept: %s\n",
			vg_agent_record_get(a)->error);
		break;
	case VG_AGENT_NOTHING: break;
	}
}

static const char *var(const vg_agent *a, const char *name)
{
	const char *v = vg_bootenv_get(vg_agent_bootenv(a), name);
	return v ? v : "";
}

static int status(const vg_agent *a, const vg_agent_config *cfg, int json)
{
	const vg_agent_record *r = vg_agent_record_get(a);
	int booted = -1;
	char b[2] = "?";
	if (vg_agent_booted_slot(a, &booted) == VG_OK)
		b[0] = (char)('A' + booted);
	if (!json) {
		printf("state: %s\nbooted: %s\ncurrent: %s\nsecurity-version: %llu\n", vg_agent_state_name(r->state), b,
		       r->current, (unsigned long long)r->security_version);
		if (r->state != VG_AGENT_IDLE)
			printf("target: %c\nartifact: %s\n", 'A' + r->target, r->artifact);
		if (r->module[0])
			printf("module: %s\n", r->module);
		if (r->error[0])
			printf("last-error: %s\n", r->error);
		printf("bootloader: %s (%s=%s %s=%s %s=%s %s=%s)\n", vg_bootenv_kind_name(cfg->bootloader),
		       VG_BOOTVAR_SLOT, var(a, VG_BOOTVAR_SLOT), VG_BOOTVAR_UPGRADE, var(a, VG_BOOTVAR_UPGRADE),
		       VG_BOOTVAR_COUNT, var(a, VG_BOOTVAR_COUNT), VG_BOOTVAR_LIMIT, var(a, VG_BOOTVAR_LIMIT));
		return AGENT_EXIT_OK;
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:{s:s, s:s, s:s, s:s, s:s}}",
			      "state", vg_agent_state_name(r->state), "booted", b, "current", r->current,
			      "module", r->module,
			      "security_version", (json_int_t)r->security_version,
			      "target", r->state == VG_AGENT_IDLE ? "" : (r->target ? "B" : "A"),
			      "artifact", r->artifact, "sha256", r->sha256, "size", (json_int_t)r->size,
			      "artifact_security_version", (json_int_t)r->artifact_security_version,
			      "error", r->error, "bootenv", "backend", vg_bootenv_kind_name(cfg->bootloader),
			      VG_BOOTVAR_SLOT, var(a, VG_BOOTVAR_SLOT), VG_BOOTVAR_UPGRADE,
			      var(a, VG_BOOTVAR_UPGRADE), VG_BOOTVAR_COUNT, var(a, VG_BOOTVAR_COUNT),
			      VG_BOOTVAR_LIMIT, var(a, VG_BOOTVAR_LIMIT));
	char *s = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
	json_decref(o);
	if (!s)
		return AGENT_EXIT_INTERNAL;
	printf("%s\n", s);
	free(s);
	return AGENT_EXIT_OK;
}

static int run(const command *c, const vg_agent_config *cfg, int argc, char **argv)
{
	int json = 0;
	const char *location = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") && !strcmp(c->name, "status"))
			json = 1;
		else if (!strcmp(c->name, "install") && !location && argv[i][0] != '-')
			location = argv[i];
		else {
			fprintf(stderr, "vigil-agent %s: unexpected argument '%s' (see --help)\n", c->name, argv[i]);
			return AGENT_EXIT_USAGE;
		}
	}
	if (!strcmp(c->name, "install") && !location) {
		fprintf(stderr, "vigil-agent install: missing FILE or URL (see --help)\n");
		return AGENT_EXIT_USAGE;
	}
	if (location && strstr(location, "://") && !vg_download_is_url(location)) {
		fprintf(stderr, "vigil-agent install: %s: only http:// and https:// URLs are supported\n", location);
		return AGENT_EXIT_USAGE;
	}
	vg_agent *a = NULL;
	int rc = vg_agent_open(&a, cfg);
	if (rc) {
		fprintf(stderr, "vigil-agent: %s\n", vg_error_message());
		return exit_for(rc, VG_AGENT_NOTHING);
	}
	agent_faults_attach(a);
	vg_agent_outcome outcome = VG_AGENT_NOTHING;
	int code;
	if (!strcmp(c->name, "status")) {
		code = status(a, cfg, json);
	} else {
		if (!strcmp(c->name, "install")) {
			vg_download_stats st = { 0 };
			agent_source src = { location, cfg, &st };
			rc = vg_agent_install(a, agent_fetch, &src, &outcome);
			if (st.attempts)
				fprintf(stderr, "vigil-agent: downloaded %llu bytes in %u request(s), %u resumed with "
					"HTTP Range\n", (unsigned long long)st.bytes, st.attempts, st.resumes);
		} else if (!strcmp(c->name, "resume")) {
			rc = vg_agent_resume(a, &outcome);
		} else if (!strcmp(c->name, "commit")) {
			rc = vg_agent_commit(a, &outcome);
		} else {
			rc = vg_agent_rollback(a, &outcome);
		}
		report(rc, outcome, a);
		code = exit_for(rc, outcome);
	}
	vg_agent_free(a);
	return code;
}

int main(int argc, char **argv)
{
	const char *conf = DEFAULT_CONF;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return AGENT_EXIT_OK;
		} else if (!strcmp(argv[i], "-c") && i + 1 < argc) {
			conf = argv[++i];
		} else {
			fprintf(stderr, "vigil-agent: unknown option '%s' (see --help)\n", argv[i]);
			return AGENT_EXIT_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
		return AGENT_EXIT_USAGE;
	}
	const command *c = COMMANDS;
	while (c->name && strcmp(c->name, argv[i]))
		c++;
	if (!c->name) {
		fprintf(stderr, "vigil-agent: unknown command '%s' (see --help)\n", argv[i]);
		return AGENT_EXIT_USAGE;
	}
	for (int j = i + 1; j < argc; j++)
		if (!strcmp(argv[j], "--help") || !strcmp(argv[j], "-h")) {
			command_help(c);
			return AGENT_EXIT_OK;
		}
	vg_agent_config cfg;
	int rc = vg_agent_config_load(&cfg, conf);
	if (rc) {
		fprintf(stderr, "vigil-agent: %s\n", vg_error_message());
		return exit_for(rc, VG_AGENT_NOTHING);
	}
	int code = run(c, &cfg, argc - i, argv + i);
	vg_agent_config_free(&cfg);
	return code;
}
