/* Complete-or-absent file writing; see safefile.h. */
#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "textwidth.h"

#define SAFE_NAME_MAX 200

/* ---- permissions ---- */

/* Exports hold what the database holds, and the database is 0600. */
static mode_t new_file_mode = 0600;
static int mode_given;

void jx_safefile_set_mode(unsigned mode)
{
	new_file_mode = (mode_t)(mode & 0666);
	mode_given = 1;
}

/* ---- interrupted writes ---- */

/* The temporary files being written, for the signal handler: an export
 * interrupted by Ctrl-C, a kill or a dropped SSH session (SIGHUP) leaves no
 * hidden half-written file behind.  Fixed buffers, so that the handler
 * touches nothing malloc'd. */
enum { LIVE_MAX = 8, LIVE_PATH = 4096 };
static char live_path[LIVE_MAX][LIVE_PATH];
static volatile sig_atomic_t live_used[LIVE_MAX];
static const int live_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_interrupt(int sig)
{
	int e = errno;
	for (int i = 0; i < LIVE_MAX; i++)
		if (live_used[i])
			unlink(live_path[i]);
	errno = e;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Handlers only where nobody else has one (the workstation catches SIGHUP
 * and SIGTERM itself, to save the field being typed, and ends cleanly). */
static void catch_interrupts(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	for (size_t i = 0; i < sizeof live_signals / sizeof live_signals[0]; i++) {
		struct sigaction old, sa;
		if (sigaction(live_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
		    (old.sa_flags & SA_SIGINFO))
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_interrupt;
		sigemptyset(&sa.sa_mask);
		for (size_t k = 0; k < sizeof live_signals / sizeof live_signals[0]; k++)
			sigaddset(&sa.sa_mask, live_signals[k]);
		sigaction(live_signals[i], &sa, NULL);
	}
}

static void live_add(const char *tmp)
{
	size_t n = strlen(tmp);
	if (n >= LIVE_PATH)
		return;
	catch_interrupts();
	for (int i = 0; i < LIVE_MAX; i++)
		if (!live_used[i]) {
			memcpy(live_path[i], tmp, n + 1);
			live_used[i] = 1;
			return;
		}
}

static void live_remove(const char *tmp)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (live_used[i] && strcmp(live_path[i], tmp) == 0) {
			live_used[i] = 0;
			return;
		}
}

void jx_safefile_write_error(jx_err *err, const char *path, int e)
{
	if (e == ENOSPC
#ifdef EDQUOT
	    || e == EDQUOT
#endif
	)
		jx_err_set(err, "写入失败：磁盘已满（%s）", "write failed: disk full (%s)", path);
	else if (e == EFBIG)
		jx_err_set(err, "写入失败：文件超过系统允许的大小（%s）", "write failed: file too large (%s)", path);
	else
		jx_err_set(err, "写入失败：%s：%s", "write failed: %s: %s", path, strerror(e));
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Directory part of path ("." when there is none). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return dup_n(".", 1);
	return dup_n(path, slash == path ? 1 : (size_t)(slash - path));
}

static int check_dir(const char *dir, jx_err *err)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			jx_err_set(err, "目录不存在：%s", "directory does not exist: %s", dir);
		else if (errno == ENOTDIR)
			jx_err_set(err, "路径中有一部分不是目录：%s", "a part of the path is not a directory: %s", dir);
		else if (errno == EACCES)
			jx_err_set(err, "无权访问目录：%s", "permission denied for directory: %s", dir);
		else
			jx_err_set(err, "无法访问目录：%s：%s", "cannot access directory: %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		jx_err_set(err, "不是目录：%s", "not a directory: %s", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		if (errno == EROFS)
			jx_err_set(err, "目录不可写（只读文件系统）：%s", "directory is not writable (read-only file system): %s",
				   dir);
		else
			jx_err_set(err, "目录不可写（权限不足）：%s", "directory is not writable (permission denied): %s", dir);
		return -1;
	}
	return 0;
}

