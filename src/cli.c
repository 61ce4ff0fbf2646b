/* The jixiao command line: main, the options, the table of commands and
 * the dispatch to them; --help and the man page's command list are made
 * from the table.  The commands themselves are in cli_sheets.c,
 * cli_exchange.c and cli_edit.c (see cli_int.h).
 *
 * Every command reports its errors on stderr in the user's language and
 * returns one of the documented exit codes (app.h).  Nothing is written to
 * the database before every input has been read and accepted: import parses
 * all files first and stores all their sheets in one transaction; export
 * writes a temporary file and renames it into place, reading the sheets from
 * the database one at a time while it writes.  The commands that only read
 * (list, show, score, check, history, verify, export) never create or set up
 * a database file.
 */
#include "cli_int.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app_review.h"
#include "export.h"
#include "export_collect.h"
#include "safefile.h"
#include "textwidth.h"
#include "ttysafe.h"

/* ---------------------------------------------------------------------------
 * Messages
 */

/* "jixiao: message" without the newline; zh and en take the same arguments. */
static void vsay_err(const char *zh, const char *en, va_list ap)
{
	fputs("jixiao: ", stderr);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	vfprintf(stderr, L(zh, en), ap);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}

void cli_err(const char *zh, const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
	vsay_err(zh, en, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Messages that start with a location ("file:line:column: ") are printed
 * as they are so that editors can jump to them. */
void cli_jx(const jx_err *e)
{
	const char *m = e->msg[0] ? e->msg : L("未知错误", "unknown error");
	const char *colon = strchr(m, ':');
	if (colon && colon != m && colon[1] >= '0' && colon[1] <= '9')
		fprintf(stderr, "%s\n", m);
	else
		fprintf(stderr, "jixiao: %s\n", m);
}

void cli_msgs(const jx_app_msgs *m)
{
	for (size_t i = 0; i < m->n; i++) {
		jx_err e;
		snprintf(e.msg, sizeof e.msg, "%s", m->v[i]);
		cli_jx(&e);
	}
}

void cli_out(const char *zh, const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	vfprintf(stdout, L(zh, en), ap);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	va_end(ap);
}

/* ---------------------------------------------------------------------------
 * The commands
 *
 * One entry per command: its name, what runs it, how many arguments it
 * takes, the arguments as --help and the man page show them (placeholders
 * in capitals, see placeholders[]), and what it does in Chinese and in
 * English.  --help and `jixiao --help-man` (the command list of
 * share/jixiao.1, compared by tests/cli.sh) are made from this table.
 */

typedef struct {
	const char *name;
	int bit;                /* C_*: which options apply */
	int (*run)(cli_t *c);   /* NULL: handled by jx_cli_main */
	int min_args, max_args; /* max -1 = any */
	const char *args;
	const char *zh, *en;    /* NULL: not listed (a second spelling) */
} cli_command;

static const cli_command commands[] = {
	{"init", C_INIT, cmd_init, 0, 0, "", "创建数据库，或升级到本版本的格式",
	 "create the database, or bring it up to this version"},
	{"import", C_IMPORT, cmd_import, 1, -1, "[--template T] [--map COLUMN=FIELD,...] [--dry-run] FILE...",
	 "导入评价表文件或交换文件 (YAML)，按编号和修改记录合并：新增、已更新、本机较新、未变或冲突 (两个版本都保留)；"
	 "xlsx、xls 或 CSV 中的指标表 (按表头名称识别各列) 导入为模板 T 的新评价表，--dry-run 只显示各列的对应和各行；"
	 "有任何错误则一张也不导入",
	 "read sheet files and bundles (YAML) and merge them by uid and history: new, updated, newer here, unchanged or "
	 "conflict (both versions kept); an indicator table in xlsx, xls or CSV (columns found by their headings) "
	 "becomes a new sheet of template T, --dry-run only shows the columns' mapping and the rows; all or nothing"},
	{"export", C_EXPORT, cmd_export, 0, -1, "[--format F] (ID... | --all | --year Y) -o PATH",
	 "把评价表写到一个文件 (\"-o -\" 为标准输出)；格式为 yaml (交换文件，含各表修改记录，默认)、xlsx、csv、html、md "
	 "或 report-html (计分后的表格与评价报告草稿)，或 csv-data (每个指标一行，供数据透视)，或 summary (汇总工作簿 xlsx) "
	 "和 dashboard (汇总看板 HTML，含图表；这两种可不给编号)；路径已存在时须加 --force 才覆盖",
	 "write sheets to one file (\"-o -\": standard output); F = yaml (a bundle with each sheet's history, the "
	 "default), xlsx, csv, html, md or report-html (scored forms and report drafts), or csv-data (a row per "
	 "indicator, for pivot tables), or summary (the county summary workbook, xlsx) and dashboard (a printable HTML "
	 "dashboard with charts; these two need no IDs); an existing PATH is replaced only with --force"},
	{"list", C_LIST, cmd_list, 0, 0, "[--stage STAGE] [--light COLOUR]",
	 "列出数据库中的评价表及其阶段；--stage 只列该阶段 (declaration 申报、monitoring 监控、self 自评)；"
	 "--light 只列最差的灯为该颜色的监控表 (red 红、yellow 黄、green 绿)",
	 "the sheets in the database with their stages; --stage lists one stage only (declaration, monitoring, self); "
	 "--light lists the monitoring sheets whose worst light is that colour (red, yellow, green)"},
	{"stage", C_STAGE, cmd_stage, 2, 2, "ID STAGE [--month N]",
	 "由评价表生成同一项目同一年度的下一阶段 (declaration 申报、monitoring 监控 (--month N：截至 N 月)、self "
	 "自评)，复制项目概况、资金、年度总体目标、指标和指标值，打印新表编号",
	 "make the next stage of a sheet's project and year (declaration, monitoring for months 1-N with --month N, "
	 "or self), copying project information, funds, goals, indicators and targets; prints the new sheet's number"},
	{"collect", C_COLLECT, cmd_collect, 0, 0, "[--year Y] [--by unit|department|stage]",
	 "汇总：各年度按实施单位、主管部门或阶段分组的评价表数、各状态数、等级分布 (条形图)、平均执行率和问题数，"
	 "以及名单中未报送的单位",
	 "the collection view: sheets of each year by unit, department or stage, with counts by status, the grade "
	 "distribution (bars), the mean execution rate and findings, and the roster's units that have not submitted"},
	{"roster", C_ROSTER, cmd_roster, 1, 2, "import FILE | list",
	 "导入单位名单 (每行一个单位，可加逗号和主管部门；UTF-8 或 GB18030)，替换原名单；list 列出名单",
	 "import the roster of units expected to submit (one unit a line, optionally a comma and its department; "
	 "UTF-8 or GB18030), replacing the old one; list shows it"},
	{"library", C_LIBRARY, cmd_library, 1, -1,
	 "harvest [ID...] | import FILE | export [--format F] -o FILE | list [WORDS...] | delete ENTRY",
	 "指标库：harvest 从评价表收录指标 (默认全部定稿的表)，import 导入 YAML、xlsx 或 CSV 的指标库，export 写出 "
	 "(yaml、xlsx、csv)，list 按名称或类别中的文字查找，delete 删除一条；同名同单位的指标合并，记使用次数",
	 "the indicator library: harvest takes indicators from sheets (every finalised one by default), import reads a "
	 "library in YAML, xlsx or CSV, export writes one (yaml, xlsx, csv), list searches names and categories, "
	 "delete removes an entry; indicators of the same name and unit are merged, with a use count"},
	{"show", C_SHOW, cmd_show, 1, 1, "ID", "显示评价表的全部内容及最近的修改记录",
	 "every part of a sheet and its latest changes"},
	{"score", C_SCORE, cmd_score, 1, -1, "FILE|ID", "计分表: 各项得分、预算执行率、总分、等级",
	 "the scoring sheet: each item, execution rate, total, grade"},
	{"check", C_CHECK, cmd_check, 1, -1, "FILE|ID", "审核发现的问题 (有错误时退出码为 1)",
	 "findings of a careful review (exit 1 on any error)"},
	{"templates", C_TEMPLATES, cmd_templates, 0, 0, "", "列出可用的评价模板",
	 "the evaluation templates known to this run"},
	{"history", C_HISTORY, cmd_history, 1, 2, "ID [FIELD]", "评价表或某一字段的修改记录",
	 "the audit trail of a sheet, or of one field"},
	{"set", C_SET, cmd_set, 3, 3, "ID FIELD VALUE",
	 "修改已保存评价表的一个字段 (记入修改记录)；字段写法同 history，如 info:name、fund:当年财政拨款:spent、"
	 "ind:i3:actual；指标的 target、cmp 可照表填写 (≥95%、≤90万元、2023年6月前、按时完成)，计算符号、数值、单位"
	 "一并修改，actual 可带本指标的单位 (98%) (以 - 开头的值请写在 -- 之后)",
	 "change one field of a stored sheet (recorded in its history); FIELD as in history, e.g. info:name, "
	 "fund:当年财政拨款:spent, ind:i3:actual; an indicator's target or cmp takes a target as tables print it "
	 "(≥95%, ≤90万元, 2023年6月前, 按时完成), setting comparator, number and unit together, and its actual "
	 "may carry the indicator's unit (98%) (a VALUE that starts with - goes after --)"},
	{"resolve", C_RESOLVE, cmd_resolve, 1, 1, "ID --keep local|incoming",
	 "处理导入时的冲突: 保留本机版本 (local) 或采用对方版本 (incoming)；另一个版本移入回收站",
	 "settle a conflict left by import: keep this machine's version or take the other machine's; the other goes "
	 "to the trash"},
	{"finalise", C_FINALISE, cmd_finalise, 1, 1, "ID [--force]",
	 "定稿: 重新打开之前不接受任何修改；记下内容的 SHA-256 摘要；尚有未填项时须加 --force",
	 "finalise a sheet (定稿): no change is accepted until it is reopened; the SHA-256 of its content is kept; "
	 "a sheet with unfilled values only with --force"},
	{"finalize", C_FINALISE, cmd_finalise, 1, 1, "ID [--force]", NULL, NULL},
	{"reopen", C_REOPEN, cmd_reopen, 1, 1, "ID --reason TEXT", "重新打开定稿的评价表；原因记入修改记录",
	 "reopen a finalised sheet; the reason is recorded in its history"},
	{"submit", C_REVIEW, cmd_submit, 1, 1, "ID", "上报 (送审)：草稿或已退回的评价表改为已送审；填报单位的操作",
	 "submit a draft or returned sheet for review (the unit's step)"},
	{"return", C_REVIEW, cmd_return, 1, 1, "ID --reason TEXT",
	 "退回已送审的评价表，写明原因 (一行，最多 500 字节)；审核人的操作 (--review 或 JIXIAO_ROLE=reviewer)",
	 "return a submitted sheet to its unit with a reason (one line, at most 500 bytes); the reviewer's step "
	 "(--review or JIXIAO_ROLE=reviewer)"},
	{"approve", C_REVIEW, cmd_approve, 1, 1, "ID", "审核通过：已送审的评价表改为已审核；审核人的操作",
	 "approve a submitted sheet (it becomes reviewed); the reviewer's step"},
	{"verify", C_VERIFY, cmd_verify, 0, -1, "[ID...]",
	 "重新计算定稿评价表的 SHA-256 摘要 (不给编号时核对全部)，报告定稿后内容被改动的评价表 (退出码 1)",
	 "recompute the SHA-256 of finalised sheets (all of them when no ID is given) and report any whose content "
	 "was changed after finalisation (exit 1)"},
	{"comment", C_COMMENT, cmd_comment, 3, 3, "ID FIELD NOTE",
	 "在评价表的一个字段上加批注 (记入修改记录)；字段写法同 history，也可以是整条指标 ind:i3 或整行资金来源 "
	 "fund:当年财政拨款；批注为一行文字，最多 500 字",
	 "attach a comment to a field of a sheet (recorded in its history); FIELD as in history, or a whole indicator "
	 "ind:i3 or fund row fund:当年财政拨款; one line of at most 500 characters"},
	{"comments", C_COMMENTS, cmd_comments, 1, 1, "ID [--open]",
	 "列出评价表的批注及其答复，带序号和状态 (未解决/已解决)；--open 只列未解决的",
	 "list a sheet's comments with their answers, numbered, open or resolved; --open: only the open ones"},
	{"answer", C_COMMENT, cmd_answer, 3, 3, "ID NUM NOTE", "答复评价表的一条批注 (序号见 comments；记入修改记录)",
	 "answer a comment of a sheet (numbered as comments lists them; recorded in its history)"},
	{"resolve-comment", C_COMMENT, cmd_resolve_comment, 2, 2, "ID NUM", "把一条批注标为已解决 (记入修改记录)",
	 "mark a comment of a sheet resolved (recorded in its history)"},
	{"reopen-comment", C_COMMENT, cmd_reopen_comment, 2, 2, "ID NUM", "重新打开已解决的一条批注 (记入修改记录)",
	 "reopen a resolved comment of a sheet (recorded in its history)"},
	{"trash", C_TRASH, cmd_trash, 1, 1, "ID", "把评价表移入回收站 (记入修改记录；可用 restore 恢复)",
	 "move a sheet to the trash (recorded in its history; restore brings it back)"},
	{"restore", C_TRASH, cmd_restore, 1, 1, "ID", "把回收站中的评价表恢复", "bring a sheet back from the trash"},
	{"help", C_HELP, NULL, 0, -1, "", NULL, NULL},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* The placeholders of the arguments: as --help writes them in Chinese, and
 * as the man page names them (in italics). */
static const struct {
	const char *word, *zh, *man;
} placeholders[] = {
	{"FILE", "文件", "file"},   {"ID", "编号", "id"},        {"F", "格式", "format"}, {"Y", "年度", "year"},
	{"PATH", "路径", "path"},   {"FIELD", "字段", "field"},  {"VALUE", "值", "value"}, {"TEXT", "原因", "text"},
	{"T", "模板", "template"},  {"COLUMN", "列", "column"},
	{"STAGE", "阶段", "stage"}, {"N", "月份", "month"},   {"COLOUR", "颜色", "colour"},
	{"NOTE", "批注", "note"},   {"NUM", "序号", "number"},
	{"WORDS", "文字", "words"}, {"ENTRY", "条目", "entry"},
};

/* The placeholder spelled by the n bytes at s, or -1. */
static int placeholder(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
		if (strlen(placeholders[i].word) == n && strncmp(placeholders[i].word, s, n) == 0)
			return (int)i;
	return -1;
}

/* Length of the word (letters, digits, '-' inside) at s. */
static size_t word_len(const char *s)
{
	size_t n = 0;
	while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
	       s[n] == '-')
		n++;
	return n;
}

/* A command and its arguments as --help shows them: placeholders in the
 * user's language. */
static void command_usage(const cli_command *cmd, char *buf, size_t len)
{
	size_t at = (size_t)snprintf(buf, len, "%s", cmd->name);
	const char *a = cmd->args;
	if (*a && at < len)
		at += (size_t)snprintf(buf + at, len - at, " ");
	while (*a && at < len) {
		size_t n = word_len(a);
		int k = n ? placeholder(a, n) : -1;
		if (k >= 0)
			at += (size_t)snprintf(buf + at, len - at, "%s", L(placeholders[k].zh, placeholders[k].word));
		else
			at += (size_t)snprintf(buf + at, len - at, "%.*s", (int)(n ? n : 1), a);
		a += n ? n : 1;
	}
}

static int is_ascii(char c)
{
	return (unsigned char)c < 0x80;
}

static const char *next_char(const char *s)
{
	s++;
	while ((*s & 0xC0) == 0x80)
		s++;
	return s;
}

/* Punctuation that never starts a line. */
static int is_closing(const char *s)
{
	static const char *const closing[] = {"，", "。", "；", "：", "、", "）"};
	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (strncmp(s, closing[i], strlen(closing[i])) == 0)
			return 1;
	return 0;
}

/* Write text from the current column `col` on, wrapped at `width` columns,
 * continuation lines indented to `indent`.  A line breaks at a blank, after
 * Chinese punctuation, or between two Chinese characters; never before
 * closing punctuation, nor between a Chinese character and a Latin one. */
static void put_wrapped(FILE *f, const char *text, int col, int indent, int width)
{
	const char *p = text;
	int space = 0;
	while (*p) {
		const char *q, *prev;
		char unit[256];
		int w;
		if (*p == ' ') {
			space = 1;
			p++;
			continue;
		}
		/* a unit: up to the next place a line may break */
		prev = p;
		q = next_char(p);
		while (*q && *q != ' ' && !is_closing(prev) && (is_ascii(*prev) || is_ascii(*q) || is_closing(q))) {
			prev = q;
			q = next_char(q);
		}
		snprintf(unit, sizeof unit, "%.*s", (int)(q - p), p);
		w = jx_text_width(unit) + space;
		if (col + w > width && col > indent) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			space = 0;
			w = jx_text_width(unit);
		}
		if (space)
			fputc(' ', f);
		fputs(unit, f);
		col += w;
		space = 0;
		p = q;
	}
	fputc('\n', f);
}

enum { HELP_NAME_COLS = 26, HELP_WIDTH = 80 };

static void usage_commands(FILE *f)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const cli_command *cmd = &commands[i];
		char u[200];
		int w;
		if (!cmd->zh)
			continue;
		command_usage(cmd, u, sizeof u);
		w = jx_text_width(u);
		fprintf(f, "  %s", u);
		/* a long synopsis gets a line of its own */
		if (w > HELP_NAME_COLS - 1)
			fprintf(f, "\n%*s", HELP_NAME_COLS + 2, "");
		else
			fprintf(f, "%*s", HELP_NAME_COLS - w, "");
		put_wrapped(f, L(cmd->zh, cmd->en), HELP_NAME_COLS + 2, HELP_NAME_COLS + 2, HELP_WIDTH);
	}
}

