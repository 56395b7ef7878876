/* SPDX-License-Identifier: MIT */
/* util.h -- allocation, strings and file helpers shared by every module. */
#ifndef SGN_UTIL_H
#define SGN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Out of memory aborts (decision: only our own executables use libsignet, and
 * every state write is atomic, so an abort loses nothing on disk).
 */
void *sgn_xmalloc(size_t n);
void *sgn_xcalloc(size_t n, size_t size);
void *sgn_xrealloc(void *p, size_t n);
char *sgn_xstrdup(const char *s);
char *sgn_xstrndup(const char *s, size_t n);
char *sgn_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte/text buffer; always NUL-terminated. Caller owns it. */
typedef struct sgn_buf {
	char *data;
	size_t len;
	size_t cap;
} sgn_buf_t;

void sgn_buf_init(sgn_buf_t *b);
void sgn_buf_clear(sgn_buf_t *b); /* frees the contents, zeroes the struct */
void sgn_buf_append(sgn_buf_t *b, const void *data, size_t len);
void sgn_buf_puts(sgn_buf_t *b, const char *s);
void sgn_buf_printf(sgn_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the string to the caller (to free) and resets the buffer. */
char *sgn_buf_take(sgn_buf_t *b);

/*
 * Writes a whole file atomically: temp file in the same directory created with
 * `mode`, write, fsync, rename over `path`, fsync the directory.
 * \retval SGN_OK, SGN_EIO (errno describes the failed step).
 */
int sgn_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* Reads a whole file; *out is NUL-terminated and owned by the caller.
 * \retval SGN_OK, SGN_ENOENT, SGN_EIO. */
int sgn_file_read(const char *path, char **out, size_t *len);

/* mkdir -p with `mode` for every directory it creates; chmods the last one to `mode`. */
int sgn_mkdir_p(const char *path, mode_t mode);

/* rm -rf; a missing path is not an error. */
int sgn_rm_rf(const char *path);

bool sgn_file_exists(const char *path);

/* Joins path parts with '/'; caller frees. */
char *sgn_path_join(const char *a, const char *b);

/* Lower-cases ASCII in place. */
void sgn_str_lower(char *s);
bool sgn_str_has_suffix(const char *s, const char *suffix);
/* Case-insensitive ASCII compare. */
bool sgn_str_ieq(const char *a, const char *b);

/* Base64 (RFC 4648) of len bytes; caller frees. */
char *sgn_base64_encode(const void *data, size_t len);
/* Decodes base64 (whitespace ignored); *out (caller frees, NUL-terminated for
 * convenience) and *len. \retval SGN_OK, SGN_EPARSE. */
int sgn_base64_decode(const char *text, char **out, size_t *len);

/* Clears then frees memory that may hold secrets (Secret data, key files). */
void sgn_secure_free(void *p, size_t len);

/* Current UTC time as RFC 3339 "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes). */
void sgn_time_rfc3339(time_t t, char *buf, size_t len);
/* Parses "2026-12-04T10:00:00Z" or "20261204100000" (UTC); false if it is neither, or
 * not a date of the calendar (2026-02-30). */
bool sgn_time_parse(const char *s, time_t *out);

/* Monotonic milliseconds. */
int64_t sgn_now_ms(void);

#endif
