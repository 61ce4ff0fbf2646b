/* Finalised sheets and database files through the command line: the
 * real binary (./jixiao, or build/jixiao-asan in the sanitizer build of
 * this test, so that its leaks count), the way a user runs it; finalise,
 * verify, reopen, history, bundles, a read-only directory, and exports
 * that stay where they are asked to go.  A database is changed behind the
 * program's back with the sqlite3 shell.  Helpers: finaltest.h. */
#include "finaltest.h"

/* ======================================================================
 * The command line
 */

static int have_sqlite3_shell(void)
{
	return system("command -v sqlite3 >/dev/null 2>&1") == 0;
}

static void shell_sql(const char *db, const char *sql)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\" >/dev/null 2>&1", db, sql);
	if (system(cmd) != 0) {
		print_error("sqlite3 shell failed: %s\n", sql);
		fail();
	}
}

static void test_cli_finalise_verify_reopen(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	cli_run r = {0};
	char digest[65], line[512], trigger[2048];
	const char *p;
	if (!have_sqlite3_shell()) {
		print_error("the sqlite3 shell is not installed (make test installs it)\n");
		fail();
	}
	jx_run(&r, t, J, 0, t->db, "import", sample(JIANGMEN), sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 0, "verify with nothing finalised");
	assert_contains(r.o, "数据库中没有定稿的评价表");
	cli_free(&r);

	/* Jiangmen leaves 12 required deviation reasons unwritten (1 W602 + 11
	 * W603): refused without --force, and nothing finalised */
	jx_run(&r, t, J, 0, t->db, "finalise", "1", NULL);
	expect(&r, 3, "finalise an incomplete sheet without --force");
	assert_contains(r.e, "评价表 1（工业发展管理经费）尚有 12 项未填（见 jixiao check 1），未定稿；确要定稿请加 --force");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 0, "verify after the refusal");
	assert_contains(r.o, "数据库中没有定稿的评价表");
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "finalise", "1", "--force", NULL);
	expect(&r, 0, "finalise --force");
	assert_contains(r.o, "评价表 1（工业发展管理经费）已定稿");
	p = strstr(r.o, "SHA-256 摘要: ");
	assert_non_null(p);
	snprintf(digest, sizeof digest, "%.64s", p + strlen("SHA-256 摘要: "));
	assert_true(strspn(digest, "0123456789abcdef") == 64);
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "finalise", "1", NULL);
	expect(&r, 0, "finalise twice (no --force needed: it is final already)");
	assert_contains(r.o, "已经定稿");
	cli_free(&r);

	/* every edit refused with the way out, exit 3 */
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "某人", NULL);
	expect(&r, 3, "set on a finalised sheet");
	assert_contains(r.e, "该表已定稿，须先重新打开（jixiao reopen 1 --reason …）才能修改");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "2", "status", "final", NULL);
	expect(&r, 3, "status final by set");
	assert_contains(r.e, "jixiao finalise 2");
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 0, "verify intact");
	snprintf(line, sizeof line, "评价表 1（工业发展管理经费）：定稿内容完好（SHA-256 %s）", digest);
	assert_contains(r.o, line);
	assert_contains(r.o, "共核对 1 张定稿评价表：1 张完好，0 张定稿后被改动");
	cli_free(&r);

	/* behind the program's back with the sqlite3 shell: the guard first */
	{
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"UPDATE indicators SET actual = 9000000 WHERE sheet_id = 1\" >/dev/null 2>&1",
			 t->db);
		assert_int_not_equal(system(cmd), 0);
	}
	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 0, "a refused change leaves it intact");
	cli_free(&r);
	{
		/* the trigger as the migration made it, to put back below */
		sqlite3 *raw = raw_open(t->db);
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(raw, "SELECT sql FROM sqlite_master WHERE name = 'indicators_final_update'",
						    -1, &q, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		snprintf(trigger, sizeof trigger, "%s", (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		sqlite3_close(raw);
	}
	shell_sql(t->db, "DROP TRIGGER indicators_final_update; UPDATE indicators SET actual = 9000000 WHERE sheet_id = 1 "
			 "AND pos = 0;");
	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 1, "verify finds the change");
	/* and the trigger taken away */
	assert_contains(r.e, "数据库结构被改动过：触发器 indicators_final_update 缺失");
	snprintf(line, sizeof line, "评价表 1（工业发展管理经费）：定稿后内容被改动过！定稿时的 SHA-256 摘要为 %s，现在为 ", digest);
	assert_contains(r.o, line);
	assert_contains(r.o, "0 张完好，1 张定稿后被改动");
	assert_contains(r.e, "1 张定稿评价表的内容在定稿后被改动过");
	cli_free(&r);
	/* named, with one that is not finalised */
	jx_run(&r, t, J, 0, t->db, "verify", "2", "1", NULL);
	expect(&r, 1, "verify named");
	assert_contains(r.o, "评价表 2（2023年工业发展专项资金）：未定稿");
	assert_contains(r.o, line);
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "show", "1", NULL);
	expect(&r, 0, "show a changed final sheet");
	assert_contains(r.o, "定稿后内容被改动过！");
	cli_free(&r);

	/* with the trigger missing nothing is written */
	jx_run(&r, t, J, 0, t->db, "reopen", "1", "--reason", "核实实际值", NULL);
	expect(&r, 4, "reopen with a trigger missing");
	assert_contains(r.e, "jixiao 不再向此数据库写入");
	cli_free(&r);
	{
		/* put back exactly as it was: writing works again */
		sqlite3 *raw = raw_open(t->db);
		assert_int_equal(raw_exec(raw, trigger, NULL, 0), SQLITE_OK);
		sqlite3_close(raw);
	}

	/* reopen: the reason is required */
	jx_run(&r, t, J, 0, t->db, "reopen", "1", NULL);
	expect(&r, 2, "reopen without --reason");
	assert_contains(r.e, "--reason");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "reopen", "1", "--reason", "  ", NULL);
	expect(&r, 2, "reopen with a blank reason");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "reopen", "2", "--reason", "试试", NULL);
	expect(&r, 3, "reopen a sheet not finalised");
	assert_contains(r.e, "没有定稿");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "reopen", "1", "--reason", "核实实际值", NULL);
	expect(&r, 0, "reopen");
	assert_contains(r.o, "已重新打开，状态为“已送审”");
	assert_contains(r.e, "被改动过"); /* reopening does not hide it */
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", "sheet:reopen", NULL);
	expect(&r, 0, "history of the reopening");
	snprintf(line, sizeof line, "tester  sheet:reopen: sha256:%s -> 核实实际值", digest);
	assert_contains(r.o, line);
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "某人", NULL);
	expect(&r, 0, "set after reopening");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "verify", "1", NULL);
	expect(&r, 0, "verify after reopening");
	assert_contains(r.o, "未定稿");
	cli_free(&r);
}

