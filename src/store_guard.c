/* The store guarding itself at open (see store.h): the files beside the
 * database (its write-ahead log and shared memory) must be the user's own
 * and no more readable than the database; a directory anyone may write
 * (without the sticky bit) is warned of; and the triggers, tables and
 * indexes the migrations made must be there exactly as the migrations made
 * them.  The triggers are what keeps audit rows append-only and finalised
 * sheets unchanged: with one dropped or rewritten (by the sqlite3 shell, say),
 * jixiao refuses to write and verify reports it. */
#include "store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "schema_text.h"

/* ---- files beside the database ---- */

/* lstat of path + suffix; 1 when it exists, 0 when not, -1 on another error. */
static int stat_beside(const char *path, const char *suffix, struct stat *sb)
{
	size_t n = strlen(path), k = strlen(suffix);
	char *p = malloc(n + k + 1);
	int rc;
	if (!p)
		return -1;
	memcpy(p, path, n);
	memcpy(p + n, suffix, k + 1);
	rc = lstat(p, sb);
	free(p);
	if (rc == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

int store_check_side_files(const char *path, jx_err *err)
{
	static const char *const suffix[] = {"-wal", "-shm"};
	struct stat db, sb;
	if (stat(path, &db) != 0)
		return 0; /* the open that follows says why */
	for (size_t i = 0; i < 2; i++) {
		int rc = stat_beside(path, suffix[i], &sb);
		if (rc == 0)
			continue;
		if (rc < 0) {
			jx_err_set(err, "无法检查数据库旁边的“%s%s”：%s", "cannot check \"%s%s\" beside the database: %s", path,
				   suffix[i], strerror(errno));
			return -1;
		}
		/* Another user's file would be used as ours: SQLite writes every
		 * change into the log, and its owner's open handle reads it. */
		if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) {
			jx_err_set(err,
				   "数据库旁边的“%s%s”不是本用户自己的文件（可能由他人预先建立，会读到每一处修改），"
				   "未打开数据库；请确认后删除该文件再试",
				   "\"%s%s\" beside the database is not this user's own file (someone else may have made "
				   "it to read every change); the database was not opened; check it, remove it and try again",
				   path, suffix[i]);
			return -1;
		}
		/* readable by more people than the database itself */
		if ((sb.st_mode & 077 & ~db.st_mode) != 0) {
			jx_err_set(err,
				   "数据库旁边的“%s%s”可被其他用户读写（权限 %03o，数据库本身为 %03o），未打开数据库；"
				   "请用 chmod 600 收紧或删除该文件",
				   "\"%s%s\" beside the database can be read or written by other users (mode %03o, the "
				   "database itself %03o); the database was not opened; restrict it with chmod 600 or remove it",
				   path, suffix[i], (unsigned)(sb.st_mode & 0777), (unsigned)(db.st_mode & 0777));
			return -1;
		}
	}
	return 0;
}

void store_check_directory(jx_store *st, const char *path)
{
	struct stat sb;
	const char *slash = strrchr(path, '/');
	char *d;
	int ok;
	if (!slash)
		d = strdup(".");
	else if (slash == path)
		d = strdup("/");
	else {
		d = malloc((size_t)(slash - path) + 1);
		if (d) {
			memcpy(d, path, (size_t)(slash - path));
			d[slash - path] = 0;
		}
	}
	if (!d)
		return;
	ok = stat(d, &sb) == 0;
	/* /tmp is writable by all but sticky: others cannot remove or replace
	 * our files there, only make new ones (which the check above refuses) */
	if (ok && (sb.st_mode & S_IWOTH) && !(sb.st_mode & S_ISVTX)) {
		jx_err w;
		jx_err_set(&w,
			   "注意：数据库所在的目录“%s”任何用户都可写入（且未设粘滞位），他人可替换或删除数据库文件；"
			   "请把数据库放到自己的目录中，或 chmod o-w 该目录",
			   "warning: the database's directory \"%s\" can be written by any user (and has no sticky "
			   "bit): others could replace or remove the database; keep it in a directory of your own, or "
			   "chmod o-w that directory",
			   d);
		snprintf(st->warning, sizeof st->warning, "%s", w.msg);
	}
	free(d);
}

const char *jx_store_warning(const jx_store *st)
{
	return st && st->warning[0] ? st->warning : NULL;
}

/* ---- schema objects ---- */

/* What the embedded migrations make in an empty database, run now with the
 * SQLite this process links (once per run): only needed when the schema
 * differs from jx_schema_expected, which a newer SQLite library than the
 * build's could cause by printing a table's SQL differently. */
static const char *expected_schema(void)
{
	static char *text;
	int n = jx_store_schema_version();
	char **sql;
	if (text || !(sql = calloc((size_t)n + 1, sizeof *sql)))
		return text;
	for (int i = 0; i < n; i++) {
		const jx_embedded *m = &jx_schema_files[i];
		if (!(sql[i] = malloc(m->len + 1)))
			break;
		memcpy(sql[i], m->data, m->len);
		sql[i][m->len] = 0;
	}
	if (n == 0 || sql[n - 1])
		text = jx_schema_of_migrations((const char *const *)sql, n);
	for (int i = 0; i < n; i++)
		free(sql[i]);
	free(sql);
	return text;
}

/* The line of text (up to '\n') naming one object: "kind name". */
static void object_name(const char *line, char *out, size_t len)
{
	const char *tab = strchr(line, '\t');
	const char *end = tab ? strchr(tab + 1, '\t') : NULL;
	if (!tab || !end)
		snprintf(out, len, "?");
	else {
		static const struct {
			const char *type, *zh;
		} kinds[] = {{"table", "表"}, {"index", "索引"}, {"trigger", "触发器"}, {"view", "视图"}};
		const char *kind = NULL;
		for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
			if (strlen(kinds[i].type) == (size_t)(tab - line) && strncmp(line, kinds[i].type, (size_t)(tab - line)) == 0)
				kind = L(kinds[i].zh, kinds[i].type);
		snprintf(out, len, "%s %.*s", kind ? kind : "?", (int)(end - tab - 1), tab + 1);
	}
}

/* The first line of a that is not in b (both sorted line lists), or NULL. */
static const char *first_missing(const char *a, const char *b)
{
	for (const char *l = a; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) + 1 : strlen(l);
		int found = 0;
		for (const char *m = b; *m && !found;) {
			const char *ml = strchr(m, '\n');
			size_t k = ml ? (size_t)(ml - m) + 1 : strlen(m);
			found = k == n && memcmp(l, m, n) == 0;
			m += k;
		}
		if (!found)
			return l;
		l += n;
	}
	return NULL;
}