/* Text for a man page, '-' and '\' escaped; placeholders in italics and,
 * with bold, every other word in bold (a command's literal words). */
static void put_man(FILE *f, const char *s, int bold)
{
	while (*s) {
		size_t n = word_len(s);
		int k = n ? placeholder(s, n) : -1;
		if (k >= 0) {
			fprintf(f, "\\fI%s\\fR", placeholders[k].man);
		} else {
			if (!n)
				n = 1;
			if (bold && word_len(s))
				fputs("\\fB", f);
			for (size_t j = 0; j < n; j++) {
				if (s[j] == '-' || s[j] == '\\')
					fputc('\\', f);
				fputc(s[j], f);
			}
			if (bold && word_len(s))
				fputs("\\fR", f);
		}
		s += n;
	}
}

/* The command list of share/jixiao.1: for each command a tagged paragraph,
 * its synopsis, then what it does. */
static void usage_man(FILE *f)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const cli_command *cmd = &commands[i];
		if (!cmd->en)
			continue;
		fputs(".TP\n", f);
		put_man(f, cmd->name, 1);
		if (*cmd->args)
			fputc(' ', f);
		put_man(f, cmd->args, 1);
		/* a sentence: capital first, full stop last */
		fprintf(f, "\n%c", cmd->en[0] >= 'a' && cmd->en[0] <= 'z' ? cmd->en[0] - 'a' + 'A' : cmd->en[0]);
		put_man(f, cmd->en + 1, 0);
		fputs(".\n", f);
	}
}

