/* SPDX-License-Identifier: MIT */
/* err.c -- error strings and diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sgn/err.h"

static const struct {
	int code;
	const char *text;
} texts[] = {
	{SGN_OK, "success"},
	{SGN_ENOMEM, "out of memory"},
	{SGN_EIO, "input/output error"},
	{SGN_ENOENT, "no such file or directory"},
	{SGN_EEXIST, "already exists"},
	{SGN_EINVAL, "invalid argument"},
	{SGN_EACCES, "permission denied"},
	{SGN_EPARSE, "parse error"},
	{SGN_ESCHEMA, "invalid resource"},
	{SGN_ECRYPTO, "cryptographic operation failed"},
	{SGN_EVERIFY, "DNSSEC verification failed"},
	{SGN_EDNS, "DNS query failed"},
	{SGN_ETIMEOUT, "timed out"},
	{SGN_ENOTFOUND, "not found"},
	{SGN_EPROC, "child process failed"},
	{SGN_ECONFIG, "configuration rejected"},
	{SGN_EUNSUPPORTED, "not supported"},
	{SGN_EKEY, "key file error"},
};

const char *sgn_strerror(int code)
{
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i].code == code)
			return texts[i].text;
	if (code < 0 && code > -1000)
		return strerror(-code);
	return "unknown error";
}

void sgn_diag_clear(sgn_diag_t *d)
{
	if (d != NULL)
		memset(d, 0, sizeof(*d));
}

void sgn_diag_msg(sgn_diag_t *d, const char *fmt, ...)
{
	if (d == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
}

static void set_field(char *dst, size_t len, const char *src)
{
	if (src != NULL)
		snprintf(dst, len, "%s", src);
}

void sgn_diag_at(sgn_diag_t *d, const char *file, int line, const char *resource,
		 const char *field)
{
	if (d == NULL)
		return;
	set_field(d->file, sizeof(d->file), file);
	if (line > 0)
		d->line = line;
	set_field(d->resource, sizeof(d->resource), resource);
	set_field(d->field, sizeof(d->field), field);
}

void sgn_diag_format(const sgn_diag_t *d, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
#define PUT(...)                                                                   \
	do {                                                                       \
		int n_ = snprintf(buf + off, len - off, __VA_ARGS__);              \
		if (n_ > 0)                                                        \
			off = (size_t)n_ >= len - off ? len - 1 : off + (size_t)n_; \
	} while (0)
	if (d->file[0] != '\0')
		PUT(d->line > 0 ? "%s:%d: " : "%s: ", d->file, d->line);
	if (d->resource[0] != '\0')
		PUT("%s: ", d->resource);
	if (d->field[0] != '\0')
		PUT("%s: ", d->field);
	PUT("%s", d->message[0] != '\0' ? d->message : "error");
#undef PUT
}
