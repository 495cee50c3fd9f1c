/*
 * commands.h - the entry points of the `vigil` commands, one per cmd_*.c.
 */
#ifndef VG_CLI_COMMANDS_H
#define VG_CLI_COMMANDS_H

int cmd_cpe(int argc, char **argv);
int cmd_purl(int argc, char **argv);

#endif
