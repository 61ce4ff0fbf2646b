/* The SQLite store (see store.h and the migrations in schema/).
 *
 * Every statement is prepared once per store (on first use), kept in a small
 * cache keyed by its SQL text and finalized at close; every value is bound.
 * Only column names from the fixed tables below are ever pasted into SQL.
 * Each change is one transaction that also writes its audit row; the sheet
 * in memory is updated only after the commit succeeded.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "embedded.h"
#include "field.h"

#define BUSY_TIMEOUT_MS 5000

typedef struct {
	char *sql;
	sqlite3_stmt *stmt;
} cached_stmt;

struct jx_store {
	sqlite3 *db;
	char *path;
	int readonly;
	int last_rc; /* result of the last failed step */
	int bind_rc; /* first failed bind since the statement was fetched */
	cached_stmt *cache;
	size_t n_cache, cap_cache;
	int depth;        /* open transaction levels: 1 = BEGIN, more = savepoints */
	int ro_dir;       /* read-only because its directory is (opened immutable) */
	char db_id[80];   /* meta.db_id */
	char origin[256]; /* machine name written into audit rows */
	int defer_sync;   /* jx_store_defer_sync: commits synced by jx_store_sync */
	int unsynced;     /* a commit since the last sync (deferred sync only) */
	int wal_frames;   /* pages in the write-ahead log after the last commit */
};

/* ---- errors ---- */

static void no_memory(jx_err *err)
{
	jx_err_set(err, "内存不足", "out of memory");
}

/* Turn an SQLite result code into a message a user can act on. */
static void db_error(jx_store *st, int rc, jx_err *err)
{
	const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		jx_err_set(err, "数据库正被另一程序占用，请稍后再试",
			   "the database is in use by another program; please try again shortly");
		break;
	case SQLITE_READONLY:
		jx_err_set(err, "数据库文件只读，无法保存", "the database file is read-only; nothing was saved");
		break;
	case SQLITE_FULL:
		jx_err_set(err, "磁盘已满，未能保存", "the disk is full; nothing was saved");
		break;
	case SQLITE_NOMEM:
		no_memory(err);
		break;
	case SQLITE_CORRUPT:
		jx_err_set(err, "数据库文件已损坏（%s）", "the database file is damaged (%s)", detail);
		break;
	case SQLITE_NOTADB:
		jx_err_set(err, "不是 jixiao 数据库（文件不是数据库）", "not a jixiao database (file is not a database)");
		break;
	case SQLITE_IOERR:
		jx_err_set(err, "读写数据库文件出错，未能保存（%s）", "error reading or writing the database file; nothing was saved (%s)",
			   detail);
		break;
	case SQLITE_CANTOPEN:
		jx_err_set(err, "无法打开数据库文件（%s）", "cannot open the database file (%s)", detail);
		break;
	case SQLITE_CONSTRAINT:
		jx_err_set(err, "数据不符合数据库的约束，未保存（%s）", "the data breaks a rule of the database; nothing was saved (%s)",
			   detail);
		break;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		jx_err_set(err, "没有访问数据库的权限（%s）", "no permission to use the database (%s)", detail);
		break;
	default:
		jx_err_set(err, "数据库错误：%s（代码 %d）", "database error: %s (code %d)", detail, rc);
		break;
	}
}

static void readonly_error(const jx_store *st, jx_err *err)
{
	if (st->ro_dir)
		jx_err_set(err, "数据库文件所在的目录只读（无法建立日志文件），数据库只能查看，无法保存",
			   "the database's directory is read-only (no log file can be made there): the database can be "
			   "looked at but nothing can be saved");
	else
		jx_err_set(err, "数据库文件只读，无法保存", "the database file is read-only; nothing was saved");
}

static int writable(jx_store *st, jx_err *err)
{
	if (st->readonly) {
		readonly_error(st, err);
		return -1;
	}
	return 0;
}

int jx_store_is_readonly(const jx_store *st)
{
	return st->readonly;
}

/* ---- deferred sync ---- */

static int run_sql(jx_store *st, const char *sql, jx_err *err);

/* Called by SQLite after each commit of this connection, once its write
 * lock is released.  Registering it also replaces SQLite's automatic
 * checkpoint on this connection: jx_store_sync does that instead. */
static int wal_committed(void *ctx, sqlite3 *db, const char *name, int frames)
{
	jx_store *st = ctx;
	(void)db;
	(void)name;
	st->unsynced = 1;
	st->wal_frames = frames;
	return SQLITE_OK;
}

int jx_store_defer_sync(jx_store *st, jx_err *err)
{
	if (st->readonly || st->defer_sync)
		return 0;
	if (run_sql(st, "PRAGMA synchronous = NORMAL", err))
		return -1;
	sqlite3_wal_hook(st->db, wal_committed, st);
	st->defer_sync = 1;
	return 0;
}

int jx_store_unsynced(const jx_store *st)
{
	return st->unsynced;
}

int jx_store_sync(jx_store *st, jx_err *err)
{
	sqlite3_file *log = NULL;
	int rc;
	if (!st->unsynced)
		return 0;
	/* the log's own file handle, synced as SQLite syncs it itself at a
	 * commit under synchronous=FULL (with its directory the first time) */
	rc = sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log);
	if (rc == SQLITE_OK && log && log->pMethods)
		rc = log->pMethods->xSync(log, SQLITE_SYNC_NORMAL);
	else
		rc = SQLITE_OK; /* no log open: nothing waits to be synced */
	if (rc != SQLITE_OK) {
		jx_err_set(err, "写入磁盘失败（%s）：最近的修改已存入数据库，但可能尚未落盘",
			   "writing to the disk failed (%s): the latest changes are in the database but may not be on the disk yet",
			   sqlite3_errstr(rc));
		return -1;
	}
	st->unsynced = 0;
	if (st->wal_frames >= 1000) {
		/* what the automatic checkpoint would have done at the commit;
		 * PASSIVE never waits for other connections (a reader keeps the
		 * pages it still needs, and a later sync copies them) */
		sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		st->wal_frames = 0;
	}
	return 0;
}

/* ---- statements ---- */

static sqlite3_stmt *prep(jx_store *st, const char *sql, jx_err *err)
{
	sqlite3_stmt *q = NULL;
	int rc;
	for (size_t i = 0; i < st->n_cache; i++)
		if (strcmp(st->cache[i].sql, sql) == 0) {
			q = st->cache[i].stmt;
			sqlite3_reset(q);
			sqlite3_clear_bindings(q);
			st->bind_rc = SQLITE_OK;
			return q;
		}
	if (st->n_cache == st->cap_cache) {
		size_t ncap = st->cap_cache ? st->cap_cache * 2 : 64;
		cached_stmt *p = realloc(st->cache, ncap * sizeof *p);
		if (!p) {
			no_memory(err);
			return NULL;
		}
		st->cache = p;
		st->cap_cache = ncap;
	}
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL);
	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		sqlite3_finalize(q);
		return NULL;
	}
	st->cache[st->n_cache].sql = strdup(sql);
	if (!st->cache[st->n_cache].sql) {
		sqlite3_finalize(q);
		no_memory(err);
		return NULL;
	}
	st->cache[st->n_cache++].stmt = q;
	st->bind_rc = SQLITE_OK;
	return q;
}

static void note_bind(jx_store *st, int rc)
{
	if (rc != SQLITE_OK && st->bind_rc == SQLITE_OK)
		st->bind_rc = rc;
}

/* Empty text is stored as NULL.  Bound values must outlive the step. */
static void bind_text(jx_store *st, sqlite3_stmt *q, int i, const char *s)
{
	note_bind(st, s && *s ? sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i));
}

static void bind_dec(jx_store *st, sqlite3_stmt *q, int i, jx_dec v)
{
	note_bind(st, v == JX_NONE ? sqlite3_bind_null(q, i) : sqlite3_bind_int64(q, i, v));
}

static void bind_int(jx_store *st, sqlite3_stmt *q, int i, int64_t v)
{
	note_bind(st, sqlite3_bind_int64(q, i, v));
}

/* Step once; SQLITE_ROW or SQLITE_DONE, or -1 with a message (statement reset). */
static int step(jx_store *st, sqlite3_stmt *q, jx_err *err)
{
	int rc;
	if (st->bind_rc != SQLITE_OK) {
		db_error(st, st->bind_rc, err);
		sqlite3_reset(q);
		return -1;
	}
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	st->last_rc = rc;
	db_error(st, rc, err);
	sqlite3_reset(q);
	return -1;
}

/* Run a statement that returns no rows. */
static int run(jx_store *st, sqlite3_stmt *q, jx_err *err)
{
	int rc = step(st, q, err);
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	return 0;
}

static int run_sql(jx_store *st, const char *sql, jx_err *err)
{
	sqlite3_stmt *q = prep(st, sql, err);
	return q ? run(st, q, err) : -1;
}

/* Transactions nest: the outermost level is a real transaction (BEGIN
 * IMMEDIATE to write, plain BEGIN to read), inner levels are savepoints, so
 * that every function below can run alone or inside jx_store_begin(). */
static int tx_open(jx_store *st, const char *begin_sql, jx_err *err)
{
	if (st->depth > 0) {
		if (sqlite3_get_autocommit(st->db)) {
			/* SQLite ended the outer transaction after an error */
			jx_err_set(err, "数据库事务已中止，未保存", "the database transaction was aborted; nothing was saved");
			return -1;
		}
		if (sqlite3_exec(st->db, "SAVEPOINT jx_nested", NULL, NULL, NULL) != SQLITE_OK) {
			db_error(st, sqlite3_errcode(st->db), err);
			return -1;
		}
	} else if (run_sql(st, begin_sql, err)) {
		return -1;
	}
	st->depth++;
	return 0;
}

static int tx_begin(jx_store *st, jx_err *err)
{
	return tx_open(st, "BEGIN IMMEDIATE", err);
}

static void tx_rollback(jx_store *st)
{
	if (st->depth <= 0)
		return;
	st->depth--;
	if (sqlite3_get_autocommit(st->db)) {
		st->depth = 0; /* already rolled back by SQLite */
		return;
	}
	if (st->depth > 0) {
		sqlite3_exec(st->db, "ROLLBACK TO jx_nested", NULL, NULL, NULL);
		sqlite3_exec(st->db, "RELEASE jx_nested", NULL, NULL, NULL);
	} else {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
}

static int tx_commit(jx_store *st, jx_err *err)
{
	if (st->depth > 1) {
		if (sqlite3_get_autocommit(st->db)) {
			st->depth = 0;
			jx_err_set(err, "数据库事务已中止，未保存", "the database transaction was aborted; nothing was saved");
			return -1;
		}
		if (sqlite3_exec(st->db, "RELEASE jx_nested", NULL, NULL, NULL) != SQLITE_OK) {
			db_error(st, sqlite3_errcode(st->db), err);
			tx_rollback(st);
			return -1;
		}
		st->depth--;
		return 0;
	}
	if (run_sql(st, "COMMIT", err)) {
		tx_rollback(st);
		return -1;
	}
	st->depth = 0;
	return 0;
}

static int col_str(sqlite3_stmt *q, int i, char **dst)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	if (!t || !*t) {
		free(*dst);
		*dst = NULL;
		return 0;
	}
	return jx_set_str(dst, (const char *)t);
}

static char *dup_col(sqlite3_stmt *q, int i);