int jx_safefile_open(jx_safefile *sf, const char *path, int force, jx_err *err)
{
	struct stat st;
	const char *base;
	char *dir = NULL;
	size_t n;
	int fd;
	mode_t mode;

	memset(sf, 0, sizeof *sf);
	if (!path || !*path) {
		jx_err_set(err, "没有给出文件名", "no file name given");
		return -1;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		jx_err_set(err, "缺少文件名：%s", "missing file name: %s", path);
		return -1;
	}
	dir = dir_of(path);
	if (!dir) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	if (check_dir(dir, err) != 0)
		goto fail;

	mode = new_file_mode;
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			jx_err_set(err, "目标是一个目录：%s", "the target is a directory: %s", path);
			goto fail;
		}
		if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
			jx_err_set(err, "目标不是普通文件：%s", "the target is not a regular file: %s", path);
			goto fail;
		}
		if (!force) {
			jx_err_set(err, "文件已存在：%s（使用 --force 覆盖）", "file exists: %s (use --force to overwrite)",
				   path);
			goto fail;
		}
		/* a file replaced keeps the permissions it was given */
		if (S_ISREG(st.st_mode) && !mode_given)
			mode = st.st_mode & 07777;
	} else if (errno != ENOENT) {
		jx_err_set(err, "无法访问：%s：%s", "cannot access %s: %s", path, strerror(errno));
		goto fail;
	}

	/* "<dir>/.<base>.XXXXXX": hidden, beside the target, same file system. */
	n = strlen(dir) + strlen(base) + 16;
	sf->tmp = malloc(n);
	sf->path = dup_n(path, strlen(path));
	if (!sf->tmp || !sf->path) {
		jx_err_set(err, "内存不足", "out of memory");
		goto fail;
	}
	snprintf(sf->tmp, n, "%s/.%s.XXXXXX", dir, base);
	fd = mkstemp(sf->tmp);
	if (fd < 0) {
		int e = errno;
		if (e == EACCES || e == EPERM || e == EROFS)
			jx_err_set(err, "目录不可写：%s：%s", "directory is not writable: %s: %s", dir, strerror(e));
		else
			jx_safefile_write_error(err, path, e);
		free(sf->tmp);
		sf->tmp = NULL;
		goto fail;
	}
	live_add(sf->tmp);
	if (fchmod(fd, mode) != 0) {
		/* Not fatal: the file keeps mode 0600. */
	}
	sf->f = fdopen(fd, "wb");
	if (!sf->f) {
		jx_err_set(err, "内存不足", "out of memory");
		close(fd);
		goto fail;
	}
	sf->force = force;
	free(dir);
	return 0;
fail:
	free(dir);
	if (sf->tmp) {
		unlink(sf->tmp);
		live_remove(sf->tmp);
	}
	free(sf->tmp);
	free(sf->path);
	memset(sf, 0, sizeof *sf);
	return -1;
}

int jx_safefile_release(jx_safefile *sf, jx_err *err)
{
	int rc = 0;
	if (sf->f) {
		if (fclose(sf->f) != 0) {
			jx_safefile_write_error(err, sf->path, errno);
			rc = -1;
		}
		sf->f = NULL;
	}
	if (rc)
		jx_safefile_abort(sf);
	return rc;
}

static void finish(jx_safefile *sf)
{
	if (sf->tmp)
		live_remove(sf->tmp);
	free(sf->tmp);
	free(sf->path);
	memset(sf, 0, sizeof *sf);
}

void jx_safefile_abort(jx_safefile *sf)
{
	if (sf->f)
		fclose(sf->f);
	sf->f = NULL;
	if (sf->tmp)
		unlink(sf->tmp);
	finish(sf);
}

static void sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd;
	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		/* Some file systems refuse fsync on a directory (EINVAL): the rename
		 * itself has happened, so that is not an error. */
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Rename tmp to path without replacing an existing file. */
static int rename_noreplace(const char *tmp, const char *path)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
#endif
	/* link() fails with EEXIST when the target exists. */
	if (link(tmp, path) != 0)
		return -1;
	unlink(tmp);
	return 0;
}

