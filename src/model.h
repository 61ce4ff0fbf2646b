/* The evaluation sheet in memory (share/rules.md §2).
 *
 * Strings are malloc'd UTF-8 (NULL = empty), each its own allocation but
 * the indicators' of a sheet loaded only to be read (ind_texts below);
 * numbers are jx_dec (JX_NONE = not entered); money is in 万元 at jx_dec
 * scale (= integer fen).
 * A sheet is owned by whoever created it and released with jx_sheet_free().
 */
#ifndef JX_MODEL_H
#define JX_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "dec.h"

/* Project-info text fields, in form order.  Keys are used in YAML sheet files,
 * field paths ("info.<key>") and the store's columns. */
#define JX_INFO_FIELDS(X)                                              \
	X(NAME, "name", "项目名称", "Project name")                     \
	X(DEPARTMENT, "department", "主管部门", "Supervising department") \
	X(UNIT, "unit", "项目实施单位", "Implementing unit")            \
	X(MANAGER, "manager", "项目负责人", "Project manager")          \
	X(PHONE, "phone", "联系电话", "Telephone")                      \
	X(PROJECT_TYPE, "project_type", "项目类型", "Project type")     \
	X(EVAL_TYPE, "eval_type", "评价类型", "Evaluation type")        \
	X(ORG_MODE, "org_mode", "组织方式", "Organised by")             \
	X(EVALUATOR, "evaluator", "评价机构", "Evaluating body")        \
	X(EVAL_PERIOD, "eval_period", "评价时间", "Evaluation period")  \
	X(FILLER, "filler", "填报人", "Filled in by")                   \
	X(FILL_DATE, "fill_date", "填报日期", "Date filled")            \
	X(BACKGROUND, "background", "项目背景", "Background")          \
	X(CONTENT, "content", "主要内容", "Main content")               \
	X(IMPLEMENTATION, "implementation", "实施情况", "Implementation")

#define JX_NARR_FIELDS(X)                                                          \
	X(EXPERIENCE, "experience", "主要经验及做法", "Main experience and practice") \
	X(PROBLEMS, "problems", "存在的问题及原因分析", "Problems and causes")       \
	X(SUGGESTIONS, "suggestions", "有关建议", "Suggestions")                    \
	X(OTHER, "other", "其他需要说明的问题", "Other matters")

#define JX_ENUM_ITEM(id, key, zh, en) JX_INFO_##id,
enum { JX_INFO_FIELDS(JX_ENUM_ITEM) JX_INFO_COUNT };
#undef JX_ENUM_ITEM
#define JX_ENUM_ITEM(id, key, zh, en) JX_NARR_##id,
enum { JX_NARR_FIELDS(JX_ENUM_ITEM) JX_NARR_COUNT };
#undef JX_ENUM_ITEM

typedef struct {
	const char *key, *zh, *en;
} jx_label;
extern const jx_label jx_info_labels[JX_INFO_COUNT];
extern const jx_label jx_narr_labels[JX_NARR_COUNT];

/* Comparator (计算符号 / 指标性质). */
typedef enum {
	JX_CMP_NONE = 0,
	JX_CMP_GE,       /* ≥ */
	JX_CMP_GT,       /* > */
	JX_CMP_EQ,       /* = */
	JX_CMP_LE,       /* ≤ */
	JX_CMP_LT,       /* < */
	JX_CMP_QUAL,     /* 定性: band chosen, score typed within it */
	JX_CMP_DEADLINE, /* deadline: target_text and actual_text are YYYY-MM-DD */
} jx_cmp;
/* ">=", ">", "=", "<=", "<", "定性", "时限" ; parse accepts ≥ ≤ too */
const char *jx_cmp_name(jx_cmp c);
int jx_cmp_parse(const char *s, jx_cmp *out);

/* A fund row by source (万元). */
typedef struct {
	char *source;   /* 中央财政, 省财政, 市县财政, 其他, 当年财政拨款, 上年结转资金, 其他资金 ... unique in a sheet */
	jx_dec planned;  /* 年初预算数 */
	jx_dec budget;   /* 全年预算数 (A) */
	jx_dec received; /* 实际到位 */
	jx_dec spent;    /* 全年执行数 (B); on a monitoring sheet 1–N月执行数 */
	jx_dec forecast; /* 全年预计执行数 (monitoring) */
} jx_fund;