static jx_dec col_dec(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? JX_NONE : (jx_dec)sqlite3_column_int64(q, i);
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- user ---- */

const char *jx_current_user(void)
{
	static char name[256];
	const char *u = getenv("USER");
	if (!u || !*u) {
		struct passwd *pw = getpwuid(getuid());
		u = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : "unknown";
	}
	snprintf(name, sizeof name, "%s", u);
	return name;
}

/* ---- open / close ---- */

int jx_store_schema_version(void)
{
	int n = 0;
	while (jx_schema_files[n].name)
		n++;
	return n;
}

/* Finalize every cached statement and close the connection. */
static void close_db(jx_store *st)
{
	if (st->db && st->unsynced) {
		jx_err ignored;
		jx_store_sync(st, &ignored);
	}
	for (size_t i = 0; i < st->n_cache; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	st->n_cache = 0;
	if (st->db)
		sqlite3_close(st->db);
	st->db = NULL;
}

void jx_store_close(jx_store *st)
{
	if (!st)
		return;
	close_db(st);
	free(st->cache);
	free(st->path);
	free(st);
}

/* One integer from a single-row query. */
static int query_int(jx_store *st, const char *sql, int64_t *out, jx_err *err)
{
	sqlite3_stmt *q = prep(st, sql, err);
	int rc;
	if (!q)
		return -1;
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return 0;
}

/* Open the connection and read the file's application id, schema version
 * and number of tables. */
static int open_and_probe(jx_store *st, const char *name, int oflags, int64_t *app, int64_t *ver, int64_t *tables,
			  jx_err *err)
{
	int rc = sqlite3_open_v2(name, &st->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		st->last_rc = st->db ? sqlite3_extended_errcode(st->db) : rc;
		db_error(st, rc, err);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (query_int(st, "PRAGMA application_id", app, err) || query_int(st, "PRAGMA user_version", ver, err) ||
	    query_int(st, "SELECT count(*) FROM sqlite_master", tables, err)) {
		if (!st->last_rc)
			st->last_rc = sqlite3_extended_errcode(st->db);
		return -1;
	}
	return 0;
}

/* Can this user create files in the directory of path? */
static int dir_writable(const char *path)
{
	char *d = strdup(path), *slash;
	int ok;
	if (!d)
		return 1;
	slash = strrchr(d, '/');
	if (!slash)
		ok = access(".", W_OK) == 0;
	else {
		if (slash == d)
			slash[1] = 0;
		else
			*slash = 0;
		ok = access(d, W_OK) == 0;
	}
	free(d);
	return ok;
}

/* Does a non-empty write-ahead log lie beside path? */
static int wal_pending(const char *path)
{
	struct stat sb;
	size_t n = strlen(path);
	char *w = malloc(n + 5);
	int pending;
	if (!w)
		return 1;
	memcpy(w, path, n);
	memcpy(w + n, "-wal", 5);
	pending = stat(w, &sb) == 0 && sb.st_size > 0;
	free(w);
	return pending;
}

/* "file:///abs/path?mode=ro&immutable=1", every byte but the plain ones
 * percent-encoded (malloc'd; NULL with errno set). */
static char *immutable_uri(const char *path)
{
	static const char tail[] = "?mode=ro&immutable=1";
	char *abs = realpath(path, NULL), *u, *p;
	if (!abs)
		return NULL;
	u = malloc(strlen(abs) * 3 + sizeof tail + 8);
	if (!u) {
		free(abs);
		errno = ENOMEM;
		return NULL;
	}
	p = u + sprintf(u, "file://");
	for (const unsigned char *c = (const unsigned char *)abs; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("/-._~", *c))
			*p++ = (char)*c;
		else
			p += sprintf(p, "%%%02X", *c);
	}
	memcpy(p, tail, sizeof tail);
	free(abs);
	return u;
}

static int seal_legacy(jx_store *st, jx_err *err);
static int read_identity(jx_store *st, jx_err *err);

static int migrate(jx_store *st, int to, jx_err *err)
{
	int64_t cur;
	char sql[128];
	if (tx_begin(st, err))
		return -1;
	/* another program may have migrated between our look and our lock */
	if (query_int(st, "PRAGMA user_version", &cur, err))
		goto fail;
	for (int i = (int)cur; i < to; i++) {
		const jx_embedded *m = &jx_schema_files[i];
		char *text = malloc(m->len + 1), *msg = NULL;
		int rc;
		if (!text) {
			no_memory(err);
			goto fail;
		}
		memcpy(text, m->data, m->len);
		text[m->len] = 0;
		rc = sqlite3_exec(st->db, text, NULL, NULL, &msg);
		free(text);
		if (rc != SQLITE_OK) {
			jx_err_set(err, "数据库升级失败（%s：%s）", "upgrading the database failed (%s: %s)", m->name,
				   msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			goto fail;
		}
	}
	/* sheets finalised by an older version get their digest (schema 3) */
	if (cur < 3 && to >= 3 && (read_identity(st, err) || seal_legacy(st, err)))
		goto fail;
	/* PRAGMA values cannot be bound; these are the program's own integers */
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", (int)JX_APPLICATION_ID);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		goto fail_db;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", to);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		goto fail_db;
	return tx_commit(st, err);
fail_db:
	db_error(st, sqlite3_errcode(st->db), err);
fail:
	tx_rollback(st);
	return -1;
}

/* The database's id from meta, and this machine's name for audit rows. */
static int read_identity(jx_store *st, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "SELECT value FROM meta WHERE key = 'db_id'", err);
	const unsigned char *v;
	char host[256];
	int rc;
	if (!q)
		return -1;
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	v = rc == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
	/* the form bundles accept for the first part of an audit id */
	if (!v || !*v || strlen((const char *)v) > 64 ||
	    strspn((const char *)v, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.") !=
		    strlen((const char *)v)) {
		sqlite3_reset(q);
		jx_err_set(err, "数据库缺少有效的数据库编号（meta.db_id），文件可能已损坏",
			   "the database has no valid database id (meta.db_id); the file may be damaged");
		return -1;
	}
	snprintf(st->db_id, sizeof st->db_id, "%s", (const char *)v);
	sqlite3_reset(q);
	if (gethostname(host, sizeof host) != 0 || !host[0])
		snprintf(host, sizeof host, "%s", "localhost");
	host[sizeof host - 1] = 0;
	jx_store_set_origin(st, host);
	return 0;
}

const char *jx_store_db_id(const jx_store *st)
{
	return st->db_id;
}

const char *jx_store_origin(const jx_store *st)
{
	return st->origin;
}

void jx_store_set_origin(jx_store *st, const char *name)
{
	size_t n;
	if (!name || !*name)
		name = "localhost";
	n = strlen(name);
	if (n >= sizeof st->origin) {
		/* cut before the character that does not fit whole */
		n = sizeof st->origin - 1;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(st->origin, name, n);
	st->origin[n] = 0;
}

int jx_store_begin(jx_store *st, jx_err *err)
{
	if (writable(st, err))
		return -1;
	return tx_begin(st, err);
}

int jx_store_commit(jx_store *st, jx_err *err)
{
	if (st->depth <= 0) {
		jx_err_set(err, "没有进行中的事务", "no transaction is open");
		return -1;
	}
	return tx_commit(st, err);
}

void jx_store_rollback(jx_store *st)
{
	tx_rollback(st);
}

int jx_store_open(jx_store **out, const char *path, int flags, jx_err *err)
{
	jx_store *st;
	struct stat sb;
	int ro = (flags & JX_STORE_READONLY) != 0, rc, known = jx_store_schema_version();
	int64_t app = 0, ver = 0, tables = 0;

	*out = NULL;
	if (!path || !*path) {
		jx_err_set(err, "未指定数据库文件", "no database file given");
		return -1;
	}
	if (stat(path, &sb) != 0) {
		int fd;
		if (errno != ENOENT) {
			jx_err_set(err, "无法访问数据库文件“%s”：%s", "cannot access the database file \"%s\": %s", path,
				   strerror(errno));
			return -1;
		}
		if (ro || !(flags & JX_STORE_CREATE)) {
			jx_err_set(err, "数据库文件“%s”不存在", "the database file \"%s\" does not exist", path);
			return -1;
		}
		/* created by us, private to the user, before SQLite sees it */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			jx_err_set(err, "无法创建数据库文件“%s”：%s", "cannot create the database file \"%s\": %s", path,
				   strerror(errno));
			return -1;
		}
		if (fd >= 0) {
			if (fchmod(fd, 0600) != 0 || close(fd) != 0) {
				jx_err_set(err, "无法创建数据库文件“%s”：%s", "cannot create the database file \"%s\": %s", path,
					   strerror(errno));
				return -1;
			}
		}
	} else if (!S_ISREG(sb.st_mode)) {
		jx_err_set(err, "“%s”不是普通文件", "\"%s\" is not a regular file", path);
		return -1;
	}

	st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		no_memory(err);
		return -1;
	}
	st->readonly = ro;
	/* Look before touching anything: a file we must refuse stays as it is. */
	if (open_and_probe(st, path, ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, &app, &ver, &tables, err)) {
		int code = st->last_rc ? st->last_rc : st->db ? sqlite3_extended_errcode(st->db) : 0;
		char *uri;
		if ((code & 0xff) == SQLITE_NOTADB) {
			jx_err_set(err, "“%s”不是 jixiao 数据库（文件不是数据库）",
				   "\"%s\" is not a jixiao database (file is not a database)", path);
			goto fail;
		}
		if (((code & 0xff) != SQLITE_READONLY && (code & 0xff) != SQLITE_CANTOPEN) || dir_writable(path))
			goto fail;
		/* A database in a directory this user cannot write: SQLite cannot
		 * make the shared-memory file its log needs even to read.  Nobody
		 * can write the file through a log here either, so it is read as
		 * an unchanging file, unless a log with changes not yet folded in
		 * lies beside it (reading without it would show an older state). */
		if (wal_pending(path)) {
			jx_err_set(err, "“%s”所在的目录只读，而数据库旁边的日志文件（-wal）中还有未并入的修改，无法可靠读取；"
				   "请在可写的目录中用 jixiao 打开一次",
				   "\"%s\" is in a read-only directory and its log file (-wal) holds changes not yet folded "
				   "in, so it cannot be read reliably; open it once with jixiao where the directory is writable",
				   path);
			goto fail;
		}
		close_db(st);
		st->last_rc = 0;
		if (!(uri = immutable_uri(path))) {
			jx_err_set(err, "无法打开数据库文件“%s”：%s", "cannot open the database file \"%s\": %s", path,
				   strerror(errno));
			goto fail;
		}
		st->readonly = 1;
		st->ro_dir = 1;
		rc = open_and_probe(st, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &app, &ver, &tables, err);
		free(uri);
		if (rc) {
			code = st->last_rc ? st->last_rc : st->db ? sqlite3_extended_errcode(st->db) : 0;
			if ((code & 0xff) == SQLITE_NOTADB)
				jx_err_set(err, "“%s”不是 jixiao 数据库（文件不是数据库）",
					   "\"%s\" is not a jixiao database (file is not a database)", path);
			goto fail;
		}
	}
	if ((app != 0 && app != JX_APPLICATION_ID) || (app == 0 && tables > 0)) {
		jx_err_set(err, "“%s”不是 jixiao 数据库（属于其他程序），未做任何改动",
			   "\"%s\" is not a jixiao database (it belongs to another program); it was left untouched", path);
		goto fail;
	}
	if (ver > known) {
		jx_err_set(err, "“%s”由更新版本的 jixiao 写入（数据库结构版本 %d；本程序只认识 %d），未做任何改动",
			   "\"%s\" was written by a newer version of jixiao (schema %d; this program knows %d); it was left untouched",
			   path, (int)ver, known);
		goto fail;
	}
	if (!ro && sqlite3_db_readonly(st->db, "main") == 1)
		st->readonly = 1; /* the file or its directory cannot be written */
	if (st->readonly && ver < known) {
		if (ver == 0 && tables == 0)
			jx_err_set(err, "“%s”还不是 jixiao 数据库（其中还没有任何数据）；请先运行 jixiao init 或 jixiao import",
				   "\"%s\" is not a jixiao database yet (it holds nothing); run jixiao init or jixiao import first",
				   path);
		else
			jx_err_set(err, "“%s”的数据库结构版本为 %d，需要升级到 %d；只读方式无法升级，请以可写方式打开一次",
				   "\"%s\" has schema %d and needs schema %d; it cannot be upgraded read-only, open it once for writing",
				   path, (int)ver, known);
		goto fail;
	}

	if (run_sql(st, "PRAGMA foreign_keys = ON", err))
		goto fail;
	if (!st->readonly) {
		sqlite3_stmt *q = prep(st, "PRAGMA journal_mode = WAL", err);
		if (!q || step(st, q, err) < 0)
			goto fail;
		sqlite3_reset(q);
		if (run_sql(st, "PRAGMA synchronous = FULL", err))
			goto fail;
		if (ver < known && migrate(st, known, err))
			goto fail;
	}
	if (read_identity(st, err))
		goto fail;
	*out = st;
	return 0;
fail:
	jx_store_close(st);
	return -1;
}

/* ---- column lists ---- */

#define INFO_COL(id, key, zh, en) ", " key
#define INFO_Q(id, key, zh, en) ", ?"
#define SHEET_COLS                                                         \
	"uid, template_id, template_version, year, status" JX_INFO_FIELDS(INFO_COL) \
		", review_score, review_opinion, review_result, revision, updated_at, origin"
#define SHEET_QS "?, ?, ?, ?, ?" JX_INFO_FIELDS(INFO_Q) ", ?, ?, ?, ?, ?, ?"
#define SHEET_NCOLS (5 + JX_INFO_COUNT + 6)

#define IND_COLS                                                                                             \
	"key, slot, name, subproject, cmp, target, target_text, unit, actual, actual_text, points, band, "     \
	"score_entered, score_stated, override_score, override_reason, deduction, deduction_reason, " \
	"deviation_reason"

/* Value kinds of mapped columns. */
typedef enum { K_TEXT, K_DEC, K_INT, K_CMP, K_BAND } vkind;
typedef struct {
	const char *col; /* field path column and SQL column (the same word) */
	vkind kind;
	size_t off;
} colmap;

#define IM(c, k) {#c, k, offsetof(jx_indicator, c)}
static const colmap ind_map[] = {
	IM(slot, K_TEXT),	    IM(name, K_TEXT),		 IM(subproject, K_TEXT),
	IM(cmp, K_CMP),		    IM(target, K_DEC),		 IM(target_text, K_TEXT),
	IM(unit, K_TEXT),	    IM(actual, K_DEC),		 IM(actual_text, K_TEXT),
	IM(points, K_DEC),	    IM(band, K_BAND),		 IM(score_entered, K_DEC),
	IM(score_stated, K_DEC),    IM(override_score, K_DEC),	 IM(override_reason, K_TEXT),
	IM(deduction, K_DEC),	    IM(deduction_reason, K_TEXT), IM(deviation_reason, K_TEXT),
};
static const colmap fund_map[] = {
	{"planned", K_DEC, offsetof(jx_fund, planned)},	  {"budget", K_DEC, offsetof(jx_fund, budget)},
	{"received", K_DEC, offsetof(jx_fund, received)}, {"spent", K_DEC, offsetof(jx_fund, spent)},
	{"source", K_TEXT, offsetof(jx_fund, source)},
};
static const colmap sub_map[] = {
	{"name", K_TEXT, offsetof(jx_subproject, name)},
	{"budget", K_DEC, offsetof(jx_subproject, budget)},
	{"spent", K_DEC, offsetof(jx_subproject, spent)},
};
static const colmap goal_map[] = {
	{"planned", K_TEXT, offsetof(jx_goal, planned)},
	{"actual", K_TEXT, offsetof(jx_goal, actual)},
};
static const colmap entry_map[] = {
	{"score", K_DEC, offsetof(jx_entry, score)},
	{"note", K_TEXT, offsetof(jx_entry, note)},
};
static const colmap review_map[] = {
	{"review_score", K_DEC, offsetof(jx_sheet, review_score)},
	{"review_opinion", K_TEXT, offsetof(jx_sheet, review_opinion)},
	{"review_result", K_TEXT, offsetof(jx_sheet, review_result)},
};
static const colmap year_map = {"year", K_INT, offsetof(jx_sheet, year)};
static const colmap status_map = {"status", K_TEXT, offsetof(jx_sheet, status)};

#define NMAP(a) (sizeof(a) / sizeof((a)[0]))

static const colmap *find_map(const colmap *m, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].col, col) == 0)
			return &m[i];
	return NULL;
}

static void bind_mapped(jx_store *st, sqlite3_stmt *q, int i, const void *base, const colmap *m)
{
	const char *p = (const char *)base + m->off;
	switch (m->kind) {
	case K_TEXT: bind_text(st, q, i, *(char *const *)p); break;
	case K_DEC: bind_dec(st, q, i, *(const jx_dec *)p); break;
	case K_INT: bind_int(st, q, i, *(const int *)p); break;
	case K_CMP: {
		jx_cmp c = *(const jx_cmp *)p;
		bind_text(st, q, i, c == JX_CMP_NONE ? NULL : jx_cmp_name(c));
		break;
	}
	case K_BAND: {
		int b = *(const int *)p;
		if (b < 0)
			note_bind(st, sqlite3_bind_null(q, i));
		else
			bind_int(st, q, i, b);
		break;
	}
	}
}

/* ---- loading ---- */

enum {
	PART_SHEET = 1, PART_BASIS = 2, PART_FUNDS = 4, PART_SUBS = 8, PART_GOALS = 16, PART_INDS = 32,
	PART_MARKS = 64, PART_ENTRIES = 128, PART_MEASURES = 256, PART_STATED = 512, PART_NARR = 1024,
	PART_ALL = 2047,
};

static int not_found(jx_err *err, int64_t id)
{
	jx_err_set(err, "数据库中没有编号为 %lld 的评价表", "there is no sheet %lld in the database", (long long)id);
	return -1;
}

static int load_sheet_row(jx_store *st, int64_t id, jx_sheet *s, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "SELECT " SHEET_COLS " FROM sheets WHERE id = ?1", err);
	int rc, c = 0, oom = 0;
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return not_found(err, id);
	}
	s->id = id;
	oom |= col_str(q, c++, &s->uid);
	oom |= col_str(q, c++, &s->template_id);
	s->template_version = sqlite3_column_int(q, c++);
	s->year = sqlite3_column_int(q, c++);
	oom |= col_str(q, c++, &s->status);
	for (int i = 0; i < JX_INFO_COUNT; i++)
		oom |= col_str(q, c++, &s->info[i]);
	s->review_score = col_dec(q, c++);
	oom |= col_str(q, c++, &s->review_opinion);
	oom |= col_str(q, c++, &s->review_result);
	s->revision = sqlite3_column_int64(q, c++);
	oom |= col_str(q, c++, &s->updated_at);
	oom |= col_str(q, c++, &s->origin);
	sqlite3_reset(q);
	if (oom) {
		no_memory(err);
		return -1;
	}
	return 0;
}

static int read_indicator(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	const char *key = (const char *)sqlite3_column_text(q, 0);
	jx_indicator *d = jx_sheet_add_ind(s, key ? key : "");
	int oom = 0, c = 1;
	if (!d || !d->key) {
		no_memory(err);
		return -1;
	}
	for (size_t i = 0; i < NMAP(ind_map); i++, c++) {
		char *p = (char *)d + ind_map[i].off;
		switch (ind_map[i].kind) {
		case K_TEXT: oom |= col_str(q, c, (char **)p); break;
		case K_DEC: *(jx_dec *)p = col_dec(q, c); break;
		case K_INT: *(int *)p = sqlite3_column_int(q, c); break;
		case K_CMP: {
			const char *t = (const char *)sqlite3_column_text(q, c);
			jx_cmp cmp = JX_CMP_NONE;
			if (t && jx_cmp_parse(t, &cmp)) {
				jx_err_set(err, "数据库中指标“%s”的计算符号“%s”无效", "indicator \"%s\" has an invalid comparator \"%s\" in the database",
					   d->key, t);
				return -1;
			}
			d->cmp = cmp;
			break;
		}
		case K_BAND: d->band = sqlite3_column_type(q, c) == SQLITE_NULL ? -1 : sqlite3_column_int(q, c); break;
		}
	}
	if (oom) {
		no_memory(err);
		return -1;
	}
	return 0;
}

/* Read every row of a child query into s with `row`. */
static int load_rows(jx_store *st, sqlite3_stmt *q, jx_sheet *s, int (*row)(sqlite3_stmt *, jx_sheet *, jx_err *),
		     jx_err *err)
{
	int rc;
	if (!q)
		return -1;
	while ((rc = step(st, q, err)) == SQLITE_ROW)
		if (row(q, s, err)) {
			sqlite3_reset(q);
			return -1;
		}
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	return 0;
}

static int row_basis(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	if (jx_sheet_add_basis(s, NULL) || col_str(q, 0, &s->basis[s->n_basis - 1])) {
		no_memory(err);
		return -1;
	}
	return 0;
}

static int row_fund(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_fund *f = jx_sheet_add_fund(s, NULL);
	if (!f || col_str(q, 0, &f->source)) {
		no_memory(err);
		return -1;
	}
	f->planned = col_dec(q, 1);
	f->budget = col_dec(q, 2);
	f->received = col_dec(q, 3);
	f->spent = col_dec(q, 4);
	return 0;
}

static int row_sub(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_subproject *p = jx_sheet_add_sub(s);
	if (!p || col_str(q, 0, &p->name)) {
		no_memory(err);
		return -1;
	}
	p->budget = col_dec(q, 1);
	p->spent = col_dec(q, 2);
	return 0;
}

