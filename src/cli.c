/* The jixiao command line.
 *
 * Every subcommand reports its errors on stderr in the user's language and
 * returns one of the documented exit codes (cli.h).  Nothing is written to
 * the database before every input has been read and accepted: import parses
 * all files first and stores all their sheets in one transaction; export
 * writes a temporary file and renames it into place, reading the sheets from
 * the database one at a time while it writes.  The commands that only read
 * (list, show, score, check, history, verify, export) never create or set up
 * a database file.
 */
#include "cli.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "checks.h"
#include "dec.h"
#include "embedded.h"
#include "engine.h"
#include "export.h"
#include "field.h"
#include "merge.h"
#include "model.h"
#include "safefile.h"
#include "sheetio.h"
#include "store.h"
#include "template.h"
#include "textwidth.h"
#include "ttysafe.h"
#include "yamldoc.h"

/* ---------------------------------------------------------------------------
 * Messages
 */

#if defined(__GNUC__)
#define JX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define JX_PRINTF(a, b)
#endif

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

/* "jixiao: message" on stderr; zh and en take the same arguments. */
static void say_err(const char *zh, const char *en, ...) JX_PRINTF(1, 3);
static void say_err(const char *zh, const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
	vsay_err(zh, en, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A message already in the user's language (from jx_err).  Messages that
 * start with a location ("file:line:column: ") are printed as they are so
 * that editors can jump to them. */
static void say_jx(const jx_err *e)
{
	const char *m = e->msg[0] ? e->msg : L("未知错误", "unknown error");
	const char *colon = strchr(m, ':');
	if (colon && colon != m && colon[1] >= '0' && colon[1] <= '9')
		fprintf(stderr, "%s\n", m);
	else
		fprintf(stderr, "jixiao: %s\n", m);
}

/* printf in the user's language on stdout. */
static void out(const char *zh, const char *en, ...) JX_PRINTF(1, 3);
static void out(const char *zh, const char *en, ...)
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
 * Display width: columns are aligned with the shared display-width module
 * (textwidth.h) so that Chinese text lines up in a terminal.
 */

/* Print s padded with blanks to `width` columns; text wider than width is cut
 * at a character boundary and ends in "..". right: align right. */
static void put_cell(FILE *f, const char *s, int width, int right)
{
	int w;
	if (!s)
		s = "";
	w = jx_text_width(s);
	if (w > width) {
		int used = 0;
		size_t len = width >= 2 ? jx_text_fit(s, width - 2, &used) : 0;
		fwrite(s, 1, len, f);
		if (width >= 2) {
			fputs("..", f);
			used += 2;
		}
		for (; used < width; used++)
			fputc(' ', f);
		return;
	}
	if (right)
		for (int i = w; i < width; i++)
			fputc(' ', f);
	fputs(s, f);
	if (!right)
		for (int i = w; i < width; i++)
			fputc(' ', f);
}

/* ---------------------------------------------------------------------------
 * Formatting numbers
 */

/* A number as typed back ("95", "2.5"); "" when not entered. */
static const char *num(char *buf, jx_dec v)
{
	if (v == JX_NONE) {
		buf[0] = 0;
		return buf;
	}
	return jx_fmt_trim(buf, v);
}

/* A fraction (×JX_SCALE) as a percent with 2 decimals: 0.248485 -> "24.85%". */
static const char *pct(char *buf, jx_dec frac)
{
	if (frac == JX_NONE || frac > JX_DEC_MAX / 100 || frac < -JX_DEC_MAX / 100) {
		strcpy(buf, "-");
		return buf;
	}
	jx_fmt(buf, frac * 100, 2);
	strcat(buf, "%");
	return buf;
}

/* A score rounded to the template's decimals; "-" when not applicable. */
static const char *score_str(char *buf, jx_dec v, int decimals)
{
	if (v == JX_NONE) {
		strcpy(buf, "-");
		return buf;
	}
	return jx_fmt(buf, v, decimals);
}

/* Replace tabs and line breaks so a value stays in its TSV column. */
static void put_tsv(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static const char *status_label(const char *st)
{
	static const struct {
		const char *key, *zh, *en;
	} names[] = {
		{"draft", "草稿", "draft"},
		{"submitted", "已提交", "submitted"},
		{"reviewed", "已审核", "reviewed"},
		{"final", "定稿", "final"},
	};
	if (!st || !*st)
		return L("草稿", "draft");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(st, names[i].key) == 0)
			return L(names[i].zh, names[i].en);
	return st;
}

static const char *kind_label(jx_template_kind k)
{
	switch (k) {
	case JX_KIND_PROJECT_SELF:
		return L("项目自评", "project self-evaluation");
	case JX_KIND_DEPT_EVAL:
		return L("部门评价", "department evaluation");
	case JX_KIND_DEPT_OVERALL:
		return L("部门整体自评", "whole-department self-evaluation");
	case JX_KIND_EXTERNAL:
		return L("财政/第三方评价", "finance or third-party evaluation");
	}
	return "";
}

static const char *sheet_name(const jx_sheet *s)
{
	const char *n = s->info[JX_INFO_NAME];
	return n && *n ? n : L("(未命名)", "(unnamed)");
}

/* ---------------------------------------------------------------------------
 * Command line
 */

enum {
	C_INIT = 1 << 0,
	C_IMPORT = 1 << 1,
	C_EXPORT = 1 << 2,
	C_LIST = 1 << 3,
	C_SHOW = 1 << 4,
	C_SCORE = 1 << 5,
	C_CHECK = 1 << 6,
	C_TEMPLATES = 1 << 7,
	C_HISTORY = 1 << 8,
	C_HELP = 1 << 9,
	C_WS = 1 << 10, /* no command: the workstation */
	C_RESOLVE = 1 << 11,
	C_SET = 1 << 12,
	C_FINALISE = 1 << 13,
	C_REOPEN = 1 << 14,
	C_VERIFY = 1 << 15,
	C_ALL = 0xffff,
};

static const struct {
	const char *name;
	int bit;
	int min_args, max_args; /* max -1 = any */
} commands[] = {
	{"init", C_INIT, 0, 0},
	{"import", C_IMPORT, 1, -1},
	{"export", C_EXPORT, 0, -1},
	{"list", C_LIST, 0, 0},
	{"show", C_SHOW, 1, 1},
	{"score", C_SCORE, 1, -1},
	{"check", C_CHECK, 1, -1},
	{"templates", C_TEMPLATES, 0, 0},
	{"history", C_HISTORY, 1, 2},
	{"resolve", C_RESOLVE, 1, 1},
	{"set", C_SET, 3, 3},
	{"finalise", C_FINALISE, 1, 1},
	{"finalize", C_FINALISE, 1, 1},
	{"reopen", C_REOPEN, 1, 1},
	{"verify", C_VERIFY, 0, -1},
	{"help", C_HELP, 0, -1},
};

typedef struct {
	const char *cmd_name;
	int cmd;           /* C_* bit, 0 = none (workstation) */
	char **pos;        /* positional arguments */
	int npos;
	const char *db_arg, *lang, *tpl_dir, *user_arg, *format, *output, *year_arg, *keep, *reason;
	int force, all, help, version, review, gb18030;
	int year;          /* export --year, 0 = not given */

	char *db_path;     /* resolved (malloc'd) */
	int db_default;    /* not given with --db */
	const char *user;
	jx_templates tpl;
	int tpl_loaded;
} cli_t;

static jx_cli_options cur_opts;

const jx_cli_options *jx_cli_opts(void)
{
	return &cur_opts;
}

static void usage(FILE *f)
{
	if (jx_lang == JX_LANG_EN)
		fputs("usage: jixiao [OPTION]... [COMMAND [ARG]...]\n"
		      "\n"
		      "Budget performance evaluation sheets (预算绩效评价): enter, score, check, export.\n"
		      "Without a command jixiao opens the workstation on the database.\n"
		      "\n"
		      "Commands:\n"
		      "  init                      create the database, or bring it up to this version\n"
		      "  import FILE...            read sheet files and bundles (YAML) and merge them by\n"
		      "                            uid and history: new, updated, newer here, unchanged\n"
		      "                            or conflict (both versions kept); all or nothing\n"
		      "  export [--format F] (ID... | --all | --year Y) -o PATH\n"
		      "                            write sheets to one file (\"-o -\": standard output);\n"
		      "                            F = yaml (a bundle with each sheet's history, the\n"
		      "                            default), xlsx, csv, html, md or report-html (scored\n"
		      "                            forms and report drafts); an existing PATH is\n"
		      "                            replaced only with --force\n"
		      "  list                      the sheets in the database\n"
		      "  show ID                   every part of a sheet and its latest changes\n"
		      "  score FILE|ID             the scoring sheet: each item, execution rate, total, grade\n"
		      "  check FILE|ID             findings of a careful review (exit 1 on any error)\n"
		      "  templates                 the evaluation templates known to this run\n"
		      "  history ID [FIELD]        the audit trail of a sheet, or of one field\n"
		      "  set ID FIELD VALUE        change one field of a stored sheet (recorded in its\n"
		      "                            history); FIELD as in history, e.g. info:name,\n"
		      "                            fund:当年财政拨款:spent, ind:i3:actual (a VALUE that\n"
		      "                            starts with - goes after --)\n"
		      "  resolve ID --keep local|incoming\n"
		      "                            settle a conflict left by import: keep this machine's\n"
		      "                            version or take the other machine's; the other goes\n"
		      "                            to the trash\n"
		      "  finalise ID               finalise a sheet (定稿): no change is accepted until it\n"
		      "                            is reopened; the SHA-256 of its content is kept\n"
		      "  reopen ID --reason TEXT   reopen a finalised sheet; the reason is recorded in its\n"
		      "                            history\n"
		      "  verify [ID...]            recompute the SHA-256 of finalised sheets (all of them\n"
		      "                            when no ID is given) and report any whose content was\n"
		      "                            changed after finalisation (exit 1)\n"
		      "\n"
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
		      "  --force            export: replace an existing file\n"
		      "  --all              export: every sheet\n"
		      "  --year Y           export: every sheet of year Y\n"
		      "  --keep local|incoming  resolve: which version to keep\n"
		      "  --reason TEXT      reopen: why the finalised sheet is reopened\n"
		      "  --gb18030          export --format csv: GB18030 instead of UTF-8\n"
		      "  --review           workstation: review mode (only the reviewer's fields change)\n"
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
		fputs("用法: jixiao [选项]... [命令 [参数]...]\n"
		      "\n"
		      "预算绩效评价表的录入、计分、审核与导出。\n"
		      "不带命令时打开录入工作台。\n"
		      "\n"
		      "命令:\n"
		      "  init                      创建数据库，或升级到本版本的格式\n"
		      "  import 文件...            导入评价表文件或交换文件 (YAML)，按编号和修改记录合并：\n"
		      "                            新增、已更新、本机较新、未变或冲突 (两个版本都保留)；\n"
		      "                            有任何错误则一张也不导入\n"
		      "  export [--format 格式] (编号... | --all | --year 年度) -o 路径\n"
		      "                            把评价表写到一个文件 (\"-o -\" 为标准输出)；格式为\n"
		      "                            yaml (交换文件，含各表修改记录，默认)、xlsx、csv、\n"
		      "                            html、md 或 report-html (计分后的表格与评价报告草稿)；\n"
		      "                            路径已存在时须加 --force 才覆盖\n"
		      "  list                      列出数据库中的评价表\n"
		      "  show 编号                 显示评价表的全部内容及最近的修改记录\n"
		      "  score 文件|编号           计分表: 各项得分、预算执行率、总分、等级\n"
		      "  check 文件|编号           审核发现的问题 (有错误时退出码为 1)\n"
		      "  templates                 列出可用的评价模板\n"
		      "  history 编号 [字段]       评价表或某一字段的修改记录\n"
		      "  set 编号 字段 值          修改已保存评价表的一个字段 (记入修改记录)；字段写法\n"
		      "                            同 history，如 info:name、fund:当年财政拨款:spent、\n"
		      "                            ind:i3:actual (以 - 开头的值请写在 -- 之后)\n"
		      "  resolve 编号 --keep local|incoming\n"
		      "                            处理导入时的冲突: 保留本机版本 (local) 或采用对方\n"
		      "                            版本 (incoming)；另一个版本移入回收站\n"
		      "  finalise 编号             定稿: 重新打开之前不接受任何修改；记下内容的 SHA-256 摘要\n"
		      "  reopen 编号 --reason 原因 重新打开定稿的评价表；原因记入修改记录\n"
		      "  verify [编号...]          重新计算定稿评价表的 SHA-256 摘要 (不给编号时核对全部)，\n"
		      "                            报告定稿后内容被改动的评价表 (退出码 1)\n"
		      "\n"
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
		      "  --force            export: 覆盖已有文件\n"
		      "  --all              export: 全部评价表\n"
		      "  --year 年度        export: 该年度的全部评价表\n"
		      "  --keep local|incoming  resolve: 保留哪个版本\n"
		      "  --reason 原因      reopen: 重新打开的原因\n"
		      "  --gb18030          export --format csv: 用 GB18030 编码 (默认 UTF-8)\n"
		      "  --review           工作台: 审核模式 (只能修改审核字段)\n"
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

/* Is there anything in t but blanks (ASCII or U+3000)? */
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
	{"format", 0, 1, C_SCORE | C_CHECK | C_EXPORT, offsetof(cli_t, format)},
	{"output", 'o', 1, C_EXPORT, offsetof(cli_t, output)},
	{"force", 0, 0, C_EXPORT, offsetof(cli_t, force)},
	{"all", 0, 0, C_EXPORT, offsetof(cli_t, all)},
	{"gb18030", 0, 0, C_EXPORT, offsetof(cli_t, gb18030)},
	{"year", 0, 1, C_EXPORT, offsetof(cli_t, year_arg)},
	{"keep", 0, 1, C_RESOLVE, offsetof(cli_t, keep)},
	{"reason", 0, 1, C_REOPEN, offsetof(cli_t, reason)},
	{"help", 'h', 0, C_ALL, offsetof(cli_t, help)},
	{"version", 'V', 0, C_ALL, offsetof(cli_t, version)},
	{"review", 0, 0, C_WS, offsetof(cli_t, review)},
};

/* Parse argv into c: options anywhere before "--", the first other word is
 * the command, the rest its arguments.  Returns 0 or an exit code. */
static int parse_args(cli_t *c, int argc, char **argv)
{
	int opt_used[sizeof options / sizeof options[0]] = {0};
	int only_pos = 0;

	c->pos = calloc((size_t)argc + 1, sizeof *c->pos);
	if (!c->pos) {
		say_err("内存不足", "out of memory");
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
	if (c->help || c->version)
		return 0;

	if (c->cmd_name) {
		size_t k;
		for (k = 0; k < sizeof commands / sizeof commands[0]; k++)
			if (strcmp(commands[k].name, c->cmd_name) == 0)
				break;
		if (k == sizeof commands / sizeof commands[0])
			return usage_error("未知命令: %s", "unknown command: %s", c->cmd_name);
		c->cmd = commands[k].bit;
		if (c->npos < commands[k].min_args)
			return usage_error("命令 %s 缺少参数", "command %s needs more arguments", c->cmd_name);
		if (commands[k].max_args >= 0 && c->npos > commands[k].max_args)
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
				 : (strcmp(c->format, "yaml") == 0 || jx_export_format_parse(c->format, &fmt, &ferr) == 0);
		if (!ok)
			return usage_error("不支持的格式: %s", "unsupported format: %s", c->format);
	}
	if (c->cmd == C_EXPORT) {
		if (!c->output)
			return usage_error("export 需要 -o 路径 (\"-o -\" 为标准输出)",
					   "export needs -o PATH (\"-o -\" for standard output)");
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
		if ((c->all || c->year) && c->npos)
			return usage_error("--all、--year 与编号不能同时给出", "give either --all, --year or IDs, not both");
		if (!c->all && !c->year && !c->npos)
			return usage_error("export 需要编号、--all 或 --year", "export needs IDs, --all or --year");
		if (c->format && strcmp(c->format, "xlsx") == 0 && strcmp(c->output, "-") == 0)
			return usage_error("xlsx 不能写到标准输出，请用 -o 指定文件名",
					   "xlsx cannot be written to standard output; name a file with -o");
		if (c->gb18030 && !(c->format && strcmp(c->format, "csv") == 0))
			return usage_error("--gb18030 只用于 --format csv", "--gb18030 goes with --format csv only");
	}
	if (c->cmd == C_RESOLVE &&
	    (!c->keep || (strcmp(c->keep, "local") != 0 && strcmp(c->keep, "incoming") != 0)))
		return usage_error("resolve 需要 --keep local (保留本机版本) 或 --keep incoming (采用对方版本)",
				   "resolve needs --keep local (keep this machine's version) or --keep incoming (take the other one)");
	if (c->cmd == C_REOPEN && !has_text(c->reason))
		return usage_error("reopen 需要用 --reason 写明重新打开的原因 (记入修改记录)",
				   "reopen needs --reason with the reason for reopening (it goes into the history)");
	if (c->user_arg && !*c->user_arg)
		return usage_error("--user 不能为空", "--user must not be empty");
	return 0;
}

/* ---------------------------------------------------------------------------
 * Paths and templates
 */

static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	{
		struct passwd *pw = getpwuid(getuid());
		if (pw && pw->pw_dir && *pw->pw_dir)
			return pw->pw_dir;
	}
	return NULL;
}

/* $XDG_DATA_HOME/jixiao, else ~/.local/share/jixiao (malloc'd). */
static char *data_dir(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	if (x && x[0] == '/')
		return path_join(x, "jixiao");
	{
		const char *h = home_dir();
		if (!h)
			return NULL;
		return path_join(h, ".local/share/jixiao");
	}
}

char *jx_cli_default_db(void)
{
	char *d = data_dir(), *p;
	if (!d)
		return NULL;
	p = path_join(d, "jixiao.db");
	free(d);
	return p;
}

/* mkdir -p for the directory part of path; new directories get mode 0700. */
static int make_parent_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* Where a template's id is written: line and column of the value of its
 * `id:` key (1:1 when the file cannot be read again). */
static void template_id_at(const char *file, int *line, int *col)
{
	yd_doc doc;
	jx_err err = {{0}};
	const yd_node *id;
	*line = *col = 1;
	if (!file || yd_load_file(&doc, file, &err) < 0)
		return;
	if ((id = yd_get(doc.root, "id"))) {
		*line = id->line;
		*col = id->col;
	}
	yd_free(&doc);
}

/* What the set held before a directory was loaded: to tell which templates
 * a file of that directory replaced. */
typedef struct {
	size_t n;
	char **file;
	int *version;
} tpl_snapshot;

static void snapshot_free(tpl_snapshot *sn)
{
	for (size_t i = 0; i < sn->n; i++)
		free(sn->file[i]);
	free(sn->file);
	free(sn->version);
	memset(sn, 0, sizeof *sn);
}

static int snapshot_take(tpl_snapshot *sn, const jx_templates *set)
{
	memset(sn, 0, sizeof *sn);
	sn->file = calloc(set->n + 1, sizeof *sn->file);
	sn->version = calloc(set->n + 1, sizeof *sn->version);
	if (!sn->file || !sn->version) {
		snapshot_free(sn);
		return -1;
	}
	for (size_t i = 0; i < set->n; i++) {
		sn->file[i] = strdup(nz(set->v[i]->file));
		sn->version[i] = set->v[i]->version;
		sn->n = i + 1;
		if (!sn->file[i]) {
			snapshot_free(sn);
			return -1;
		}
	}
	return 0;
}

/* A template with the id of one already known replaces it (a province's
 * variant of a national form, share/templates/README.md): every sheet of
 * that id is then scored by the replacement.  Said in one line on stderr, so
 * that it never happens unnoticed.  (A replaced template keeps its place in
 * the set: set->v[i] for i < sn->n has the id it had.) */
static void note_replaced(const tpl_snapshot *sn, const jx_templates *set)
{
	for (size_t i = 0; i < sn->n && i < set->n; i++) {
		const jx_template *t = set->v[i];
		int line, col;
		if (strcmp(nz(t->file), sn->file[i]) == 0)
			continue;
		template_id_at(t->file, &line, &col);
		/* built-in templates carry their bare file name, loaded ones a path */
		if (!strchr(sn->file[i], '/'))
			say_err("注意：%s:%d:%d 的模板“%s”（第 %d 版）替换了内置的同名模板（第 %d 版），用此模板的评价表都按替换后的规则计分",
				"note: %s:%d:%d: template \"%s\" (version %d) replaces the built-in template of that id (version "
				"%d); every sheet of this template is scored by the replacement",
				nz(t->file), line, col, nz(t->id), t->version, sn->version[i]);
		else
			say_err("注意：%s:%d:%d 的模板“%s”（第 %d 版）替换了 %s 中的同名模板（第 %d 版），用此模板的评价表都按替换后的规则计分",
				"note: %s:%d:%d: template \"%s\" (version %d) replaces the one of that id in %s (version %d); "
				"every sheet of this template is scored by the replacement",
				nz(t->file), line, col, nz(t->id), t->version, sn->file[i], sn->version[i]);
	}
}

/* Load the templates of dir into set; with notes, say which it replaced. */
static int load_template_dir(jx_templates *set, const char *dir, int notes, jx_err *err)
{
	tpl_snapshot sn;
	if (!notes)
		return jx_templates_load_dir(set, dir, err);
	if (snapshot_take(&sn, set) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	if (jx_templates_load_dir(set, dir, err) < 0) {
		snapshot_free(&sn);
		return -1;
	}
	note_replaced(&sn, set);
	snapshot_free(&sn);
	return 0;
}

static int load_templates(jx_templates *set, const char *extra_dir, int notes, jx_err *err)
{
	char *user_dir;
	struct stat sb;
	memset(set, 0, sizeof *set);
	if (jx_templates_load_builtin(set, err) < 0)
		goto fail;
	if (extra_dir && load_template_dir(set, extra_dir, notes, err) < 0)
		goto fail;
	user_dir = data_dir();
	if (user_dir) {
		char *td = path_join(user_dir, "templates");
		free(user_dir);
		if (td && stat(td, &sb) == 0 && S_ISDIR(sb.st_mode) && !(extra_dir && strcmp(extra_dir, td) == 0) &&
		    load_template_dir(set, td, notes, err) < 0) {
			free(td);
			goto fail;
		}
		free(td);
	}
	return 0;
fail:
	jx_templates_free(set);
	memset(set, 0, sizeof *set);
	return -1;
}

int jx_cli_load_templates(jx_templates *set, const char *extra_dir, jx_err *err)
{
	return load_templates(set, extra_dir, 0, err);
}

const jx_template *jx_cli_replaced_builtin(const jx_templates *set)
{
	/* the built-in templates come first, in the order of jx_template_files,
	 * and a replacement keeps the place of the one it replaced; built-in
	 * ones carry their bare file name, loaded ones a path */
	for (size_t i = 0; jx_template_files[i].name && i < set->n; i++)
		if (strchr(nz(set->v[i]->file), '/'))
			return set->v[i];
	return NULL;
}

static int need_templates(cli_t *c)
{
	jx_err err = {{0}};
	if (c->tpl_loaded)
		return 0;
	if (load_templates(&c->tpl, c->tpl_dir, 1, &err) < 0) {
		say_jx(&err);
		return JX_EXIT_INPUT;
	}
	c->tpl_loaded = 1;
	return 0;
}

/* The template of that id, or NULL after a message naming it ("where" first). */
static const jx_template *template_by_id(cli_t *c, const char *id, const char *where)
{
	const jx_template *t = jx_templates_find(&c->tpl, nz(id));
	if (!t)
		say_err("%s: 未知的评价模板 \"%s\"", "%s: unknown template \"%s\"", where, nz(id));
	return t;
}

static const jx_template *sheet_template(cli_t *c, const jx_sheet *s, const char *where)
{
	return template_by_id(c, s->template_id, where);
}

/* ---------------------------------------------------------------------------
 * Database
 */

static int file_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0;
}

/* How a command opens the database. */
enum {
	JX_OPEN_WRITE = 0,  /* an existing database, to change it */
	JX_OPEN_CREATE = 1, /* created (with its directory when the path is the default one) if missing */
	JX_OPEN_READ = 2,   /* only read: nothing is created or set up, an empty file stays as it is */
};

/* 1 when path is a SQLite file whose header carries neither jixiao's
 * application id nor any schema version: not (yet) a jixiao database, or a
 * jixiao database whose first changes are still only in its log. */
static int sqlite_header_blank(const char *path)
{
	unsigned char h[100];
	FILE *f = fopen(path, "rb");
	size_t got;
	if (!f)
		return 0;
	got = fread(h, 1, sizeof h, f);
	fclose(f);
	if (got != sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
		return 0;
	/* user_version at offset 60, application_id at 68, both big-endian */
	for (int i = 0; i < 4; i++)
		if (h[60 + i] || h[68 + i])
			return 0;
	return 1;
}

/* Size of path's write-ahead log, 0 when there is none. */
static long long wal_size(const char *path)
{
	struct stat sb;
	size_t n = strlen(path);
	char *w = malloc(n + 5);
	long long size = 0;
	if (!w)
		return 0;
	memcpy(w, path, n);
	memcpy(w + n, "-wal", 5);
	if (stat(w, &sb) == 0)
		size = (long long)sb.st_size;
	free(w);
	return size;
}

/* Open the database (mode JX_OPEN_*).  A missing file is an error with a
 * hint unless mode is JX_OPEN_CREATE. */
static int open_db(cli_t *c, int mode, jx_store **st)
{
	jx_err err = {{0}};
	int create = mode == JX_OPEN_CREATE;
	struct stat sb;
	*st = NULL;
	if (!create && !file_exists(c->db_path)) {
		say_err("数据库 %s 不存在；请先运行 jixiao init 或 jixiao import",
			"database %s does not exist; run jixiao init or jixiao import first", c->db_path);
		return JX_EXIT_DB;
	}
	if (mode == JX_OPEN_READ && stat(c->db_path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		/* A command that only reads sets nothing up: an empty file (one
		 * made by hand, or cut to nothing) is left exactly as it is. */
		if (sb.st_size == 0 && wal_size(c->db_path) == 0) {
			say_err("数据库文件 %s 是空的，还不是 jixiao 数据库；请先运行 jixiao init 或 jixiao import",
				"the database file %s is empty, not a jixiao database yet; run jixiao init or jixiao import "
				"first",
				c->db_path);
			return JX_EXIT_DB;
		}
		/* A SQLite file that is not marked as jixiao's: read it only (that
		 * finds a database whose marks are still in its log, and refuses
		 * anything else with the store's words, without setting it up). */
		if (sqlite_header_blank(c->db_path)) {
			if (jx_store_open(st, c->db_path, JX_STORE_READONLY, &err) < 0) {
				say_jx(&err);
				*st = NULL;
				return JX_EXIT_DB;
			}
			return 0;
		}
	}
	if (create && c->db_default && make_parent_dirs(c->db_path) < 0) {
		say_err("无法创建数据目录 %s: %s", "cannot create the data directory for %s: %s", c->db_path,
			strerror(errno));
		return JX_EXIT_DB;
	}
	if (jx_store_open(st, c->db_path, create ? JX_STORE_CREATE : 0, &err) < 0) {
		/* a database this user may read but not write (a read-only file or
		 * directory) still serves the commands that only read */
		jx_err err2 = {{0}};
		*st = NULL;
		if (create || jx_store_open(st, c->db_path, JX_STORE_READONLY, &err2) < 0) {
			say_jx(&err);
			*st = NULL;
			return JX_EXIT_DB;
		}
	}
	return 0;
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

/* Resolve an ID argument (local number or uid) to a stored sheet id. */
static int resolve_id(jx_store *st, const char *arg, int64_t *id)
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
		say_jx(&err);
		return JX_EXIT_DB;
	}
	if (*id == 0) {
		say_err("找不到评价表 %s (用 jixiao list 查看编号)", "no sheet %s (see jixiao list)", arg);
		return JX_EXIT_INPUT;
	}
	return 0;
}

static int load_by_arg(jx_store *st, const char *arg, jx_sheet **out)
{
	jx_err err = {{0}};
	int64_t id;
	int rc = resolve_id(st, arg, &id);
	*out = NULL;
	if (rc)
		return rc;
	if (jx_store_load(st, id, out, &err) < 0) {
		say_jx(&err);
		*out = NULL;
		return JX_EXIT_DB;
	}
	return 0;
}

/* The previous year's sheet of the same project in the store, or NULL. */
static jx_sheet *previous_year(jx_store *st, const jx_sheet *s)
{
	jx_err err = {{0}};
	int64_t pid = 0;
	jx_sheet *prev = NULL;
	if (!st || s->year <= 0)
		return NULL;
	if (jx_store_find_project(st, s, s->year - 1, &pid, &err) < 0 || pid == 0)
		return NULL;
	if (jx_store_load(st, pid, &prev, &err) < 0)
		return NULL;
	return prev;
}

static int same_project(const jx_sheet *a, const jx_sheet *b)
{
	return strcmp(nz(a->template_id), nz(b->template_id)) == 0 &&
	       strcmp(nz(a->info[JX_INFO_NAME]), nz(b->info[JX_INFO_NAME])) == 0 &&
	       strcmp(nz(a->info[JX_INFO_UNIT]), nz(b->info[JX_INFO_UNIT])) == 0;
}

/* ---------------------------------------------------------------------------
 * init
 */

static int cmd_init(cli_t *c)
{
	jx_store *st;
	int existed = file_exists(c->db_path);
	int rc = open_db(c, JX_OPEN_CREATE, &st);
	if (rc)
		return rc;
	jx_store_close(st);
	if (existed)
		out("数据库已就绪: %s (格式版本 %d)\n", "database ready: %s (format version %d)\n", c->db_path,
		    jx_store_schema_version());
	else
		out("已创建数据库: %s (格式版本 %d)\n", "created database: %s (format version %d)\n", c->db_path,
		    jx_store_schema_version());
	return 0;
}

/* ---------------------------------------------------------------------------
 * import
 */

static void bundles_free(jx_bundle *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		jx_sheets_free(b[i].v, b[i].n);
		jx_histories_free(b[i].h, b[i].n);
	}
	free(b);
}

/* Score and check a stored sheet and cache what the list shows. */
static int cache_summary(jx_store *st, const jx_template *t, const jx_sheet *s, jx_scoresheet *ss, jx_findings *fs,
			 jx_err *err)
{
	jx_sheet *prev = previous_year(st, s);
	jx_score(t, s, ss);
	jx_findings_clear(fs);
	jx_check(t, s, ss, prev, fs);
	jx_sheet_free(prev);
	return jx_store_set_summary(st, s->id, ss->total, ss->grade ? ss->grade->grade : NULL, (int)fs->n, err);
}

/* One line of the merge report. */
static void print_merge_item(const jx_merge_item *it)
{
	const char *name = it->name && *it->name ? it->name : L("(未命名)", "(unnamed)");
	const char *label = jx_merge_result_label(it->result);
	switch (it->result) {
	case JX_MERGE_NEW:
		out("%s: %s %s (%d)，编号 %lld\n", "%s: %s %s (%d) as number %lld\n", it->file, label, name, it->year,
		    (long long)it->id);
		break;
	case JX_MERGE_UPDATED:
		if (it->content_changed)
			out("%s: %s %s (%d)，编号 %lld，采用对方较新的版本，补入 %zu 条修改记录\n",
			    "%s: %s %s (%d), number %lld: took the newer version, %zu changes added to its history\n",
			    it->file, label, name, it->year, (long long)it->id, it->rows_added);
		else
			out("%s: %s %s (%d)，编号 %lld，内容相同，补入 %zu 条修改记录\n",
			    "%s: %s %s (%d), number %lld: same content, %zu changes added to its history\n", it->file,
			    label, name, it->year, (long long)it->id, it->rows_added);
		break;
	case JX_MERGE_NEWER_HERE:
		out("%s: %s %s (%d)，编号 %lld，本机版本包含对方的全部修改，保留本机版本\n",
		    "%s: %s %s (%d), number %lld: this machine's version already holds every change of the other, kept\n",
		    it->file, label, name, it->year, (long long)it->id);
		break;
	case JX_MERGE_UNCHANGED:
		out("%s: %s %s (%d)，编号 %lld\n", "%s: %s %s (%d), number %lld\n", it->file, label, name, it->year,
		    (long long)it->id);
		break;
	case JX_MERGE_CONFLICT:
		out("%s: %s %s (%d)：本机 (编号 %lld) 和 %s 都修改过；本机版本保持不变，", "%s: %s %s (%d): changed both here (number %lld) and on %s; this machine's version is unchanged, ",
		    it->file, label, name, it->year, (long long)it->id, nz(it->origin));
		if (it->copy_state == 0)
			out("对方版本存为冲突副本，编号 %lld\n", "the other version is kept as conflict copy number %lld\n",
			    (long long)it->copy_id);
		else if (it->copy_state == 1)
			out("冲突副本 (编号 %lld) 已更新为对方的新版本\n", "conflict copy number %lld now holds the other's newer version\n",
			    (long long)it->copy_id);
		else
			out("对方版本已在冲突副本 (编号 %lld) 中\n", "the other version is already kept as conflict copy number %lld\n",
			    (long long)it->copy_id);
		break;
	case JX_MERGE_NRESULTS:
		break;
	}
}

/* Is sheet id finalised (its digest kept)?  Errors count as no. */
static int sheet_is_final(jx_store *st, int64_t id)
{
	jx_err err = {{0}};
	int state = 0;
	char a[65], b[65];
	return jx_store_verify(st, id, &state, a, b, &err) == 0 && state != 0;
}

/* The exit code for a refused change: a finalised sheet or bad input is the
 * input's fault (3), anything else the database's (4). */
static int refusal_code(jx_store *st, int64_t id)
{
	if (jx_store_is_readonly(st))
		return JX_EXIT_DB;
	return sheet_is_final(st, id) ? JX_EXIT_INPUT : JX_EXIT_DB;
}

/* A bundle may not change a finalised sheet: an incoming version whose
 * history extends the local one and whose content differs would replace
 * it.  Said, for every such sheet, before anything is merged. */
static int refuse_finalised(jx_store *st, const jx_bundle *b, size_t nf)
{
	jx_err err = {{0}};
	int bad = 0;
	for (size_t i = 0; i < nf; i++)
		for (size_t j = 0; j < b[i].n; j++) {
			const jx_sheet *s = b[i].v[j];
			const jx_sheet_history *h = b[i].h ? &b[i].h[j] : NULL;
			jx_sheet *here = NULL;
			jx_audit_row *rows = NULL;
			size_t nr = 0;
			int64_t id = 0;
			int changes;
			if (!s->uid || !*s->uid || !h || h->n == 0)
				continue; /* no history: a different version is kept as a conflict copy */
			if (jx_store_find_uid(st, s->uid, &id, &err) < 0) {
				say_jx(&err);
				return JX_EXIT_DB;
			}
			if (!id || !sheet_is_final(st, id))
				continue;
			if (jx_store_load(st, id, &here, &err) < 0 || jx_store_history(st, id, NULL, &rows, &nr, &err) < 0) {
				jx_sheet_free(here);
				say_jx(&err);
				return JX_EXIT_DB;
			}
			changes = jx_history_relation(rows, nr, h->rows, h->n) == JX_HIST_EXTENDS && !jx_sheet_equal(s, here);
			if (changes) {
				say_err("%s: 评价表 %lld（%s）已定稿，文件中是它此后又修改过的版本，导入会改动定稿的内容。"
					"如需采用: 先 jixiao reopen %lld --reason 原因，再导入，然后用 jixiao resolve 选择保留的版本",
					"%s: sheet %lld (%s) is finalised and the file holds a later version of it: importing it "
					"would change the finalised content. To take it: jixiao reopen %lld --reason TEXT, import "
					"again, then choose the version to keep with jixiao resolve",
					b[i].file, (long long)id, sheet_name(here), (long long)id);
				bad = 1;
			}
			jx_audit_free(rows, nr);
			jx_sheet_free(here);
		}
	if (bad) {
		say_err("未导入任何评价表", "nothing imported");
		return JX_EXIT_INPUT;
	}
	return 0;
}

static int cmd_import(cli_t *c)
{
	jx_bundle *b;
	size_t nf = (size_t)c->npos;
	jx_store *st = NULL;
	jx_err err = {{0}};
	jx_merge_report rep;
	int rc, bad = 0;

	memset(&rep, 0, sizeof rep);
	if ((rc = need_templates(c)))
		return rc;
	b = calloc(nf, sizeof *b);
	if (!b) {
		say_err("内存不足", "out of memory");
		return JX_EXIT_DB;
	}
	/* 1. Read every file; any error means nothing is imported. */
	for (size_t i = 0; i < nf; i++) {
		b[i].file = c->pos[i];
		err.msg[0] = 0;
		if (jx_bundle_read(b[i].file, &c->tpl, &b[i].v, &b[i].h, &b[i].n, &err) < 0) {
			b[i].v = NULL;
			b[i].h = NULL;
			b[i].n = 0;
			say_jx(&err);
			bad = 1;
		}
	}
	if (bad) {
		say_err("有文件出错，未导入任何评价表", "nothing imported: a file has errors");
		bundles_free(b, nf);
		return JX_EXIT_INPUT;
	}
	for (size_t i = 0; i < nf; i++)
		for (size_t j = 0; j < b[i].n; j++)
			if (!sheet_template(c, b[i].v[j], b[i].file))
				bad = 1;
	if (bad) {
		say_err("未导入任何评价表", "nothing imported");
		bundles_free(b, nf);
		return JX_EXIT_INPUT;
	}

	/* 2. Merge everything in one transaction. */
	if ((rc = open_db(c, JX_OPEN_CREATE, &st))) {
		bundles_free(b, nf);
		return rc;
	}
	if ((rc = refuse_finalised(st, b, nf)))
		goto done;
	rc = jx_merge_bundles(st, b, nf, c->user, &rep, &err);
	if (rc) {
		say_jx(&err);
		if (rc != JX_MERGE_REFUSED)
			say_err("未导入任何评价表", "nothing imported");
		rc = rc == JX_MERGE_REFUSED ? JX_EXIT_INPUT : JX_EXIT_DB;
		goto done;
	}

	/* 3. The merge report, and score and findings cached for the list. */
	{
		jx_scoresheet ss;
		jx_findings fs;
		size_t k = 0, nc = rep.count[JX_MERGE_CONFLICT];
		int cache_failed = 0;
		int in_tx;
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		/* the cached figures of all sheets in one transaction (one sync) */
		in_tx = jx_store_begin(st, &err) == 0;
		for (size_t i = 0; i < nf; i++) {
			for (size_t j = 0; j < b[i].n; j++, k++) {
				const jx_merge_item *it = &rep.v[k];
				jx_sheet *s = b[i].v[j];
				int fresh = it->result == JX_MERGE_NEW || (it->result == JX_MERGE_UPDATED && it->content_changed) ||
					    (it->result == JX_MERGE_CONFLICT && it->copy_state < 2);
				print_merge_item(it);
				if (fresh && !cache_failed &&
				    cache_summary(st, jx_templates_find(&c->tpl, s->template_id), s, &ss, &fs, &err) < 0) {
					say_jx(&err);
					cache_failed = 1;
				}
			}
		}
		if (in_tx && jx_store_commit(st, &err) < 0 && !cache_failed) {
			say_jx(&err);
			cache_failed = 1;
		}
		jx_scoresheet_free(&ss);
		jx_findings_free(&fs);
		out("合计: %s %zu，%s %zu，%s %zu，%s %zu，%s %zu\n", "total: %s %zu, %s %zu, %s %zu, %s %zu, %s %zu\n",
		    jx_merge_result_label(JX_MERGE_NEW), rep.count[JX_MERGE_NEW], jx_merge_result_label(JX_MERGE_UPDATED),
		    rep.count[JX_MERGE_UPDATED], jx_merge_result_label(JX_MERGE_NEWER_HERE), rep.count[JX_MERGE_NEWER_HERE],
		    jx_merge_result_label(JX_MERGE_UNCHANGED), rep.count[JX_MERGE_UNCHANGED],
		    jx_merge_result_label(JX_MERGE_CONFLICT), nc);
		if (nc) {
			/* said on both streams: a conflict must not go unnoticed */
			out("注意: %zu 张评价表有冲突，两个版本都已保留 (见 jixiao list 中的“冲突副本”)；"
			    "请用 jixiao resolve 编号 --keep local 或 --keep incoming 选择保留哪个版本\n",
			    "note: %zu sheets are in conflict; both versions are kept (see the \"conflict copy\" rows of jixiao "
			    "list); choose one with jixiao resolve ID --keep local or --keep incoming\n",
			    nc);
			say_err("%zu 张评价表有冲突，需要处理 (jixiao resolve)", "%zu sheets are in conflict and need resolving (jixiao resolve)",
				nc);
		}
		if (cache_failed) {
			say_err("评价表已导入，但列表中的得分未能更新", "the sheets were imported but the list's scores were not updated");
			rc = JX_EXIT_DB;
			goto done;
		}
	}
	rc = 0;
done:
	jx_merge_report_free(&rep);
	if (st)
		jx_store_close(st);
	bundles_free(b, nf);
	return rc;
}

/* ---------------------------------------------------------------------------
 * set
 */



static int cmd_set(cli_t *c)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	const jx_template *t;
	char before[256], shown[256];
	int rc = need_templates(c);
	if (rc)
		return rc;
	if ((rc = open_db(c, JX_OPEN_WRITE, &st)))
		return rc;
	if ((rc = load_by_arg(st, c->pos[0], &s)))
		goto done;
	if (!(t = sheet_template(c, s, c->pos[0]))) {
		rc = JX_EXIT_INPUT;
		goto done;
	}
	if (jx_field_get(s, c->pos[1], before, sizeof before, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_INPUT;
		goto done;
	}
	if (jx_store_set_field(st, s, t, c->pos[1], c->pos[2], c->user, &err) < 0) {
		say_jx(&err);
		/* a refused value or a finalised sheet is the input's fault;
		 * anything else the database's */
		rc = jx_field_set(s, t, c->pos[1], c->pos[2], &err) < 0 ? JX_EXIT_INPUT : refusal_code(st, s->id);
		if (rc == JX_EXIT_DB && strcmp(c->pos[1], "status") == 0 && s->status && strcmp(s->status, "final") == 0)
			rc = JX_EXIT_INPUT; /* "final" is set with finalise */
		goto done;
	}
	if (jx_field_get(s, c->pos[1], shown, sizeof shown, &err) < 0)
		shown[0] = 0;
	if (strcmp(before, shown) == 0) {
		out("评价表 %lld 的 %s 已是“%s”，未改动\n", "sheet %lld: %s is already \"%s\"; nothing changed\n",
		    (long long)s->id, c->pos[1], shown);
	} else {
		jx_scoresheet ss;
		jx_findings fs;
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		out("评价表 %lld: %s 由“%s”改为“%s”\n", "sheet %lld: %s changed from \"%s\" to \"%s\"\n", (long long)s->id,
		    c->pos[1], before, shown);
		if (cache_summary(st, t, s, &ss, &fs, &err) < 0)
			say_jx(&err);
		jx_scoresheet_free(&ss);
		jx_findings_free(&fs);
	}
	rc = 0;
done:
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * resolve
 */

static int cmd_resolve(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	int64_t id, of, copy;
	int keep_incoming = strcmp(c->keep, "incoming") == 0;
	char *origin = NULL;
	int rc = need_templates(c);
	if (rc)
		return rc;
	if ((rc = open_db(c, JX_OPEN_WRITE, &st)))
		return rc;
	if ((rc = resolve_id(st, c->pos[0], &id)))
		goto done;
	if (jx_merge_find_conflict(st, id, &of, &copy, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_INPUT;
		goto done;
	}
	if (jx_store_conflict_of(st, copy, &id, &origin, &err) < 0 ||
	    jx_store_resolve(st, of, copy, keep_incoming, c->user, &err) < 0) {
		say_jx(&err);
		rc = refusal_code(st, of);
		goto done;
	}
	if (keep_incoming)
		out("已解决冲突: 评价表 %lld 采用了来自 %s 的版本；冲突副本 %lld 已移入回收站\n",
		    "conflict resolved: sheet %lld now holds the version from %s; conflict copy %lld is in the trash\n",
		    (long long)of, nz(origin), (long long)copy);
	else
		out("已解决冲突: 评价表 %lld 保留本机版本；来自 %s 的冲突副本 %lld 已移入回收站\n",
		    "conflict resolved: sheet %lld keeps this machine's version; the conflict copy from %s (number %lld) is in the trash\n",
		    (long long)of, nz(origin), (long long)copy);
	{
		/* the list's cached score follows the content */
		jx_sheet *s = NULL;
		jx_scoresheet ss;
		jx_findings fs;
		const jx_template *t;
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		if (jx_store_load(st, of, &s, &err) == 0 && (t = jx_templates_find(&c->tpl, nz(s->template_id))) != NULL &&
		    cache_summary(st, t, s, &ss, &fs, &err) < 0)
			say_jx(&err);
		jx_scoresheet_free(&ss);
		jx_findings_free(&fs);
		jx_sheet_free(s);
	}
	rc = 0;
done:
	free(origin);
	jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * finalise, reopen, verify
 */

static void say_changed(int64_t id, const char *name, const char *stored, const char *now)
{
	if (stored[0])
		out("评价表 %lld（%s）：定稿后内容被改动过！定稿时的 SHA-256 摘要为 %s，现在为 %s\n",
		    "sheet %lld (%s): its content was changed after it was finalised! SHA-256 at finalisation %s, now %s\n",
		    (long long)id, name, stored, now);
	else
		out("评价表 %lld（%s）：标为定稿，但定稿时的 SHA-256 摘要已不在数据库中（被改动过）；现在的摘要为 %s\n",
		    "sheet %lld (%s): marked final, but the SHA-256 kept at finalisation is gone from the database "
		    "(it was tampered with); its digest now is %s\n",
		    (long long)id, name, now);
}

static int cmd_finalise(cli_t *c)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	char stored[65], now[65];
	int state = 0, rc;
	int64_t of = 0, *copies = NULL;
	size_t nc = 0;
	if ((rc = open_db(c, JX_OPEN_WRITE, &st)))
		return rc;
	if ((rc = load_by_arg(st, c->pos[0], &s)))
		goto done;
	if (jx_store_verify(st, s->id, &state, stored, now, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (state == 1) {
		out("评价表 %lld（%s）已经定稿（SHA-256 %s），未做改动\n",
		    "sheet %lld (%s) is already finalised (SHA-256 %s); nothing changed\n", (long long)s->id, sheet_name(s),
		    stored);
		goto done;
	}
	if (state == 2) {
		say_changed(s->id, sheet_name(s), stored, now);
		say_err("评价表 %lld 已定稿，但内容在定稿后被改动过；请核对 (jixiao verify、jixiao history)",
			"sheet %lld is finalised but its content was changed afterwards; look into it (jixiao verify, "
			"jixiao history)",
			(long long)s->id);
		rc = JX_EXIT_FINDINGS;
		goto done;
	}
	/* what the store would refuse anyway, said with the way out */
	if (jx_store_conflict_of(st, s->id, &of, NULL, &err) < 0 || jx_store_conflict_copies(st, s->id, &copies, &nc, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (of > 0 || nc > 0) {
		say_err("评价表 %lld 有未处理的冲突，不能定稿；请先用 jixiao resolve %lld --keep local|incoming 处理",
			"sheet %lld has an unsettled conflict and cannot be finalised; settle it first with jixiao resolve %lld "
			"--keep local|incoming",
			(long long)s->id, (long long)(of > 0 ? s->id : copies[0]));
		rc = JX_EXIT_INPUT;
		goto done;
	}
	{
		jx_sheet_summary *v = NULL;
		size_t n = 0;
		int trashed = 0;
		if (jx_store_list(st, 1, &v, &n, &err) < 0) {
			say_jx(&err);
			rc = JX_EXIT_DB;
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			if (v[i].id == s->id)
				trashed = v[i].deleted;
		jx_summaries_free(v, n);
		if (trashed) {
			say_err("评价表 %lld 在回收站中，不能定稿", "sheet %lld is in the trash and cannot be finalised",
				(long long)s->id);
			rc = JX_EXIT_INPUT;
			goto done;
		}
	}
	if (jx_store_finalise(st, s, c->user, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (jx_store_verify(st, s->id, &state, stored, now, &err) < 0 || state != 1) {
		if (state != 1)
			say_err("定稿后核对摘要失败", "the digest did not check out after finalising");
		else
			say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	out("评价表 %lld（%s）已定稿；内容的 SHA-256 摘要: %s\n"
	    "重新打开之前不接受任何修改 (jixiao reopen %lld --reason 原因)；jixiao verify 可核对内容是否被改动\n",
	    "sheet %lld (%s) is finalised; SHA-256 of its content: %s\n"
	    "no change is accepted until it is reopened (jixiao reopen %lld --reason TEXT); jixiao verify checks that "
	    "its content stays as it is\n",
	    (long long)s->id, sheet_name(s), stored, (long long)s->id);
done:
	free(copies);
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

static int cmd_reopen(cli_t *c)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	char stored[65], now[65];
	int state = 0, rc;
	if ((rc = open_db(c, JX_OPEN_WRITE, &st)))
		return rc;
	if ((rc = load_by_arg(st, c->pos[0], &s)))
		goto done;
	if (jx_store_verify(st, s->id, &state, stored, now, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (state == 0) {
		say_err("评价表 %lld（%s）没有定稿，无须重新打开", "sheet %lld (%s) is not finalised; there is nothing to reopen",
			(long long)s->id, sheet_name(s));
		rc = JX_EXIT_INPUT;
		goto done;
	}
	if (jx_store_reopen(st, s, c->reason, c->user, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (state == 2)
		say_err("注意: 评价表 %lld 的内容在定稿后被改动过 (定稿时 %s，重新打开前 %s)；请用 jixiao history %lld 核对",
			"note: the content of sheet %lld had been changed after it was finalised (%s at finalisation, %s "
			"before reopening); look into it with jixiao history %lld",
			(long long)s->id, stored[0] ? stored : "-", now, (long long)s->id);
	out("评价表 %lld（%s）已重新打开，状态为“%s”，可以修改；原因已记入修改记录\n",
	    "sheet %lld (%s) is reopened with status \"%s\" and can be changed; the reason is in its history\n",
	    (long long)s->id, sheet_name(s), status_label(s->status));
done:
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

static int cmd_verify(cli_t *c)
{
	jx_store *st;
	jx_sheet_summary *v = NULL;
	size_t n = 0, checked = 0, changed = 0;
	jx_err err = {{0}};
	int64_t *ids = NULL;
	size_t nids = 0;
	int rc = open_db(c, JX_OPEN_READ, &st);
	if (rc)
		return rc;
	if (jx_store_list(st, 1, &v, &n, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	ids = calloc((size_t)c->npos + n + 1, sizeof *ids);
	if (!ids) {
		say_err("内存不足", "out of memory");
		rc = JX_EXIT_DB;
		goto done;
	}
	if (c->npos) {
		for (int i = 0; i < c->npos; i++)
			if ((rc = resolve_id(st, c->pos[i], &ids[nids++])))
				goto done;
	} else {
		/* every sheet: a finalised sheet whose mark was taken away
		 * behind the program's back is found by its history */
		for (size_t i = 0; i < n; i++)
			ids[nids++] = v[i].id;
	}
	for (size_t i = 0; i < nids; i++) {
		char stored[65], now[65];
		const char *name = L("(未命名)", "(unnamed)");
		int state = 0;
		for (size_t k = 0; k < n; k++)
			if (v[k].id == ids[i] && v[k].name && *v[k].name)
				name = v[k].name;
		if (jx_store_verify(st, ids[i], &state, stored, now, &err) < 0) {
			say_jx(&err);
			rc = JX_EXIT_DB;
			goto done;
		}
		if (state == 0) {
			if (c->npos)
				out("评价表 %lld（%s）：未定稿\n", "sheet %lld (%s): not finalised\n", (long long)ids[i], name);
			continue;
		}
		checked++;
		if (state == 1) {
			out("评价表 %lld（%s）：定稿内容完好（SHA-256 %s）\n", "sheet %lld (%s): finalised content intact (SHA-256 %s)\n",
			    (long long)ids[i], name, stored);
		} else {
			changed++;
			say_changed(ids[i], name, stored, now);
		}
	}
	if (!c->npos && checked == 0)
		out("数据库中没有定稿的评价表\n", "there is no finalised sheet in the database\n");
	else
		out("共核对 %zu 张定稿评价表：%zu 张完好，%zu 张定稿后被改动\n",
		    "%zu finalised sheets checked: %zu intact, %zu changed after finalisation\n", checked, checked - changed,
		    changed);
	if (changed) {
		say_err("%zu 张定稿评价表的内容在定稿后被改动过 (不是通过 jixiao)；请用 jixiao history 核对",
			"the content of %zu finalised sheets was changed after finalisation (not through jixiao); look into "
			"them with jixiao history",
			changed);
		rc = JX_EXIT_FINDINGS;
	}
done:
	free(ids);
	jx_summaries_free(v, n);
	jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * export
 */

/* The sheets of an export, loaded from the store one at a time when the
 * writer asks for them: only one sheet (and, for a bundle, its history) is
 * in memory at a time, whatever the number of sheets.  Each chosen sheet is
 * known by its id and its template (from the summaries, so that the
 * templates are checked before any sheet is loaded). */
typedef struct {
	int64_t id;
	const char *template_id;
} export_pick;

typedef struct {
	jx_store *st;
	const export_pick *pick;
	size_t n, i;
	jx_sheet *cur;
	jx_sheet_history hist; /* of cur, for a bundle */
} export_feed;

static void export_feed_drop(export_feed *x)
{
	jx_sheet_free(x->cur);
	x->cur = NULL;
	jx_audit_free(x->hist.rows, x->hist.n);
	x->hist.rows = NULL;
	x->hist.n = 0;
}

/* The next sheet (the previous one is freed); NULL with err set on failure. */
static jx_sheet *export_feed_load(export_feed *x, jx_err *err)
{
	export_feed_drop(x);
	if (x->i >= x->n) {
		jx_err_set(err, "评价表不足：应有 %zu 张", "fewer sheets than the %zu announced", x->n);
		return NULL;
	}
	if (jx_store_load(x->st, x->pick[x->i].id, &x->cur, err) < 0) {
		x->cur = NULL;
		return NULL;
	}
	x->i++;
	return x->cur;
}

static const jx_sheet *export_feed_next(void *ctx, jx_err *err)
{
	return export_feed_load(ctx, err);
}

static int export_feed_next_bundle(void *ctx, const jx_sheet **s, const jx_sheet_history **h, jx_err *err)
{
	export_feed *x = ctx;
	jx_sheet *cur = export_feed_load(x, err);
	if (!cur)
		return -1;
	if (jx_store_history(x->st, cur->id, NULL, &x->hist.rows, &x->hist.n, err) < 0) {
		x->hist.rows = NULL;
		x->hist.n = 0;
		return -1;
	}
	*s = cur;
	*h = &x->hist;
	return 0;
}

/* The same words for a full disk wherever it is noticed. */
static int disk_full(int e)
{
	return e == ENOSPC || e == EFBIG
#ifdef EDQUOT
	       || e == EDQUOT
#endif
		;
}

/* Write the bundle of the feed's sheets to path so that it is either complete
 * or untouched (a temporary file beside it, fsync'ed, then renamed); an
 * existing path is kept unless force.  "-" is standard output. */
static int write_bundle_atomic(const char *path, int force, export_feed *feed, const jx_templates *set)
{
	jx_err err = {{0}};
	jx_safefile sf;
	struct stat sb;

	if (strcmp(path, "-") == 0) {
		if (jx_bundle_write_stream(stdout, feed->n, export_feed_next_bundle, feed, set, &err) < 0) {
			say_jx(&err);
			return JX_EXIT_DB;
		}
		return 0;
	}
	if (lstat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			say_err("%s 是一个目录", "%s is a directory", path);
			return JX_EXIT_INPUT;
		}
		if (!force) {
			say_err("%s 已存在；如要覆盖请加 --force", "%s already exists; use --force to replace it", path);
			return JX_EXIT_INPUT;
		}
	}
	if (jx_safefile_open(&sf, path, force, &err) < 0) {
		say_jx(&err);
		return JX_EXIT_DB;
	}
	errno = 0;
	if (jx_bundle_write_stream(sf.f, feed->n, export_feed_next_bundle, feed, set, &err) < 0) {
		int e = errno;
		if (disk_full(e))
			jx_safefile_write_error(&err, path, e);
		say_jx(&err);
		jx_safefile_abort(&sf);
		return JX_EXIT_DB;
	}
	if (jx_safefile_commit(&sf, &err) < 0) {
		say_jx(&err);
		return JX_EXIT_DB;
	}
	return 0;
}

static int cmp_summary_id(const void *a, const void *b)
{
	int64_t x = ((const jx_sheet_summary *)a)->id, y = ((const jx_sheet_summary *)b)->id;
	return (x > y) - (x < y);
}

static int cmd_export(cli_t *c)
{
	jx_store *st;
	jx_sheet_summary *sums = NULL;
	size_t ns = 0, n = 0, skipped = 0;
	export_pick *pick = NULL;
	export_feed feed;
	jx_err err = {{0}};
	int yaml = !c->format || strcmp(c->format, "yaml") == 0;
	int rc;
	jx_export_fixed_mmap_threshold();
	if ((rc = open_db(c, JX_OPEN_READ, &st)))
		return rc;
	memset(&feed, 0, sizeof feed);
	/* --all and --year: the sheets out of the trash; by number or uid: any
	 * stored sheet, the trash included */
	if (jx_store_list(st, !(c->all || c->year), &sums, &ns, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	pick = calloc((c->all || c->year ? ns : (size_t)c->npos) + 1, sizeof *pick);
	if (!pick) {
		say_err("内存不足", "out of memory");
		rc = JX_EXIT_DB;
		goto done;
	}
	if (c->all || c->year) {
		for (size_t i = 0; i < ns; i++) {
			if (c->year && sums[i].year != c->year)
				continue;
			/* an unsettled conflict copy is not a sheet of its own */
			if (sums[i].conflict_of > 0) {
				skipped++;
				continue;
			}
			pick[n].id = sums[i].id;
			pick[n].template_id = sums[i].template_id;
			n++;
		}
		if (skipped)
			say_err("%zu 张冲突副本未导出；请先用 jixiao resolve 处理冲突",
				"%zu conflict copies were not exported; settle them first with jixiao resolve", skipped);
	} else {
		qsort(sums, ns, sizeof *sums, cmp_summary_id);
		for (int i = 0; i < c->npos; i++) {
			jx_sheet_summary key, *sum;
			int64_t id;
			int dup = 0;
			if ((rc = resolve_id(st, c->pos[i], &id)))
				goto done;
			/* the same sheet named twice (by number and uid) is written once */
			for (size_t k = 0; k < n; k++)
				dup |= pick[k].id == id;
			if (dup)
				continue;
			key.id = id;
			sum = bsearch(&key, sums, ns, sizeof *sums, cmp_summary_id);
			pick[n].id = id;
			pick[n].template_id = sum ? sum->template_id : NULL;
			n++;
			if (yaml) {
				int64_t of = 0;
				if (jx_store_conflict_of(st, id, &of, NULL, &err) < 0) {
					say_jx(&err);
					rc = JX_EXIT_DB;
					goto done;
				}
				if (of > 0) {
					say_err("评价表 %s 是评价表 %lld 的冲突副本，不能作为交换文件导出；请先用 jixiao resolve 处理",
						"sheet %s is a conflict copy of sheet %lld and cannot go into a bundle; settle it first "
						"with jixiao resolve",
						c->pos[i], (long long)of);
					rc = JX_EXIT_INPUT;
					goto done;
				}
			}
		}
	}
	feed.st = st;
	feed.pick = pick;
	feed.n = n;
	if ((rc = need_templates(c)))
		goto done;
	if (yaml) {
		/* a bundle: each sheet with its history */
		rc = write_bundle_atomic(c->output, c->force, &feed, &c->tpl);
	} else {
		/* the scored forms: xlsx, CSV, HTML, report */
		jx_export_format fmt = JX_EXPORT_XLSX;
		struct stat sb;
		jx_export_format_parse(c->format, &fmt, &err);
		for (size_t i = 0; i < n; i++)
			if (!template_by_id(c, pick[i].template_id, c->output)) {
				rc = JX_EXIT_INPUT;
				goto done;
			}
		if (strcmp(c->output, "-") != 0 && lstat(c->output, &sb) == 0 && (S_ISDIR(sb.st_mode) || !c->force)) {
			if (S_ISDIR(sb.st_mode))
				say_err("%s 是一个目录", "%s is a directory", c->output);
			else
				say_err("%s 已存在；如要覆盖请加 --force", "%s already exists; use --force to replace it",
					c->output);
			rc = JX_EXIT_INPUT;
			goto done;
		}
		if (jx_export_stream(fmt, &c->tpl, n, export_feed_next, &feed, c->output,
				     (c->force ? JX_EXPORT_FORCE : 0) | (c->gb18030 ? JX_EXPORT_GB18030 : 0), &err) < 0) {
			say_jx(&err);
			rc = JX_EXIT_DB;
		}
	}
	if (rc == 0 && strcmp(c->output, "-") != 0)
		out("已导出 %zu 张评价表到 %s\n", "exported %zu sheets to %s\n", n, c->output);
done:
	export_feed_drop(&feed);
	free(pick);
	jx_summaries_free(sums, ns);
	jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * list
 */

static int cmd_list(cli_t *c)
{
	jx_store *st;
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	enum { NCOL = 9 };
	static const int cap[NCOL] = {8, 6, 40, 28, 26, 8, 6, 10, 8};
	static const int right[NCOL] = {1, 1, 0, 0, 0, 1, 0, 0, 1};
	int width[NCOL];
	const char *head[NCOL];
	int rc = open_db(c, JX_OPEN_READ, &st);
	if (rc)
		return rc;
	if (jx_store_list(st, 0, &v, &n, &err) < 0) {
		say_jx(&err);
		jx_store_close(st);
		return JX_EXIT_DB;
	}
	head[0] = L("编号", "ID");
	head[1] = L("年度", "year");
	head[2] = L("项目名称", "name");
	head[3] = L("实施单位", "unit");
	head[4] = L("模板", "template");
	head[5] = L("总分", "total");
	head[6] = L("等级", "grade");
	head[7] = L("状态", "status");
	head[8] = L("问题", "findings");
	{
		char (*cells)[NCOL][64] = calloc(n + 1, sizeof *cells);
		const char **txt = calloc((n + 1) * NCOL, sizeof *txt);
		if (!cells || !txt) {
			free(cells);
			free(txt);
			jx_summaries_free(v, n);
			jx_store_close(st);
			say_err("内存不足", "out of memory");
			return JX_EXIT_DB;
		}
		for (int k = 0; k < NCOL; k++) {
			txt[k] = head[k];
			width[k] = jx_text_width(head[k]);
		}
		for (size_t i = 0; i < n; i++) {
			const char **row = txt + (i + 1) * NCOL;
			snprintf(cells[i][0], 64, "%lld", (long long)v[i].id);
			snprintf(cells[i][1], 64, "%d", v[i].year);
			if (v[i].total == JX_NONE)
				strcpy(cells[i][5], "-");
			else
				jx_fmt(cells[i][5], v[i].total, 2);
			if (v[i].findings < 0)
				strcpy(cells[i][8], "-");
			else
				snprintf(cells[i][8], 64, "%d", v[i].findings);
			row[0] = cells[i][0];
			row[1] = cells[i][1];
			row[2] = v[i].name && *v[i].name ? v[i].name : L("(未命名)", "(unnamed)");
			row[3] = nz(v[i].unit);
			row[4] = nz(v[i].template_id);
			row[5] = cells[i][5];
			row[6] = v[i].grade[0] ? v[i].grade : "-";
			row[7] = v[i].conflict_of > 0 ? L("冲突", "conflict") : status_label(v[i].status);
			row[8] = cells[i][8];
			for (int k = 0; k < NCOL; k++) {
				int w = jx_text_width(row[k]);
				if (w > width[k])
					width[k] = w;
			}
		}
		for (int k = 0; k < NCOL; k++)
			if (width[k] > cap[k] && cap[k] >= jx_text_width(head[k]))
				width[k] = cap[k];
		for (size_t i = 0; i <= n; i++) {
			for (int k = 0; k < NCOL; k++) {
				if (k)
					fputs("  ", stdout);
				if (k == NCOL - 1 && !right[k])
					fputs(txt[i * NCOL + k], stdout);
				else
					put_cell(stdout, txt[i * NCOL + k], width[k], right[k]);
			}
			fputc('\n', stdout);
		}
		free(cells);
		free(txt);
	}
	jx_summaries_free(v, n);
	jx_store_close(st);
	return 0;
}

/* ---------------------------------------------------------------------------
 * score
 */

static const char *item_name(const jx_score_item *it)
{
	if (it->kind == JX_ITEM_IND && it->ind)
		return it->ind->name && *it->ind->name ? it->ind->name : it->ind->key;
	if (it->node) {
		if (jx_lang == JX_LANG_EN && it->node->name_en && *it->node->name_en)
			return it->node->name_en;
		return nz(it->node->name);
	}
	return L("总分", "total");
}

static void flag_text(char *buf, size_t len, int flags)
{
	static const struct {
		int bit;
		const char *zh, *en;
	} names[] = {
		{JX_SF_NA, "不适用", "n/a"},
		{JX_SF_UNMET, "未达成", "unmet"},
		{JX_SF_OVER, "超额", "over target"},
		{JX_SF_CAPPED, "封顶", "capped"},
		{JX_SF_INCOMPLETE, "未填完", "incomplete"},
		{JX_SF_OVERRIDDEN, "改分", "overridden"},
	};
	size_t at = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].bit))
			continue;
		at += (size_t)snprintf(buf + at, at < len ? len - at : 0, "%s%s", at ? "," : "[", L(names[i].zh, names[i].en));
		if (at >= len)
			break;
	}
	if (at && at + 2 < len)
		strcat(buf, "]");
}

static void print_sheet_head(const jx_sheet *s, const jx_template *t)
{
	out("%s  %d  %s", "%s  %d  %s", sheet_name(s), s->year, nz(s->info[JX_INFO_UNIT]));
	out("  [%s %s]\n", "  [%s %s]\n", t->id, jx_lang == JX_LANG_EN && t->name_en ? t->name_en : nz(t->name));
}

static void print_score_text(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss)
{
	char b1[40], b2[40], b3[40], fl[128];
	int dec = t->rules.decimals;
	int namew = 0;
	print_sheet_head(s, t);
	if (ss->exec_rate != JX_NONE)
		out("执行率 %s\n", "Execution rate %s\n", pct(b1, ss->exec_rate));
	else
		out("执行率 - (资金未填)\n", "Execution rate - (funds not entered)\n");
	if (ss->received_rate != JX_NONE)
		out("到位率 %s\n", "Funds received %s\n", pct(b1, ss->received_rate));
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		int w;
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		w = it->depth * 2 + jx_text_width(item_name(it));
		if (w > namew)
			namew = w;
	}
	if (namew > 44)
		namew = 44;
	if (namew < 8)
		namew = 8;
	/* header */
	put_cell(stdout, L("项目", "item"), namew, 0);
	fputs("  ", stdout);
	put_cell(stdout, L("分值", "points"), 7, 1);
	fputs("  ", stdout);
	put_cell(stdout, L("得分", "score"), 7, 1);
	fputs("  ", stdout);
	put_cell(stdout, L("完成率", "rate"), 8, 1);
	fputs("  ", stdout);
	fputs(L("说明", "explanation"), stdout);
	fputc('\n', stdout);
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		char name[512];
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		snprintf(name, sizeof name, "%*s%s", it->depth * 2, "", item_name(it));
		put_cell(stdout, name, namew, 0);
		fputs("  ", stdout);
		put_cell(stdout, it->points == JX_NONE ? "-" : jx_fmt_trim(b1, it->points), 7, 1);
		fputs("  ", stdout);
		put_cell(stdout, score_str(b2, it->score, dec), 7, 1);
		fputs("  ", stdout);
		put_cell(stdout, it->rate == JX_NONE ? "" : pct(b3, it->rate), 8, 1);
		flag_text(fl, sizeof fl, it->flags);
		fputs("  ", stdout);
		if (fl[0])
			printf("%s ", fl);
		fputs(jx_score_expl(ss, &ss->items[i]), stdout);
		fputc('\n', stdout);
	}
	out("总分 %s / %s", "Total %s / %s", score_str(b1, ss->total, dec),
	    ss->points == JX_NONE ? "-" : jx_fmt_trim(b2, ss->points));
	if (ss->total_raw != ss->total && ss->total_raw != JX_NONE)
		out(" (按执行率封顶，未封顶为 %s)", " (capped by the execution rate; %s before the cap)",
		    jx_fmt(b3, ss->total_raw, dec));
	out("  等级 %s\n", "  Grade %s\n",
	    ss->grade ? (jx_lang == JX_LANG_EN && ss->grade->grade_en ? ss->grade->grade_en : ss->grade->grade) : "-");
	if (ss->text && ss->text[ss->total_expl])
		printf("  %s\n", ss->text + ss->total_expl);
}

static void print_score_tsv(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, int many)
{
	char b1[40], b2[40];
	int dec = t->rules.decimals;
	if (many) {
		fputs("sheet\t", stdout);
		put_tsv(stdout, s->uid ? s->uid : "");
		printf("\t%d\t", s->year);
		put_tsv(stdout, sheet_name(s));
		fputc('\n', stdout);
	}
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		printf("%s\t%s\t%s\t", it->path, it->points == JX_NONE ? "" : jx_fmt_trim(b1, it->points),
		       it->score == JX_NONE ? "" : jx_fmt(b2, it->score, dec));
		put_tsv(stdout, jx_score_expl(ss, it));
		fputc('\n', stdout);
	}
	printf("total\t%s\t%s\t", ss->points == JX_NONE ? "" : jx_fmt_trim(b1, ss->points),
	       ss->total == JX_NONE ? "" : jx_fmt(b2, ss->total, dec));
	if (ss->text)
		put_tsv(stdout, ss->text + ss->total_expl);
	fputc('\n', stdout);
	printf("grade\t\t");
	put_tsv(stdout, ss->grade ? ss->grade->grade : "");
	fputc('\t', stdout);
	if (ss->grade) {
		printf(L("总分 %s ≥ %s", "total %s >= %s"), jx_fmt(b1, ss->total, dec), jx_fmt_trim(b2, ss->grade->min));
	}
	fputc('\n', stdout);
}

/* A FILE|ID argument: a path when it names an existing file, is "-", or
 * looks like one (contains '/' or ends in .yaml/.yml). */
static int is_file_arg(const char *a)
{
	struct stat sb;
	size_t n = strlen(a);
	if (strcmp(a, "-") == 0 || strchr(a, '/'))
		return 1;
	if (stat(a, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return 1;
	return (n > 5 && strcmp(a + n - 5, ".yaml") == 0) || (n > 4 && strcmp(a + n - 4, ".yml") == 0);
}

/* Sheets named by the arguments of score/check: every sheet of each FILE,
 * the stored sheet of each ID. */
typedef struct {
	jx_sheet **v;     /* owned */
	const char **src; /* file name, or NULL when from the store */
	size_t n, cap;
} sheet_set;

static int sheet_set_add(sheet_set *set, jx_sheet *s, const char *src)
{
	if (set->n == set->cap) {
		size_t nc = set->cap ? set->cap * 2 : 8;
		jx_sheet **nv = realloc(set->v, nc * sizeof *nv);
		const char **ns;
		if (!nv)
			return -1;
		set->v = nv;
		ns = realloc(set->src, nc * sizeof *ns);
		if (!ns)
			return -1;
		set->src = ns;
		set->cap = nc;
	}
	set->v[set->n] = s;
	set->src[set->n] = src;
	set->n++;
	return 0;
}

static void sheet_set_free(sheet_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		jx_sheet_free(set->v[i]);
	free(set->v);
	free(set->src);
}

/* Gather the sheets; *st is opened (without creating) when an ID is given, or
 * for check when the database exists (previous year's sheets). */
static int gather(cli_t *c, sheet_set *set, jx_store **st, int want_db)
{
	int rc;
	jx_err err = {{0}};
	*st = NULL;
	memset(set, 0, sizeof *set);
	if ((rc = need_templates(c)))
		return rc;
	for (int i = 0; i < c->npos; i++) {
		const char *a = c->pos[i];
		if (is_file_arg(a)) {
			jx_sheet **v = NULL;
			size_t n = 0;
			if (jx_sheets_read(a, &c->tpl, &v, &n, &err) < 0) {
				say_jx(&err);
				return JX_EXIT_INPUT;
			}
			for (size_t j = 0; j < n; j++) {
				if (sheet_set_add(set, v[j], a) < 0) {
					for (size_t k = j; k < n; k++)
						jx_sheet_free(v[k]);
					free(v);
					say_err("内存不足", "out of memory");
					return JX_EXIT_DB;
				}
			}
			free(v);
			if (n == 0)
				say_err("%s: 文件中没有评价表", "%s: the file holds no sheet", a);
		} else {
			jx_sheet *s = NULL;
			if (!*st && (rc = open_db(c, JX_OPEN_READ, st)))
				return rc;
			if ((rc = load_by_arg(*st, a, &s)))
				return rc;
			if (sheet_set_add(set, s, NULL) < 0) {
				jx_sheet_free(s);
				say_err("内存不足", "out of memory");
				return JX_EXIT_DB;
			}
		}
	}
	for (size_t i = 0; i < set->n; i++)
		if (!sheet_template(c, set->v[i], set->src[i] ? set->src[i] : "jixiao"))
			return JX_EXIT_INPUT;
	if (want_db && !*st && file_exists(c->db_path)) {
		/* previous years' sheets help check; a database that cannot be
		 * opened is not this command's business */
		if (jx_store_open(st, c->db_path, JX_STORE_READONLY, &err) < 0)
			*st = NULL;
	}
	return 0;
}

static int cmd_score(cli_t *c)
{
	sheet_set set;
	jx_store *st;
	jx_scoresheet ss;
	int tsv = c->format && strcmp(c->format, "tsv") == 0;
	int rc = gather(c, &set, &st, 0);
	memset(&ss, 0, sizeof ss);
	if (rc == 0) {
		for (size_t i = 0; i < set.n; i++) {
			const jx_template *t = jx_templates_find(&c->tpl, set.v[i]->template_id);
			jx_score(t, set.v[i], &ss);
			if (tsv) {
				print_score_tsv(t, set.v[i], &ss, set.n > 1);
			} else {
				if (i)
					fputc('\n', stdout);
				print_score_text(t, set.v[i], &ss);
			}
		}
	}
	jx_scoresheet_free(&ss);
	sheet_set_free(&set);
	if (st)
		jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * check
 */

static const char *sev_key(jx_severity s)
{
	switch (s) {
	case JX_SEV_ERROR:
		return "error";
	case JX_SEV_WARNING:
		return "warning";
	case JX_SEV_INFO:
		return "info";
	}
	return "info";
}

static int cmd_check(cli_t *c)
{
	sheet_set set;
	jx_store *st;
	jx_scoresheet ss;
	jx_findings fs;
	int tsv = c->format && strcmp(c->format, "tsv") == 0;
	int errors = 0;
	int rc = gather(c, &set, &st, 1);
	memset(&ss, 0, sizeof ss);
	memset(&fs, 0, sizeof fs);
	if (rc == 0) {
		for (size_t i = 0; i < set.n; i++) {
			const jx_sheet *s = set.v[i];
			const jx_template *t = jx_templates_find(&c->tpl, s->template_id);
			const jx_sheet *prev = NULL;
			jx_sheet *prev_owned = NULL;
			size_t ne = 0, nw = 0, ni = 0;
			/* the previous year of the same project: from the same file first */
			for (size_t j = 0; j < set.n; j++)
				if (j != i && set.v[j]->year == s->year - 1 && same_project(set.v[j], s))
					prev = set.v[j];
			if (!prev && st)
				prev = prev_owned = previous_year(st, s);
			jx_score(t, s, &ss);
			jx_findings_clear(&fs);
			jx_check(t, s, &ss, prev, &fs);
			jx_sheet_free(prev_owned);
			if (tsv && set.n > 1) {
				fputs("sheet\t", stdout);
				put_tsv(stdout, s->uid ? s->uid : "");
				printf("\t%d\t", s->year);
				put_tsv(stdout, sheet_name(s));
				fputc('\n', stdout);
			}
			if (!tsv) {
				if (i)
					fputc('\n', stdout);
				print_sheet_head(s, t);
			}
			for (size_t k = 0; k < fs.n; k++) {
				const jx_finding *f = &fs.v[k];
				if (f->sev == JX_SEV_ERROR)
					ne++;
				else if (f->sev == JX_SEV_WARNING)
					nw++;
				else
					ni++;
				if (tsv) {
					printf("%s\t%s\t", f->code, sev_key(f->sev));
					put_tsv(stdout, nz(f->path));
					fputc('\t', stdout);
					put_tsv(stdout, nz(f->msg));
					fputc('\n', stdout);
				} else {
					fputs("  ", stdout);
					put_cell(stdout, jx_severity_name(f->sev), jx_lang == JX_LANG_EN ? 7 : 4, 0);
					fputs("  ", stdout);
					put_cell(stdout, f->code, 5, 0);
					printf("  %s", nz(f->msg));
					if (f->path && *f->path)
						printf("  [%s]", f->path);
					fputc('\n', stdout);
				}
			}
			if (!tsv) {
				if (fs.n == 0)
					out("  未发现问题\n", "  no findings\n");
				else
					out("  共 %zu 项: 错误 %zu，警告 %zu，提示 %zu\n",
					    "  %zu findings: %zu errors, %zu warnings, %zu notes\n", fs.n, ne, nw, ni);
			}
			if (ne)
				errors = 1;
		}
	}
	jx_scoresheet_free(&ss);
	jx_findings_free(&fs);
	sheet_set_free(&set);
	if (st)
		jx_store_close(st);
	if (rc)
		return rc;
	return errors ? JX_EXIT_FINDINGS : 0;
}

/* ---------------------------------------------------------------------------
 * templates
 */

static int cmd_templates(cli_t *c)
{
	int rc = need_templates(c);
	int w_id = jx_text_width("ID"), w_name = jx_text_width(L("名称", "name")), w_kind = jx_text_width(L("类别", "kind"));
	if (rc)
		return rc;
	for (size_t i = 0; i < c->tpl.n; i++) {
		const jx_template *t = c->tpl.v[i];
		const char *name = jx_lang == JX_LANG_EN && t->name_en ? t->name_en : nz(t->name);
		int w;
		if ((w = jx_text_width(nz(t->id))) > w_id)
			w_id = w;
		if ((w = jx_text_width(name)) > w_name)
			w_name = w;
		if ((w = jx_text_width(kind_label(t->kind))) > w_kind)
			w_kind = w;
	}
	put_cell(stdout, "ID", w_id, 0);
	fputs("  ", stdout);
	put_cell(stdout, L("版本", "ver."), 4, 1);
	fputs("  ", stdout);
	put_cell(stdout, L("名称", "name"), w_name, 0);
	fputs("  ", stdout);
	put_cell(stdout, L("类别", "kind"), w_kind, 0);
	fputs("  ", stdout);
	fputs(L("来源", "source"), stdout);
	fputc('\n', stdout);
	for (size_t i = 0; i < c->tpl.n; i++) {
		const jx_template *t = c->tpl.v[i];
		char ver[16];
		snprintf(ver, sizeof ver, "%d", t->version);
		put_cell(stdout, nz(t->id), w_id, 0);
		fputs("  ", stdout);
		put_cell(stdout, ver, 4, 1);
		fputs("  ", stdout);
		put_cell(stdout, jx_lang == JX_LANG_EN && t->name_en ? t->name_en : nz(t->name), w_name, 0);
		fputs("  ", stdout);
		put_cell(stdout, kind_label(t->kind), w_kind, 0);
		fputs("  ", stdout);
		/* built-in templates carry their bare file name, loaded ones a path */
		if (t->file && strchr(t->file, '/'))
			fputs(t->file, stdout);
		else
			printf(L("内置 (%s)", "built in (%s)"), t->file ? t->file : "");
		fputc('\n', stdout);
	}
	return 0;
}

/* ---------------------------------------------------------------------------
 * show and history
 */

/* One audit row; the machine is named when the change was made elsewhere. */
static void print_audit(const jx_audit_row *r, const char *here)
{
	if (r->origin && *r->origin && strcmp(r->origin, here) != 0)
		printf("  %s  %s@%s  %s: ", nz(r->at), nz(r->user), r->origin, nz(r->field));
	else
		printf("  %s  %s  %s: ", nz(r->at), nz(r->user), nz(r->field));
	put_tsv(stdout, r->old_value ? r->old_value : "");
	fputs(" -> ", stdout);
	put_tsv(stdout, r->new_value ? r->new_value : "");
	fputc('\n', stdout);
}

static void kv(const char *label, const char *value)
{
	if (!value || !*value)
		return;
	fputs("  ", stdout);
	put_cell(stdout, label, 20, 0);
	fputs("  ", stdout);
	/* indent continuation lines of long text */
	for (const char *p = value; *p; p++) {
		fputc(*p, stdout);
		if (*p == '\n' && p[1])
			fputs("                        ", stdout);
	}
	fputc('\n', stdout);
}

static void section(const char *zh, const char *en)
{
	printf("\n%s\n", L(zh, en));
}

static const char *info_label(int i)
{
	return L(jx_info_labels[i].zh, jx_info_labels[i].en);
}

static const char *narr_label(int i)
{
	return L(jx_narr_labels[i].zh, jx_narr_labels[i].en);
}

static void print_money_row(const char *label, jx_dec a, jx_dec b, jx_dec c4, jx_dec d)
{
	char b1[40], b2[40], b3[40], b4[40];
	fputs("  ", stdout);
	put_cell(stdout, label, 20, 0);
	printf("  %12s  %12s  %12s  %12s\n", num(b1, a), num(b2, b), num(b3, c4), num(b4, d));
}

static void show_sheet(const jx_template *t, const jx_sheet *s, const char *final_note)
{
	char b1[40], b2[40], b3[40];
	printf("%s\n", sheet_name(s));
	{
		char yr[16];
		snprintf(yr, sizeof yr, "%d", s->year);
		kv(L("编号", "number"), (snprintf(b1, sizeof b1, "%lld", (long long)s->id), b1));
		kv("uid", s->uid);
		kv(L("评价年度", "year"), yr);
		kv(L("模板", "template"), t ? t->id : s->template_id);
		kv(L("状态", "status"), status_label(s->status));
		kv(L("定稿", "finalised"), final_note);
		kv(L("最后修改", "last changed"), s->updated_at);
	}
	section("项目概况", "Project information");
	for (int i = 0; i < JX_INFO_COUNT; i++)
		kv(info_label(i), s->info[i]);
	if (s->n_basis) {
		section("立项依据", "Basis documents");
		for (size_t i = 0; i < s->n_basis; i++)
			printf("  %zu. %s\n", i + 1, nz(s->basis[i]));
	}
	if (s->n_funds) {
		jx_fund_totals ft = jx_sheet_fund_totals(s);
		section("项目资金 (万元)", "Funds (10,000 yuan)");
		fputs("  ", stdout);
		put_cell(stdout, L("来源", "source"), 20, 0);
		fputs("  ", stdout);
		put_cell(stdout, L("年初预算数", "planned"), 12, 1);
		fputs("  ", stdout);
		put_cell(stdout, L("全年预算数", "budget"), 12, 1);
		fputs("  ", stdout);
		put_cell(stdout, L("实际到位", "received"), 12, 1);
		fputs("  ", stdout);
		put_cell(stdout, L("全年执行数", "spent"), 12, 1);
		fputc('\n', stdout);
		for (size_t i = 0; i < s->n_funds; i++)
			print_money_row(nz(s->funds[i].source), s->funds[i].planned, s->funds[i].budget,
					s->funds[i].received, s->funds[i].spent);
		print_money_row(L("合计", "total"), ft.planned, ft.budget, ft.received, ft.spent);
	}
	if (s->n_subs) {
		section("二级项目 (万元)", "Sub-projects (10,000 yuan)");
		for (size_t i = 0; i < s->n_subs; i++) {
			fputs("  ", stdout);
			put_cell(stdout, nz(s->subs[i].name), 40, 0);
			printf("  %12s  %12s\n", num(b1, s->subs[i].budget), num(b2, s->subs[i].spent));
		}
	}
	if (s->n_goals) {
		section("年度总体目标", "Annual goals");
		for (size_t i = 0; i < s->n_goals; i++) {
			printf("  %zu.\n", i + 1);
			kv(L("预期目标", "planned"), s->goals[i].planned);
			kv(L("实际完成情况", "achieved"), s->goals[i].actual);
		}
	}
	if (s->n_inds) {
		section("绩效指标", "Indicators");
		for (size_t i = 0; i < s->n_inds; i++) {
			const jx_indicator *d = &s->inds[i];
			const jx_node *slot = t && d->slot ? jx_template_node(t, d->slot) : NULL;
			printf("  [%s] %s", nz(d->key), nz(d->name));
			if (slot)
				printf("  (%s)", jx_lang == JX_LANG_EN && slot->name_en ? slot->name_en : nz(slot->name));
			else if (d->slot)
				printf("  (%s)", d->slot);
			fputc('\n', stdout);
			printf("      %s %s", L("指标值", "target"), jx_cmp_name(d->cmp) ? jx_cmp_name(d->cmp) : "");
			if (d->target != JX_NONE)
				printf(" %s%s", num(b1, d->target), nz(d->unit));
			if (d->target_text && *d->target_text)
				printf(" (%s)", d->target_text);
			printf("  %s ", L("实际", "actual"));
			if (d->actual != JX_NONE)
				printf("%s%s", num(b1, d->actual), nz(d->unit));
			if (d->actual_text && *d->actual_text)
				printf(" (%s)", d->actual_text);
			printf("  %s %s", L("分值", "points"), num(b2, d->points));
			if (d->score_stated != JX_NONE)
				printf("  %s %s", L("原表得分", "stated score"), num(b3, d->score_stated));
			fputc('\n', stdout);
			if (d->subproject && *d->subproject)
				printf("      %s %s\n", L("所属项目", "sub-project"), d->subproject);
			if (d->band >= 0) {
				const char *bn = "";
				if (t && (size_t)d->band < t->rules.n_bands)
					bn = jx_lang == JX_LANG_EN && t->rules.bands[d->band].name_en
						     ? t->rules.bands[d->band].name_en
						     : nz(t->rules.bands[d->band].name);
				printf("      %s %s  %s %s\n", L("定性档次", "band"), bn, L("评分", "score"),
				       num(b1, d->score_entered));
			} else if (d->score_entered != JX_NONE) {
				printf("      %s %s\n", L("评分", "score"), num(b1, d->score_entered));
			}
			if (d->override_score != JX_NONE)
				printf("      %s %s (%s)\n", L("调整得分", "override"), num(b1, d->override_score),
				       nz(d->override_reason));
			if (d->deduction != JX_NONE)
				printf("      %s %s (%s)\n", L("扣分", "deduction"), num(b1, d->deduction),
				       nz(d->deduction_reason));
			if (d->deviation_reason && *d->deviation_reason)
				printf("      %s %s\n", L("偏差原因", "deviation"), d->deviation_reason);
		}
	}
	if (s->n_marks) {
		section("评价要点得分", "Checklist marks");
		for (size_t i = 0; i < s->n_marks; i++) {
			const jx_mark *m = &s->marks[i];
			const jx_node *nd = t ? jx_template_node(t, m->node) : NULL;
			const char *label = nd && m->item >= 0 && (size_t)m->item < nd->n_items ? nd->items[m->item].label : "";
			printf("  %s #%d  %s  %s\n", nz(m->node), m->item + 1, num(b1, m->awarded), nz(label));
		}
	}
	if (s->n_entries) {
		section("评分项", "Entered scores");
		for (size_t i = 0; i < s->n_entries; i++) {
			const jx_entry *e = &s->entries[i];
			const jx_node *nd = t ? jx_template_node(t, e->node) : NULL;
			printf("  %s  %s  %s", nz(e->node), nd ? nz(nd->name) : "", num(b1, e->score));
			if (e->note && *e->note)
				printf("  %s", e->note);
			fputc('\n', stdout);
		}
	}
	if (s->n_measures) {
		section("计算数据", "Measures");
		for (size_t i = 0; i < s->n_measures; i++)
			kv(nz(s->measures[i].name), num(b1, s->measures[i].value));
	}
	if (s->n_stated) {
		section("原文所载数字", "Figures stated in the document");
		for (size_t i = 0; i < s->n_stated; i++) {
			const jx_stated *x = &s->stated[i];
			printf("  %s  %s", nz(x->path), x->value != JX_NONE ? num(b1, x->value) : nz(x->text));
			if (x->value != JX_NONE && x->text && *x->text)
				printf(" (%s)", x->text);
			if (x->source && *x->source)
				printf("  [%s]", x->source);
			fputc('\n', stdout);
		}
	}
	{
		int any = 0;
		for (int i = 0; i < JX_NARR_COUNT; i++)
			any |= s->narr[i] && *s->narr[i];
		if (any) {
			section("文字说明", "Narrative");
			for (int i = 0; i < JX_NARR_COUNT; i++)
				kv(narr_label(i), s->narr[i]);
		}
	}
	if (s->review_score != JX_NONE || (s->review_opinion && *s->review_opinion) ||
	    (s->review_result && *s->review_result)) {
		section("审核", "Review");
		kv(L("审核得分", "review score"), num(b1, s->review_score));
		kv(L("审核意见", "opinion"), s->review_opinion);
		kv(L("审核结论", "result"), s->review_result);
	}
}

static int cmd_show(cli_t *c)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	jx_err err = {{0}};
	const jx_template *t;
	int rc = need_templates(c);
	if (rc)
		return rc;
	if ((rc = open_db(c, JX_OPEN_READ, &st)))
		return rc;
	if ((rc = load_by_arg(st, c->pos[0], &s)))
		goto done;
	t = jx_templates_find(&c->tpl, nz(s->template_id));
	if (!t)
		say_err("未知的评价模板 \"%s\"；不计分", "unknown template \"%s\"; not scored", nz(s->template_id));
	{
		/* a finalised sheet: its digest, checked now */
		char stored[65], now[65], note[300];
		int state = 0;
		note[0] = 0;
		if (jx_store_verify(st, s->id, &state, stored, now, &err) < 0) {
			say_jx(&err);
			rc = JX_EXIT_DB;
			goto done;
		}
		if (state == 1)
			snprintf(note, sizeof note, L("SHA-256 %s（内容完好）", "SHA-256 %s (content intact)"), stored);
		else if (state == 2)
			snprintf(note, sizeof note,
				 L("定稿后内容被改动过！定稿时 SHA-256 %s，现在 %s", "content changed after finalisation! SHA-256 %s then, %s now"),
				 stored[0] ? stored : "-", now);
		show_sheet(t, s, note);
	}
	if (t) {
		jx_scoresheet ss;
		char b1[40], b2[40];
		memset(&ss, 0, sizeof ss);
		jx_score(t, s, &ss);
		section("计分", "Score");
		if (ss.exec_rate != JX_NONE)
			out("  执行率 %s\n", "  Execution rate %s\n", pct(b1, ss.exec_rate));
		out("  总分 %s  等级 %s\n", "  Total %s  grade %s\n", score_str(b2, ss.total, t->rules.decimals),
		    ss.grade ? ss.grade->grade : "-");
		jx_scoresheet_free(&ss);
	}
	{
		/* an unsettled conflict, from either side */
		int64_t of = 0, *copies = NULL;
		size_t nc = 0;
		char *origin = NULL;
		if (jx_store_conflict_of(st, s->id, &of, &origin, &err) < 0 ||
		    jx_store_conflict_copies(st, s->id, &copies, &nc, &err) < 0) {
			free(origin);
			say_jx(&err);
			rc = JX_EXIT_DB;
			goto done;
		}
		if (of > 0) {
			section("冲突", "Conflict");
			out("  这是评价表 %lld 的冲突副本：来自 %s 的版本，两边都修改过。\n"
			    "  用 jixiao resolve %lld --keep local 保留本机版本，或 --keep incoming 采用此版本。\n",
			    "  This is a conflict copy of sheet %lld: the version from %s, changed on both machines.\n"
			    "  Run jixiao resolve %lld --keep local to keep this machine's version, or --keep incoming to take this one.\n",
			    (long long)of, nz(origin), (long long)s->id);
		}
		for (size_t k = 0; k < nc; k++) {
			if (k == 0)
				section("冲突", "Conflict");
			out("  冲突副本: 编号 %lld (另一台机器的版本)；用 jixiao resolve %lld --keep local|incoming 处理\n",
			    "  conflict copy: number %lld (another machine's version); settle it with jixiao resolve %lld --keep local|incoming\n",
			    (long long)copies[k], (long long)copies[k]);
		}
		free(origin);
		free(copies);
	}
	if (jx_store_history(st, s->id, NULL, &rows, &nr, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (nr) {
		size_t from = nr > 10 ? nr - 10 : 0;
		section("最近修改", "Latest changes");
		for (size_t i = from; i < nr; i++)
			print_audit(&rows[i], jx_store_origin(st));
		if (from)
			out("  (共 %zu 条，完整记录见 jixiao history %lld)\n", "  (%zu in all; see jixiao history %lld)\n", nr,
			    (long long)s->id);
	}
done:
	jx_audit_free(rows, nr);
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

static int cmd_history(cli_t *c)
{
	jx_store *st;
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	jx_err err = {{0}};
	int64_t id;
	int rc = open_db(c, JX_OPEN_READ, &st);
	if (rc)
		return rc;
	if ((rc = resolve_id(st, c->pos[0], &id)))
		goto done;
	if (jx_store_history(st, id, c->npos > 1 ? c->pos[1] : NULL, &rows, &nr, &err) < 0) {
		say_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	for (size_t i = 0; i < nr; i++)
		print_audit(&rows[i], jx_store_origin(st));
	if (nr == 0)
		out("没有修改记录\n", "no changes recorded\n");
done:
	jx_audit_free(rows, nr);
	jx_store_close(st);
	return rc;
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

	rc = parse_args(&c, argc, argv);
	if (rc)
		goto done;
	if (c.help || c.cmd == C_HELP) {
		usage(stdout);
		goto done;
	}
	if (c.version) {
		printf("jixiao %s\n", JX_VERSION);
		out("数据库格式版本 %d\n", "database format version %d\n", jx_store_schema_version());
		goto done;
	}

	if (c.db_arg) {
		if (!*c.db_arg) {
			rc = usage_error("--db 不能为空", "--db must not be empty");
			goto done;
		}
		c.db_path = strdup(c.db_arg);
	} else {
		c.db_path = jx_cli_default_db();
		c.db_default = 1;
		if (!c.db_path) {
			say_err("找不到主目录；请用 --db 指定数据库", "no home directory; give the database with --db");
			rc = JX_EXIT_USAGE;
			goto done;
		}
	}
	if (!c.db_path) {
		say_err("内存不足", "out of memory");
		rc = JX_EXIT_DB;
		goto done;
	}
	c.user = c.user_arg ? c.user_arg : jx_current_user();
	cur_opts.db_path = c.db_path;
	cur_opts.templates_dir = c.tpl_dir;
	cur_opts.user = c.user;
	if (c.cmd != 0) {
		/* sheet text on a terminal: control characters are shown, never obeyed */
		stdout = jx_tty_guard(stdout);
		stderr = jx_tty_guard(stderr);
	}

	switch (c.cmd) {
	case 0:
		if (!ws) {
			say_err("本版本未包含录入工作台；请使用命令行 (jixiao --help)",
				"the workstation is not available in this build; use the commands (jixiao --help)");
			rc = JX_EXIT_INPUT;
			break;
		}
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			say_err("录入工作台需要在终端中运行；命令行用法见 jixiao --help",
				"the workstation needs a terminal; see jixiao --help for the commands");
			rc = JX_EXIT_INPUT;
			break;
		}
		if (c.db_default && make_parent_dirs(c.db_path) < 0) {
			say_err("无法创建数据目录 %s: %s", "cannot create the data directory for %s: %s", c.db_path,
				strerror(errno));
			rc = JX_EXIT_DB;
			break;
		}
		rc = ws(argc, argv, c.db_path);
		break;
	case C_INIT:
		rc = cmd_init(&c);
		break;
	case C_IMPORT:
		rc = cmd_import(&c);
		break;
	case C_EXPORT:
		rc = cmd_export(&c);
		break;
	case C_LIST:
		rc = cmd_list(&c);
		break;
	case C_SHOW:
		rc = cmd_show(&c);
		break;
	case C_SCORE:
		rc = cmd_score(&c);
		break;
	case C_CHECK:
		rc = cmd_check(&c);
		break;
	case C_TEMPLATES:
		rc = cmd_templates(&c);
		break;
	case C_HISTORY:
		rc = cmd_history(&c);
		break;
	case C_RESOLVE:
		rc = cmd_resolve(&c);
		break;
	case C_SET:
		rc = cmd_set(&c);
		break;
	case C_FINALISE:
		rc = cmd_finalise(&c);
		break;
	case C_REOPEN:
		rc = cmd_reopen(&c);
		break;
	case C_VERIFY:
		rc = cmd_verify(&c);
		break;
	default:
		rc = JX_EXIT_USAGE;
		break;
	}
done:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			say_err("无法写出结果: %s", "cannot write the output: %s", strerror(errno));
		if (rc == 0 || rc == JX_EXIT_FINDINGS)
			rc = JX_EXIT_DB;
	}
	if (c.tpl_loaded)
		jx_templates_free(&c.tpl);
	free(c.db_path);
	free(c.pos);
	memset(&cur_opts, 0, sizeof cur_opts);
	return rc;
}