/* The funds table's total row as the source document prints it (年度资金总额
 * / 合计): its amounts, its 执行率 (percent) and its 得分 (the 预算执行
 * score), kept to be compared with the rows' sums and the recomputed rate
 * and score (share/checks.md, W907-W909); JX_NONE = not printed.  Declared
 * once: the struct below, copy / equality / digest, the store's columns
 * (sheets.funds_total_<member>), the sheet file's keys (funds_total:
 * {<member>: ...}) and the field paths ("funds:total:<member>") are made
 * from this list (fundtotal.c).  Never reorder, only append (the digest).
 *
 * X(member, field_type, num_flags, zh, en) */
#define JX_FUND_TOTAL_COLUMNS(X)                                                                \
	X(planned, JX_FT_MONEY, JX_NUM_NONNEG, "年初预算数", "Initial budget")                      \
	X(budget, JX_FT_MONEY, JX_NUM_NONNEG, "全年预算数", "Full-year budget")                     \
	X(received, JX_FT_MONEY, JX_NUM_NONNEG, "实际到位", "Received")                             \
	X(spent, JX_FT_MONEY, JX_NUM_NONNEG, "全年执行数", "Spent")                                 \
	X(rate, JX_FT_NUMBER, JX_NUM_NONNEG | JX_NUM_PERCENT, "执行率", "Execution rate")           \
	X(score, JX_FT_POINTS, JX_NUM_NONNEG, "得分", "Score")

#define JX_FUND_TOTAL_MEMBER(member, ...) jx_dec member;
typedef struct {
	JX_FUND_TOTAL_COLUMNS(JX_FUND_TOTAL_MEMBER)
} jx_fund_stated;
#undef JX_FUND_TOTAL_MEMBER

typedef struct {
	char *name;
	jx_dec budget; /* 预算金额 */
	jx_dec spent;  /* 实际支出金额 */
} jx_subproject;

/* A row of 年度总体目标.  Under a template with goal blocks (template.h
 * jx_goal_blocks) row i is also 年度绩效目标 i+1: its points are that
 * block's weight on this sheet, and the indicators whose `goal` is i+1 are
 * its rows. */
typedef struct {
	char *planned; /* 预期目标 */
	char *actual;  /* 实际完成情况 */
	jx_dec points; /* 目标分值 (goal blocks); JX_NONE = not given */
} jx_goal;

/* An indicator's columns after its key, declared once: the struct below, the
 * model's copy / equality / digest / free, the store's columns, the keys of a
 * sheet file and the field paths ("ind:<key>:<member>") are all made from
 * this list, in this order (which is also the order of the digest of a
 * finalised sheet: never reorder, only append; a column appended is in the
 * digest only when set, so that sheets finalised before keep theirs).
 * Adding a column is one line here and one migration in schema/.
 *
 * X(member, kind, field_type, yaml, zh, en, file_num, ...):
 *   member      the jx_indicator member, the field-path column and the SQL
 *               column (the same word);
 *   kind        how the value is held: TEXT (char *, NULL = empty), DEC
 *               (jx_dec, JX_NONE = not entered), CMP (jx_cmp), BAND (int,
 *               -1 = none);
 *   field_type  the jx_field_type (field.h) that validates and edits it;
 *   yaml        its key in a sheet file, "group.key" for a key inside a
 *               nested map;
 *   zh, en      its label;
 *   file_num    the number flags (num.h JX_NUM_*) a sheet file's value is
 *               read with, 0 for the other kinds.  (Typing in a field uses
 *               the flags of its field_type: a document may state a score
 *               that a user may not type.)
 * Users of the list take X(member, kind, ...) and ignore what follows, so
 * a column may be added to the list's shape without touching them. */