int jx_safefile_commit(jx_safefile *sf, jx_err *err)
{
	int fd;

	if (!sf->tmp) {
		jx_err_set(err, "内部错误：文件未打开", "internal error: file not open");
		return -1;
	}
	if (sf->f) {
		if (fflush(sf->f) != 0 || ferror(sf->f)) {
			jx_safefile_write_error(err, sf->path, errno ? errno : EIO);
			goto fail;
		}
		if (fsync(fileno(sf->f)) != 0 && errno != EINVAL) {
			jx_safefile_write_error(err, sf->path, errno);
			goto fail;
		}
		if (fclose(sf->f) != 0) {
			sf->f = NULL;
			jx_safefile_write_error(err, sf->path, errno);
			goto fail;
		}
		sf->f = NULL;
	} else {
		fd = open(sf->tmp, O_RDONLY);
		if (fd < 0) {
			jx_safefile_write_error(err, sf->path, errno);
			goto fail;
		}
		if (fsync(fd) != 0 && errno != EINVAL) {
			int e = errno;
			close(fd);
			jx_safefile_write_error(err, sf->path, e);
			goto fail;
		}
		close(fd);
	}
	if (sf->force) {
		if (rename(sf->tmp, sf->path) != 0) {
			jx_err_set(err, "无法写入 %s：%s", "cannot write %s: %s", sf->path, strerror(errno));
			goto fail;
		}
	} else if (rename_noreplace(sf->tmp, sf->path) != 0) {
		if (errno == EEXIST)
			jx_err_set(err, "文件已存在：%s（使用 --force 覆盖）", "file exists: %s (use --force to overwrite)",
				   sf->path);
		else
			jx_err_set(err, "无法写入 %s：%s", "cannot write %s: %s", sf->path, strerror(errno));
		goto fail;
	}
	sync_dir(sf->path);
	finish(sf);
	return 0;
fail:
	jx_safefile_abort(sf);
	return -1;
}

static int refused_char(int32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return 1;
	return strchr("/\\:*?\"<>|", (int)cp) != NULL && cp < 0x80;
}

char *jx_safe_filename(const char *text, char *buf, size_t len)
{
	size_t i = 0, o = 0, n, adv, cap;
	int changed;

	if (!buf || len == 0)
		return buf;
	cap = len - 1 < SAFE_NAME_MAX ? len - 1 : SAFE_NAME_MAX;
	n = text ? strlen(text) : 0;
	while (i < n) {
		int32_t cp = jx_utf8_decode(text + i, n - i, &adv);
		const char *src = text + i;
		size_t m = adv;
		if (cp < 0) {
			src = "_";
			m = 1;
		} else if (refused_char(cp)) {
			i += adv;
			continue;
		}
		if (o + m > cap)
			break;
		memcpy(buf + o, src, m);
		o += m;
		i += adv;
	}
	buf[o] = '\0';
	/* Remove "..", again and again ("...." or ".\x01." can form new pairs). */
	do {
		char *p = strstr(buf, "..");
		changed = 0;
		if (p) {
			memmove(p, p + 2, strlen(p + 2) + 1);
			changed = 1;
		}
	} while (changed);
	/* No leading dots or spaces (a hidden file), no trailing ones (Windows
	 * drops them). */
	o = 0;
	while (buf[o] == '.' || buf[o] == ' ')
		o++;
	memmove(buf, buf + o, strlen(buf + o) + 1);
	o = strlen(buf);
	while (o > 0 && (buf[o - 1] == '.' || buf[o - 1] == ' '))
		buf[--o] = '\0';
	if (!*buf) {
		const char *dflt = "未命名";
		if (strlen(dflt) <= cap)
			strcpy(buf, dflt);
		else if (cap >= 1)
			strcpy(buf, "_");
	}
	return buf;
}
