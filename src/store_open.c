/* The store (see store.h; its files share store_int.h): opening a database
 * file (refusing one that is not ours or is newer, reading one in a
 * read-only directory as an unchanging file), its migrations in schema/ and
 * its pragmas, its identity (database id, origin), the user's name, and the
 * caller's own transactions. */
#include "store_int.h"
#include "store_list_memo.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"

/* ---- read-only ---- */

static void readonly_error(const jx_store *st, jx_err *err)
{
	if (jx_store_schema_damage(st, err))
		return;
	if (st->ro_dir)
		jx_err_set(err, "数据库文件所在的目录只读（无法建立日志文件），数据库只能查看，无法保存",
			   "the database's directory is read-only (no log file can be made there): the database can be "
			   "looked at but nothing can be saved");
	else
		jx_err_set(err, "数据库文件只读，无法保存", "the database file is read-only; nothing was saved");
}

int store_writable(jx_store *st, jx_err *err)
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

/* Sync what is left, finalize every cached statement and close the connection. */
static void close_db(jx_store *st)
{
	if (st->db.h && st->unsynced) {
		jx_err ignored;
		jx_store_sync(st, &ignored);
	}
	jx_db_close(&st->db);
	list_memo_free(st); /* its stamps are the connection's own */
}

void jx_store_close(jx_store *st)
{
	if (!st)
		return;
	close_db(st);
	free(st->path);
	free(st);
}

/* Open the connection and read the file's application id, schema version
 * and number of tables. */