static void usage(FILE *f)
{
	fputs(L("用法: jixiao [选项]... [命令 [参数]...]\n"
		"\n"
		"预算绩效评价表的录入、计分、审核与导出。\n"
		"不带命令时打开录入工作台。\n"
		"\n"
		"命令:\n",
		"usage: jixiao [OPTION]... [COMMAND [ARG]...]\n"
		"\n"
		"Budget performance evaluation sheets (预算绩效评价): enter, score, check, export.\n"
		"Without a command jixiao opens the workstation on the database.\n"
		"\n"
		"Commands:\n"),
	      f);
	usage_commands(f);
	if (jx_lang == JX_LANG_EN)
		fputs("\n"
		      "ID is a sheet's number in this database (see list) or its uid.\n"
		      "FILE is a YAML sheet file; \"-\" reads standard input.\n"
		      "\n"
		      "Options:\n"
		      "  --db FILE          database (default $XDG_DATA_HOME/jixiao/jixiao.db,\n"
		      "                     else ~/.local/share/jixiao/jixiao.db)\n"
		      "  --lang zh|en       language of messages (also JIXIAO_LANG; default zh)\n"
		      "  --templates DIR    an extra directory of templates (*.yaml)\n"
		      "  --user NAME        name recorded in the audit trail (default: login name)\n"
		      "  --format F         score, check: tsv (tab-separated) or text; export: see above\n"
		      "  -o, --output PATH  export: where to write\n"
		      "  --force            export: replace an existing file; finalise: a sheet with\n"
		      "                     unfilled values\n"
		      "  --all              export: every sheet\n"
		      "  --year Y           export, collect: every sheet of year Y\n"
		      "  --by unit|department|stage  collect: how the sheets of a year are grouped\n"
		      "  --keep local|incoming  resolve: which version to keep\n"
		      "  --reason TEXT      reopen: why the finalised sheet is reopened; return: why it is returned\n"
		      "  --stage STAGE      list: only sheets at that stage (declaration, monitoring, self)\n"
		      "  --light COLOUR     list: only monitoring sheets whose worst light is red, yellow\n"
		      "                     or green\n"
		      "  --month N          stage monitoring: the last month the snapshot covers (1-12)\n"
		      "  --gb18030          export --format csv or csv-data: GB18030 instead of UTF-8\n"
		      "                     (refused when a cell has a character GBK lacks)\n"
		      "  --mode MODE        export: the file's permissions in octal (default 600, as\n"
		      "                     the database; 644 lets every user of the machine read it)\n"
		      "  --new-source       set: add a fund source the sheet and template do not have\n"
		      "  --review           workstation: review mode (only the reviewer's fields change);\n"
		      "                     workstation, submit, return, approve: the reviewer's role\n"
		      "  -h, --help         this help\n"
		      "  -V, --version      version\n"
		      "\n"
		      "Exit status:\n"
		      "  0  success\n"
		      "  1  check found at least one error; verify found a finalised sheet changed\n"
		      "  2  usage error\n"
		      "  3  input refused (bad file or number, unknown template or sheet, a bundle that\n"
		      "     contradicts the database, no conflict to resolve, a change to a finalised\n"
		      "     sheet, workstation without a terminal or not in this build)\n"
		      "  4  database or file error (cannot open, newer version, not a jixiao database,\n"
		      "     locked, read-only, disk full)\n",
		      f);
	else
		fputs("\n"
		      "编号是评价表在本数据库中的序号 (见 list) 或其 uid。\n"
		      "文件是 YAML 评价表文件；\"-\" 表示标准输入。\n"
		      "\n"
		      "选项:\n"
		      "  --db 文件          数据库 (默认 $XDG_DATA_HOME/jixiao/jixiao.db，\n"
		      "                     否则 ~/.local/share/jixiao/jixiao.db)\n"
		      "  --lang zh|en       提示语言 (也可用环境变量 JIXIAO_LANG；默认 zh)\n"
		      "  --templates 目录   另外的模板目录 (*.yaml)\n"
		      "  --user 姓名        修改记录中的用户名 (默认为登录名)\n"
		      "  --format 格式      score、check: tsv (制表符分隔) 或 text；export: 见上\n"
		      "  -o, --output 路径  export: 输出位置\n"
		      "  --force            export: 覆盖已有文件；finalise: 尚有未填项也定稿\n"
		      "  --all              export: 全部评价表\n"
		      "  --year 年度        export、collect: 该年度的全部评价表\n"
		      "  --by unit|department|stage  collect: 按实施单位、主管部门或阶段分组\n"
		      "  --keep local|incoming  resolve: 保留哪个版本\n"
		      "  --reason 原因      reopen: 重新打开的原因；return: 退回的原因\n"
		      "  --stage 阶段       list: 只列该阶段的表 (declaration 申报、monitoring 监控、self 自评)\n"
		      "  --light 颜色       list: 只列最差的灯为该颜色的监控表 (red 红、yellow 黄、green 绿)\n"
		      "  --month 月份       stage monitoring: 监控截至的月份 (1–12)\n"
		      "  --gb18030          export --format csv 或 csv-data: 用 GB18030 编码 (默认 UTF-8；\n"
		      "                     有 GBK 没有的字符时拒绝导出)\n"
		      "  --mode 权限        export: 文件权限 (八进制，默认 600，与数据库相同；\n"
		      "                     644 为本机所有用户可读)\n"
		      "  --new-source       set: 新增评价表和模板都没有的资金来源\n"
		      "  --review           工作台: 审核模式 (只能修改审核字段)；\n"
		      "                     工作台及 submit、return、approve: 以审核人的身份\n"
		      "  -h, --help         显示本帮助\n"
		      "  -V, --version      显示版本\n"
		      "\n"
		      "退出码:\n"
		      "  0  成功\n"
		      "  1  check 发现至少一个错误；verify 发现定稿后被改动的评价表\n"
		      "  2  命令行用法错误\n"
		      "  3  输入被拒绝 (文件或数字有误、模板或评价表不存在、交换文件与数据库矛盾、\n"
		      "     没有待解决的冲突、修改已定稿的评价表、工作台不在终端中运行或本版本未包含\n"
		      "     工作台)\n"
		      "  4  数据库或文件错误 (无法打开、版本更新、不是 jixiao 数据库、被锁定、\n"
		      "     只读、磁盘已满)\n",
		      f);
}

