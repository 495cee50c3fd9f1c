/*
 * commands.h - the entry points of the `vigil` commands, one per cmd_*.c.
 */
#ifndef VG_CLI_COMMANDS_H
#define VG_CLI_COMMANDS_H

int cmd_artifact(int argc, char **argv);
int cmd_key(int argc, char **argv);

#endif