int store_check_schema(jx_store *st, jx_err *err)
{
	const char *want;
	char *have;
	const char *miss, *extra;
	char name[200];
	if (jx_store_schema_version() == 0)
		return 0;
	if (!(have = jx_schema_text(st->db.h))) {
		jx_db_error(&st->db, sqlite3_extended_errcode(st->db.h), err);
		return -1;
	}
	/* the usual case: exactly what the migrations made at build time */
	if (strcmp(have, jx_schema_expected) == 0) {
		free(have);
		return 0;
	}
	if (!(want = expected_schema())) {
		free(have);
		jx_db_no_memory(err);
		return -1;
	}
	miss = first_missing(want, have);
	extra = miss ? NULL : first_missing(have, want);
	if (miss || extra) {
		object_name(miss ? miss : extra, name, sizeof name);
		/* same kind and name on both sides: rewritten rather than missing */
		snprintf(st->damage, sizeof st->damage, "%s", name);
		st->damage_kind = miss ? 1 : 2;
		for (const char *l = miss ? have : want; *l;) {
			char other[200];
			const char *nl = strchr(l, '\n');
			object_name(l, other, sizeof other);
			if (strcmp(other, name) == 0)
				st->damage_kind = 3;
			if (!nl)
				break;
			l = nl + 1;
		}
		st->readonly = 1;
	}
	free(have);
	return 0;
}

int jx_store_schema_damage(const jx_store *st, jx_err *err)
{
	if (!st->damage[0])
		return 0;
	if (st->damage_kind == 1)
		jx_err_set(err,
			   "数据库结构被改动过：%s 缺失（可能被 sqlite3 等程序删除）；保护修改记录和定稿内容的规则不再完整，"
			   "jixiao 不再向此数据库写入",
			   "the database's structure was tampered with: %s is missing (dropped by sqlite3 or another "
			   "program?); the rules that protect the history and finalised sheets are incomplete, so jixiao "
			   "no longer writes to this database",
			   st->damage);
	else if (st->damage_kind == 3)
		jx_err_set(err,
			   "数据库结构被改动过：%s 与本程序建立的不同；保护修改记录和定稿内容的规则不再可信，"
			   "jixiao 不再向此数据库写入",
			   "the database's structure was tampered with: %s differs from what jixiao made; the rules that "
			   "protect the history and finalised sheets can no longer be trusted, so jixiao no longer writes "
			   "to this database",
			   st->damage);
	else
		jx_err_set(err,
			   "数据库结构被改动过：多出了 %s（不是 jixiao 建立的）；jixiao 不再向此数据库写入",
			   "the database's structure was tampered with: %s was added (not made by jixiao); jixiao no "
			   "longer writes to this database",
			   st->damage);
	return 1;
}