/* ---------------------------------------------------------------------------
 * Options
 */

/* A usage error: the message, a pointer to --help, exit code 2. */
static int usage_error(const char *zh, const char *en, ...) JX_PRINTF(1, 3);
static int usage_error(const char *zh, const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
	vsay_err(zh, en, ap);
	va_end(ap);
	fprintf(stderr, "\n%s\n", L("运行 jixiao --help 查看用法。", "Run jixiao --help for usage."));
	return JX_EXIT_USAGE;
}

static int set_lang(const char *v, int strict)
{
	if (strncmp(v, "zh", 2) == 0) {
		jx_lang = JX_LANG_ZH;
		return 0;
	}
	if (strncmp(v, "en", 2) == 0) {
		jx_lang = JX_LANG_EN;
		return 0;
	}
	return strict ? -1 : 0;
}

/* Options taking a value, and the commands that accept them. */
static const struct {
	const char *lng;
	char shrt;
	int has_arg;
	int cmds;
	size_t field; /* offset in cli_t of the const char * or int */
} options[] = {
	{"db", 0, 1, C_ALL, offsetof(cli_t, db_arg)},
	{"lang", 0, 1, C_ALL, offsetof(cli_t, lang)},
	{"templates", 0, 1, C_ALL, offsetof(cli_t, tpl_dir)},
	{"user", 0, 1, C_ALL, offsetof(cli_t, user_arg)},
	{"format", 0, 1, C_SCORE | C_CHECK | C_EXPORT | C_LIBRARY, offsetof(cli_t, format)},
	{"output", 'o', 1, C_EXPORT | C_LIBRARY, offsetof(cli_t, output)},
	{"force", 0, 0, C_EXPORT | C_FINALISE | C_LIBRARY, offsetof(cli_t, force)},
	{"all", 0, 0, C_EXPORT, offsetof(cli_t, all)},
	{"gb18030", 0, 0, C_EXPORT, offsetof(cli_t, gb18030)},
	{"mode", 0, 1, C_EXPORT, offsetof(cli_t, mode_arg)},
	{"new-source", 0, 0, C_SET, offsetof(cli_t, new_source)},
	{"year", 0, 1, C_EXPORT | C_COLLECT, offsetof(cli_t, year_arg)},
	{"by", 0, 1, C_COLLECT, offsetof(cli_t, by_arg)},
	{"keep", 0, 1, C_RESOLVE, offsetof(cli_t, keep)},
	{"reason", 0, 1, C_REOPEN | C_REVIEW, offsetof(cli_t, reason)},
	{"map", 0, 1, C_IMPORT, offsetof(cli_t, map_arg)},
	{"template", 0, 1, C_IMPORT, offsetof(cli_t, template_arg)},
	{"dry-run", 0, 0, C_IMPORT, offsetof(cli_t, dry_run)},
	{"stage", 0, 1, C_LIST, offsetof(cli_t, stage_arg)},
	{"light", 0, 1, C_LIST, offsetof(cli_t, light_arg)},
	{"month", 0, 1, C_STAGE, offsetof(cli_t, month_arg)},
	{"open", 0, 0, C_COMMENTS, offsetof(cli_t, open_only)},
	{"help", 'h', 0, C_ALL, offsetof(cli_t, help)},
	{"help-man", 0, 0, C_ALL, offsetof(cli_t, help_man)}, /* not in --help: for share/jixiao.1 */
	{"version", 'V', 0, C_ALL, offsetof(cli_t, version)},
	{"review", 0, 0, C_WS | C_REVIEW, offsetof(cli_t, review)},
};

