/*
 * The ordered pool (pool.h): a ring of units, each waiting, being worked
 * on or done. Workers take the oldest waiting unit; the caller takes
 * units out from the front, each once it is done (and what it needed of
 * it, such as writing its output, is over). One lock guards the
 * ring; the work itself runs outside it.
 */
#include "cli/pool.h"

#include <pthread.h>
#include <stdlib.h>

enum unit_state { WAITING, WORKING, DONE };

struct slot {
	void *unit;
	enum unit_state state;
};

struct cli_pool {
	pthread_mutex_t lock;
	pthread_cond_t waiting; /* a unit came in, or the pool ends */
	pthread_cond_t done;    /* a unit is done */
	struct slot *ring;
	unsigned depth, head, count;
	unsigned next;          /* units from head on that are taken by a worker */
	bool stop;
	cli_pool_work work;
	void *(*state_new)(void *arg);
	void (*state_free)(void *state);
	void *arg;
	pthread_t *threads;
	unsigned started;
};

static void *worker(void *arg)
{
	cli_pool *p = arg;
	void *state = p->state_new(p->arg);
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && p->next == p->count)
			pthread_cond_wait(&p->waiting, &p->lock);
		if (p->next == p->count)
			break; /* stopping, and nothing left to do */
		struct slot *s = &p->ring[(p->head + p->next++) % p->depth];
		s->state = WORKING;
		pthread_mutex_unlock(&p->lock);
		p->work(s->unit, state);
		pthread_mutex_lock(&p->lock);
		s->state = DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	if (p->state_free)
		p->state_free(state);
	return NULL;
}

cli_pool *cli_pool_new(unsigned threads, unsigned depth, cli_pool_work work,
                       void *(*state_new)(void *arg), void (*state_free)(void *state),
                       void *arg)
{
	cli_pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->ring = calloc(depth ? depth : 1, sizeof *p->ring);
	p->threads = calloc(threads ? threads : 1, sizeof *p->threads);
	if (!p->ring || !p->threads || pthread_mutex_init(&p->lock, NULL) != 0) {
		free(p->ring);
		free(p->threads);
		free(p);
		return NULL;
	}
	pthread_cond_init(&p->waiting, NULL);
	pthread_cond_init(&p->done, NULL);
	p->depth = depth ? depth : 1;
	p->work = work;
	p->state_new = state_new;
	p->state_free = state_free;
	p->arg = arg;
	for (unsigned k = 0; k < threads; k++)
		if (pthread_create(&p->threads[p->started], NULL, worker, p) == 0)
			p->started++;
	if (p->started == 0) {
		cli_pool_free(p);
		return NULL;
	}
	return p;
}

bool cli_pool_full(const cli_pool *p)
{
	return p->count == p->depth; /* only the caller changes count */
}

void cli_pool_put(cli_pool *p, void *unit)
{
	pthread_mutex_lock(&p->lock);
	p->ring[(p->head + p->count) % p->depth] = (struct slot){ unit, WAITING };
	p->count++;
	pthread_cond_signal(&p->waiting);
	pthread_mutex_unlock(&p->lock);
}

void *cli_pool_front(cli_pool *p)
{
	void *unit = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->count) {
		struct slot *s = &p->ring[p->head];
		while (s->state != DONE)
			pthread_cond_wait(&p->done, &p->lock);
		unit = s->unit;
	}
	pthread_mutex_unlock(&p->lock);
	return unit;
}

void cli_pool_drop(cli_pool *p)
{
	pthread_mutex_lock(&p->lock);
	p->head = (p->head + 1) % p->depth;
	p->count--;
	p->next--; /* it was done, so taken by a worker */
	pthread_mutex_unlock(&p->lock);
}

bool cli_pool_oldest(cli_pool *p, const void *unit)
{
	pthread_mutex_lock(&p->lock);
	bool oldest = p->count && p->ring[p->head].unit == unit;
	pthread_mutex_unlock(&p->lock);
	return oldest;
}

void cli_pool_wait(cli_pool *p, const void *unit)
{
	pthread_mutex_lock(&p->lock);
	for (unsigned k = 0; k < p->count; k++) {
		struct slot *s = &p->ring[(p->head + k) % p->depth];
		if (s->unit == unit) {
			while (s->state != DONE)
				pthread_cond_wait(&p->done, &p->lock);
			break;
		}
	}
	pthread_mutex_unlock(&p->lock);
}

void cli_pool_free(cli_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->waiting);
	pthread_mutex_unlock(&p->lock);
	for (unsigned k = 0; k < p->started; k++)
		pthread_join(p->threads[k], NULL);
	pthread_cond_destroy(&p->waiting);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p->ring);
	free(p);
}