/* history: when, who, old -> new, for a field and for the sheet. */
static void test_cli_history(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	cli_run r = {0};
	char *p;
	jx_run(&r, t, J, 0, t->db, "import", sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "张三", NULL);
	expect(&r, 0, "set 1");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "李四", NULL);
	expect(&r, 0, "set 2");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", "info:manager", NULL);
	expect(&r, 0, "history of a field");
	/* "  2024-05-01T08:00:00Z  tester  info:manager: 张三 -> 李四" */
	p = strstr(r.o, "  tester  info:manager:  -> 张三\n");
	assert_non_null(p);
	assert_true(p - r.o == 2 + 20);
	assert_true(r.o[2 + 4] == '-' && r.o[2 + 10] == 'T' && r.o[2 + 19] == 'Z');
	assert_contains(r.o, "  tester  info:manager: 张三 -> 李四\n");
	assert_true(strstr(r.o, "sheet:create") == NULL); /* only that field */
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", NULL);
	expect(&r, 0, "history of the sheet");
	assert_contains(r.o, "sheet:create");
	assert_contains(r.o, "张三 -> 李四");
	cli_free(&r);
	/* the command line offers nothing that changes the record */
	jx_run(&r, t, J, 0, t->db, "--help", NULL);
	expect(&r, 0, "help");
	assert_true(strstr(r.o, "audit") == NULL);
	assert_true(strstr(r.o, "删除修改记录") == NULL);
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", "info:manager", "--force", NULL);
	expect(&r, 2, "history takes no option to change it");
	cli_free(&r);
}