static const cli_command *find_command(const char *name)
{
	for (size_t k = 0; k < N_COMMANDS; k++)
		if (strcmp(commands[k].name, name) == 0)
			return &commands[k];
	return NULL;
}

/* Parse argv into c: options anywhere before "--", the first other word is
 * the command, the rest its arguments.  Returns 0 or an exit code. */
static int parse_args(cli_t *c, int argc, char **argv)
{
	int opt_used[sizeof options / sizeof options[0]] = {0};
	int only_pos = 0;

	c->pos = calloc((size_t)argc + 1, sizeof *c->pos);
	if (!c->pos) {
		cli_err("内存不足", "out of memory");
		return JX_EXIT_DB;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		const char *val = NULL;
		size_t k, n = sizeof options / sizeof options[0];
		if (only_pos || a[0] != '-' || strcmp(a, "-") == 0) {
			if (!c->cmd_name)
				c->cmd_name = a;
			else
				c->pos[c->npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			for (k = 0; k < n; k++)
				if (strlen(options[k].lng) == len && strncmp(options[k].lng, a + 2, len) == 0)
					break;
			if (k == n)
				return usage_error("未知选项: %s", "unknown option: %s", a);
			if (eq) {
				if (!options[k].has_arg)
					return usage_error("选项 %s 不带参数", "option %s takes no value", a);
				val = eq + 1;
			}
		} else {
			for (k = 0; k < n; k++)
				if (options[k].shrt && options[k].shrt == a[1] && a[2] == 0)
					break;
			if (k == n)
				return usage_error("未知选项: %s", "unknown option: %s", a);
		}
		if (options[k].has_arg && !val) {
			if (i + 1 >= argc)
				return usage_error("选项 %s 需要一个值", "option %s needs a value", a);
			val = argv[++i];
		}
		if (opt_used[k] && options[k].has_arg)
			return usage_error("选项 %s 只能给一次", "option %s given twice", a);
		opt_used[k] = 1;
		if (options[k].has_arg)
			*(const char **)((char *)c + options[k].field) = val;
		else
			*(int *)((char *)c + options[k].field) = 1;
	}

	if (c->lang && set_lang(c->lang, 1) < 0)
		return usage_error("--lang 只能是 zh 或 en: %s", "--lang must be zh or en: %s", c->lang);
	if (c->help || c->help_man || c->version)
		return 0;

	if (c->cmd_name) {
		const cli_command *cmd = find_command(c->cmd_name);
		if (!cmd)
			return usage_error("未知命令: %s", "unknown command: %s", c->cmd_name);
		c->cmd = cmd->bit;
		if (c->npos < cmd->min_args)
			return usage_error("命令 %s 缺少参数", "command %s needs more arguments", c->cmd_name);
		if (cmd->max_args >= 0 && c->npos > cmd->max_args)
			return usage_error("命令 %s 的参数过多", "too many arguments for %s", c->cmd_name);
	}
	for (size_t k = 0; k < sizeof options / sizeof options[0]; k++) {
		if (!opt_used[k] || (options[k].cmds & (c->cmd ? c->cmd : C_WS)))
			continue;
		if (options[k].cmds == C_ALL)
			continue;
		{
			char name[32];
			snprintf(name, sizeof name, "--%s", options[k].lng);
			return usage_error("选项 %s 不适用于此命令", "option %s does not apply here", name);
		}
	}
	if (c->format) {
		jx_export_format fmt;
		jx_err ferr = {{0}};
		int ok = (c->cmd & (C_SCORE | C_CHECK))
				 ? (strcmp(c->format, "tsv") == 0 || strcmp(c->format, "text") == 0)
				 : (strcmp(c->format, "yaml") == 0 || jx_export_is_collect(c->format) ||
				    jx_export_format_parse(c->format, &fmt, &ferr) == 0);
		if (!ok)
			return usage_error("不支持的格式: %s", "unsupported format: %s", c->format);
	}
	if (c->year_arg) {
		char *end;
		long y;
		errno = 0;
		y = strtol(c->year_arg, &end, 10);
		if (errno || end == c->year_arg || *end || y < 1900 || y > 2999)
			return usage_error("--year 应为 1900 到 2999 之间的年份: %s",
					   "--year must be a year from 1900 to 2999: %s", c->year_arg);
		c->year = (int)y;
	}
	if (c->cmd == C_EXPORT) {
		if (!c->output)
			return usage_error("export 需要 -o 路径 (\"-o -\" 为标准输出)",
					   "export needs -o PATH (\"-o -\" for standard output)");
		/* summary and dashboard: the whole county, or a --year */
		int county = c->format && jx_export_is_collect(c->format);
		if ((c->all || c->year) && c->npos)
			return usage_error("--all、--year 与编号不能同时给出", "give either --all, --year or IDs, not both");
		if (!county && !c->all && !c->year && !c->npos)
			return usage_error("export 需要编号、--all 或 --year", "export needs IDs, --all or --year");
		if (c->format && strcmp(c->format, "xlsx") == 0 && strcmp(c->output, "-") == 0)
			return usage_error("xlsx 不能写到标准输出，请用 -o 指定文件名",
					   "xlsx cannot be written to standard output; name a file with -o");
		if (c->gb18030 && !(c->format && (strcmp(c->format, "csv") == 0 || strcmp(c->format, "csv-data") == 0)))
			return usage_error("--gb18030 只用于 --format csv 或 csv-data",
					   "--gb18030 goes with --format csv or csv-data only");
		if (c->mode_arg) {
			char *end;
			long m;
			errno = 0;
			m = strtol(c->mode_arg, &end, 8);
			/* read and write bits only: an export is never a program */
			if (errno || end == c->mode_arg || *end || m < 0 || (m & ~0666) || !(m & 0600))
				return usage_error("--mode 应为八进制的读写权限，如 600 或 644: %s",
						   "--mode must be read/write permissions in octal, e.g. 600 or 644: %s",
						   c->mode_arg);
			jx_safefile_set_mode((unsigned)m);
		}
	}
	if (c->cmd == C_RESOLVE &&
	    (!c->keep || (strcmp(c->keep, "local") != 0 && strcmp(c->keep, "incoming") != 0)))
		return usage_error("resolve 需要 --keep local (保留本机版本) 或 --keep incoming (采用对方版本)",
				   "resolve needs --keep local (keep this machine's version) or --keep incoming (take the other one)");
	if (c->cmd == C_REOPEN && !jx_has_text(c->reason))
		return usage_error("reopen 需要用 --reason 写明重新打开的原因 (记入修改记录)",
				   "reopen needs --reason with the reason for reopening (it goes into the history)");
	if (c->cmd == C_REVIEW && strcmp(c->cmd_name, "return") == 0 && !c->reason)
		return usage_error("return 需要用 --reason 写明退回的原因 (记入修改记录)",
				   "return needs --reason with the reason for returning (it goes into the history)");
	if (c->user_arg && !*c->user_arg)
		return usage_error("--user 不能为空", "--user must not be empty");
	return 0;
}

/* ---------------------------------------------------------------------------
 * Templates and the database
 */

/* A note from the template loader, on stderr. */
static void note_to_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "jixiao: %s\n", msg);
}