static int row_goal(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_goal *g = jx_sheet_add_goal(s);
	if (!g || col_str(q, 0, &g->planned) || col_str(q, 1, &g->actual)) {
		no_memory(err);
		return -1;
	}
	return 0;
}

static int row_mark(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	const char *node = (const char *)sqlite3_column_text(q, 0);
	jx_mark *m = jx_sheet_set_mark(s, node ? node : "", sqlite3_column_int(q, 1), col_dec(q, 2));
	if (!m || !m->node) {
		no_memory(err);
		return -1;
	}
	return 0;
}

static int row_entry(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	const char *node = (const char *)sqlite3_column_text(q, 0);
	jx_entry *e = jx_sheet_set_entry(s, node ? node : "", col_dec(q, 1));
	if (!e || !e->node || col_str(q, 2, &e->note)) {
		no_memory(err);
		return -1;
	}
	return 0;
}

static int row_measure(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	const char *name = (const char *)sqlite3_column_text(q, 0);
	jx_measure *m = jx_sheet_set_measure(s, name ? name : "", col_dec(q, 1));
	if (!m || !m->name) {
		no_memory(err);
		return -1;
	}
	return 0;
}

static int row_stated(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	const char *path = (const char *)sqlite3_column_text(q, 0);
	jx_stated *t = jx_sheet_add_stated(s, path ? path : "");
	if (!t || !t->path || col_str(q, 2, &t->text) || col_str(q, 3, &t->source)) {
		no_memory(err);
		return -1;
	}
	t->value = col_dec(q, 1);
	return 0;
}

static int row_narr(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	const char *sec = (const char *)sqlite3_column_text(q, 0);
	for (int i = 0; sec && i < JX_NARR_COUNT; i++)
		if (strcmp(jx_narr_labels[i].key, sec) == 0) {
			if (col_str(q, 1, &s->narr[i])) {
				no_memory(err);
				return -1;
			}
			return 0;
		}
	return 0; /* the schema admits only known sections */
}

static int row_ind(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	return read_indicator(q, s, err);
}

static sqlite3_stmt *child_query(jx_store *st, const char *sql, int64_t id, jx_err *err)
{
	sqlite3_stmt *q = prep(st, sql, err);
	if (q)
		bind_int(st, q, 1, id);
	return q;
}

/* Load the parts of sheet id into s; ind_key limits indicators to one. */
static int load_parts(jx_store *st, int64_t id, jx_sheet *s, int parts, const char *ind_key, jx_err *err)
{
	if ((parts & PART_SHEET) && load_sheet_row(st, id, s, err))
		return -1;
	if ((parts & PART_BASIS) &&
	    load_rows(st, child_query(st, "SELECT text FROM basis WHERE sheet_id = ?1 ORDER BY pos", id, err), s,
		      row_basis, err))
		return -1;
	if ((parts & PART_FUNDS) &&
	    load_rows(st,
		      child_query(st,
				  "SELECT source, planned, budget, received, spent FROM funds WHERE sheet_id = ?1 ORDER BY pos",
				  id, err),
		      s, row_fund, err))
		return -1;
	if ((parts & PART_SUBS) &&
	    load_rows(st,
		      child_query(st, "SELECT name, budget, spent FROM subprojects WHERE sheet_id = ?1 ORDER BY pos", id,
				  err),
		      s, row_sub, err))
		return -1;
	if ((parts & PART_GOALS) &&
	    load_rows(st, child_query(st, "SELECT planned, actual FROM goals WHERE sheet_id = ?1 ORDER BY pos", id, err),
		      s, row_goal, err))
		return -1;
	if (parts & PART_INDS) {
		sqlite3_stmt *q;
		if (ind_key) {
			q = child_query(st, "SELECT " IND_COLS " FROM indicators WHERE sheet_id = ?1 AND key = ?2", id, err);
			if (q)
				bind_text(st, q, 2, ind_key);
		} else {
			q = child_query(st, "SELECT " IND_COLS " FROM indicators WHERE sheet_id = ?1 ORDER BY pos", id, err);
		}
		if (load_rows(st, q, s, row_ind, err))
			return -1;
	}
	if ((parts & PART_MARKS) &&
	    load_rows(st,
		      child_query(st, "SELECT node, item, awarded FROM marks WHERE sheet_id = ?1 ORDER BY pos", id, err), s,
		      row_mark, err))
		return -1;
	if ((parts & PART_ENTRIES) &&
	    load_rows(st, child_query(st, "SELECT node, score, note FROM entries WHERE sheet_id = ?1 ORDER BY pos", id, err),
		      s, row_entry, err))
		return -1;
	if ((parts & PART_MEASURES) &&
	    load_rows(st, child_query(st, "SELECT name, value FROM measures WHERE sheet_id = ?1 ORDER BY pos", id, err), s,
		      row_measure, err))
		return -1;
	if ((parts & PART_STATED) &&
	    load_rows(st,
		      child_query(st, "SELECT path, value, text, source FROM stated WHERE sheet_id = ?1 ORDER BY pos", id,
				  err),
		      s, row_stated, err))
		return -1;
	if ((parts & PART_NARR) &&
	    load_rows(st, child_query(st, "SELECT section, text FROM narrative WHERE sheet_id = ?1", id, err), s, row_narr,
		      err))
		return -1;
	return 0;
}

int jx_store_load(jx_store *st, int64_t id, jx_sheet **out, jx_err *err)
{
	jx_sheet *s = jx_sheet_new();
	*out = NULL;
	if (!s) {
		no_memory(err);
		return -1;
	}
	/* one read transaction, so the parts agree with each other */
	if (tx_open(st, "BEGIN", err)) {
		jx_sheet_free(s);
		return -1;
	}
	if (load_parts(st, id, s, PART_ALL, NULL, err)) {
		tx_rollback(st);
		jx_sheet_free(s);
		return -1;
	}
	if (tx_commit(st, err)) {
		jx_sheet_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* ---- writing whole sheets ---- */

static int audit(jx_store *st, const char *at, const char *user, int64_t sheet, const char *field, const char *old_value,
		 const char *new_value, jx_err *err)
{
	/* the row's global id is this database's id and the row's own number,
	 * chosen here (rows are never deleted, so max + 1 is never reused) */
	sqlite3_stmt *q = prep(st,
			       "INSERT INTO audit (id, gid, origin, at, \"user\", sheet_id, field, old_value, new_value) "
			       "SELECT n, ?7 || ':' || n, ?8, ?1, ?2, ?3, ?4, ?5, ?6 "
			       "FROM (SELECT coalesce(max(id), 0) + 1 AS n FROM audit)",
			       err);
	if (!q)
		return -1;
	note_bind(st, sqlite3_bind_text(q, 1, at, -1, SQLITE_STATIC));
	note_bind(st, sqlite3_bind_text(q, 2, user && *user ? user : jx_current_user(), -1, SQLITE_STATIC));
	bind_int(st, q, 3, sheet);
	note_bind(st, sqlite3_bind_text(q, 4, field, -1, SQLITE_STATIC));
	bind_text(st, q, 5, old_value);
	bind_text(st, q, 6, new_value);
	note_bind(st, sqlite3_bind_text(q, 7, st->db_id, -1, SQLITE_STATIC));
	bind_text(st, q, 8, st->origin);
	return run(st, q, err);
}

/* Every committed change: new revision, time, and this machine as origin. */
static int bump(jx_store *st, int64_t id, int64_t rev, const char *at, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "UPDATE sheets SET revision = ?2, updated_at = ?3, origin = ?4 WHERE id = ?1", err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, rev);
	bind_text(st, q, 3, at);
	bind_text(st, q, 4, st->origin);
	return run(st, q, err);
}

/* ---- finalised sheets: what every change checks ---- */

static void final_error(jx_err *err, int64_t id)
{
	jx_err_set(err, "该表已定稿，须先重新打开（jixiao reopen %lld --reason …）才能修改",
		   "the sheet is finalised: reopen it first (jixiao reopen %lld --reason …) to change it", (long long)id);
}

/* 1 when sheet id is finalised, 0 when not, -1 on error (an absent sheet
 * too).  *copy (may be NULL): it is a conflict copy. */
static int final_state(jx_store *st, int64_t id, int *copy, jx_err *err)
{
	sqlite3_stmt *q =
		prep(st, "SELECT final_digest IS NOT NULL, conflict_of IS NOT NULL FROM sheets WHERE id = ?1", err);
	int rc, fin;
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return not_found(err, id);
	}
	fin = sqlite3_column_int(q, 0) != 0;
	if (copy)
		*copy = sqlite3_column_int(q, 1) != 0;
	sqlite3_reset(q);
	return fin;
}

/* Refuse to change a finalised sheet. */
static int check_editable(jx_store *st, int64_t id, jx_err *err)
{
	int f = final_state(st, id, NULL, err);
	if (f < 0)
		return -1;
	if (f) {
		final_error(err, id);
		return -1;
	}
	return 0;
}

static int is_final_status(const char *status)
{
	return status && strcmp(status, "final") == 0;
}

/* Inside the caller's transaction: the digest of sheet id as stored now. */
static int stored_digest(jx_store *st, int64_t id, char hex[65], jx_err *err)
{
	jx_sheet *d = jx_sheet_new();
	if (!d) {
		no_memory(err);
		return -1;
	}
	if (load_parts(st, id, d, PART_ALL, NULL, err)) {
		jx_sheet_free(d);
		return -1;
	}
	if (jx_sheet_digest(d, hex)) {
		jx_sheet_free(d);
		jx_err_set(err, "无法计算评价表 %lld 的 SHA-256 摘要", "cannot compute the SHA-256 digest of sheet %lld",
			   (long long)id);
		return -1;
	}
	jx_sheet_free(d);
	return 0;
}

/* Inside the caller's transaction: sheet id was stored with status "final"
 * (an imported or received finalised sheet, or one an older version marked
 * final): keep the digest of its content, so that it is finalised here too.
 * A conflict copy is never finalised.  With user (not NULL) the
 * finalisation gets its own audit row. */
static int seal(jx_store *st, int64_t id, const char *user, const char *at, jx_err *err)
{
	char hex[65], val[80];
	int copy = 0;
	sqlite3_stmt *q;
	if (final_state(st, id, &copy, err) < 0)
		return -1;
	if (copy)
		return 0;
	if (stored_digest(st, id, hex, err))
		return -1;
	if (!(q = prep(st, "UPDATE sheets SET final_digest = ?2 WHERE id = ?1", err)))
		return -1;
	bind_int(st, q, 1, id);
	note_bind(st, sqlite3_bind_text(q, 2, hex, -1, SQLITE_TRANSIENT));
	if (run(st, q, err))
		return -1;
	if (!user)
		return 0;
	snprintf(val, sizeof val, "sha256:%s", hex);
	return audit(st, at, user, id, "sheet:finalise", NULL, val, err);
}

/* Binds the SHEET_COLS values as ?1..?SHEET_NCOLS. */
static void bind_sheet(jx_store *st, sqlite3_stmt *q, const jx_sheet *s, const char *uid, int64_t rev,
		       const char *updated_at)
{
	int c = 1;
	bind_text(st, q, c++, uid);
	bind_text(st, q, c++, s->template_id);
	bind_int(st, q, c++, s->template_version);
	bind_int(st, q, c++, s->year);
	bind_text(st, q, c++, s->status);
	for (int i = 0; i < JX_INFO_COUNT; i++)
		bind_text(st, q, c++, s->info[i]);
	bind_dec(st, q, c++, s->review_score);
	bind_text(st, q, c++, s->review_opinion);
	bind_text(st, q, c++, s->review_result);
	bind_int(st, q, c++, rev);
	bind_text(st, q, c++, updated_at);
	bind_text(st, q, c++, s->origin);
}

static int insert_ind_row(jx_store *st, int64_t id, const jx_indicator *d, int64_t pos, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "INSERT INTO indicators (sheet_id, pos, " IND_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			       "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
			       err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, pos);
	bind_text(st, q, 3, d->key);
	for (size_t i = 0; i < NMAP(ind_map); i++)
		bind_mapped(st, q, 4 + (int)i, d, &ind_map[i]);
	return run(st, q, err);
}

/* pos < 0: after the last row on disk */
static int insert_fund_row(jx_store *st, int64_t id, const jx_fund *f, int64_t pos, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       pos >= 0 ? "INSERT INTO funds (sheet_id, pos, source, planned, budget, received, spent) "
					  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
					: "INSERT INTO funds (sheet_id, pos, source, planned, budget, received, spent) "
					  "VALUES (?1, (SELECT coalesce(max(pos) + 1, 0) FROM funds WHERE sheet_id = ?1), "
					  "?3, ?4, ?5, ?6, ?7)",
			       err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	if (pos >= 0)
		bind_int(st, q, 2, pos);
	bind_text(st, q, 3, f->source);
	bind_dec(st, q, 4, f->planned);
	bind_dec(st, q, 5, f->budget);
	bind_dec(st, q, 6, f->received);
	bind_dec(st, q, 7, f->spent);
	return run(st, q, err);
}

static int insert_sub_row(jx_store *st, int64_t id, const jx_subproject *p, int64_t pos, jx_err *err)
{
	sqlite3_stmt *q =
		prep(st, "INSERT INTO subprojects (sheet_id, pos, name, budget, spent) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, pos);
	bind_text(st, q, 3, p->name);
	bind_dec(st, q, 4, p->budget);
	bind_dec(st, q, 5, p->spent);
	return run(st, q, err);
}

static int insert_goal_row(jx_store *st, int64_t id, const jx_goal *g, int64_t pos, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "INSERT INTO goals (sheet_id, pos, planned, actual) VALUES (?1, ?2, ?3, ?4)", err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, pos);
	bind_text(st, q, 3, g->planned);
	bind_text(st, q, 4, g->actual);
	return run(st, q, err);
}

static int insert_basis_row(jx_store *st, int64_t id, const char *text, int64_t pos, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "INSERT INTO basis (sheet_id, pos, text) VALUES (?1, ?2, ?3)", err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, pos);
	bind_text(st, q, 3, text);
	return run(st, q, err);
}

/* Keyed rows (marks, entries, measures) are appended after the last one on
 * disk: another workstation may have added one meanwhile. */
static int insert_mark_row(jx_store *st, int64_t id, const jx_mark *m, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "INSERT INTO marks (sheet_id, pos, node, item, awarded) VALUES (?1, "
			       "(SELECT coalesce(max(pos) + 1, 0) FROM marks WHERE sheet_id = ?1), ?2, ?3, ?4)",
			       err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_text(st, q, 2, m->node);
	bind_int(st, q, 3, m->item);
	bind_dec(st, q, 4, m->awarded);
	return run(st, q, err);
}

static int insert_entry_row(jx_store *st, int64_t id, const jx_entry *e, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "INSERT INTO entries (sheet_id, pos, node, score, note) VALUES (?1, "
			       "(SELECT coalesce(max(pos) + 1, 0) FROM entries WHERE sheet_id = ?1), ?2, ?3, ?4)",
			       err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_text(st, q, 2, e->node);
	bind_dec(st, q, 3, e->score);
	bind_text(st, q, 4, e->note);
	return run(st, q, err);
}

static int insert_measure_row(jx_store *st, int64_t id, const jx_measure *m, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "INSERT INTO measures (sheet_id, pos, name, value) VALUES (?1, "
			       "(SELECT coalesce(max(pos) + 1, 0) FROM measures WHERE sheet_id = ?1), ?2, ?3)",
			       err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_text(st, q, 2, m->name);
	bind_dec(st, q, 3, m->value);
	return run(st, q, err);
}

static int upsert_narr(jx_store *st, int64_t id, int i, const char *text, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "INSERT INTO narrative (sheet_id, section, text) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT (sheet_id, section) DO UPDATE SET text = excluded.text",
			       err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_text(st, q, 2, jx_narr_labels[i].key);
	bind_text(st, q, 3, text);
	return run(st, q, err);
}