/* A bundle whose later version would change a finalised sheet: reported,
 * nothing imported; settled by reopening and choosing. */
static void test_cli_bundle_cannot_change_a_finalised_sheet(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	cli_run r = {0};
	char a[300], b[300], x[300], y[300], h0[65], h1[65];
	snprintf(a, sizeof a, "%s/a.db", t->dir);
	snprintf(b, sizeof b, "%s/b.db", t->dir);
	snprintf(x, sizeof x, "%s/x.yaml", t->dir);
	snprintf(y, sizeof y, "%s/y.yaml", t->dir);
	jx_run(&r, t, J, 0, a, "import", sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import into a");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "finalise", "1", NULL);
	expect(&r, 0, "finalise in a");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "export", "1", "-o", x, NULL);
	expect(&r, 0, "export from a");
	cli_free(&r);
	/* b receives it finalised */
	jx_run(&r, t, J, 0, b, "import", x, NULL);
	expect(&r, 0, "import into b");
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "verify", NULL);
	expect(&r, 0, "b has it finalised");
	assert_contains(r.o, "1 张完好");
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "set", "1", "info:manager", "乙方", NULL);
	expect(&r, 3, "b cannot change it");
	cli_free(&r);
	/* b reopens it and changes it; its version extends a's history */
	jx_run(&r, t, J, 0, b, "reopen", "1", "--reason", "乙方更正", NULL);
	expect(&r, 0, "reopen in b");
	assert_contains(r.o, "状态为“已送审”"); /* the status before, from the history */
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "set", "1", "info:manager", "乙方", NULL);
	expect(&r, 0, "change in b");
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "export", "1", "-o", y, NULL);
	expect(&r, 0, "export from b");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "list", NULL); /* fold the log into the file */
	cli_free(&r);
	file_sha256(a, h0);
	jx_run(&r, t, J, 0, a, "import", y, NULL);
	expect(&r, 3, "a refuses a later version of its finalised sheet");
	assert_contains(r.e, "评价表 1（2023年工业发展专项资金）已定稿");
	assert_contains(r.e, "jixiao reopen 1 --reason");
	assert_contains(r.e, "未导入任何评价表");
	cli_free(&r);
	file_sha256(a, h1);
	assert_string_equal(h0, h1);
	/* the way out it names */
	jx_run(&r, t, J, 0, a, "reopen", "1", "--reason", "采用乙方更正", NULL);
	expect(&r, 0, "reopen in a");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "import", y, NULL);
	expect(&r, 0, "import after reopening");
	assert_contains(r.o, "冲突");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "resolve", "1", "--keep", "incoming", NULL);
	expect(&r, 0, "resolve");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "show", "1", NULL);
	expect(&r, 0, "show");
	assert_contains(r.o, "乙方");
	cli_free(&r);
}

/* A database in a read-only directory: looked at with list, show and
 * score; changes refused in words; the file as it was. */
