/* The verbs that live in their own files under src/cli/. Each takes the
 * arguments from the verb on (argv[0] is the verb) and returns the exit
 * status: 0 success, 1 input or I/O error, 2 usage. */
#ifndef CHR_CLI_H
#define CHR_CLI_H

/** `chronicle serve`: src/cli/serve.c. */
int cli_serve(int argc, char **argv);

#endif
