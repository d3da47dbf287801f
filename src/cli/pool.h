/* Private to src/cli/: an ordered pool of worker threads. Units of work
 * are handed in one at a time, worked on by the threads in any order and
 * handed back in the order they came in, so that what a run prints does
 * not depend on how many threads it had. */
#ifndef CHR_CLI_POOL_H
#define CHR_CLI_POOL_H

#include <stdbool.h>

typedef struct cli_pool cli_pool;

/** Runs on a worker thread: works on one unit with the thread's own state. */
typedef void (*cli_pool_work)(void *unit, void *state);

/**
 * Starts threads workers, each with a state of its own from state_new(arg)
 * (freed with state_free on that thread when the pool ends), and room for
 * depth units at once. Returns NULL when no thread could be started or
 * memory ran out (nothing is left running then).
 */
cli_pool *cli_pool_new(unsigned threads, unsigned depth, cli_pool_work work,
                       void *(*state_new)(void *arg), void (*state_free)(void *state),
                       void *arg);

/** Whether the pool holds depth units: the caller takes the oldest out
 * (cli_pool_front, cli_pool_drop) before handing another in. */
bool cli_pool_full(const cli_pool *p);

/** Hands unit in, behind those already there; the pool must not be full. */
void cli_pool_put(cli_pool *p, void *unit);

/** Waits until the oldest unit is worked on and gives it, still in the
 * pool; NULL when the pool holds none. */
void *cli_pool_front(cli_pool *p);

/** Takes the oldest unit, which cli_pool_front gave, out of the pool. */
void cli_pool_drop(cli_pool *p);

/** Whether unit, which the pool holds, is the oldest there (every unit
 * before it is dropped): it stays so until it is dropped itself. */
bool cli_pool_oldest(cli_pool *p, const void *unit);

/** Waits until unit, which the pool holds, is worked on (it stays in). */
void cli_pool_wait(cli_pool *p, const void *unit);

/** Ends the threads and frees the pool; it must hold no unit. */
void cli_pool_free(cli_pool *p);

#endif