static void test_cli_readonly_directory(void **state)
{
	tmpdb *t = *state;
	const char *J0 = jixiao_bin();
	char J[300], d[300], db[300], h0[65], h1[65];
	cli_run r = {0};
	snprintf(d, sizeof d, "%s/ro", t->dir);
	snprintf(db, sizeof db, "%s/ro/jx.db", t->dir);
	/* a copy of the program the user nobody can reach */
	snprintf(J, sizeof J, "%s/jixiao", t->dir);
	copy_file(J0, J, 0755);
	assert_int_equal(mkdir(d, 0755), 0);
	jx_run(&r, t, J, 0, db, "import", sample(JIANGMEN), sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);
	if (getuid() == 0) {
		assert_int_equal(chown(d, NOBODY, NOBODY), 0);
		assert_int_equal(chown(db, NOBODY, NOBODY), 0);
	}
	assert_int_equal(chmod(d, 0555), 0);
	file_sha256(db, h0);
	jx_run(&r, t, J, 1, db, "list", NULL);
	expect(&r, 0, "list");
	assert_contains(r.o, "工业发展管理经费");
	assert_contains(r.o, "2023年工业发展专项资金");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "show", "2", NULL);
	expect(&r, 0, "show");
	assert_contains(r.o, "景德镇市工业和信息化局");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "score", "2", NULL);
	expect(&r, 0, "score");
	/* 1659 ÷ 1717 = 0.966220… → 96.62% */
	assert_contains(r.o, "96.62%");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "verify", NULL);
	expect(&r, 0, "verify");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "set", "2", "info:manager", "某人", NULL);
	expect(&r, 4, "set");
	assert_contains(r.e, "目录只读");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "finalise", "2", NULL);
	expect(&r, 4, "finalise");
	assert_contains(r.e, "只读");
	cli_free(&r);
	file_sha256(db, h1);
	assert_string_equal(h0, h1);
	{
		char *l = listing(d);
		assert_string_equal(l, "jx.db\n");
		free(l);
	}
	chmod(d, 0755);
}

/* Sheet names with / and .. never become paths: each export writes the one
 * file it was asked for, and its temporary files are gone afterwards. */
static void test_cli_exports_stay_where_asked(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	static const char *const formats[] = {"yaml", "xlsx", "csv", "html", "md", "report-html"};
	char out[300], tmp[300], home[300], *l0, *l1;
	cli_run r = {0};
	jx_run(&r, t, J, 0, t->db, "import", sample(JINGDEZHEN), sample(JIANGMEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:name", "../../逃逸/..", NULL);
	expect(&r, 0, "a name with ..");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "2", "info:name", "/tmp/x/../y", NULL);
	expect(&r, 0, "a name with /");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:unit", "a/b\\c", NULL);
	expect(&r, 0, "a unit with / and \\");
	cli_free(&r);
	snprintf(out, sizeof out, "%s/out", t->dir);
	snprintf(tmp, sizeof tmp, "%s/tmp", t->dir);
	snprintf(home, sizeof home, "%s/home", t->dir);
	assert_int_equal(mkdir(out, 0755), 0);
	assert_int_equal(mkdir(tmp, 0755), 0);
	assert_int_equal(mkdir(home, 0755), 0);
	setenv("TMPDIR", tmp, 1);
	setenv("HOME", home, 1);
	l0 = listing(t->dir);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		char file[400], want[64];
		snprintf(file, sizeof file, "%s/e%zu.%s", out, i, formats[i]);
		jx_run(&r, t, J, 0, t->db, "export", "--format", formats[i], "--all", "-o", file, NULL);
		expect(&r, 0, formats[i]);
		cli_free(&r);
		/* out/ holds the files so far, and nothing else */
		l1 = listing(out);
		{
			size_t lines = 0;
			for (char *q = l1; *q; q++)
				lines += *q == '\n';
			assert_int_equal(lines, i + 1);
		}
		snprintf(want, sizeof want, "e%zu.%s\n", i, formats[i]);
		assert_contains(l1, want);
		free(l1);
		l1 = listing(tmp);
		assert_string_equal(l1, "");
		free(l1);
		l1 = listing(home);
		assert_string_equal(l1, "");
		free(l1);
	}
	unsetenv("TMPDIR");
	unsetenv("HOME");
	/* beside the database only what was there */
	l1 = listing(t->dir);
	assert_string_equal(l0, l1);
	free(l0);
	free(l1);
	/* where the names would lead if they were paths */
	{
		char esc[400];
		snprintf(esc, sizeof esc, "%s/../../逃逸", out);
		assert_false(exists(esc));
		assert_false(exists("逃逸"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cli_finalise_verify_reopen, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_history, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_bundle_cannot_change_a_finalised_sheet, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_readonly_directory, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_exports_stay_where_asked, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
