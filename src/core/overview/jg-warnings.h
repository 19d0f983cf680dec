/* jg-warnings.h — what needs the department's attention (预警)
 *
 * One list, computed from the signed-in account's database at a time the
 * caller gives (so that tests never wait for the clock): each warning
 * says what it is about in a translated sentence and names the one action
 * that resolves it, as a GAction name and target the window activates.
 *
 * The kinds, each with the condition that raises it:
 *  - coverage: the department's coverage figure (computed elsewhere and
 *    passed in as JgWarningsCoverage) is below the target for the date;
 *  - quota: a post column is below the month's quota with @quota_days
 *    working days left or fewer (jg_post_store_count_quota,
 *    jg_quota_working_days_left, the server's thresholds);
 *  - rejected: records rejected by the server and not fixed (still
 *    rejected) for more than @rejected_days days;
 *  - unsent: records ready to send and not sent for more than
 *    @unsent_days days;
 *  - certificate: an officer's enforcement certificate expires within
 *    JG_WARNINGS_CERTIFICATE_DAYS days or has expired, while records
 *    still in the department's hands (not accepted yet) or of the last
 *    JG_WARNINGS_OFFICER_RECENT_DAYS days name the officer;
 *  - item: records not accepted yet whose catalogue item was cancelled,
 *    or changed after the record was last written;
 *  - sync: no successful sync of the records for more than @sync_days
 *    days (or never).
 *
 * Each warning has a stable key ("quota:dynamics:2026-12",
 * "certificate:<officer>:<valid to>") under which its state is kept in
 * the account's warning_state table (this module is its only writer):
 * whether its condition held at the last evaluation, since when, and
 * whether the user dismissed it. A warning goes away when its condition
 * no longer holds, or when it is dismissed; either way it is raised again
 * only once its condition, having been false, holds again. Whether a
 * catalogue item changed is told by a fingerprint of the items records
 * use, kept in warning_item: the catalogue cache itself has no time of
 * change, and only the catalogue sync writes it.
 *
 * Apart from those two tables, everything here only reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-quota.h"
#include "jg-store.h"

G_BEGIN_DECLS

/* The figure: certificates expiring within 30 days. */
#define JG_WARNINGS_CERTIFICATE_DAYS 30
/* An accepted record older than this no longer makes its officer "in use". */
#define JG_WARNINGS_OFFICER_RECENT_DAYS 365

/* The defaults of the Preferences (data/com.jieyang.Jianguan.gschema.xml). */
#define JG_WARNINGS_DEFAULT_REJECTED_DAYS 3
#define JG_WARNINGS_DEFAULT_UNSENT_DAYS   2
#define JG_WARNINGS_DEFAULT_SYNC_DAYS     3

typedef enum {
  JG_WARNING_COVERAGE,
  JG_WARNING_QUOTA,
  JG_WARNING_REJECTED,
  JG_WARNING_UNSENT,
  JG_WARNING_CERTIFICATE,
  JG_WARNING_ITEM,
  JG_WARNING_SYNC,
  JG_WARNING_N_KINDS,
} JgWarningKind;

/* "coverage", "quota", "rejected", "unsent", "certificate", "item", "sync". */
const char *jg_warning_kind_to_string (JgWarningKind kind);

/* The coverage figure for the date, as the coverage module computes it. */
typedef struct {
  guint  covered;          /* sub-items with at least one accepted record */
  guint  total;            /* sub-items of the department in use */
  double target_percent;   /* 80, 100… for the date */
} JgWarningsCoverage;

typedef struct {
  gint64              now;              /* unix seconds */
  guint               rejected_days;
  guint               unsent_days;
  guint               sync_days;
  guint               quota_days;       /* working days left, "quota-reminder-days" */
  JgQuotaRule         quota_rules[JG_QUOTA_N_COLUMNS];
  const JgWarningsCoverage *coverage;   /* NULL: not known, no coverage warning */
} JgWarningsInput;

/* The defaults above, the plan's quota rules, no coverage. */
void        jg_warnings_input_init    (JgWarningsInput *input,
                                       gint64           now);

typedef struct {
  JgWarningKind  kind;
  char          *key;            /* stable: the same condition, the same key */
  char          *reason;         /* a translated sentence */
  char          *action_label;   /* translated, for the button: "Show Rejected Records" */
  char          *action_name;    /* "win.sync", "win.show-records"… */
  GVariant      *action_target;  /* may be NULL; floating refs are sunk */
  gint64         since;          /* unix time the condition was first seen holding */
} JgWarning;

void        jg_warning_free           (JgWarning *warning);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgWarning, jg_warning_free)

/* The warnings of @store at @input->now, in the order of JgWarningKind,
 * after updating their state; of JgWarning. NULL on error. */
GPtrArray  *jg_warnings_evaluate      (JgStore               *store,
                                       const JgWarningsInput *input,
                                       GError               **error);

/* The user's "Dismiss": @key is not shown again until its condition has
 * stopped holding and holds again. */
gboolean    jg_warnings_dismiss       (JgStore    *store,
                                       const char *key,
                                       gint64      now,
                                       GError    **error);

/* jg_warnings_dismiss in a thread, over a connection of its own. */
void        jg_warnings_dismiss_async   (const char            *db_path,
                                         const char            *key,
                                         gint64                 now,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
gboolean    jg_warnings_dismiss_finish  (GAsyncResult          *result,
                                         GError               **error);

/* The same in a thread, over a connection of its own to @db_path; a
 * missing database gives no warnings. @input is copied. */
void        jg_warnings_evaluate_async  (const char            *db_path,
                                         const JgWarningsInput *input,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
GPtrArray  *jg_warnings_evaluate_finish (GAsyncResult          *result,
                                         GError               **error);

G_END_DECLS