static int open_and_probe(jx_store *st, const char *name, int oflags, int64_t *app, int64_t *ver, int64_t *tables,
			  jx_err *err)
{
	if (jx_db_open(&st->db, name, oflags, err) || store_list_functions(st, err) ||
	    store_load_functions(st, err) || store_ind_rows_module(st, err))
		return -1;
	if (jx_db_int(&st->db, err, app, "PRAGMA application_id", NULL, 0) < 0 ||
	    jx_db_int(&st->db, err, ver, "PRAGMA user_version", NULL, 0) < 0 ||
	    jx_db_int(&st->db, err, tables, "SELECT count(*) FROM sqlite_master", NULL, 0) < 0) {
		if (!st->db.last_rc)
			st->db.last_rc = sqlite3_extended_errcode(st->db.h);
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

static int read_identity(jx_store *st, jx_err *err);

/* Run the embedded schema/ files from version `from` to `to`. */
static int run_migrations(jx_store *st, int from, int to, jx_err *err)
{
	for (int i = from; i < to; i++) {
		const jx_embedded *m = &jx_schema_files[i];
		char *text = malloc(m->len + 1), *msg = NULL;
		int rc;
		if (!text) {
			jx_db_no_memory(err);
			return -1;
		}
		memcpy(text, m->data, m->len);
		text[m->len] = 0;
		rc = sqlite3_exec(st->db.h, text, NULL, NULL, &msg);
		free(text);
		if (rc != SQLITE_OK) {
			jx_err_set(err, "数据库升级失败（%s：%s）", "upgrading the database failed (%s: %s)", m->name,
				   msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			return -1;
		}
	}
	return 0;
}

static int migrate(jx_store *st, int to, jx_err *err)
{
	int64_t cur;
	char sql[128];
	if (jx_db_begin(&st->db, err))
		return -1;
	/* another program may have migrated between our look and our lock */
	if (jx_db_int(&st->db, err, &cur, "PRAGMA user_version", NULL, 0) < 0 || run_migrations(st, (int)cur, to, err))
		goto fail;
	/* sheets finalised by an older version get their digest (schema 3) */
	if (cur < 3 && to >= 3 && (read_identity(st, err) || store_seal_legacy(st, err)))
		goto fail;
	/* PRAGMA values cannot be bound; these are the program's own integers */
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", (int)JX_APPLICATION_ID);
	if (sqlite3_exec(st->db.h, sql, NULL, NULL, NULL) != SQLITE_OK)
		goto fail_db;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", to);
	if (sqlite3_exec(st->db.h, sql, NULL, NULL, NULL) != SQLITE_OK)
		goto fail_db;
	return jx_db_commit(&st->db, err);
fail_db:
	jx_db_error(&st->db, sqlite3_errcode(st->db.h), err);
fail:
	jx_db_rollback(&st->db);
	return -1;
}

/* The database's id from meta, and this machine's name for audit rows. */
static int read_identity(jx_store *st, jx_err *err)
{
	sqlite3_stmt *q = jx_db_prepare(&st->db, "SELECT value FROM meta WHERE key = 'db_id'", err);
	const unsigned char *v;
	char host[256];
	int rc;
	if (!q)
		return -1;
	rc = jx_db_step(&st->db, q, err);
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
	if (store_writable(st, err))
		return -1;
	return jx_db_begin(&st->db, err);
}

int jx_store_begin_bulk(jx_store *st, jx_err *err)
{
	if (store_writable(st, err))
		return -1;
	return jx_db_begin_bulk(&st->db, err);
}

int jx_store_commit(jx_store *st, jx_err *err)
{
	if (st->db.depth <= 0) {
		jx_err_set(err, "没有进行中的事务", "no transaction is open");
		return -1;
	}
	return jx_db_commit(&st->db, err);
}

void jx_store_rollback(jx_store *st)
{
	jx_db_rollback(&st->db);
}

/* Make the file (mode 0600) when it is missing and may be created; refuse
 * what is not a regular file. */
static int check_or_create(const char *path, int flags, jx_err *err)
{
	struct stat sb;
	int fd;
	if (stat(path, &sb) == 0) {
		if (S_ISREG(sb.st_mode))
			return 0;
		jx_err_set(err, "“%s”不是普通文件", "\"%s\" is not a regular file", path);
		return -1;
	}
	if (errno != ENOENT) {
		jx_err_set(err, "无法访问数据库文件“%s”：%s", "cannot access the database file \"%s\": %s", path,
			   strerror(errno));
		return -1;
	}
	if ((flags & JX_STORE_READONLY) || !(flags & JX_STORE_CREATE)) {
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
	if (fd >= 0 && (fchmod(fd, 0600) != 0 || close(fd) != 0)) {
		jx_err_set(err, "无法创建数据库文件“%s”：%s", "cannot create the database file \"%s\": %s", path,
			   strerror(errno));
		return -1;
	}
	return 0;
}

static int failed_code(const jx_store *st)
{
	return st->db.last_rc ? st->db.last_rc : st->db.h ? sqlite3_extended_errcode(st->db.h) : 0;
}

static void not_a_database(const char *path, jx_err *err)
{
	jx_err_set(err, "“%s”不是 jixiao 数据库（文件不是数据库）", "\"%s\" is not a jixiao database (file is not a database)",
		   path);
}

/* The first look at the file failed.  A database in a directory this user
 * cannot write: SQLite cannot make the shared-memory file its log needs
 * even to read.  Nobody can write the file through a log here either, so
 * it is read as an unchanging file, unless a log with changes not yet
 * folded in lies beside it (reading without it would show an older state). */
static int probe_read_only_dir(jx_store *st, const char *path, int64_t *app, int64_t *ver, int64_t *tables,
			       jx_err *err)
{
	int code = failed_code(st), rc;
	char *uri;
	if ((code & 0xff) == SQLITE_NOTADB) {
		not_a_database(path, err);
		return -1;
	}
	if (((code & 0xff) != SQLITE_READONLY && (code & 0xff) != SQLITE_CANTOPEN) || dir_writable(path))
		return -1;
	if (wal_pending(path)) {
		jx_err_set(err, "“%s”所在的目录只读，而数据库旁边的日志文件（-wal）中还有未并入的修改，无法可靠读取；"
			   "请在可写的目录中用 jixiao 打开一次",
			   "\"%s\" is in a read-only directory and its log file (-wal) holds changes not yet folded "
			   "in, so it cannot be read reliably; open it once with jixiao where the directory is writable",
			   path);
		return -1;
	}
	close_db(st);
	st->db.last_rc = 0;
	if (!(uri = immutable_uri(path))) {
		jx_err_set(err, "无法打开数据库文件“%s”：%s", "cannot open the database file \"%s\": %s", path, strerror(errno));
		return -1;
	}
	st->readonly = 1;
	st->ro_dir = 1;
	rc = open_and_probe(st, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, app, ver, tables, err);
	free(uri);
	if (rc && (failed_code(st) & 0xff) == SQLITE_NOTADB)
		not_a_database(path, err);
	return rc;
}

/* Is the file one this program may open as it is? */
static int check_kind(jx_store *st, const char *path, int64_t app, int64_t ver, int64_t tables, jx_err *err)
{
	int known = jx_store_schema_version();
	if ((app != 0 && app != JX_APPLICATION_ID) || (app == 0 && tables > 0)) {
		jx_err_set(err, "“%s”不是 jixiao 数据库（属于其他程序），未做任何改动",
			   "\"%s\" is not a jixiao database (it belongs to another program); it was left untouched", path);
		return -1;
	}
	if (ver > known) {
		jx_err_set(err, "“%s”由更新版本的 jixiao 写入（数据库结构版本 %d；本程序只认识 %d），未做任何改动",
			   "\"%s\" was written by a newer version of jixiao (schema %d; this program knows %d); it was left untouched",
			   path, (int)ver, known);
		return -1;
	}
	if (!st->readonly && sqlite3_db_readonly(st->db.h, "main") == 1)
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
		return -1;
	}
	return 0;
}

/* An upgrade that rebuilds a table (016 rebuilt the indicators) leaves the
 * old table's pages in the file as free space: a county's file of 43 MB
 * stayed at 81 MB.  When more than a quarter of the file is free right
 * after an upgrade, give the space back once.  Best effort: VACUUM needs
 * the file to itself and room for a copy of it; when another jixiao has it
 * open or the disk is short, it fails having changed nothing, and the free
 * pages are reused by later sheets as they would have been. */
static void compact_after_upgrade(jx_store *st)
{
	int64_t free_pages = 0, pages = 0;
	jx_err ignored = {{0}};
	if (jx_db_int(&st->db, &ignored, &free_pages, "PRAGMA freelist_count", NULL, 0) < 0 ||
	    jx_db_int(&st->db, &ignored, &pages, "PRAGMA page_count", NULL, 0) < 0 || free_pages * 4 <= pages)
		return;
	sqlite3_exec(st->db.h, "VACUUM", NULL, NULL, NULL);
}

/* Process-wide: every database a run opens is upgraded the same way, and
 * the front end sets who is told before it opens any. */
static jx_store_upgrade_fn upgrade_note;
static void *upgrade_note_ctx;

void jx_store_on_upgrade(jx_store_upgrade_fn fn, void *ctx)
{
	upgrade_note = fn;
	upgrade_note_ctx = ctx;
}

/* Migrate an existing file (ver > 0), its caller told before and after,
 * and give back the space the upgrade left free. */
static int upgrade(jx_store *st, int64_t ver, int known, jx_err *err)
{
	int rc;
	if (upgrade_note)
		upgrade_note((int)ver, known, 0, upgrade_note_ctx);
	rc = migrate(st, known, err);
	if (!rc)
		compact_after_upgrade(st);
	if (upgrade_note)
		upgrade_note((int)ver, known, rc ? -1 : 1, upgrade_note_ctx);
	return rc;
}

/* Pragmas of every connection, and the migrations a writable file needs. */
static int prepare_db(jx_store *st, int64_t ver, jx_err *err)
{
	int known = jx_store_schema_version();
	int64_t mode;
	if (jx_db_exec_sql(&st->db, "PRAGMA foreign_keys = ON", err))
		return -1;
	if (st->readonly)
		return 0;
	if (jx_db_int(&st->db, err, &mode, "PRAGMA journal_mode = WAL", NULL, 0) < 0 ||
	    jx_db_exec_sql(&st->db, "PRAGMA synchronous = FULL", err))
		return -1;
	if (ver >= known)
		return 0;
	return ver > 0 ? upgrade(st, ver, known, err) : migrate(st, known, err);
}

int jx_store_open(jx_store **out, const char *path, int flags, jx_err *err)
{
	jx_store *st;
	int64_t app = 0, ver = 0, tables = 0;

	*out = NULL;
	if (!path || !*path) {
		jx_err_set(err, "未指定数据库文件", "no database file given");
		return -1;
	}
	if (check_or_create(path, flags, err) || store_check_side_files(path, err))
		return -1;
	st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		jx_db_no_memory(err);
		return -1;
	}
	st->readonly = (flags & JX_STORE_READONLY) != 0;
	/* Look before touching anything: a file we must refuse stays as it is. */
	if (open_and_probe(st, path, st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, &app, &ver, &tables,
			   err) &&
	    probe_read_only_dir(st, path, &app, &ver, &tables, err))
		goto fail;
	if (check_kind(st, path, app, ver, tables, err) || prepare_db(st, ver, err) || store_check_schema(st, err) ||
	    read_identity(st, err))
		goto fail;
	store_check_directory(st, path);
	*out = st;
	return 0;
fail:
	jx_store_close(st);
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
	return jx_db_int(&st->db, err, &got, sql, NULL, 0) < 0 ? -1 : 0;
}
