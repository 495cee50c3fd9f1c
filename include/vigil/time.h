/*
 * vigil/time.h - RFC 3339 timestamps.
 *
 * Feeds and SBOMs spell times in several RFC 3339 forms ("2024-01-02T03:04:05Z",
 * "...05.123456Z", "...05+02:00", a bare date "2024-01-02").  Comparing them
 * as strings is wrong ('.' sorts before 'Z'), so they are compared as
 * microseconds since the Unix epoch, UTC.
 */
#ifndef VIGIL_TIME_H
#define VIGIL_TIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parse an RFC 3339 date-time or full-date; VG_EPARSE if it is neither. */
int vg_time_parse(const char *text, int64_t *usec);

/* Format as "YYYY-MM-DDTHH:MM:SSZ" (fraction dropped) into buf[21]. */
void vg_time_format(int64_t usec, char buf[21]);

/* Now, in microseconds since the epoch. */
int64_t vg_time_now(void);

/* A duration as a reader judges an age, rounded down: "40 minutes" under an
 * hour, "5 hours" under two days, else "12 days"; into buf[24]. */
void vg_time_age(int64_t usec, char buf[24]);

#ifdef __cplusplus
}
#endif
#endif
