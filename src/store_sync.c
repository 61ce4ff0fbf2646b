/* The store's deferred sync: a commit reaches the write-ahead log at once
 * and the disk when jx_store_sync runs (the workstation shows a change
 * before waiting for the disk).  The log is synced through its own file
 * handle (its xSync), and checkpoints run here rather than in the middle
 * of a commit.  See store.h for the promise each step keeps. */
#include "store_int.h"

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
	if (jx_db_exec_sql(&st->db, "PRAGMA synchronous = NORMAL", err))
		return -1;
	sqlite3_wal_hook(st->db.h, wal_committed, st);
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
	rc = sqlite3_file_control(st->db.h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log);
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
		sqlite3_wal_checkpoint_v2(st->db.h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		st->wal_frames = 0;
	}
	return 0;
}
