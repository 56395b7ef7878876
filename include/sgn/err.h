/* SPDX-License-Identifier: MIT */
/* err.h -- one error-code space for all of signet, and a diagnostic that says where. */
#ifndef SGN_ERR_H
#define SGN_ERR_H

#include <errno.h>
#include <stddef.h>

/* Codes mapping errno come first, domain codes from -1000 on. */
enum {
	SGN_OK = 0,
	SGN_ENOMEM = -ENOMEM,
	SGN_EIO = -EIO,
	SGN_ENOENT = -ENOENT,
	SGN_EEXIST = -EEXIST,
	SGN_EINVAL = -EINVAL,
	SGN_EACCES = -EACCES,
	SGN_EPARSE = -1000,  /* input text could not be parsed */
	SGN_ESCHEMA,         /* input parsed but breaks the resource schema */
	SGN_ECRYPTO,         /* OpenSSL failed */
	SGN_EVERIFY,         /* a DNSSEC signature or digest did not verify */
	SGN_EDNS,            /* a DNS query failed or got an unusable answer */
	SGN_ETIMEOUT,        /* waited too long */
	SGN_ENOTFOUND,       /* a named resource does not exist */
	SGN_EPROC,           /* a child process failed */
	SGN_ECONFIG,         /* named or its tools rejected what we rendered */
	SGN_EUNSUPPORTED,    /* valid but not supported (algorithm, type, ...) */
	SGN_EKEY,            /* a key file is missing, broken or inconsistent */
	SGN_ELAST
};

/* Human text for a code; never NULL. */
const char *sgn_strerror(int code);

/*
 * Where an error happened, filled at the failure site and printed by the CLI:
 * "file:line: Kind ns/name: field: message".  Empty strings mean "unknown".
 * Callers own the struct (stack storage is fine).
 */
typedef struct sgn_diag {
	char file[512];
	int line;
	char resource[256];
	char field[256];
	char message[1536];
} sgn_diag_t;

/* Resets every field to empty. */
void sgn_diag_clear(sgn_diag_t *d);

/* Sets the message (printf style); keeps the location fields already set.
 * A NULL diag is ignored so that callers may pass NULL when they do not care. */
void sgn_diag_msg(sgn_diag_t *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets location fields; NULL leaves a field as it is. */
void sgn_diag_at(sgn_diag_t *d, const char *file, int line, const char *resource,
		 const char *field);

/* Formats the diagnostic into buf ("file:line: resource: field: message"). */
void sgn_diag_format(const sgn_diag_t *d, char *buf, size_t len);

#endif