int cli_need_templates(cli_t *c)
{
	jx_err err = {{0}};
	if (c->tpl_loaded)
		return 0;
	if (jx_app_load_templates(&c->tpl, c->tpl_dir, note_to_stderr, NULL, &err) < 0) {
		cli_jx(&err);
		return JX_EXIT_INPUT;
	}
	c->tpl_loaded = 1;
	return 0;
}

const jx_template *cli_template_by_id(cli_t *c, const char *id, const char *where)
{
	const jx_template *t = jx_templates_find(&c->tpl, jx_nz(id));
	if (!t)
		cli_err("%s: 未知的评价模板 \"%s\"", "%s: unknown template \"%s\"", where, jx_nz(id));
	return t;
}

int cli_file_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0;
}

int cli_open_db(cli_t *c, jx_app_open_mode mode, jx_store **st)
{
	jx_err err = {{0}};
	int rc = jx_app_open_db(st, c->db_path, mode, c->db_default, &err);
	if (rc)
		cli_jx(&err);
	else if (jx_store_warning(*st))
		fprintf(stderr, "jixiao: %s\n", jx_store_warning(*st));
	return rc;
}

int cli_open_db_with_templates(cli_t *c, jx_app_open_mode mode, jx_store **st)
{
	int rc = cli_need_templates(c);
	return rc ? rc : cli_open_db(c, mode, st);
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int cli_resolve_id(jx_store *st, const char *arg, int64_t *id)
{
	jx_err err = {{0}};
	*id = 0;
	if (all_digits(arg) && strlen(arg) < 18) {
		int64_t rev;
		*id = strtoll(arg, NULL, 10);
		if (*id > 0 && jx_store_revision(st, *id, &rev, &err) == 0)
			return 0;
		*id = 0;
	}
	if (jx_store_find_uid(st, arg, id, &err) < 0) {
		cli_jx(&err);
		return JX_EXIT_DB;
	}
	if (*id == 0) {
		cli_err("找不到评价表 %s (用 jixiao list 查看编号)", "no sheet %s (see jixiao list)", arg);
		return JX_EXIT_INPUT;
	}
	return 0;
}

int cli_load_by_arg(jx_store *st, const char *arg, jx_sheet **out)
{
	jx_err err = {{0}};
	int64_t id;
	int rc = cli_resolve_id(st, arg, &id);
	*out = NULL;
	if (rc)
		return rc;
	if (jx_store_load(st, id, out, &err) < 0) {
		cli_jx(&err);
		*out = NULL;
		return JX_EXIT_DB;
	}
	return 0;
}

/* ---------------------------------------------------------------------------
 * main
 */

static void setup_locale(void)
{
	const char *cs;
	setlocale(LC_ALL, "");
	/* the workstation and the width functions need a UTF-8 character type;
	 * a plain "C" environment (cron, CI) gets C.UTF-8 */
	cs = nl_langinfo(CODESET);
	if (!cs || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf8") != 0))
		setlocale(LC_CTYPE, "C.UTF-8");
	setlocale(LC_NUMERIC, "C");
}

/* An upgrade of a large database takes seconds with nothing else on the
 * screen: said before it starts, so that nobody takes it for a hang and
 * kills it (and the next start begins again), and its end only when it was
 * long enough to be waited for.  On stderr, so scripts' output stays as it
 * is; the workstation opens its database before curses starts. */
static void say_upgrade(int from, int to, int done, void *ctx)
{
	static struct timespec t0;
	struct timespec t1;
	(void)from;
	(void)ctx;
	if (done == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		cli_err("正在把数据库升级到第 %d 版（一次性，约需片刻，请勿中断）…",
			"upgrading the database to format %d (once only; it may take a moment, do not interrupt it)...",
			to);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (done > 0 && t1.tv_sec - t0.tv_sec >= 3)
		cli_err("数据库已升级到第 %d 版（用时 %ld 秒）", "the database is upgraded to format %d (took %ld s)", to,
			(long)(t1.tv_sec - t0.tv_sec));
}

/* No command: the workstation, on a terminal, in a build that has it. */
static int start_workstation(cli_t *c, int argc, char **argv, jx_workstation_fn ws)
{
	if (!ws) {
		cli_err("本版本未包含录入工作台；请使用命令行 (jixiao --help)",
			"the workstation is not available in this build; use the commands (jixiao --help)");
		return JX_EXIT_INPUT;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_err("录入工作台需要在终端中运行；命令行用法见 jixiao --help",
			"the workstation needs a terminal; see jixiao --help for the commands");
		return JX_EXIT_INPUT;
	}
	if (c->db_default && jx_app_make_parent_dirs(c->db_path) < 0) {
		cli_err("无法创建数据目录 %s: %s", "cannot create the data directory for %s: %s", c->db_path,
			strerror(errno));
		return JX_EXIT_DB;
	}
	return ws(argc, argv, c->db_path);
}

int jx_cli_main(int argc, char **argv, jx_workstation_fn ws)
{
	cli_t c;
	int rc;
	const char *env_lang = getenv("JIXIAO_LANG");

	setup_locale();
	memset(&c, 0, sizeof c);
	if (env_lang && *env_lang)
		set_lang(env_lang, 0);
	/* --lang first, so that every message of this run is in that language */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			set_lang(argv[i + 1], 0);
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			set_lang(argv[i] + 7, 0);
	}

	jx_store_on_upgrade(say_upgrade, NULL);
	rc = parse_args(&c, argc, argv);
	if (rc)
		goto done;
	if (c.help_man) {
		usage_man(stdout);
		goto done;
	}
	if (c.help || c.cmd == C_HELP) {
		usage(stdout);
		goto done;
	}
	if (c.version) {
		printf("jixiao %s\n", JX_VERSION);
		cli_out("数据库格式版本 %d\n", "database format version %d\n", jx_store_schema_version());
		goto done;
	}

	if (c.db_arg) {
		if (!*c.db_arg) {
			rc = usage_error("--db 不能为空", "--db must not be empty");
			goto done;
		}
		c.db_path = strdup(c.db_arg);
	} else {
		c.db_path = jx_app_default_db();
		c.db_default = 1;
		if (!c.db_path) {
			cli_err("找不到主目录；请用 --db 指定数据库", "no home directory; give the database with --db");
			rc = JX_EXIT_USAGE;
			goto done;
		}
	}
	if (!c.db_path) {
		cli_err("内存不足", "out of memory");
		rc = JX_EXIT_DB;
		goto done;
	}
	c.user = c.user_arg ? c.user_arg : jx_current_user();
	{
		jx_err role_err = {{0}};
		if (jx_app_set_role(c.review, &role_err)) {
			cli_jx(&role_err);
			rc = JX_EXIT_USAGE;
			goto done;
		}
	}
	{
		jx_app_options o = {c.db_path, c.tpl_dir, c.user};
		jx_app_set_opts(&o);
	}
	if (c.cmd != 0) {
		/* sheet text on a terminal: control characters are shown, never obeyed */
		stdout = jx_tty_guard(stdout);
		stderr = jx_tty_guard(stderr);
	}

	if (c.cmd == 0) {
		rc = start_workstation(&c, argc, argv, ws);
	} else {
		const cli_command *cmd = find_command(c.cmd_name);
		rc = cmd && cmd->run ? cmd->run(&c) : JX_EXIT_USAGE;
	}
done:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			cli_err("无法写出结果: %s", "cannot write the output: %s", strerror(errno));
		if (rc == 0 || rc == JX_EXIT_FINDINGS)
			rc = JX_EXIT_DB;
	}
	if (c.tpl_loaded)
		jx_templates_free(&c.tpl);
	free(c.db_path);
	free(c.pos);
	jx_app_set_opts(NULL);
	return rc;
}