static int insert_children(jx_store *st, int64_t id, const jx_sheet *s, jx_err *err)
{
	size_t i;
	for (i = 0; i < s->n_basis; i++)
		if (insert_basis_row(st, id, s->basis[i], (int64_t)i, err))
			return -1;
	for (i = 0; i < s->n_funds; i++)
		if (insert_fund_row(st, id, &s->funds[i], (int64_t)i, err))
			return -1;
	for (i = 0; i < s->n_subs; i++)
		if (insert_sub_row(st, id, &s->subs[i], (int64_t)i, err))
			return -1;
	for (i = 0; i < s->n_goals; i++)
		if (insert_goal_row(st, id, &s->goals[i], (int64_t)i, err))
			return -1;
	for (i = 0; i < s->n_inds; i++)
		if (insert_ind_row(st, id, &s->inds[i], (int64_t)i, err))
			return -1;
	for (i = 0; i < s->n_marks; i++)
		if (insert_mark_row(st, id, &s->marks[i], err))
			return -1;
	for (i = 0; i < s->n_entries; i++)
		if (insert_entry_row(st, id, &s->entries[i], err))
			return -1;
	for (i = 0; i < s->n_measures; i++)
		if (insert_measure_row(st, id, &s->measures[i], err))
			return -1;
	for (i = 0; i < s->n_stated; i++) {
		const jx_stated *t = &s->stated[i];
		sqlite3_stmt *q = prep(st,
				       "INSERT INTO stated (sheet_id, pos, path, value, text, source) "
				       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				       err);
		if (!q)
			return -1;
		bind_int(st, q, 1, id);
		bind_int(st, q, 2, (int64_t)i);
		bind_text(st, q, 3, t->path);
		bind_dec(st, q, 4, t->value);
		bind_text(st, q, 5, t->text);
		bind_text(st, q, 6, t->source);
		if (run(st, q, err))
			return -1;
	}
	for (int k = 0; k < JX_NARR_COUNT; k++)
		if (s->narr[k] && *s->narr[k] && upsert_narr(st, id, k, s->narr[k], err))
			return -1;
	return 0;
}

static int delete_children(jx_store *st, int64_t id, jx_err *err)
{
	static const char *const sql[] = {
		"DELETE FROM basis WHERE sheet_id = ?1",      "DELETE FROM funds WHERE sheet_id = ?1",
		"DELETE FROM subprojects WHERE sheet_id = ?1", "DELETE FROM goals WHERE sheet_id = ?1",
		"DELETE FROM indicators WHERE sheet_id = ?1", "DELETE FROM marks WHERE sheet_id = ?1",
		"DELETE FROM entries WHERE sheet_id = ?1",    "DELETE FROM measures WHERE sheet_id = ?1",
		"DELETE FROM stated WHERE sheet_id = ?1",     "DELETE FROM narrative WHERE sheet_id = ?1",
	};
	for (size_t i = 0; i < NMAP(sql); i++) {
		sqlite3_stmt *q = prep(st, sql[i], err);
		if (!q)
			return -1;
		bind_int(st, q, 1, id);
		if (run(st, q, err))
			return -1;
	}
	return 0;
}

static void new_uid(char out[40])
{
	unsigned char b[16];
	sqlite3_randomness(sizeof b, b);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* variant 1 */
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
		 b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

int jx_store_find_uid(jx_store *st, const char *uid, int64_t *id, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "SELECT id FROM sheets WHERE uid = ?1", err);
	int rc;
	*id = 0;
	if (!q)
		return -1;
	note_bind(st, sqlite3_bind_text(q, 1, uid ? uid : "", -1, SQLITE_STATIC));
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return 0;
}

/* Insert one sheet inside the caller's transaction; s is not changed.
 * fresh_uid: make a new uid whatever s has.  A "sheet:create" audit row is
 * written when user is not NULL. */
static int insert_sheet(jx_store *st, const jx_sheet *s, int fresh_uid, const char *user, const char *at, int64_t *id,
			char uid[40], jx_err *err)
{
	sqlite3_stmt *q;
	int64_t existing;
	if (!fresh_uid && s->uid && *s->uid) {
		if (strlen(s->uid) > 39) {
			jx_err_set(err, "评价表编号“%.60s”太长（最多 39 字节）", "sheet uid \"%.60s\" is too long (at most 39 bytes)",
				   s->uid);
			return -1;
		}
		snprintf(uid, 40, "%s", s->uid);
	} else {
		new_uid(uid);
	}
	if (!s->template_id || !*s->template_id) {
		jx_err_set(err, "评价表没有指定模板", "the sheet names no template");
		return -1;
	}
	if (jx_store_find_uid(st, uid, &existing, err))
		return -1;
	if (existing) {
		jx_err_set(err, "编号为“%s”的评价表已在数据库中", "a sheet with uid \"%s\" is already in the database", uid);
		return -1;
	}
	q = prep(st, "INSERT INTO sheets (" SHEET_COLS ") VALUES (" SHEET_QS ")", err);
	if (!q)
		return -1;
	bind_sheet(st, q, s, uid, s->revision, s->updated_at && *s->updated_at ? s->updated_at : at);
	if (run(st, q, err))
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	if (insert_children(st, *id, s, err))
		return -1;
	if (!user)
		return 0;
	return audit(st, at, user, *id, "sheet:create", NULL, s->info[JX_INFO_NAME], err);
}

static int insert_one(jx_store *st, const jx_sheet *s, const char *user, const char *at, int64_t *id, char uid[40],
		      jx_err *err)
{
	if (insert_sheet(st, s, 0, user ? user : "", at, id, uid, err))
		return -1;
	return is_final_status(s->status) ? seal(st, *id, user ? user : "", at, err) : 0;
}

/* After a commit: record what the database now says in the sheet. */
static void adopt_insert(jx_sheet *s, int64_t id, const char *uid, const char *at)
{
	s->id = id;
	if (!s->uid || strcmp(s->uid, uid) != 0)
		jx_set_str(&s->uid, uid);
	if (!s->updated_at || !*s->updated_at)
		jx_set_str(&s->updated_at, at);
}

int jx_store_insert(jx_store *st, jx_sheet *s, const char *user, jx_err *err)
{
	return jx_store_insert_many(st, &s, 1, user, err);
}

int jx_store_insert_many(jx_store *st, jx_sheet **v, size_t n, const char *user, jx_err *err)
{
	char at[32];
	int64_t *ids;
	char (*uids)[40];
	if (writable(st, err))
		return -1;
	if (n == 0)
		return 0;
	ids = calloc(n, sizeof *ids);
	uids = calloc(n, sizeof *uids);
	if (!ids || !uids) {
		free(ids);
		free(uids);
		no_memory(err);
		return -1;
	}
	now_iso(at);
	if (tx_begin(st, err))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (insert_one(st, v[i], user, at, &ids[i], uids[i], err)) {
			if (n > 1) {
				char pre[300];
				snprintf(pre, sizeof pre, L("第 %zu 份评价表（%.200s）：", "sheet %zu (%.200s): "), i + 1,
					 v[i]->info[JX_INFO_NAME] ? v[i]->info[JX_INFO_NAME] : "");
				jx_err_prefix(err, pre);
			}
			tx_rollback(st);
			goto fail;
		}
	if (tx_commit(st, err))
		goto fail;
	for (size_t i = 0; i < n; i++)
		adopt_insert(v[i], ids[i], uids[i], at);
	free(ids);
	free(uids);
	return 0;
fail:
	free(ids);
	free(uids);
	return -1;
}

/* Inside the caller's transaction: overwrite the stored sheet s->id with the
 * content of s (its uid must match or be empty).  *old_rev is the revision
 * on disk before, *new_rev the one written; *disk_uid (malloc'd) the uid. */
static int replace_content(jx_store *st, const jx_sheet *s, const char *at, int64_t *old_rev, int64_t *new_rev,
			   char **disk_uid, jx_err *err)
{
	sqlite3_stmt *q;
	int rc;
	*disk_uid = NULL;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库，无法替换", "the sheet is not in the database, so it cannot be replaced");
		return -1;
	}
	q = prep(st, "SELECT revision, uid FROM sheets WHERE id = ?1", err);
	if (!q)
		return -1;
	bind_int(st, q, 1, s->id);
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return not_found(err, s->id);
	}
	*old_rev = sqlite3_column_int64(q, 0);
	if (col_str(q, 1, disk_uid)) {
		sqlite3_reset(q);
		no_memory(err);
		return -1;
	}
	sqlite3_reset(q);
	if (s->uid && *s->uid && *disk_uid && strcmp(s->uid, *disk_uid) != 0) {
		jx_err_set(err, "编号不一致：数据库中为“%s”，导入的为“%s”", "uid mismatch: \"%s\" in the database, \"%s\" given",
			   *disk_uid, s->uid);
		return -1;
	}
	*new_rev = s->revision > *old_rev + 1 ? s->revision : *old_rev + 1;
	q = prep(st, "UPDATE sheets SET (" SHEET_COLS ") = (" SHEET_QS ") WHERE id = ?100", err);
	if (!q)
		return -1;
	bind_sheet(st, q, s, *disk_uid, *new_rev, s->updated_at && *s->updated_at ? s->updated_at : at);
	bind_int(st, q, 100, s->id);
	if (run(st, q, err) || delete_children(st, s->id, err) || insert_children(st, s->id, s, err))
		return -1;
	return 0;
}

/* After a committed replace: what the database now says. */
static void adopt_replace(jx_sheet *s, int64_t new_rev, const char *disk_uid, const char *at)
{
	s->revision = new_rev;
	if (!s->uid || !*s->uid)
		jx_set_str(&s->uid, disk_uid);
	if (!s->updated_at || !*s->updated_at)
		jx_set_str(&s->updated_at, at);
}

int jx_store_replace(jx_store *st, jx_sheet *s, const char *user, const char *why, jx_err *err)
{
	char at[32], old[64], *disk_uid = NULL;
	int64_t rev = 0, new_rev = 0;
	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库，无法替换", "the sheet is not in the database, so it cannot be replaced");
		return -1;
	}
	now_iso(at);
	if (tx_begin(st, err))
		return -1;
	if (check_editable(st, s->id, err) || replace_content(st, s, at, &rev, &new_rev, &disk_uid, err))
		goto fail;
	snprintf(old, sizeof old, "revision %lld", (long long)rev);
	if (audit(st, at, user, s->id, "sheet:replace", old, why, err) ||
	    (is_final_status(s->status) && seal(st, s->id, user ? user : "", at, err)) || tx_commit(st, err))
		goto fail;
	adopt_replace(s, new_rev, disk_uid, at);
	free(disk_uid);
	return 0;
fail:
	tx_rollback(st);
	free(disk_uid);
	return -1;
}

/* ---- history received from another database ---- */

static int check_received_row(const jx_audit_row *r, jx_err *err)
{
	if (!r->gid || !strchr(r->gid, ':') || strlen(r->gid) < 3 || !r->at || !*r->at || !r->user || !*r->user ||
	    !r->field || !*r->field) {
		jx_err_set(err, "修改记录“%s”不完整（需要编号、时间、用户和字段）",
			   "audit row \"%s\" is incomplete (it needs its id, time, user and field)", r->gid ? r->gid : "");
		return -1;
	}
	return 0;
}

/* Append rows under sheet inside the caller's transaction; rows the sheet
 * already has (same global id) are skipped. */
static int append_rows(jx_store *st, int64_t sheet, const jx_audit_row *rows, size_t n, size_t *added, jx_err *err)
{
	size_t cnt = 0;
	for (size_t i = 0; i < n; i++) {
		const jx_audit_row *r = &rows[i];
		sqlite3_stmt *q;
		if (check_received_row(r, err))
			return -1;
		q = prep(st,
			 "INSERT INTO audit (gid, origin, at, \"user\", sheet_id, field, old_value, new_value) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (sheet_id, gid) DO NOTHING",
			 err);
		if (!q)
			return -1;
		bind_text(st, q, 1, r->gid);
		bind_text(st, q, 2, r->origin);
		bind_text(st, q, 3, r->at);
		bind_text(st, q, 4, r->user);
		bind_int(st, q, 5, sheet);
		bind_text(st, q, 6, r->field);
		bind_text(st, q, 7, r->old_value);
		bind_text(st, q, 8, r->new_value);
		if (run(st, q, err))
			return -1;
		cnt += (size_t)sqlite3_changes(st->db);
	}
	if (added)
		*added = cnt;
	return 0;
}

int jx_store_append_history(jx_store *st, int64_t sheet, const jx_audit_row *rows, size_t n, size_t *added,
			    jx_err *err)
{
	int64_t rev;
	if (added)
		*added = 0;
	if (writable(st, err))
		return -1;
	if (tx_begin(st, err))
		return -1;
	if (jx_store_revision(st, sheet, &rev, err) || append_rows(st, sheet, rows, n, added, err) ||
	    tx_commit(st, err)) {
		tx_rollback(st);
		return -1;
	}
	return 0;
}

int jx_store_insert_received(jx_store *st, jx_sheet *s, const jx_audit_row *rows, size_t n, int64_t conflict_of,
			     const char *conflict_origin, jx_err *err)
{
	char at[32], uid[40];
	int64_t id = 0;
	if (writable(st, err))
		return -1;
	now_iso(at);
	if (tx_begin(st, err))
		return -1;
	if (insert_sheet(st, s, conflict_of > 0, NULL, at, &id, uid, err))
		goto fail;
	if (conflict_of > 0) {
		sqlite3_stmt *q = prep(st, "UPDATE sheets SET conflict_of = ?2, conflict_origin = ?3 WHERE id = ?1", err);
		if (!q)
			goto fail;
		bind_int(st, q, 1, id);
		bind_int(st, q, 2, conflict_of);
		bind_text(st, q, 3, conflict_origin);
		if (run(st, q, err))
			goto fail;
	}
	if (append_rows(st, id, rows, n, NULL, err) ||
	    (conflict_of <= 0 && is_final_status(s->status) && seal(st, id, NULL, at, err)) || tx_commit(st, err))
		goto fail;
	adopt_insert(s, id, uid, at);
	return 0;
fail:
	tx_rollback(st);
	return -1;
}

int jx_store_replace_received(jx_store *st, jx_sheet *s, const jx_audit_row *rows, size_t n, size_t *added,
			      jx_err *err)
{
	char at[32], *disk_uid = NULL;
	int64_t rev = 0, new_rev = 0;
	if (added)
		*added = 0;
	if (writable(st, err))
		return -1;
	now_iso(at);
	if (tx_begin(st, err))
		return -1;
	if (check_editable(st, s->id, err) || replace_content(st, s, at, &rev, &new_rev, &disk_uid, err) ||
	    append_rows(st, s->id, rows, n, added, err) || (is_final_status(s->status) && seal(st, s->id, NULL, at, err)) ||
	    tx_commit(st, err))
		goto fail;
	adopt_replace(s, new_rev, disk_uid, at);
	free(disk_uid);
	return 0;
fail:
	tx_rollback(st);
	free(disk_uid);
	return -1;
}

int jx_store_audit_find(jx_store *st, const char *gid, jx_audit_row *row, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "SELECT id, at, \"user\", field, old_value, new_value, gid, origin FROM audit "
			       "WHERE gid = ?1 ORDER BY id LIMIT 1",
			       err);
	int rc;
	memset(row, 0, sizeof *row);
	if (!q)
		return -1;
	note_bind(st, sqlite3_bind_text(q, 1, gid ? gid : "", -1, SQLITE_STATIC));
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return 0;
	}
	row->id = sqlite3_column_int64(q, 0);
	row->at = dup_col(q, 1);
	row->user = dup_col(q, 2);
	row->field = dup_col(q, 3);
	row->old_value = dup_col(q, 4);
	row->new_value = dup_col(q, 5);
	row->gid = dup_col(q, 6);
	row->origin = dup_col(q, 7);
	sqlite3_reset(q);
	if (!row->at || !row->user || !row->field || !row->old_value || !row->new_value || !row->gid || !row->origin) {
		jx_audit_row_clear(row);
		no_memory(err);
		return -1;
	}
	return 1;
}

int jx_store_conflict_copies(jx_store *st, int64_t id, int64_t **out, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "SELECT id FROM sheets WHERE conflict_of = ?1 AND deleted = 0 ORDER BY id", err);
	int64_t *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	while ((rc = step(st, q, err)) == SQLITE_ROW) {
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			int64_t *p = realloc(v, ncap * sizeof *p);
			if (!p) {
				sqlite3_reset(q);
				free(v);
				no_memory(err);
				return -1;
			}
			v = p;
			cap = ncap;
		}
		v[cnt++] = sqlite3_column_int64(q, 0);
	}
	if (rc < 0) {
		free(v);
		return -1;
	}
	sqlite3_reset(q);
	*out = v;
	*n = cnt;
	return 0;
}

int jx_store_conflict_of(jx_store *st, int64_t id, int64_t *of, char **origin, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "SELECT conflict_of, conflict_origin FROM sheets WHERE id = ?1", err);
	int rc;
	*of = 0;
	if (origin)
		*origin = NULL;
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return not_found(err, id);
	}
	*of = sqlite3_column_type(q, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64(q, 0);
	if (origin && col_str(q, 1, origin)) {
		sqlite3_reset(q);
		no_memory(err);
		return -1;
	}
	sqlite3_reset(q);
	return 0;
}

