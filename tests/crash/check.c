/* Database checks for the workstation drivers (check.h). */
#define _GNU_SOURCE
#include "check.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const field_def drive_fields[] = {
	{"department", "主管部门"},
	{"unit", "项目实施单位"},
	{"manager", "项目负责人"},
	{"phone", "联系电话"},
};
const size_t n_drive_fields = sizeof drive_fields / sizeof drive_fields[0];

int field_by_label(const char *label)
{
	for (size_t i = 0; i < n_drive_fields; i++)
		if (strcmp(drive_fields[i].label, label) == 0)
			return (int)i;
	return -1;
}

static sqlite3 *open_db(const char *db, char *why, size_t len)
{
	sqlite3 *h = NULL;
	/* read-write, as the next run of the program would: a log left by
	 * the killed process is recovered here */
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(why, len, "cannot open %s: %s", db, h ? sqlite3_errmsg(h) : "?");
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, 10000);
	return h;
}

int db_integrity(const char *db, char *why, size_t len)
{
	sqlite3 *h = open_db(db, why, len);
	sqlite3_stmt *q;
	int ok = -1;
	if (!h)
		return -1;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW) {
			const char *r = (const char *)sqlite3_column_text(q, 0);
			if (r && strcmp(r, "ok") == 0)
				ok = 0;
			else
				snprintf(why, len, "integrity_check: %s", r ? r : "(null)");
		} else {
			snprintf(why, len, "integrity_check: %s", sqlite3_errmsg(h));
		}
		sqlite3_finalize(q);
	} else {
		snprintf(why, len, "integrity_check: %s", sqlite3_errmsg(h));
	}
	sqlite3_close(h);
	return ok;
}

static const char *nz(const unsigned char *s)
{
	return s ? (const char *)s : "";
}

void strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int db_field_chain(const char *db, int64_t id, const char *key, const char *initial, char ***news, size_t *n,
		   char *why, size_t len)
{
	sqlite3 *h = open_db(db, why, len);
	sqlite3_stmt *q = NULL;
	char field[64], sql[160], *prev = NULL;
	char **v = NULL;
	size_t cnt = 0, cap = 0;
	int rc = -1;
	*news = NULL;
	*n = 0;
	if (!h)
		return -1;
	snprintf(field, sizeof field, "info:%s", key);
	if (sqlite3_prepare_v2(h, "SELECT old_value, new_value, id FROM audit WHERE sheet_id = ?1 AND field = ?2 ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK)
		goto db_fail;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, field, -1, SQLITE_STATIC);
	prev = strdup(initial);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *o = nz(sqlite3_column_text(q, 0)), *nw = nz(sqlite3_column_text(q, 1));
		if (strcmp(o, prev) != 0) {
			snprintf(why, len, "%s: audit row %lld says the old value was \"%s\" but the value before it was \"%s\" "
				 "(a lost or half-written change)",
				 field, (long long)sqlite3_column_int64(q, 2), o, prev);
			goto out;
		}
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = realloc(v, cap * sizeof *v);
		}
		v[cnt++] = strdup(nw);
		free(prev);
		prev = strdup(nw);
	}
	sqlite3_finalize(q);
	q = NULL;
	snprintf(sql, sizeof sql, "SELECT %s FROM sheets WHERE id = ?1", key);
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK)
		goto db_fail;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		snprintf(why, len, "sheet %lld is gone", (long long)id);
		goto out;
	}
	if (strcmp(nz(sqlite3_column_text(q, 0)), prev) != 0) {
		snprintf(why, len, "%s holds \"%s\" but its last audit row says \"%s\" (half-written)", field,
			 nz(sqlite3_column_text(q, 0)), prev);
		goto out;
	}
	rc = 0;
	*news = v;
	*n = cnt;
	v = NULL;
	goto out;
db_fail:
	snprintf(why, len, "%s", sqlite3_errmsg(h));
out:
	if (v)
		strings_free(v, cnt);
	free(prev);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return rc;
}

int db_sheet_counts(const char *db, int64_t id, int64_t *revision, int64_t *rows, char *why, size_t len)
{
	sqlite3 *h = open_db(db, why, len);
	sqlite3_stmt *q;
	int rc = -1;
	if (!h)
		return -1;
	if (sqlite3_prepare_v2(h,
			       "SELECT revision, (SELECT count(*) FROM audit WHERE sheet_id = ?1) FROM sheets WHERE id = ?1", -1,
			       &q, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, id);
		if (sqlite3_step(q) == SQLITE_ROW) {
			*revision = sqlite3_column_int64(q, 0);
			*rows = sqlite3_column_int64(q, 1);
			rc = 0;
		} else {
			snprintf(why, len, "sheet %lld: %s", (long long)id, sqlite3_errmsg(h));
		}
		sqlite3_finalize(q);
	} else {
		snprintf(why, len, "%s", sqlite3_errmsg(h));
	}
	sqlite3_close(h);
	return rc;
}

int db_field_value(const char *db, int64_t id, const char *key, char *out, size_t len)
{
	char why[256], sql[128];
	sqlite3 *h = open_db(db, why, sizeof why);
	sqlite3_stmt *q;
	int rc = -1;
	out[0] = 0;
	if (!h)
		return -1;
	snprintf(sql, sizeof sql, "SELECT %s FROM sheets WHERE id = ?1", key);
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, id);
		if (sqlite3_step(q) == SQLITE_ROW) {
			snprintf(out, len, "%s", nz(sqlite3_column_text(q, 0)));
			rc = 0;
		}
		sqlite3_finalize(q);
	}
	sqlite3_close(h);
	return rc;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

long wal_uncommitted_frames(const char *db)
{
	char path[4096];
	unsigned char hdr[32], fh[24];
	FILE *f;
	uint32_t page, salt1, salt2;
	long frames = 0, pending = 0;
	snprintf(path, sizeof path, "%s-wal", db);
	if (!(f = fopen(path, "rb")))
		return 0;
	if (fread(hdr, 1, sizeof hdr, f) != sizeof hdr || (be32(hdr) & 0xFFFFFFFEu) != 0x377f0682u) {
		fclose(f);
		return 0;
	}
	page = be32(hdr + 8);
	salt1 = be32(hdr + 16);
	salt2 = be32(hdr + 20);
	if (page < 512 || page > 65536) {
		fclose(f);
		return 0;
	}
	/* frames of this generation of the log carry its salts; a commit
	 * frame gives the database size, the others 0 */
	while (fread(fh, 1, sizeof fh, f) == sizeof fh) {
		if (be32(fh + 8) != salt1 || be32(fh + 12) != salt2)
			break;
		frames++;
		pending = be32(fh + 4) ? 0 : pending + 1;
		if (fseek(f, (long)page, SEEK_CUR) != 0)
			break;
	}
	fclose(f);
	(void)frames;
	return pending;
}

int db_audit_has(const char *db, int64_t id, const char *key, const char *value)
{
	char why[256], field[64];
	sqlite3 *h = open_db(db, why, sizeof why);
	sqlite3_stmt *q;
	int found = 0;
	if (!h)
		return -1;
	snprintf(field, sizeof field, "info:%s", key);
	if (sqlite3_prepare_v2(h, "SELECT 1 FROM audit WHERE sheet_id = ?1 AND field = ?2 AND new_value = ?3", -1, &q, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_text(q, 2, field, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, value, -1, SQLITE_STATIC);
		found = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_finalize(q);
	} else {
		found = -1;
	}
	sqlite3_close(h);
	return found;
}