#define JX_IND_COLUMNS(X)                                                                                   \
	X(slot, TEXT, JX_FT_CHOICE, "slot", "指标类别", "Category", 0)                                      \
	X(name, TEXT, JX_FT_TEXT, "name", "指标名称", "Indicator", 0)                                       \
	X(subproject, TEXT, JX_FT_TEXT, "subproject", "所属项目", "Sub-project", 0)                         \
	X(cmp, CMP, JX_FT_CMP, "cmp", "计算符号", "Comparator", 0)                                          \
	X(target, DEC, JX_FT_NUMBER, "target", "年度指标值", "Target", JX_NUM_PERCENT)                      \
	X(target_text, TEXT, JX_FT_TEXT, "target_text", "年度指标值（原文）", "Target as written", 0)       \
	X(unit, TEXT, JX_FT_TEXT, "unit", "计量单位", "Unit", 0)                                            \
	X(actual, DEC, JX_FT_NUMBER, "actual", "实际完成值", "Actual", JX_NUM_PERCENT)                      \
	X(actual_text, TEXT, JX_FT_TEXT, "actual_text", "实际完成值（原文）", "Actual as written", 0)       \
	X(points, DEC, JX_FT_POINTS, "points", "分值", "Points", JX_NUM_NONNEG)                             \
	X(band, BAND, JX_FT_BAND, "band", "完成档次", "Band", 0)                                            \
	X(score_entered, DEC, JX_FT_POINTS, "score", "评分", "Score entered", JX_NUM_NONNEG)                \
	X(score_stated, DEC, JX_FT_POINTS, "stated_score", "填报得分", "Stated score", 0)                   \
	X(override_score, DEC, JX_FT_POINTS, "override.score", "调整得分", "Override score", JX_NUM_NONNEG) \
	X(override_reason, TEXT, JX_FT_LONGTEXT, "override.reason", "调整理由", "Override reason", 0)       \
	X(deduction, DEC, JX_FT_POINTS, "deduction.points", "扣分", "Deduction", JX_NUM_NONNEG)             \
	X(deduction_reason, TEXT, JX_FT_LONGTEXT, "deduction.reason", "扣分原因", "Deduction reason", 0)    \
	X(deviation_reason, TEXT, JX_FT_LONGTEXT, "deviation_reason", "偏差原因分析及改进措施",             \
	  "Deviation reason and remedy", 0)                                                                 \
	X(forecast, DEC, JX_FT_NUMBER, "monitor.forecast", "全年预计完成值", "Full-year forecast", JX_NUM_PERCENT) \
	X(likelihood, TEXT, JX_FT_TEXT, "monitor.likelihood", "完成目标可能性", "Likelihood of meeting it", 0) \
	X(cause, TEXT, JX_FT_TEXT, "monitor.cause", "偏差原因类别", "Deviation cause", 0)                    \
	X(rectify, TEXT, JX_FT_TEXT, "monitor.rectify", "是否需要整改", "Needs rectification", 0)           \
	X(measures, TEXT, JX_FT_LONGTEXT, "monitor.measures", "整改措施", "Rectification measures", 0)      \
	X(adjust_reason, TEXT, JX_FT_LONGTEXT, "adjust_reason", "指标调整说明", "Target adjustment reason", 0) \
	X(goal, DEC, JX_FT_NUMBER, "goal", "所属年度绩效目标", "Goal", JX_NUM_NONNEG)                    \
	X(note, TEXT, JX_FT_LONGTEXT, "note", "备注", "Note", 0)

/* The C type of each kind. */
#define JX_IND_CTYPE_TEXT char *
#define JX_IND_CTYPE_DEC jx_dec
#define JX_IND_CTYPE_CMP jx_cmp
#define JX_IND_CTYPE_BAND int
#define JX_IND_MEMBER(member, kind, ...) JX_IND_CTYPE_##kind member;