int jx_store_resolve(jx_store *st, int64_t of, int64_t copy, int keep_incoming, const char *user, jx_err *err)
{
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	jx_sheet *c = NULL;
	char at[32], *disk_uid = NULL, *copy_uid = NULL;
	int64_t link = 0, rev = 0, new_rev = 0;
	if (writable(st, err))
		return -1;
	now_iso(at);
	if (tx_begin(st, err))
		return -1;
	if (jx_store_conflict_of(st, copy, &link, NULL, err) || check_editable(st, of, err))
		goto fail;
	if (link != of || of == copy) {
		jx_err_set(err, "评价表 %lld 不是评价表 %lld 的冲突副本", "sheet %lld is not a conflict copy of sheet %lld",
			   (long long)copy, (long long)of);
		goto fail;
	}
	if (jx_store_revision(st, of, &rev, err) || jx_store_history(st, copy, NULL, &rows, &nr, err) ||
	    jx_store_load(st, copy, &c, err))
		goto fail;
	copy_uid = c->uid;
	c->uid = NULL;
	if (keep_incoming) {
		/* the copy's content under the sheet's own id and uid */
		c->id = of;
		if (replace_content(st, c, at, &rev, &new_rev, &disk_uid, err) ||
		    (is_final_status(c->status) && seal(st, of, NULL, at, err)))
			goto fail;
	}
	if (append_rows(st, of, rows, nr, NULL, err) ||
	    audit(st, at, user, of, "sheet:resolve", copy_uid, keep_incoming ? "incoming" : "local", err) ||
	    bump(st, of, (keep_incoming ? new_rev : rev) + 1, at, err) || jx_store_trash(st, copy, 1, user, err) ||
	    tx_commit(st, err))
		goto fail;
	jx_audit_free(rows, nr);
	free(copy_uid);
	free(disk_uid);
	jx_sheet_free(c);
	return 0;
fail:
	tx_rollback(st);
	jx_audit_free(rows, nr);
	free(copy_uid);
	free(disk_uid);
	jx_sheet_free(c);
	return -1;
}

/* ---- list, find ---- */

void jx_summaries_free(jx_sheet_summary *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].unit);
		free(v[i].template_id);
		free(v[i].status);
	}
	free(v);
}

int jx_store_list(jx_store *st, int with_deleted, jx_sheet_summary **out, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "SELECT id, uid, year, name, unit, template_id, status, total, grade, findings, deleted, revision, "
			       "conflict_of, conflict_origin FROM sheets WHERE ?1 OR deleted = 0 ORDER BY year DESC, name, id",
			       err);
	jx_sheet_summary *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!q)
		return -1;
	bind_int(st, q, 1, with_deleted ? 1 : 0);
	while ((rc = step(st, q, err)) == SQLITE_ROW) {
		jx_sheet_summary *e;
		const unsigned char *t;
		int oom = 0;
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			jx_sheet_summary *p = realloc(v, ncap * sizeof *p);
			if (!p) {
				sqlite3_reset(q);
				jx_summaries_free(v, cnt);
				no_memory(err);
				return -1;
			}
			v = p;
			cap = ncap;
		}
		e = &v[cnt++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(q, 0);
		t = sqlite3_column_text(q, 1);
		snprintf(e->uid, sizeof e->uid, "%s", t ? (const char *)t : "");
		e->year = sqlite3_column_int(q, 2);
		oom |= col_str(q, 3, &e->name);
		oom |= col_str(q, 4, &e->unit);
		oom |= col_str(q, 5, &e->template_id);
		oom |= col_str(q, 6, &e->status);
		e->total = col_dec(q, 7);
		t = sqlite3_column_text(q, 8);
		snprintf(e->grade, sizeof e->grade, "%s", t ? (const char *)t : "");
		e->findings = sqlite3_column_type(q, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 9);
		e->deleted = sqlite3_column_int(q, 10);
		e->revision = sqlite3_column_int64(q, 11);
		e->conflict_of = sqlite3_column_type(q, 12) == SQLITE_NULL ? 0 : sqlite3_column_int64(q, 12);
		if (!oom && e->conflict_of > 0) {
			/* the list says what the row is: another machine's version */
			const unsigned char *o = sqlite3_column_text(q, 13);
			char *label = NULL;
			size_t len;
			const char *nm = e->name ? e->name : "";
			const char *from = o && *o ? (const char *)o : "?";
			len = strlen(nm) + strlen(from) + 64;
			if ((label = malloc(len)) != NULL) {
				snprintf(label, len, L("%s（冲突副本，来自 %s）", "%s (conflict copy from %s)"), nm, from);
				free(e->name);
				e->name = label;
			} else {
				oom = 1;
			}
		}
		if (oom) {
			sqlite3_reset(q);
			jx_summaries_free(v, cnt);
			no_memory(err);
			return -1;
		}
	}
	if (rc < 0) {
		jx_summaries_free(v, cnt);
		return -1;
	}
	sqlite3_reset(q);
	*out = v;
	*n = cnt;
	return 0;
}

int jx_store_find_project(jx_store *st, const jx_sheet *s, int year, int64_t *id, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "SELECT id FROM sheets WHERE template_id = ?1 AND name IS ?2 AND unit IS ?3 AND year = ?4 "
			       "AND deleted = 0 AND conflict_of IS NULL AND id <> ?5 ORDER BY revision DESC, id DESC LIMIT 1",
			       err);
	int rc;
	*id = 0;
	if (!q)
		return -1;
	bind_text(st, q, 1, s->template_id);
	bind_text(st, q, 2, s->info[JX_INFO_NAME]);
	bind_text(st, q, 3, s->info[JX_INFO_UNIT]);
	bind_int(st, q, 4, year);
	bind_int(st, q, 5, s->id);
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return 0;
}

int jx_store_revision(jx_store *st, int64_t id, int64_t *rev, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "SELECT revision FROM sheets WHERE id = ?1", err);
	int rc;
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	rc = step(st, q, err);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return not_found(err, id);
	}
	*rev = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return 0;
}

int jx_store_set_summary(jx_store *st, int64_t id, jx_dec total, const char *grade, int findings, jx_err *err)
{
	sqlite3_stmt *q;
	if (writable(st, err))
		return -1;
	q = prep(st, "UPDATE sheets SET total = ?2, grade = ?3, findings = ?4 WHERE id = ?1", err);
	if (!q)
		return -1;
	bind_int(st, q, 1, id);
	bind_dec(st, q, 2, total);
	bind_text(st, q, 3, grade);
	if (findings < 0)
		note_bind(st, sqlite3_bind_null(q, 4));
	else
		bind_int(st, q, 4, findings);
	if (run(st, q, err))
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return not_found(err, id);
	return 0;
}

/* ---- history ---- */

void jx_audit_free(jx_audit_row *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].at);
		free(v[i].user);
		free(v[i].field);
		free(v[i].old_value);
		free(v[i].new_value);
		free(v[i].gid);
		free(v[i].origin);
	}
	free(v);
}

void jx_audit_row_clear(jx_audit_row *r)
{
	if (!r)
		return;
	free(r->at);
	free(r->user);
	free(r->field);
	free(r->old_value);
	free(r->new_value);
	free(r->gid);
	free(r->origin);
	memset(r, 0, sizeof *r);
}

static char *dup_col(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return jx_strdup(t ? (const char *)t : "");
}

/* field NULL: every row of the sheet; otherwise that field and the fields
 * under it ("ind:i3" also gives "ind:i3:actual"). */
int jx_store_history(jx_store *st, int64_t sheet, const char *field, jx_audit_row **out, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "SELECT id, at, \"user\", field, old_value, new_value, gid, origin FROM audit WHERE sheet_id = ?1 AND "
			       "(?2 IS NULL OR field = ?2 OR substr(field, 1, length(?2) + 1) = ?2 || ':') ORDER BY id",
			       err);
	jx_audit_row *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!q)
		return -1;
	bind_int(st, q, 1, sheet);
	if (field)
		note_bind(st, sqlite3_bind_text(q, 2, field, -1, SQLITE_STATIC));
	while ((rc = step(st, q, err)) == SQLITE_ROW) {
		jx_audit_row *r;
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			jx_audit_row *p = realloc(v, ncap * sizeof *p);
			if (!p)
				goto oom;
			v = p;
			cap = ncap;
		}
		r = &v[cnt++];
		r->id = sqlite3_column_int64(q, 0);
		r->at = dup_col(q, 1);
		r->user = dup_col(q, 2);
		r->field = dup_col(q, 3);
		r->old_value = dup_col(q, 4);
		r->new_value = dup_col(q, 5);
		r->gid = dup_col(q, 6);
		r->origin = dup_col(q, 7);
		if (!r->at || !r->user || !r->field || !r->old_value || !r->new_value || !r->gid || !r->origin)
			goto oom;
	}
	if (rc < 0) {
		jx_audit_free(v, cnt);
		return -1;
	}
	sqlite3_reset(q);
	*out = v;
	*n = cnt;
	return 0;
oom:
	sqlite3_reset(q);
	jx_audit_free(v, cnt);
	no_memory(err);
	return -1;
}

/* ---- trash ---- */

int jx_store_trash(jx_store *st, int64_t id, int deleted, const char *user, jx_err *err)
{
	sqlite3_stmt *q;
	char at[32];
	int64_t rev, was;
	int rc;
	deleted = deleted ? 1 : 0;
	if (writable(st, err))
		return -1;
	now_iso(at);
	if (tx_begin(st, err))
		return -1;
	q = prep(st, "SELECT deleted, revision FROM sheets WHERE id = ?1", err);
	if (!q)
		goto fail;
	bind_int(st, q, 1, id);
	rc = step(st, q, err);
	if (rc < 0)
		goto fail;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		not_found(err, id);
		goto fail;
	}
	was = sqlite3_column_int64(q, 0);
	rev = sqlite3_column_int64(q, 1);
	sqlite3_reset(q);
	if (check_editable(st, id, err))
		goto fail;
	if (was == deleted) {
		tx_rollback(st);
		return 0;
	}
	q = prep(st, "UPDATE sheets SET deleted = ?2 WHERE id = ?1", err);
	if (!q)
		goto fail;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, deleted);
	if (run(st, q, err) || bump(st, id, rev + 1, at, err) ||
	    audit(st, at, user, id, "sheet:deleted", was ? "1" : "0", deleted ? "1" : "0", err) || tx_commit(st, err))
		goto fail;
	return 0;
fail:
	tx_rollback(st);
	return -1;
}

/* ---- one field ---- */

/* The store's view of a field path: which rows it lives in. */
typedef enum { S_SHEET, S_NARR, S_BASIS, S_FUND, S_SUB, S_GOAL, S_IND, S_MARK, S_ENTRY, S_MEASURE } sfam;

typedef struct {
	sfam fam;
	const colmap *map; /* column of a mapped row */
	colmap info;       /* storage for an info column */
	int idx;           /* narr index, basis/sub/goal index, mark item */
	char *name;        /* fund source, indicator key, node, measure name */
	int part;          /* what to load to see the value on disk */
} spath;

static char *dup_n(const char *p, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, p, n);
		d[n] = 0;
	}
	return d;
}

static int parse_idx(const char *p, size_t n, int *out)
{
	int v = 0;
	if (n == 0 || n > 7)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

/* Mirrors field.c's grammar; called only for paths jx_field_get accepted. */
static int spath_parse(const char *path, spath *sp)
{
	const char *r, *c;
	memset(sp, 0, sizeof *sp);
	if (strcmp(path, "year") == 0) {
		sp->fam = S_SHEET;
		sp->map = &year_map;
		sp->part = PART_SHEET;
		return 0;
	}
	if (strcmp(path, "status") == 0) {
		sp->fam = S_SHEET;
		sp->map = &status_map;
		sp->part = PART_SHEET;
		return 0;
	}
	if (strncmp(path, "info:", 5) == 0) {
		r = path + 5;
		for (int i = 0; i < JX_INFO_COUNT; i++)
			if (strcmp(jx_info_labels[i].key, r) == 0) {
				sp->fam = S_SHEET;
				sp->info.col = jx_info_labels[i].key;
				sp->info.kind = K_TEXT;
				sp->info.off = offsetof(jx_sheet, info) + (size_t)i * sizeof(char *);
				sp->map = &sp->info;
				sp->part = PART_SHEET;
				return 0;
			}
		return -1;
	}
	if (strncmp(path, "review:", 7) == 0) {
		char col[32];
		snprintf(col, sizeof col, "review_%s", path + 7);
		sp->fam = S_SHEET;
		sp->map = find_map(review_map, NMAP(review_map), col);
		sp->part = PART_SHEET;
		return sp->map ? 0 : -1;
	}
	if (strncmp(path, "narr:", 5) == 0) {
		for (int i = 0; i < JX_NARR_COUNT; i++)
			if (strcmp(jx_narr_labels[i].key, path + 5) == 0) {
				sp->fam = S_NARR;
				sp->idx = i;
				sp->part = PART_NARR;
				return 0;
			}
		return -1;
	}
	if (strncmp(path, "basis:", 6) == 0) {
		sp->fam = S_BASIS;
		sp->part = PART_BASIS;
		return parse_idx(path + 6, strlen(path + 6), &sp->idx);
	}
	if (strncmp(path, "sub:", 4) == 0 || strncmp(path, "goal:", 5) == 0) {
		int sub = path[0] == 's';
		r = path + (sub ? 4 : 5);
		c = strchr(r, ':');
		if (!c || parse_idx(r, (size_t)(c - r), &sp->idx))
			return -1;
		sp->fam = sub ? S_SUB : S_GOAL;
		sp->part = sub ? PART_SUBS : PART_GOALS;
		sp->map = sub ? find_map(sub_map, NMAP(sub_map), c + 1) : find_map(goal_map, NMAP(goal_map), c + 1);
		return sp->map ? 0 : -1;
	}
	if (strncmp(path, "measure:", 8) == 0) {
		sp->fam = S_MEASURE;
		sp->part = PART_MEASURES;
		sp->name = jx_strdup(path + 8);
		return sp->name ? 0 : -1;
	}
	/* "<family>:<name>:<last>" */
	if (strncmp(path, "fund:", 5) == 0) {
		sp->fam = S_FUND;
		sp->part = PART_FUNDS;
		r = path + 5;
	} else if (strncmp(path, "ind:", 4) == 0) {
		sp->fam = S_IND;
		sp->part = PART_INDS;
		r = path + 4;
	} else if (strncmp(path, "mark:", 5) == 0) {
		sp->fam = S_MARK;
		sp->part = PART_MARKS;
		r = path + 5;
	} else if (strncmp(path, "entry:", 6) == 0) {
		sp->fam = S_ENTRY;
		sp->part = PART_ENTRIES;
		r = path + 6;
	} else {
		return -1;
	}
	c = strrchr(r, ':');
	if (!c || c == r || !(sp->name = dup_n(r, (size_t)(c - r))))
		return -1;
	switch (sp->fam) {
	case S_FUND: sp->map = find_map(fund_map, NMAP(fund_map), c + 1); break;
	case S_IND: sp->map = find_map(ind_map, NMAP(ind_map), c + 1); break;
	case S_ENTRY: sp->map = find_map(entry_map, NMAP(entry_map), c + 1); break;
	default: return parse_idx(c + 1, strlen(c + 1), &sp->idx);
	}
	return sp->map ? 0 : -1;
}

static int fund_at(const jx_sheet *s, const char *source)
{
	for (size_t i = 0; i < s->n_funds; i++)
		if (s->funds[i].source && strcmp(s->funds[i].source, source) == 0)
			return (int)i;
	return -1;
}

/* Does the element the path names exist in s? */
static int elem_exists(const jx_sheet *s, const spath *sp)
{
	switch (sp->fam) {
	case S_SHEET:
	case S_NARR: return 1;
	case S_BASIS: return (size_t)sp->idx < s->n_basis;
	case S_SUB: return (size_t)sp->idx < s->n_subs;
	case S_GOAL: return (size_t)sp->idx < s->n_goals;
	case S_FUND: return fund_at(s, sp->name) >= 0;
	case S_IND: return jx_sheet_ind(s, sp->name) != NULL;
	case S_MARK: return jx_sheet_mark(s, sp->name, sp->idx) != NULL;
	case S_ENTRY: return jx_sheet_entry(s, sp->name) != NULL;
	case S_MEASURE: return jx_sheet_measure(s, sp->name) != NULL;
	}
	return 0;
}

/* jx_field_get into a buffer large enough for any stored value (text that
 * came in through an import is not bound by JX_FIELD_MAX). */
static int get_alloc(const jx_sheet *s, const char *path, char **out, jx_err *err)
{
	static const size_t sizes[] = {4096, (size_t)1 << 20, (size_t)1 << 26};
	*out = NULL;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *buf = malloc(sizes[i]);
		if (!buf) {
			no_memory(err);
			return -1;
		}
		if (jx_field_get(s, path, buf, sizes[i], err) == 0) {
			*out = buf;
			return 0;
		}
		free(buf);
	}
	return -1;
}

