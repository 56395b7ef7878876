/* SPDX-License-Identifier: MIT */
/* proc.c -- child processes: run-and-capture, and background spawn. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sgn/err.h"
#include "sgn/proc.h"
#include "sgn/util.h"

static void child_stdin_null(void)
{
	int fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		dup2(fd, 0);
		close(fd);
	}
}

static int decode_status(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return 255;
}

/* Reads the pipe until EOF or the deadline; returns SGN_ETIMEOUT on deadline. */
static int drain(int fd, sgn_buf_t *b, int timeout_ms)
{
	int64_t deadline = timeout_ms > 0 ? sgn_now_ms() + timeout_ms : 0;
	char chunk[8192];
	for (;;) {
		int wait = -1;
		if (deadline) {
			int64_t left = deadline - sgn_now_ms();
			if (left <= 0)
				return SGN_ETIMEOUT;
			wait = (int)left;
		}
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return SGN_ETIMEOUT;
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return SGN_OK;
		sgn_buf_append(b, chunk, (size_t)n);
	}
}

int sgn_proc_run(const char *const argv[], int timeout_ms, char **out, int *status)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return SGN_EPROC;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return SGN_EPROC;
	}
	if (pid == 0) {
		setpgid(0, 0);
		child_stdin_null();
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	sgn_buf_t b;
	sgn_buf_init(&b);
	int rc = drain(fds[0], &b, timeout_ms);
	close(fds[0]);
	if (rc == SGN_ETIMEOUT)
		kill(-pid, SIGKILL);
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (status != NULL)
		*status = decode_status(ws);
	if (out != NULL)
		*out = sgn_buf_take(&b);
	else
		sgn_buf_clear(&b);
	if (rc == SGN_OK && decode_status(ws) == 127 && out == NULL)
		return SGN_EPROC;
	return rc;
}

int sgn_proc_spawn(const char *const argv[], const char *log_path, pid_t *pid)
{
	int logfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (logfd < 0)
		return SGN_EPROC;
	pid_t p = fork();
	if (p < 0) {
		close(logfd);
		return SGN_EPROC;
	}
	if (p == 0) {
		setpgid(0, 0);
		/* what a daemon creates (named: keys, journals, signed zones) is private */
		umask(077);
		child_stdin_null();
		dup2(logfd, 1);
		dup2(logfd, 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(logfd);
	*pid = p;
	return SGN_OK;
}