/* An indicator (三级指标).  Meaning of the less obvious columns:
 *   slot            template node key it sits under, e.g. "output.quantity";
 *   subproject      optional grouping (二级项目 / 分项目);
 *   target_text     target as printed ("≥20家", "2023年6月前"); deadline: YYYY-MM-DD;
 *   band            qualitative band index into the template's bands;
 *   score_entered   score typed by the evaluator (qualitative);
 *   score_stated    score the source document states (checked against ours);
 *   override_score  the evaluator's override, with override_reason (required);
 *   deduction       扣分, with deduction_reason;
 *   deviation_reason 偏差原因分析及改进措施 (on a monitoring sheet, the
 *                   text of 偏差原因 whose category is `cause`);
 *   forecast        全年预计完成值 (monitoring, monitor.h);
 *   likelihood      完成目标可能性: 确定能 / 有可能 / 完全不可能;
 *   cause           偏差原因 category: 经费保障, 制度保障, 人员保障,
 *                   硬件条件保障, 其他;
 *   rectify         是否需要整改: 是 / 否; measures 整改措施;
 *   adjust_reason   why a target differs from the declared one (a recorded
 *                   adjustment, read by the checks across stages);
 *   goal            the goal block (1 = 年度绩效目标1) it is a row of, under a
 *                   template with goal blocks; JX_NONE elsewhere;
 *   note            备注: a remark never scored nor checked; a
 *                   self-evaluation made from a monitoring sheet keeps the
 *                   snapshot's forecast there ("7月监控：全年预计 95%，确定能"),
 *                   so that the forecast is in sight and never an actual. */
typedef struct {
	char *key; /* stable id within the sheet, e.g. "i12"; never reused */
	JX_IND_COLUMNS(JX_IND_MEMBER)
} jx_indicator;

/* Checklist mark: points awarded for 评价要点 `item` (0-based) of a checklist node. */
typedef struct {
	char *node;
	int item;
	jx_dec awarded;
} jx_mark;

/* Score typed for a manual node (e.g. an external evaluation result). */
typedef struct {
	char *node;
	jx_dec score;
	char *note; /* 完成情况 / remark */
} jx_entry;

/* Named input of a formula node: "当年末存量资金", "三公经费预算数" ... */
typedef struct {
	char *name;
	jx_dec value;
} jx_measure;

/* A figure the source document states, kept so checks can compare it with
 * the recomputed one.  path: "node:<key>:score", "node:<key>:points",
 * "total", "grade", "execution:rate", "funds:received_rate",
 * "ind:<key>:actual", "ind:<key>:score", "ind:<key>:rate".
 * value is numeric (JX_NONE for a text figure such as a grade). */
typedef struct {
	char *path;
	jx_dec value;
	char *text;
	char *source; /* where the document says it, e.g. "正文 四(一)" */
} jx_stated;

typedef struct {
	int64_t id;           /* local row id in the store, 0 when not stored */
	char *uid;            /* stable id across machines */
	char *template_id;
	int template_version;
	int year;             /* 评价年度 */
	char *status;         /* draft, submitted, reviewed, final */
	char *info[JX_INFO_COUNT];
	char *narr[JX_NARR_COUNT];

	char **basis;         /* 立项依据 documents */
	size_t n_basis;
	jx_fund *funds;
	size_t n_funds;
	jx_fund_stated funds_total; /* the total row as printed (JX_NONE: not printed) */
	jx_subproject *subs;
	size_t n_subs;
	jx_goal *goals;
	size_t n_goals;
	jx_indicator *inds;   /* in display order */
	size_t n_inds;
	jx_mark *marks;
	size_t n_marks;
	jx_entry *entries;
	size_t n_entries;
	jx_measure *measures;
	size_t n_measures;
	jx_stated *stated;
	size_t n_stated;

	jx_dec review_score;  /* 审核得分 */
	char *review_opinion; /* 审核意见 */
	char *review_result;  /* 通过 / 不通过 / NULL */

	int64_t revision;     /* bumped by every committed change */
	char *updated_at;     /* ISO 8601 UTC of the last change */
	char *origin;         /* machine that last changed it (bundles) */

	/* Which of the project's sheets for the year this is (stage.h):
	 * "declaration", "monitoring", "self", or NULL (made before stages:
	 * a self-evaluation); the last month a monitoring snapshot covers (0 =
	 * none); the uid of the sheet it was made from (NULL = none). */
	char *stage;
	int stage_month;
	char *stage_from;

	/* The texts of the indicators (keys included) of a sheet loaded only
	 * to be read (jx_store_load_view: an export's), kept in blocks freed
	 * with the sheet rather than a malloc and a free each (a fifth of
	 * loading 300 indicators).  NULL for every sheet that may be edited,
	 * whose texts are each their own allocation (jx_set_str frees the old
	 * one): a sheet with kept texts is handed out only as const, and
	 * jx_sheet_insert_ind and jx_sheet_remove_ind refuse it. */
	struct jx_text_block *ind_texts;
} jx_sheet;