/* Write the one column the path names, from the edited copy c (old is the
 * sheet as it was). */
static int write_field(jx_store *st, int64_t id, const jx_sheet *old, const jx_sheet *c, const spath *sp, jx_err *err)
{
	char sql[160];
	sqlite3_stmt *q;
	switch (sp->fam) {
	case S_SHEET:
		snprintf(sql, sizeof sql, "UPDATE sheets SET %s = ?2 WHERE id = ?1", sp->map->col);
		if (!(q = prep(st, sql, err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_mapped(st, q, 2, c, sp->map);
		break;
	case S_NARR:
		return upsert_narr(st, id, sp->idx, c->narr[sp->idx], err);
	case S_BASIS:
		if ((size_t)sp->idx >= old->n_basis)
			return insert_basis_row(st, id, c->basis[sp->idx], sp->idx, err);
		if (!(q = prep(st, "UPDATE basis SET text = ?3 WHERE sheet_id = ?1 AND pos = ?2", err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_int(st, q, 2, sp->idx);
		bind_text(st, q, 3, c->basis[sp->idx]);
		break;
	case S_SUB:
	case S_GOAL: {
		int sub = sp->fam == S_SUB;
		const void *elem = sub ? (const void *)&c->subs[sp->idx] : (const void *)&c->goals[sp->idx];
		if ((size_t)sp->idx >= (sub ? old->n_subs : old->n_goals))
			return sub ? insert_sub_row(st, id, elem, sp->idx, err) : insert_goal_row(st, id, elem, sp->idx, err);
		snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?3 WHERE sheet_id = ?1 AND pos = ?2",
			 sub ? "subprojects" : "goals", sp->map->col);
		if (!(q = prep(st, sql, err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_int(st, q, 2, sp->idx);
		bind_mapped(st, q, 3, elem, sp->map);
		break;
	}
	case S_FUND: {
		int k = fund_at(old, sp->name);
		if (k < 0)
			return insert_fund_row(st, id, &c->funds[c->n_funds - 1], -1, err);
		snprintf(sql, sizeof sql, "UPDATE funds SET %s = ?3 WHERE sheet_id = ?1 AND source = ?2", sp->map->col);
		if (!(q = prep(st, sql, err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_text(st, q, 2, sp->name);
		bind_mapped(st, q, 3, &c->funds[k], sp->map);
		break;
	}
	case S_IND: {
		const jx_indicator *d = jx_sheet_ind(c, sp->name);
		snprintf(sql, sizeof sql, "UPDATE indicators SET %s = ?3 WHERE sheet_id = ?1 AND key = ?2", sp->map->col);
		if (!d || !(q = prep(st, sql, err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_text(st, q, 2, sp->name);
		bind_mapped(st, q, 3, d, sp->map);
		break;
	}
	case S_MARK: {
		const jx_mark *m = jx_sheet_mark(c, sp->name, sp->idx);
		if (!m)
			return -1;
		if (!jx_sheet_mark(old, sp->name, sp->idx))
			return insert_mark_row(st, id, m, err);
		if (!(q = prep(st, "UPDATE marks SET awarded = ?4 WHERE sheet_id = ?1 AND node = ?2 AND item = ?3", err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_text(st, q, 2, sp->name);
		bind_int(st, q, 3, sp->idx);
		bind_dec(st, q, 4, m->awarded);
		break;
	}
	case S_ENTRY: {
		const jx_entry *e = jx_sheet_entry(c, sp->name);
		if (!e)
			return -1;
		if (!jx_sheet_entry(old, sp->name))
			return insert_entry_row(st, id, e, err);
		snprintf(sql, sizeof sql, "UPDATE entries SET %s = ?3 WHERE sheet_id = ?1 AND node = ?2", sp->map->col);
		if (!(q = prep(st, sql, err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_text(st, q, 2, sp->name);
		bind_mapped(st, q, 3, e, sp->map);
		break;
	}
	case S_MEASURE: {
		const jx_measure *m = jx_sheet_measure(c, sp->name);
		if (!m)
			return -1;
		if (!jx_sheet_measure(old, sp->name))
			return insert_measure_row(st, id, m, err);
		if (!(q = prep(st, "UPDATE measures SET value = ?3 WHERE sheet_id = ?1 AND name = ?2", err)))
			return -1;
		bind_int(st, q, 1, id);
		bind_text(st, q, 2, sp->name);
		bind_dec(st, q, 3, m->value);
		break;
	}
	default:
		return -1;
	}
	if (run(st, q, err))
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		jx_err_set(err, "该记录已被其他工作站删除，请重新载入", "the record was removed by another workstation; reload it");
		return -1;
	}
	return 0;
}

/* "…" shortened copy of a value for a message */
static void shorten(const char *v, char *out, size_t len)
{
	size_t n = strlen(v);
	if (!*v) {
		snprintf(out, len, "%s", L("（空）", "(empty)"));
		return;
	}
	if (n < len) {
		memcpy(out, v, n + 1);
		return;
	}
	n = len - 4; /* room for "…" and NUL */
	while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, v, n);
	memcpy(out + n, "…", 4);
}

int jx_store_set_field(jx_store *st, jx_sheet *s, const jx_template *t, const char *path, const char *text,
		       const char *user, jx_err *err)
{
	spath sp;
	jx_sheet *c = NULL, *disk = NULL;
	char *oldv = NULL, *newv = NULL, *diskv = NULL, at[32];
	int ret = -1;
	int64_t disk_rev;
	jx_err scratch;

	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (check_editable(st, s->id, err))
		return -1;
	if (get_alloc(s, path, &oldv, err))
		return -1;
	if (spath_parse(path, &sp)) {
		free(sp.name);
		free(oldv);
		jx_err_set(err, "未知的字段“%s”", "unknown field \"%s\"", path);
		return -1;
	}
	/* validate on a copy: *s stays as it is until the commit */
	if (!(c = jx_sheet_clone(s))) {
		no_memory(err);
		goto out;
	}
	if (jx_field_set(c, t, path, text, err) || get_alloc(c, path, &newv, err))
		goto out;
	if (sp.fam == S_SHEET && sp.map == &status_map && is_final_status(c->status) && !is_final_status(s->status)) {
		jx_err_set(err, "定稿请用定稿功能（jixiao finalise %lld，或工作台中的“定稿”），以便同时记下内容的摘要",
			   "to finalise a sheet use finalise (jixiao finalise %lld, or Finalise in the workstation), which "
			   "also records the digest of its content",
			   (long long)s->id);
		goto out;
	}
	if (strcmp(oldv, newv) == 0 && elem_exists(s, &sp) == elem_exists(c, &sp)) {
		ret = 0; /* the same value: nothing to write, no audit row */
		goto out;
	}
	now_iso(at);
	if (tx_begin(st, err))
		goto out;
	if (check_editable(st, s->id, err))
		goto fail;
	/* what is on disk now, under the write lock */
	if (!(disk = jx_sheet_new())) {
		no_memory(err);
		goto fail;
	}
	if (load_parts(st, s->id, disk, PART_SHEET | sp.part, sp.fam == S_IND ? sp.name : NULL, err))
		goto fail;
	disk_rev = disk->revision;
	if (sp.fam == S_IND && !elem_exists(disk, &sp)) {
		jx_err_set(err, "该指标已被其他工作站删除，请重新载入", "this indicator was deleted by another workstation; reload the sheet");
		goto fail;
	}
	if (get_alloc(disk, path, &diskv, err))
		goto fail;
	if (strcmp(diskv, oldv) != 0 || elem_exists(disk, &sp) != elem_exists(s, &sp)) {
		char shown[256];
		shorten(diskv, shown, sizeof shown);
		jx_err_set(err, "该字段已被其他工作站修改为“%s”，请重新载入后再改",
			   "this field was changed to \"%s\" by another workstation; reload and try again", shown);
		goto fail;
	}
	if (write_field(st, s->id, s, c, &sp, err) || audit(st, at, user, s->id, path, oldv, newv, err) ||
	    bump(st, s->id, disk_rev + 1, at, err) || tx_commit(st, err))
		goto fail;
	/* committed: now the sheet in memory */
	if (jx_field_set(s, t, path, text, &scratch)) {
		/* cannot happen short of memory: take the validated copy whole */
		jx_sheet tmp = *s;
		*s = *c;
		*c = tmp;
	}
	if (s->revision == disk_rev)
		s->revision = disk_rev + 1;
	jx_set_str(&s->updated_at, at);
	jx_set_str(&s->origin, st->origin);
	ret = 0;
	goto out;
fail:
	tx_rollback(st);
out:
	free(sp.name);
	free(oldv);
	free(newv);
	free(diskv);
	jx_sheet_free(c);
	jx_sheet_free(disk);
	return ret;
}

/* ---- indicator structure ---- */

/* Refuse a structural edit when the indicator list on disk is not the one
 * the caller sees. */
static int check_ind_list(jx_store *st, const jx_sheet *s, int64_t *rev, jx_err *err)
{
	sqlite3_stmt *q;
	size_t i = 0;
	int rc, same = 1;
	if (jx_store_revision(st, s->id, rev, err))
		return -1;
	if (!(q = prep(st, "SELECT key FROM indicators WHERE sheet_id = ?1 ORDER BY pos", err)))
		return -1;
	bind_int(st, q, 1, s->id);
	while ((rc = step(st, q, err)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		if (i >= s->n_inds || !k || !s->inds[i].key || strcmp(k, s->inds[i].key) != 0)
			same = 0;
		i++;
	}
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	if (!same || i != s->n_inds) {
		jx_err_set(err, "指标列表已被其他工作站修改，请重新载入后再操作",
			   "the indicator list was changed by another workstation; reload and try again");
		return -1;
	}
	return 0;
}

static long key_number(const char *k)
{
	long v = 0;
	if (!k || k[0] != 'i' || k[1] < '0' || k[1] > '9')
		return 0;
	for (k++; *k >= '0' && *k <= '9'; k++)
		if (v < 100000000)
			v = v * 10 + (*k - '0');
	return *k == 0 || *k == ':' ? v : 0;
}

/* The next indicator key never used in this sheet, counting deleted ones
 * (their audit rows remember them). */
static int next_ind_key(jx_store *st, const jx_sheet *s, char out[32], jx_err *err)
{
	sqlite3_stmt *q;
	long max = 0;
	int rc;
	for (size_t i = 0; i < s->n_inds; i++) {
		long v = key_number(s->inds[i].key);
		if (v > max)
			max = v;
	}
	if (!(q = prep(st, "SELECT substr(field, 5) FROM audit WHERE sheet_id = ?1 AND field GLOB 'ind:i[0-9]*'", err)))
		return -1;
	bind_int(st, q, 1, s->id);
	while ((rc = step(st, q, err)) == SQLITE_ROW) {
		long v = key_number((const char *)sqlite3_column_text(q, 0));
		if (v > max)
			max = v;
	}
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	snprintf(out, 32, "i%ld", max + 1);
	return 0;
}

/* "col=value; …" of every non-empty column, for audit rows. */
static char *ind_summary(const jx_sheet *s, const char *key, jx_err *err)
{
	size_t len = 0, cap = 256;
	char *buf = malloc(cap);
	if (!buf) {
		no_memory(err);
		return NULL;
	}
	buf[0] = 0;
	for (size_t i = 0; i < NMAP(ind_map); i++) {
		char path[128], *v;
		size_t need;
		snprintf(path, sizeof path, "ind:%s:%s", key, ind_map[i].col);
		if (get_alloc(s, path, &v, err)) {
			free(buf);
			return NULL;
		}
		if (*v) {
			need = len + strlen(ind_map[i].col) + strlen(v) + 4;
			if (need > cap) {
				char *p;
				while (cap < need)
					cap *= 2;
				if (!(p = realloc(buf, cap))) {
					free(v);
					free(buf);
					no_memory(err);
					return NULL;
				}
				buf = p;
			}
			len += (size_t)sprintf(buf + len, "%s%s=%s", len ? "; " : "", ind_map[i].col, v);
		}
		free(v);
	}
	return buf;
}

static void after_commit_oom(jx_err *err)
{
	jx_err_set(err, "已保存，但内存不足，请重新载入评价表", "saved, but out of memory: reload the sheet");
}

int jx_store_add_indicator(jx_store *st, jx_sheet *s, size_t at, const char *slot, const char *user, jx_err *err)
{
	char key[32], now[32], *summary = NULL;
	jx_sheet *tmp = NULL;
	jx_indicator *d;
	sqlite3_stmt *q;
	int64_t rev;
	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (at > s->n_inds)
		at = s->n_inds;
	now_iso(now);
	if (tx_begin(st, err))
		return -1;
	if (check_editable(st, s->id, err) || check_ind_list(st, s, &rev, err) || next_ind_key(st, s, key, err))
		goto fail;
	/* the new indicator, built alone for its row and its summary */
	if (!(tmp = jx_sheet_new()) || !(d = jx_sheet_add_ind(tmp, key)) || !d->key ||
	    jx_set_str(&d->slot, slot)) {
		no_memory(err);
		goto fail;
	}
	if (!(summary = ind_summary(tmp, key, err)))
		goto fail;
	if (!(q = prep(st, "UPDATE indicators SET pos = pos + 1 WHERE sheet_id = ?1 AND pos >= ?2", err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	bind_int(st, q, 2, (int64_t)at);
	if (run(st, q, err) || insert_ind_row(st, s->id, d, (int64_t)at, err))
		goto fail;
	{
		char field[48];
		snprintf(field, sizeof field, "ind:%s", key);
		if (audit(st, now, user, s->id, field, NULL, summary, err))
			goto fail;
	}
	if (bump(st, s->id, rev + 1, now, err) || tx_commit(st, err))
		goto fail;
	free(summary);
	jx_sheet_free(tmp);
	d = jx_sheet_insert_ind(s, at, key);
	if (!d || !d->key || jx_set_str(&d->slot, slot)) {
		after_commit_oom(err);
		return -1;
	}
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, now);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	tx_rollback(st);
	free(summary);
	jx_sheet_free(tmp);
	return -1;
}

int jx_store_delete_indicator(jx_store *st, jx_sheet *s, size_t at, const char *user, jx_err *err)
{
	char now[32], field[300], *summary = NULL;
	const char *key;
	sqlite3_stmt *q;
	int64_t rev;
	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (at >= s->n_inds) {
		jx_err_set(err, "没有第 %zu 个指标（现有 %zu 个）", "there is no indicator %zu (there are %zu)", at + 1, s->n_inds);
		return -1;
	}
	key = s->inds[at].key;
	now_iso(now);
	if (tx_begin(st, err))
		return -1;
	if (check_editable(st, s->id, err) || check_ind_list(st, s, &rev, err) || !(summary = ind_summary(s, key, err)))
		goto fail;
	if (!(q = prep(st, "DELETE FROM indicators WHERE sheet_id = ?1 AND key = ?2", err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	bind_text(st, q, 2, key);
	if (run(st, q, err))
		goto fail;
	if (!(q = prep(st, "UPDATE indicators SET pos = pos - 1 WHERE sheet_id = ?1 AND pos > ?2", err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	bind_int(st, q, 2, (int64_t)at);
	if (run(st, q, err))
		goto fail;
	snprintf(field, sizeof field, "ind:%s", key);
	if (audit(st, now, user, s->id, field, summary, NULL, err) || bump(st, s->id, rev + 1, now, err) ||
	    tx_commit(st, err))
		goto fail;
	free(summary);
	jx_sheet_remove_ind(s, at);
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, now);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	tx_rollback(st);
	free(summary);
	return -1;
}

int jx_store_move_indicator(jx_store *st, jx_sheet *s, size_t from, size_t to, const char *user, jx_err *err)
{
	char now[32], field[300], a[24], b[24];
	const char *key;
	sqlite3_stmt *q;
	int64_t rev;
	jx_indicator moved;
	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (from >= s->n_inds || to >= s->n_inds) {
		jx_err_set(err, "指标位置超出范围（共 %zu 个）", "indicator position out of range (there are %zu)", s->n_inds);
		return -1;
	}
	if (from == to)
		return 0;
	key = s->inds[from].key;
	now_iso(now);
	if (tx_begin(st, err))
		return -1;
	if (check_editable(st, s->id, err) || check_ind_list(st, s, &rev, err))
		goto fail;
	if (from < to)
		q = prep(st,
			 "UPDATE indicators SET pos = pos - 1 WHERE sheet_id = ?1 AND pos > ?2 AND pos <= ?3 AND key <> ?4",
			 err);
	else
		q = prep(st,
			 "UPDATE indicators SET pos = pos + 1 WHERE sheet_id = ?1 AND pos >= ?3 AND pos < ?2 AND key <> ?4",
			 err);
	if (!q)
		goto fail;
	bind_int(st, q, 1, s->id);
	bind_int(st, q, 2, (int64_t)from);
	bind_int(st, q, 3, (int64_t)to);
	bind_text(st, q, 4, key);
	if (run(st, q, err))
		goto fail;
	if (!(q = prep(st, "UPDATE indicators SET pos = ?3 WHERE sheet_id = ?1 AND key = ?2", err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	bind_text(st, q, 2, key);
	bind_int(st, q, 3, (int64_t)to);
	if (run(st, q, err))
		goto fail;
	snprintf(field, sizeof field, "ind:%s:pos", key);
	snprintf(a, sizeof a, "%zu", from + 1);
	snprintf(b, sizeof b, "%zu", to + 1);
	if (audit(st, now, user, s->id, field, a, b, err) || bump(st, s->id, rev + 1, now, err) || tx_commit(st, err))
		goto fail;
	moved = s->inds[from];
	if (from < to)
		memmove(&s->inds[from], &s->inds[from + 1], (to - from) * sizeof moved);
	else
		memmove(&s->inds[to + 1], &s->inds[to], (from - to) * sizeof moved);
	s->inds[to] = moved;
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, now);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	tx_rollback(st);
	return -1;
}

/* ---- finalised sheets (定稿) ---- */

static const char *const valid_prev[] = {"draft", "submitted", "reviewed"};

/* Inside migrate(): sheets an older version marked final get their digest. */
static int seal_legacy(jx_store *st, jx_err *err)
{
	sqlite3_stmt *q = prep(st,
			       "SELECT id FROM sheets WHERE status = 'final' AND final_digest IS NULL AND conflict_of IS NULL "
			       "ORDER BY id",
			       err);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	char at[32];
	int rc;
	if (!q)
		return -1;
	while ((rc = step(st, q, err)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			int64_t *p = realloc(ids, ncap * sizeof *p);
			if (!p) {
				sqlite3_reset(q);
				free(ids);
				no_memory(err);
				return -1;
			}
			ids = p;
			cap = ncap;
		}
		ids[n++] = sqlite3_column_int64(q, 0);
	}
	if (rc < 0) {
		free(ids);
		return -1;
	}
	sqlite3_reset(q);
	now_iso(at);
	for (size_t i = 0; i < n; i++)
		if (seal(st, ids[i], "", at, err)) {
			free(ids);
			return -1;
		}
	free(ids);
	return 0;
}

int jx_store_finalise(jx_store *st, jx_sheet *s, const char *user, jx_err *err)
{
	sqlite3_stmt *q;
	char at[32], hex[65], val[80], *prev = NULL;
	int64_t rev, copies;
	int rc, fin, deleted, copy;
	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	now_iso(at);
	if (tx_begin(st, err))
		return -1;
	q = prep(st,
		 "SELECT revision, status, final_digest IS NOT NULL, deleted, conflict_of IS NOT NULL FROM sheets WHERE id = ?1",
		 err);
	if (!q)
		goto fail;
	bind_int(st, q, 1, s->id);
	rc = step(st, q, err);
	if (rc < 0)
		goto fail;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		not_found(err, s->id);
		goto fail;
	}
	rev = sqlite3_column_int64(q, 0);
	if (col_str(q, 1, &prev)) {
		sqlite3_reset(q);
		no_memory(err);
		goto fail;
	}
	fin = sqlite3_column_int(q, 2);
	deleted = sqlite3_column_int(q, 3);
	copy = sqlite3_column_int(q, 4);
	sqlite3_reset(q);
	if (fin) {
		jx_err_set(err, "评价表 %lld 已经定稿", "sheet %lld is already finalised", (long long)s->id);
		goto fail;
	}
	if (copy) {
		jx_err_set(err, "评价表 %lld 是冲突副本，不能定稿；请先用 jixiao resolve 处理冲突",
			   "sheet %lld is a conflict copy and cannot be finalised; settle the conflict first with jixiao resolve",
			   (long long)s->id);
		goto fail;
	}
	if (deleted) {
		jx_err_set(err, "评价表 %lld 在回收站中，不能定稿", "sheet %lld is in the trash and cannot be finalised",
			   (long long)s->id);
		goto fail;
	}
	if (rev != s->revision) {
		jx_err_set(err, "评价表已被其他工作站修改，请重新载入、核对后再定稿",
			   "the sheet was changed by another workstation; reload it, check it and finalise again");
		goto fail;
	}
	q = prep(st, "SELECT count(*) FROM sheets WHERE conflict_of = ?1 AND deleted = 0", err);
	if (!q)
		goto fail;
	bind_int(st, q, 1, s->id);
	if ((rc = step(st, q, err)) < 0)
		goto fail;
	copies = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (copies > 0) {
		jx_err_set(err, "评价表 %lld 还有未处理的冲突副本，不能定稿；请先用 jixiao resolve 处理",
			   "sheet %lld has a conflict copy not yet settled and cannot be finalised; settle it first with jixiao resolve",
			   (long long)s->id);
		goto fail;
	}
	{
		int known_prev = 0;
		for (size_t i = 0; prev && i < sizeof valid_prev / sizeof valid_prev[0]; i++)
			known_prev |= strcmp(prev, valid_prev[i]) == 0;
		if (!(q = prep(st, "UPDATE sheets SET status = 'final', final_prev_status = ?2 WHERE id = ?1", err)))
			goto fail;
		bind_int(st, q, 1, s->id);
		bind_text(st, q, 2, known_prev ? prev : NULL);
		if (run(st, q, err))
			goto fail;
	}
	/* the digest of the content as it is stored, status "final" included */
	if (stored_digest(st, s->id, hex, err))
		goto fail;
	if (!(q = prep(st, "UPDATE sheets SET final_digest = ?2 WHERE id = ?1", err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	note_bind(st, sqlite3_bind_text(q, 2, hex, -1, SQLITE_STATIC));
	if (run(st, q, err))
		goto fail;
	snprintf(val, sizeof val, "sha256:%s", hex);
	if (audit(st, at, user, s->id, "sheet:finalise", prev, val, err) || bump(st, s->id, rev + 1, at, err) ||
	    tx_commit(st, err))
		goto fail;
	free(prev);
	jx_set_str(&s->status, "final");
	s->revision = rev + 1;
	jx_set_str(&s->updated_at, at);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	tx_rollback(st);
	free(prev);
	return -1;
}

/* Is there anything in text but blanks (ASCII or U+3000)? */
static int has_text(const char *t)
{
	while (t && *t) {
		if (strncmp(t, "\xE3\x80\x80", 3) == 0)
			t += 3;
		else if (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
			t++;
		else
			return 1;
	}
	return 0;
}

int jx_store_reopen(jx_store *st, jx_sheet *s, const char *reason, const char *user, jx_err *err)
{
	sqlite3_stmt *q;
	char at[32], old[80], *digest = NULL, *prev = NULL;
	const char *status;
	int64_t rev;
	int rc;
	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (!has_text(reason)) {
		jx_err_set(err, "重新打开定稿的评价表须写明原因", "reopening a finalised sheet needs a reason");
		return -1;
	}
	if (strlen(reason) > 4000) {
		jx_err_set(err, "原因太长（最多 4000 字节）", "the reason is too long (at most 4000 bytes)");
		return -1;
	}
	now_iso(at);
	if (tx_begin(st, err))
		return -1;
	if (!(q = prep(st, "SELECT revision, final_digest, final_prev_status FROM sheets WHERE id = ?1", err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	rc = step(st, q, err);
	if (rc < 0)
		goto fail;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		not_found(err, s->id);
		goto fail;
	}
	rev = sqlite3_column_int64(q, 0);
	if (col_str(q, 1, &digest) || col_str(q, 2, &prev)) {
		sqlite3_reset(q);
		no_memory(err);
		goto fail;
	}
	sqlite3_reset(q);
	if (!digest) {
		jx_err_set(err, "评价表 %lld 没有定稿，无须重新打开", "sheet %lld is not finalised; there is nothing to reopen",
			   (long long)s->id);
		goto fail;
	}
	/* the status it had before it was finalised: kept with it, or (a
	 * sheet finalised elsewhere) in its history's finalise row */
	if (!prev) {
		if (!(q = prep(st,
			       "SELECT old_value FROM audit WHERE sheet_id = ?1 AND field = 'sheet:finalise' ORDER BY id DESC "
			       "LIMIT 1",
			       err)))
			goto fail;
		bind_int(st, q, 1, s->id);
		rc = step(st, q, err);
		if (rc < 0)
			goto fail;
		if (rc == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(q, 0);
			for (size_t i = 0; v && i < sizeof valid_prev / sizeof valid_prev[0]; i++)
				if (strcmp(v, valid_prev[i]) == 0)
					prev = jx_strdup(v);
		}
		sqlite3_reset(q);
	}
	status = prev ? prev : "draft";
	if (!(q = prep(st, "UPDATE sheets SET status = ?2, final_digest = NULL, final_prev_status = NULL WHERE id = ?1",
		       err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	bind_text(st, q, 2, status);
	if (run(st, q, err))
		goto fail;
	snprintf(old, sizeof old, "sha256:%s", digest);
	if (audit(st, at, user, s->id, "sheet:reopen", old, reason, err) || bump(st, s->id, rev + 1, at, err) ||
	    tx_commit(st, err))
		goto fail;
	jx_set_str(&s->status, status);
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, at);
	jx_set_str(&s->origin, st->origin);
	free(digest);
	free(prev);
	return 0;
fail:
	tx_rollback(st);
	free(digest);
	free(prev);
	return -1;
}

/* "sha256:<64 hex>" -> the hex; NULL when v is not that. */
static const char *digest_of(const char *v)
{
	if (!v || strncmp(v, "sha256:", 7) != 0 || strlen(v + 7) != 64 || strspn(v + 7, "0123456789abcdef") != 64)
		return NULL;
	return v + 7;
}

int jx_store_verify(jx_store *st, int64_t id, int *state, char stored[65], char now[65], jx_err *err)
{
	sqlite3_stmt *q;
	char *digest = NULL, *status = NULL, *last_field = NULL, *last_new = NULL;
	const char *recorded = NULL;
	int rc, copy, expect_final;
	*state = 0;
	stored[0] = now[0] = 0;
	/* one read transaction: the digest and the content agree in time */
	if (tx_open(st, "BEGIN", err))
		return -1;
	if (!(q = prep(st, "SELECT final_digest, status, conflict_of IS NOT NULL FROM sheets WHERE id = ?1", err)))
		goto fail;
	bind_int(st, q, 1, id);
	rc = step(st, q, err);
	if (rc < 0)
		goto fail;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		not_found(err, id);
		goto fail;
	}
	copy = sqlite3_column_int(q, 2);
	if (col_str(q, 0, &digest) || col_str(q, 1, &status)) {
		sqlite3_reset(q);
		no_memory(err);
		goto fail;
	}
	sqlite3_reset(q);
	/* the last change of the sheet's state in its history: finalised,
	 * reopened, or replaced as a whole (import, resolve) */
	if (!(q = prep(st,
		       "SELECT field, new_value FROM audit WHERE sheet_id = ?1 AND field IN "
		       "('sheet:finalise', 'sheet:reopen', 'sheet:resolve', 'sheet:replace') ORDER BY id DESC LIMIT 1",
		       err)))
		goto fail;
	bind_int(st, q, 1, id);
	rc = step(st, q, err);
	if (rc < 0)
		goto fail;
	if (rc == SQLITE_ROW && (col_str(q, 0, &last_field) || col_str(q, 1, &last_new))) {
		sqlite3_reset(q);
		no_memory(err);
		goto fail;
	}
	sqlite3_reset(q);
	if (last_field && strcmp(last_field, "sheet:finalise") == 0)
		recorded = digest_of(last_new);
	expect_final = !copy && (digest || is_final_status(status) || recorded);
	if (expect_final) {
		if (stored_digest(st, id, now, err))
			goto fail;
		/* the digest written when it was finalised: in the sheet's row,
		 * and in its (append-only) history */
		if (recorded && (!digest || strcmp(recorded, digest) != 0))
			snprintf(stored, 65, "%s", recorded);
		else if (digest)
			snprintf(stored, 65, "%s", digest);
		*state = digest && strcmp(stored, digest) == 0 && strcmp(now, digest) == 0 && is_final_status(status) ? 1 : 2;
	}
	if (tx_commit(st, err))
		goto out_err;
	free(digest);
	free(status);
	free(last_field);
	free(last_new);
	return 0;
fail:
	tx_rollback(st);
out_err:
	free(digest);
	free(status);
	free(last_field);
	free(last_new);
	*state = 0;
	stored[0] = now[0] = 0;
	return -1;
}

int jx_store_limit_pages(jx_store *st, int64_t pages, jx_err *err)
{
	char sql[64];
	int64_t got;
	if (pages < 1) {
		jx_err_set(err, "页数须为正数", "the number of pages must be positive");
		return -1;
	}
	/* a PRAGMA value cannot be bound: the program's own integer */
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages);
	return query_int(st, sql, &got, err);
}

/* ---- rows taken out and put back (undo in the workstation) ---- */

/* Every column of src into dst (whose key stays as it is). */
static int ind_copy_columns(jx_indicator *dst, const jx_indicator *src)
{
	if (jx_set_str(&dst->slot, src->slot) || jx_set_str(&dst->name, src->name) ||
	    jx_set_str(&dst->subproject, src->subproject) || jx_set_str(&dst->target_text, src->target_text) ||
	    jx_set_str(&dst->unit, src->unit) || jx_set_str(&dst->actual_text, src->actual_text) ||
	    jx_set_str(&dst->override_reason, src->override_reason) ||
	    jx_set_str(&dst->deduction_reason, src->deduction_reason) ||
	    jx_set_str(&dst->deviation_reason, src->deviation_reason))
		return -1;
	dst->cmp = src->cmp;
	dst->target = src->target;
	dst->actual = src->actual;
	dst->points = src->points;
	dst->band = src->band;
	dst->score_entered = src->score_entered;
	dst->score_stated = src->score_stated;
	dst->override_score = src->override_score;
	dst->deduction = src->deduction;
	return 0;
}

int jx_store_restore_indicator(jx_store *st, jx_sheet *s, size_t at, const jx_indicator *d, const char *user,
			       jx_err *err)
{
	char now[32], field[300], *summary = NULL;
	jx_sheet *tmp = NULL;
	jx_indicator *row;
	sqlite3_stmt *q;
	int64_t rev;
	if (writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (!d || !d->key || !*d->key || strlen(d->key) > 200) {
		jx_err_set(err, "要恢复的指标没有编号", "the indicator to put back has no key");
		return -1;
	}
	if (jx_sheet_ind(s, d->key)) {
		jx_err_set(err, "指标 %s 已在表中，不能再恢复一次", "indicator %s is in the sheet already; it cannot be put back twice",
			   d->key);
		return -1;
	}
	if (at > s->n_inds)
		at = s->n_inds;
	now_iso(now);
	if (tx_begin(st, err))
		return -1;
	if (check_editable(st, s->id, err) || check_ind_list(st, s, &rev, err))
		goto fail;
	/* the row alone, for its insert and its audit summary */
	if (!(tmp = jx_sheet_new()) || !(row = jx_sheet_add_ind(tmp, d->key)) || !row->key ||
	    ind_copy_columns(row, d)) {
		no_memory(err);
		goto fail;
	}
	if (!(summary = ind_summary(tmp, d->key, err)))
		goto fail;
	if (!(q = prep(st, "UPDATE indicators SET pos = pos + 1 WHERE sheet_id = ?1 AND pos >= ?2", err)))
		goto fail;
	bind_int(st, q, 1, s->id);
	bind_int(st, q, 2, (int64_t)at);
	if (run(st, q, err) || insert_ind_row(st, s->id, row, (int64_t)at, err))
		goto fail;
	snprintf(field, sizeof field, "ind:%s", d->key);
	if (audit(st, now, user, s->id, field, NULL, summary, err) || bump(st, s->id, rev + 1, now, err) ||
	    tx_commit(st, err))
		goto fail;
	free(summary);
	jx_sheet_free(tmp);
	row = jx_sheet_insert_ind(s, at, d->key);
	if (!row || !row->key || ind_copy_columns(row, d)) {
		after_commit_oom(err);
		return -1;
	}
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, now);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	tx_rollback(st);
	free(summary);
	jx_sheet_free(tmp);
	return -1;
}

size_t jx_store_row_count(const jx_sheet *s, jx_row_kind kind)
{
	switch (kind) {
	case JX_ROW_FUND: return s->n_funds;
	case JX_ROW_SUB: return s->n_subs;
	case JX_ROW_BASIS: return s->n_basis;
	case JX_ROW_GOAL: return s->n_goals;
	}
	return 0;
}

static const char *row_list_name(jx_row_kind kind)
{
	switch (kind) {
	case JX_ROW_FUND: return L("资金来源", "fund source");
	case JX_ROW_SUB: return L("二级项目", "sub-project");
	case JX_ROW_BASIS: return L("立项依据", "basis document");
	case JX_ROW_GOAL: return L("年度总体目标", "annual goal");
	}
	return "";
}

/* The row's field path as audit rows name it: "fund:<source>", "sub:<i>",
 * "basis:<i>", "goal:<i>". */
static void row_field(const jx_sheet *s, jx_row_kind kind, size_t at, char *buf, size_t len)
{
	switch (kind) {
	case JX_ROW_FUND:
		snprintf(buf, len, "fund:%s", s->funds[at].source ? s->funds[at].source : "");
		break;
	case JX_ROW_SUB: snprintf(buf, len, "sub:%zu", at); break;
	case JX_ROW_BASIS: snprintf(buf, len, "basis:%zu", at); break;
	case JX_ROW_GOAL: snprintf(buf, len, "goal:%zu", at); break;
	}
}

/* "col=value; …" of the row's non-empty columns (a basis document: its text). */
static char *row_summary(const jx_sheet *s, jx_row_kind kind, size_t at, jx_err *err)
{
	static const char *const fund_cols[] = {"source", "planned", "budget", "received", "spent"};
	static const char *const sub_cols[] = {"name", "budget", "spent"};
	static const char *const goal_cols[] = {"planned", "actual"};
	const char *const *cols = kind == JX_ROW_FUND ? fund_cols : kind == JX_ROW_SUB ? sub_cols : goal_cols;
	size_t ncols = kind == JX_ROW_FUND ? NMAP(fund_cols) : kind == JX_ROW_SUB ? NMAP(sub_cols) : NMAP(goal_cols);
	char base[300], path[400], *buf, *v;
	size_t len = 0, cap = 256;
	row_field(s, kind, at, base, sizeof base);
	if (kind == JX_ROW_BASIS)
		return get_alloc(s, base, &v, err) ? NULL : v;
	if (!(buf = malloc(cap))) {
		no_memory(err);
		return NULL;
	}
	buf[0] = 0;
	for (size_t i = 0; i < ncols; i++) {
		size_t need;
		snprintf(path, sizeof path, "%s:%s", base, cols[i]);
		if (get_alloc(s, path, &v, err)) {
			free(buf);
			return NULL;
		}
		need = len + strlen(cols[i]) + strlen(v) + 4;
		if (*v && need > cap) {
			char *p;
			while (cap < need)
				cap *= 2;
			if (!(p = realloc(buf, cap))) {
				free(v);
				free(buf);
				no_memory(err);
				return NULL;
			}
			buf = p;
		}
		if (*v)
			len += (size_t)sprintf(buf + len, "%s%s=%s", len ? "; " : "", cols[i], v);
		free(v);
	}
	return buf;
}

static int text_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether the list `kind` of a and b holds the same rows. */
static int rows_same(const jx_sheet *a, const jx_sheet *b, jx_row_kind kind)
{
	size_t n = jx_store_row_count(a, kind);
	if (n != jx_store_row_count(b, kind))
		return 0;
	for (size_t i = 0; i < n; i++) {
		switch (kind) {
		case JX_ROW_FUND: {
			const jx_fund *x = &a->funds[i], *y = &b->funds[i];
			if (!text_eq(x->source, y->source) || x->planned != y->planned || x->budget != y->budget ||
			    x->received != y->received || x->spent != y->spent)
				return 0;
			break;
		}
		case JX_ROW_SUB: {
			const jx_subproject *x = &a->subs[i], *y = &b->subs[i];
			if (!text_eq(x->name, y->name) || x->budget != y->budget || x->spent != y->spent)
				return 0;
			break;
		}
		case JX_ROW_BASIS:
			if (!text_eq(a->basis[i], b->basis[i]))
				return 0;
			break;
		case JX_ROW_GOAL:
			if (!text_eq(a->goals[i].planned, b->goals[i].planned) || !text_eq(a->goals[i].actual, b->goals[i].actual))
				return 0;
			break;
		}
	}
	return 1;
}

/* Inside the caller's transaction: the sheet may be changed and its list
 * `kind` on disk is the one s holds.  Sets *rev to the revision on disk. */
static int check_row_list(jx_store *st, const jx_sheet *s, jx_row_kind kind, int64_t *rev, jx_err *err)
{
	static const int parts[] = {PART_FUNDS, PART_SUBS, PART_BASIS, PART_GOALS};
	jx_sheet *disk;
	int same;
	if (check_editable(st, s->id, err))
		return -1;
	if (!(disk = jx_sheet_new())) {
		no_memory(err);
		return -1;
	}
	if (load_parts(st, s->id, disk, PART_SHEET | parts[kind], NULL, err)) {
		jx_sheet_free(disk);
		return -1;
	}
	*rev = disk->revision;
	same = rows_same(disk, s, kind);
	jx_sheet_free(disk);
	if (!same) {
		jx_err_set(err, "%s已被其他工作站修改，请重新载入后再操作",
			   "the %s list was changed by another workstation; reload and try again", row_list_name(kind));
		return -1;
	}
	return 0;
}

static const char *row_table(jx_row_kind kind)
{
	switch (kind) {
	case JX_ROW_FUND: return "funds";
	case JX_ROW_SUB: return "subprojects";
	case JX_ROW_BASIS: return "basis";
	case JX_ROW_GOAL: return "goals";
	}
	return "";
}

/* Rows of a list keyed by position (sub-projects, basis documents, goals)
 * from position `from` on move by `by` (+1 or -1).  In two steps through
 * positions no row holds, so that no two rows ever share one. */
static int shift_rows(jx_store *st, int64_t id, jx_row_kind kind, size_t from, int by, jx_err *err)
{
	char sql[160];
	sqlite3_stmt *q;
	snprintf(sql, sizeof sql, "UPDATE %s SET pos = pos + 1000000 WHERE sheet_id = ?1 AND pos >= ?2", row_table(kind));
	if (!(q = prep(st, sql, err)))
		return -1;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, (int64_t)from);
	if (run(st, q, err))
		return -1;
	snprintf(sql, sizeof sql, "UPDATE %s SET pos = pos - 1000000 + ?2 WHERE sheet_id = ?1 AND pos >= 1000000",
		 row_table(kind));
	if (!(q = prep(st, sql, err)))
		return -1;
	bind_int(st, q, 1, id);
	bind_int(st, q, 2, by);
	return run(st, q, err);
}

/* Fund rows keep their order in pos: number them 0, 1, … in the order of
 * s's rows, leaving out row `skip` and making room at `gap` (either may be
 * (size_t)-1 for none). */
static int renumber_funds(jx_store *st, const jx_sheet *s, size_t skip, size_t gap, jx_err *err)
{
	sqlite3_stmt *q = prep(st, "UPDATE funds SET pos = pos + 1000000 WHERE sheet_id = ?1", err);
	size_t pos = 0;
	if (!q)
		return -1;
	bind_int(st, q, 1, s->id);
	if (run(st, q, err))
		return -1;
	for (size_t i = 0; i < s->n_funds; i++) {
		if (i == skip)
			continue;
		if (pos == gap)
			pos++;
		if (!(q = prep(st, "UPDATE funds SET pos = ?3 WHERE sheet_id = ?1 AND source = ?2", err)))
			return -1;
		bind_int(st, q, 1, s->id);
		bind_text(st, q, 2, s->funds[i].source);
		bind_int(st, q, 3, (int64_t)pos++);
		if (run(st, q, err))
			return -1;
	}
	return 0;
}

static void remove_row(jx_sheet *s, jx_row_kind kind, size_t at)
{
	switch (kind) {
	case JX_ROW_FUND:
		free(s->funds[at].source);
		memmove(&s->funds[at], &s->funds[at + 1], (s->n_funds - at - 1) * sizeof s->funds[0]);
		s->n_funds--;
		break;
	case JX_ROW_SUB:
		free(s->subs[at].name);
		memmove(&s->subs[at], &s->subs[at + 1], (s->n_subs - at - 1) * sizeof s->subs[0]);
		s->n_subs--;
		break;
	case JX_ROW_BASIS:
		free(s->basis[at]);
		memmove(&s->basis[at], &s->basis[at + 1], (s->n_basis - at - 1) * sizeof s->basis[0]);
		s->n_basis--;
		break;
	case JX_ROW_GOAL:
		free(s->goals[at].planned);
		free(s->goals[at].actual);
		memmove(&s->goals[at], &s->goals[at + 1], (s->n_goals - at - 1) * sizeof s->goals[0]);
		s->n_goals--;
		break;
	}
}

/* Append a copy of row from_at of `from` to s and move it to position at. */
static int add_row_copy(jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *from, size_t from_at)
{
	switch (kind) {
	case JX_ROW_FUND: {
		const jx_fund *src = &from->funds[from_at];
		jx_fund *f = jx_sheet_add_fund(s, src->source), tmp;
		if (!f || !f->source)
			return -1;
		f->planned = src->planned;
		f->budget = src->budget;
		f->received = src->received;
		f->spent = src->spent;
		tmp = *f;
		memmove(&s->funds[at + 1], &s->funds[at], (s->n_funds - 1 - at) * sizeof tmp);
		s->funds[at] = tmp;
		return 0;
	}
	case JX_ROW_SUB: {
		const jx_subproject *src = &from->subs[from_at];
		jx_subproject *p = jx_sheet_add_sub(s), tmp;
		if (!p || jx_set_str(&p->name, src->name))
			return -1;
		p->budget = src->budget;
		p->spent = src->spent;
		tmp = *p;
		memmove(&s->subs[at + 1], &s->subs[at], (s->n_subs - 1 - at) * sizeof tmp);
		s->subs[at] = tmp;
		return 0;
	}
	case JX_ROW_BASIS: {
		char *tmp;
		if (jx_sheet_add_basis(s, from->basis[from_at]))
			return -1;
		tmp = s->basis[s->n_basis - 1];
		memmove(&s->basis[at + 1], &s->basis[at], (s->n_basis - 1 - at) * sizeof tmp);
		s->basis[at] = tmp;
		return 0;
	}
	case JX_ROW_GOAL: {
		const jx_goal *src = &from->goals[from_at];
		jx_goal *g = jx_sheet_add_goal(s), tmp;
		if (!g || jx_set_str(&g->planned, src->planned) || jx_set_str(&g->actual, src->actual))
			return -1;
		tmp = *g;
		memmove(&s->goals[at + 1], &s->goals[at], (s->n_goals - 1 - at) * sizeof tmp);
		s->goals[at] = tmp;
		return 0;
	}
	}
	return -1;
}

static int row_kind_ok(jx_row_kind kind, jx_err *err)
{
	if (kind == JX_ROW_FUND || kind == JX_ROW_SUB || kind == JX_ROW_BASIS || kind == JX_ROW_GOAL)
		return 0;
	jx_err_set(err, "未知的行类型 %d", "unknown kind of row %d", (int)kind);
	return -1;
}

int jx_store_delete_row(jx_store *st, jx_sheet *s, jx_row_kind kind, size_t at, const char *user, jx_err *err)
{
	char now[32], field[300], sql[128], *summary = NULL;
	sqlite3_stmt *q;
	int64_t rev;
	if (row_kind_ok(kind, err) || writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (at >= jx_store_row_count(s, kind)) {
		jx_err_set(err, "没有%s第 %zu 条（现有 %zu 条）", "there is no %s %zu (there are %zu)", row_list_name(kind),
			   at + 1, jx_store_row_count(s, kind));
		return -1;
	}
	now_iso(now);
	if (tx_begin(st, err))
		return -1;
	if (check_row_list(st, s, kind, &rev, err) || !(summary = row_summary(s, kind, at, err)))
		goto fail;
	if (kind == JX_ROW_FUND) {
		if (!(q = prep(st, "DELETE FROM funds WHERE sheet_id = ?1 AND source = ?2", err)))
			goto fail;
		bind_int(st, q, 1, s->id);
		bind_text(st, q, 2, s->funds[at].source);
		if (run(st, q, err) || renumber_funds(st, s, at, (size_t)-1, err))
			goto fail;
	} else {
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE sheet_id = ?1 AND pos = ?2", row_table(kind));
		if (!(q = prep(st, sql, err)))
			goto fail;
		bind_int(st, q, 1, s->id);
		bind_int(st, q, 2, (int64_t)at);
		if (run(st, q, err) || shift_rows(st, s->id, kind, at + 1, -1, err))
			goto fail;
	}
	row_field(s, kind, at, field, sizeof field);
	if (audit(st, now, user, s->id, field, summary, NULL, err) || bump(st, s->id, rev + 1, now, err) ||
	    tx_commit(st, err))
		goto fail;
	free(summary);
	remove_row(s, kind, at);
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, now);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	tx_rollback(st);
	free(summary);
	return -1;
}

int jx_store_insert_row(jx_store *st, jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *from, size_t from_at,
			const char *user, jx_err *err)
{
	char now[32], field[300], *summary = NULL;
	int64_t rev;
	if (row_kind_ok(kind, err) || writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	if (!from || from_at >= jx_store_row_count(from, kind)) {
		jx_err_set(err, "没有要恢复的%s", "there is no %s to put back", row_list_name(kind));
		return -1;
	}
	if (kind == JX_ROW_FUND && (!from->funds[from_at].source || !*from->funds[from_at].source)) {
		jx_err_set(err, "资金来源没有名称", "the fund source has no name");
		return -1;
	}
	if (kind == JX_ROW_FUND && jx_sheet_fund(s, from->funds[from_at].source)) {
		jx_err_set(err, "资金来源“%s”已在表中", "the fund source \"%s\" is in the sheet already",
			   from->funds[from_at].source);
		return -1;
	}
	if (at > jx_store_row_count(s, kind))
		at = jx_store_row_count(s, kind);
	now_iso(now);
	if (tx_begin(st, err))
		return -1;
	if (check_row_list(st, s, kind, &rev, err) || !(summary = row_summary(from, kind, from_at, err)))
		goto fail;
	switch (kind) {
	case JX_ROW_FUND:
		if (renumber_funds(st, s, (size_t)-1, at, err) ||
		    insert_fund_row(st, s->id, &from->funds[from_at], (int64_t)at, err))
			goto fail;
		break;
	case JX_ROW_SUB:
		if (shift_rows(st, s->id, kind, at, 1, err) || insert_sub_row(st, s->id, &from->subs[from_at], (int64_t)at, err))
			goto fail;
		break;
	case JX_ROW_BASIS:
		if (shift_rows(st, s->id, kind, at, 1, err) ||
		    insert_basis_row(st, s->id, from->basis[from_at], (int64_t)at, err))
			goto fail;
		break;
	case JX_ROW_GOAL:
		if (shift_rows(st, s->id, kind, at, 1, err) ||
		    insert_goal_row(st, s->id, &from->goals[from_at], (int64_t)at, err))
			goto fail;
		break;
	}
	if (kind == JX_ROW_FUND)
		snprintf(field, sizeof field, "fund:%s", from->funds[from_at].source);
	else
		row_field(s, kind, at, field, sizeof field);
	if (audit(st, now, user, s->id, field, NULL, summary, err) || bump(st, s->id, rev + 1, now, err) ||
	    tx_commit(st, err))
		goto fail;
	free(summary);
	if (add_row_copy(s, kind, at, from, from_at)) {
		after_commit_oom(err);
		return -1;
	}
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, now);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	tx_rollback(st);
	free(summary);
	return -1;
}
