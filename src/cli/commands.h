/*
 * commands.h - the entry points of the `vigil` commands, one per cmd_*.c.
 */
#ifndef VG_CLI_COMMANDS_H
#define VG_CLI_COMMANDS_H

#include <stdbool.h>

int cmd_db(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_db_update(int argc, char **argv); /* `vigil db update`, dispatched by cmd_db */
/* `vigil db show ID`, once cmd_db has read the options. */
int cmd_db_show(const char *db_path, bool json, const char *id);
int cmd_cvss(int argc, char **argv);
int cmd_artifact(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_cpe(int argc, char **argv);
int cmd_purl(int argc, char **argv);
int cmd_sbom(int argc, char **argv);
int cmd_sbom_convert(int argc, char **argv);
int cmd_sbom_check(int argc, char **argv);
int cmd_sbom_diff(int argc, char **argv);
int cmd_sbom_generate(int argc, char **argv);

#endif