jx_sheet *jx_sheet_new(void);
void jx_sheet_free(jx_sheet *s);
jx_sheet *jx_sheet_clone(const jx_sheet *s);
/* Every column of src (JX_IND_COLUMNS) into dst, whose key stays as it is;
 * text is copied with jx_set_str ("" becomes NULL).  0, or -1 (no memory:
 * some text columns may be left as they were). */
int jx_ind_copy_columns(jx_indicator *dst, const jx_indicator *src);
/* Deep equality of content (ignores id). */
int jx_sheet_equal(const jx_sheet *a, const jx_sheet *b);

/* Appenders: return the new zeroed element (numbers JX_NONE, band -1), or NULL. */
jx_fund *jx_sheet_add_fund(jx_sheet *s, const char *source);
jx_subproject *jx_sheet_add_sub(jx_sheet *s);
jx_goal *jx_sheet_add_goal(jx_sheet *s);
/* key NULL = next free "iN" */
jx_indicator *jx_sheet_add_ind(jx_sheet *s, const char *key);
/* A copy of the n bytes at t, NUL-terminated, kept with s's indicator
 * texts (ind_texts); NULL when out of memory, or when s already has
 * indicators whose texts are their own.  Only for a sheet never edited. */
char *jx_sheet_keep_text(jx_sheet *s, const char *t, size_t n);
/* Whether a text kept with s has one of the (non-NUL) bytes: every text of
 * an indicator of a sheet with kept texts looked at in one pass. */
int jx_sheet_kept_texts_have(const jx_sheet *s, const char *bytes);
/* A new indicator at the end whose key, and later its texts, are kept
 * texts of s (jx_sheet_keep_text); NULL when out of memory. */
jx_indicator *jx_sheet_add_kept_ind(jx_sheet *s, char *key);
jx_indicator *jx_sheet_insert_ind(jx_sheet *s, size_t at, const char *key);
void jx_sheet_remove_ind(jx_sheet *s, size_t at);
int jx_sheet_add_basis(jx_sheet *s, const char *doc);
jx_mark *jx_sheet_set_mark(jx_sheet *s, const char *node, int item, jx_dec awarded);
jx_entry *jx_sheet_set_entry(jx_sheet *s, const char *node, jx_dec score);
jx_measure *jx_sheet_set_measure(jx_sheet *s, const char *name, jx_dec value);
jx_stated *jx_sheet_add_stated(jx_sheet *s, const char *path);

/* Lookups (NULL when absent). */
jx_indicator *jx_sheet_ind(const jx_sheet *s, const char *key);
jx_fund *jx_sheet_fund(const jx_sheet *s, const char *source);
const jx_mark *jx_sheet_mark(const jx_sheet *s, const char *node, int item);
const jx_entry *jx_sheet_entry(const jx_sheet *s, const char *node);
const jx_measure *jx_sheet_measure(const jx_sheet *s, const char *name);
const jx_stated *jx_sheet_stated(const jx_sheet *s, const char *path);

/* Fund totals over all rows; a column with no value in any row is JX_NONE. */
typedef struct {
	jx_dec planned, budget, received, spent;
} jx_fund_totals;
jx_fund_totals jx_sheet_fund_totals(const jx_sheet *s);

/* The printed total row: all not printed; 1 when nothing is printed; 1 when
 * a and b hold the same figures. */
void jx_fund_stated_clear(jx_fund_stated *t);
int jx_fund_stated_empty(const jx_fund_stated *t);
int jx_fund_stated_equal(const jx_fund_stated *a, const jx_fund_stated *b);

/* SHA-256 (lowercase hex, 65 bytes) over the sheet's canonical content:
 * every field that jx_sheet_equal compares, in a fixed order, independent of
 * the database (ids, revision, updated_at and origin are left out). */
int jx_sheet_digest(const jx_sheet *s, char hex[65]);

/* Replace *dst with a copy of src (NULL or "" -> NULL).  0 or -1 (no memory). */
int jx_set_str(char **dst, const char *src);
char *jx_strdup(const char *s);

#endif
