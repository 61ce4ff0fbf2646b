/* The command line of comments on fields (批注, comment.h): comment,
 * comments, answer, resolve-comment, reopen-comment.  A comment is named by
 * the sheet's ID and its number in `jixiao comments ID`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "app_comment.h"
#include "cli_int.h"

/* Text from a database or a bundle on one line (a line break or tab shown
 * as a blank; the terminal itself is guarded by main). */
static void put_line(const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, stdout);
}

/* "time  user" (user@machine when written on another machine). */
static void put_who(const jx_comment_note *n, const char *here)
{
	put_line(n->at);
	fputs("  ", stdout);
	put_line(n->user);
	if (n->origin && *n->origin && strcmp(n->origin, here) != 0) {
		fputc('@', stdout);
		put_line(n->origin);
	}
}

static void print_comment(const jx_sheet *s, const jx_comment *k, size_t number, const char *here)
{
	char label[400];
	jx_comment_place_label(s, k->place, label, sizeof label);
	printf("%zu. [%s] ", number, jx_comment_status_label(k->resolved));
	put_line(label);
	fputs("（", stdout);
	put_line(k->place);
	fputs("）\n   ", stdout);
	put_who(&k->note, here);
	fputs("  ", stdout);
	put_line(k->note.text);
	fputc('\n', stdout);
	for (size_t j = 0; j < k->n_answers; j++) {
		fputs(L("     答复 ", "     answer "), stdout);
		put_who(&k->answers[j], here);
		fputs("  ", stdout);
		put_line(k->answers[j].text);
		fputc('\n', stdout);
	}
	if (k->status.at) {
		printf("     %s ", k->resolved ? L("标为已解决", "marked resolved") : L("重新打开", "reopened"));
		put_who(&k->status, here);
		fputc('\n', stdout);
	}
}

int cmd_comments(cli_t *c)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_comments cs = {0};
	jx_err err = {{0}};
	size_t open;
	int rc = cli_open_db(c, JX_APP_OPEN_READ, &st);
	if (rc)
		return rc;
	if ((rc = cli_load_by_arg(st, c->pos[0], &s)))
		goto done;
	if (jx_app_comments(st, s->id, &cs, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	open = jx_comments_open(&cs);
	cli_out("评价表 %lld（%s）：批注 %zu 条，未解决 %zu 条\n", "sheet %lld (%s): %zu comments, %zu open\n",
		(long long)s->id, sheet_name(s), cs.n, open);
	for (size_t i = 0; i < cs.n; i++)
		if (!c->open_only || !cs.v[i].resolved)
			print_comment(s, &cs.v[i], i + 1, jx_store_origin(st));
done:
	jx_comments_free(&cs);
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

/* A comment's number as typed; 0 when it is not one (after a message). */
static size_t number_arg(const char *arg)
{
	char *end;
	long long v;
	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v < 1 || v > 1000000) {
		cli_err("批注序号须为正整数（见 jixiao comments 编号）：%s", "a comment number is a positive whole number (see jixiao comments ID): %s",
			arg);
		return 0;
	}
	return (size_t)v;
}

/* What the operations return, as an exit code after the message. */
static int op_code(int rc, const jx_err *err)
{
	if (rc == 0)
		return 0;
	cli_jx(err);
	return rc == -2 ? JX_EXIT_INPUT : JX_EXIT_DB;
}

enum { OP_ADD, OP_ANSWER, OP_RESOLVE, OP_REOPEN };

static int comment_op(cli_t *c, int op)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	size_t number = 0;
	int rc;
	if (op != OP_ADD && !(number = number_arg(c->pos[1])))
		return JX_EXIT_USAGE;
	if ((rc = cli_open_db(c, JX_APP_OPEN_WRITE, &st)))
		return rc;
	if ((rc = cli_load_by_arg(st, c->pos[0], &s)))
		goto done;
	switch (op) {
	case OP_ADD:
		if (!(rc = op_code(jx_app_comment_add(st, s, c->pos[1], c->pos[2], c->user, &number, &err), &err)))
			cli_out("已在评价表 %lld 添加第 %zu 条批注\n", "sheet %lld: comment %zu added\n", (long long)s->id,
				number);
		break;
	case OP_ANSWER:
		if (!(rc = op_code(jx_app_comment_answer(st, s, number, c->pos[2], c->user, &err), &err)))
			cli_out("已答复评价表 %lld 的第 %zu 条批注\n", "sheet %lld: comment %zu answered\n", (long long)s->id,
				number);
		break;
	default:
		if (!(rc = op_code(jx_app_comment_resolve(st, s, number, op == OP_RESOLVE, c->user, &err), &err))) {
			if (op == OP_RESOLVE)
				cli_out("评价表 %lld 的第 %zu 条批注已标为已解决\n", "sheet %lld: comment %zu marked resolved\n",
					(long long)s->id, number);
			else
				cli_out("评价表 %lld 的第 %zu 条批注已重新打开\n", "sheet %lld: comment %zu reopened\n",
					(long long)s->id, number);
		}
		break;
	}
done:
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

int cmd_comment(cli_t *c)
{
	return comment_op(c, OP_ADD);
}

int cmd_answer(cli_t *c)
{
	return comment_op(c, OP_ANSWER);
}

int cmd_resolve_comment(cli_t *c)
{
	return comment_op(c, OP_RESOLVE);
}

int cmd_reopen_comment(cli_t *c)
{
	return comment_op(c, OP_REOPEN);
}
