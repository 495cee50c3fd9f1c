/*
 * cli.c - shared plumbing of the `vigil` commands (see cli.h).
 */
#include "cli.h"
#include "vigil/error.h"
#include "vigil/file.h"
#include "vigil/vulndb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void print_command_list(FILE *out, const char *prog, const char *description,
			       const cli_command *commands)
{
	const cli_command *c;

	fprintf(out, "Usage: %s COMMAND [OPTIONS] [ARGS]\n\n%s\n\nCommands:\n", prog, description);
	for (c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\nRun '%s COMMAND --help' for a command's options.\n", prog);
}

int cli_dispatch(const char *prog, const char *description, const cli_command *commands,
		 int argc, char **argv)
{
	const cli_command *c;

	if (argc < 2) {
		print_command_list(stderr, prog, description, commands);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_command_list(stdout, prog, description, commands);
		return CLI_EXIT_OK;
	}
	for (c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	return cli_usage_error(prog, "unknown command '%s'", argv[1]);
}

int cli_exit_code(int status)
{
	switch (status) {
	case VG_OK: return CLI_EXIT_OK;
	case VG_EPARSE:
	case VG_ELIMIT:
	case VG_EUNSUPPORTED:
	case VG_EINVAL: return CLI_EXIT_INPUT;
	case VG_EIO:
	case VG_ENOTFOUND:
	case VG_ENET: return CLI_EXIT_IO;
	case VG_EVERIFY: return CLI_EXIT_VERIFY;
	default: return CLI_EXIT_INTERNAL;
	}
}

int cli_fail(int status)
{
	const char *msg = vg_error_message();

	fprintf(stderr, "vigil: %s\n", *msg ? msg : vg_status_name(status));
	return cli_exit_code(status);
}

void cli_exit_without_freeing(int code)
{
#ifdef VG_FREE_AT_EXIT
	(void)code;
#else
	exit(code);
#endif
}

int cli_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	return CLI_EXIT_USAGE;
}

bool cli_stdout_is_tty(void)
{
	return isatty(STDOUT_FILENO) == 1;
}

bool cli_stderr_is_tty(void)
{
	return isatty(STDERR_FILENO) == 1;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_bar(void *ctx, uint64_t done, uint64_t total, const char *label)
{
	static double last_draw;
	double now = now_seconds();
	int width = 30, filled;
	char bar[31];

	(void)ctx;
	if (!cli_stderr_is_tty())
		return;
	/* Redraw at most ten times a second, but always draw the final state. */
	if (done != total && now - last_draw < 0.1)
		return;
	last_draw = now;
	if (total) {
		filled = (int)((double)done / (double)total * width);
		memset(bar, '#', (size_t)filled);
		memset(bar + filled, '-', (size_t)(width - filled));
		bar[width] = '\0';
		fprintf(stderr, "\r%-24.24s [%s] %3d%% (%llu/%llu)", label, bar,
			(int)((double)done * 100.0 / (double)total), (unsigned long long)done,
			(unsigned long long)total);
	} else {
		fprintf(stderr, "\r%-24.24s %llu", label, (unsigned long long)done);
	}
	if (total && done >= total)
		fputs("\n", stderr);
	fflush(stderr);
}

int cli_open_vulndb(const char *path, int mode, vg_vulndb **db)
{
	char *fallback = path ? NULL : vg_vulndb_default_path();
	int rc;

	if (!path && !fallback)
		return cli_fail(VG_ENOMEM);
	rc = vg_vulndb_open(path ? path : fallback, mode, db);
	free(fallback);
	return rc ? cli_fail(rc) : CLI_EXIT_OK;
}
