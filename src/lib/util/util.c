/* SPDX-License-Identifier: MIT */
/* util.c -- allocation, buffers, atomic files, small string helpers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "sgn/err.h"
#include "sgn/util.h"

static void oom(void)
{
	fputs("signet: out of memory\n", stderr);
	abort();
}

void *sgn_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *sgn_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *sgn_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *sgn_xstrdup(const char *s)
{
	return sgn_xstrndup(s, strlen(s));
}

char *sgn_xstrndup(const char *s, size_t n)
{
	char *p = sgn_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *sgn_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *out = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&out, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	return out;
}

void sgn_buf_init(sgn_buf_t *b)
{
	b->cap = 64;
	b->len = 0;
	b->data = sgn_xmalloc(b->cap);
	b->data[0] = '\0';
}

void sgn_buf_clear(sgn_buf_t *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static void reserve(sgn_buf_t *b, size_t extra)
{
	if (b->data == NULL)
		sgn_buf_init(b);
	if (b->len + extra + 1 <= b->cap)
		return;
	while (b->len + extra + 1 > b->cap)
		b->cap *= 2;
	b->data = sgn_xrealloc(b->data, b->cap);
}

void sgn_buf_append(sgn_buf_t *b, const void *data, size_t len)
{
	reserve(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void sgn_buf_puts(sgn_buf_t *b, const char *s)
{
	sgn_buf_append(b, s, strlen(s));
}

void sgn_buf_printf(sgn_buf_t *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

char *sgn_buf_take(sgn_buf_t *b)
{
	if (b->data == NULL)
		sgn_buf_init(b);
	char *s = b->data;
	memset(b, 0, sizeof(*b));
	return s;
}

static int fsync_dir_of(const char *path)
{
	char *copy = sgn_xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	free(copy);
	if (fd < 0)
		return SGN_EIO;
	int rc = fsync(fd) == 0 ? SGN_OK : SGN_EIO;
	close(fd);
	return rc;
}

int sgn_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	char *tmp = sgn_xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	int rc = SGN_EIO;
	if (fd < 0)
		goto out;
	if (fchmod(fd, mode) != 0)
		goto fail;
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	rc = fsync_dir_of(path);
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	return rc;
}

int sgn_file_read(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return errno == ENOENT ? SGN_ENOENT : errno == EACCES ? SGN_EACCES : SGN_EIO;
	sgn_buf_t b;
	sgn_buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sgn_buf_append(&b, chunk, n);
	int err = ferror(f);
	fclose(f);
	if (err) {
		sgn_buf_clear(&b);
		return SGN_EIO;
	}
	if (len != NULL)
		*len = b.len;
	*out = sgn_buf_take(&b);
	return SGN_OK;
}

int sgn_mkdir_p(const char *path, mode_t mode)
{
	char *p = sgn_xstrdup(path);
	int rc = SGN_OK;
	for (char *s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST)
			rc = SGN_EIO;
		*s = '/';
	}
	if (rc == SGN_OK && mkdir(p, mode) != 0 && errno != EEXIST)
		rc = SGN_EIO;
	if (rc == SGN_OK && chmod(p, mode) != 0)
		rc = SGN_EIO;
	free(p);
	return rc;
}

int sgn_rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? SGN_OK : SGN_EIO;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? SGN_OK : SGN_EIO;
	DIR *d = opendir(path);
	if (d == NULL)
		return SGN_EIO;
	int rc = SGN_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *child = sgn_path_join(path, e->d_name);
		if (sgn_rm_rf(child) != SGN_OK)
			rc = SGN_EIO;
		free(child);
	}
	closedir(d);
	if (rmdir(path) != 0)
		rc = SGN_EIO;
	return rc;
}

bool sgn_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

char *sgn_path_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	if (la > 0 && a[la - 1] == '/')
		return sgn_xasprintf("%s%s", a, b);
	return sgn_xasprintf("%s/%s", a, b);
}

void sgn_str_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

bool sgn_str_has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

bool sgn_str_ieq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

void sgn_time_rfc3339(time_t t, char *buf, size_t len)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool sgn_time_parse(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0') {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y%m%d%H%M%S", &tm);
	}
	if (end == NULL || *end != '\0')
		return false;
	/* a calendar date that exists (strptime takes Feb 30, timegm moves it to March) */
	struct tm norm = tm;
	time_t t = timegm(&norm);
	if (t == (time_t)-1 || norm.tm_mday != tm.tm_mday || norm.tm_mon != tm.tm_mon || norm.tm_year != tm.tm_year ||
	    norm.tm_hour != tm.tm_hour || norm.tm_min != tm.tm_min || norm.tm_sec != tm.tm_sec)
		return false;
	*out = t;
	return true;
}

int64_t sgn_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sgn_secure_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	OPENSSL_cleanse(p, len);
	free(p);
}

char *sgn_base64_encode(const void *data, size_t len)
{
	char *out = sgn_xmalloc(4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

int sgn_base64_decode(const char *text, char **out, size_t *len)
{
	size_t n = strlen(text), k = 0, pad = 0;
	char *clean = sgn_xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		if (text[i] != ' ' && text[i] != '\n' && text[i] != '\r' && text[i] != '\t')
			clean[k++] = text[i];
	clean[k] = '\0';
	if (k % 4 != 0) {
		free(clean);
		return SGN_EPARSE;
	}
	for (size_t i = k; i > 0 && clean[i - 1] == '='; i--)
		pad++;
	char *buf = sgn_xmalloc(k / 4 * 3 + 1);
	int r = k ? EVP_DecodeBlock((unsigned char *)buf, (unsigned char *)clean, (int)k) : 0;
	free(clean);
	if (r < 0 || pad > 2) {
		sgn_secure_free(buf, k / 4 * 3 + 1);
		return SGN_EPARSE;
	}
	*len = (size_t)r - pad;
	buf[*len] = '\0';
	*out = buf;
	return SGN_OK;
}
