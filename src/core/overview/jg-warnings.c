/* jg-warnings.c — what needs the department's attention (预警)
 *
 * Each kind is one read-only query over the account's database (and the
 * catalogue cache it attaches); then, in one transaction, the state of
 * every key is brought up to date (warning_state, warning_item: this
 * file is their only writer). See jg-warnings.h for the conditions.
 *
 * Dates: records, officers and items keep "YYYY-MM-DD" text and
 * departments work in Shanghai days, so "today" is the Shanghai day of
 * the caller's time, whatever the machine's time zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "jg-post-reminders.h"
#include "jg-post-store.h"
#include "jg-posts-sync.h"
#include "jg-store-private.h"
#include "jg-warnings.h"

#define SECONDS_PER_DAY JG_QUOTA_SECONDS_PER_DAY

static const char * const kind_names[JG_WARNING_N_KINDS] = {
  "coverage", "quota", "rejected", "unsent", "certificate", "item", "sync",
};

const char *
jg_warning_kind_to_string (JgWarningKind kind)
{
  g_return_val_if_fail (kind < JG_WARNING_N_KINDS, NULL);
  return kind_names[kind];
}

void
jg_warnings_input_init (JgWarningsInput *input,
                        gint64           now)
{
  memset (input, 0, sizeof *input);
  input->now = now;
  input->rejected_days = JG_WARNINGS_DEFAULT_REJECTED_DAYS;
  input->unsent_days = JG_WARNINGS_DEFAULT_UNSENT_DAYS;
  input->sync_days = JG_WARNINGS_DEFAULT_SYNC_DAYS;
  input->quota_days = JG_POST_REMINDERS_DEFAULT_DAYS;
  for (guint column = 0; column < JG_QUOTA_N_COLUMNS; column++)
    jg_quota_default_rule (column, &input->quota_rules[column]);
}

void
jg_warning_free (JgWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->key);
  g_free (warning->reason);
  g_free (warning->action_label);
  g_free (warning->action_name);
  g_clear_pointer (&warning->action_target, g_variant_unref);
  g_free (warning);
}

static JgWarning *
warning_add (GPtrArray     *list,
             JgWarningKind  kind,
             char          *key,
             char          *reason,
             const char    *action_label,
             const char    *action_name,
             GVariant      *action_target)
{
  JgWarning *warning = g_new0 (JgWarning, 1);

  warning->kind = kind;
  warning->key = key;
  warning->reason = reason;
  warning->action_label = g_strdup (action_label);
  warning->action_name = g_strdup (action_name);
  warning->action_target = action_target ? g_variant_ref_sink (action_target) : NULL;
  g_ptr_array_add (list, warning);
  return warning;
}

/* The Shanghai day of @unix_seconds + @days_later days, "YYYY-MM-DD". */
static char *
shanghai_date (gint64 unix_seconds,
               int    days_later)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, shanghai);
  g_autoptr(GDateTime) day = g_date_time_add_days (local, days_later);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Whole days from the Shanghai day of @now to @date ("YYYY-MM-DD"). */
static int
days_until (gint64      now,
            const char *date)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  unsigned year, month, day;
  g_autoptr(GDateTime) then = NULL;

  if (date == NULL || sscanf (date, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return 0;
  then = g_date_time_new (shanghai, year, month, day, 0, 0, 0);
  if (then == NULL)
    return 0;
  return (int) (jg_quota_day_of (g_date_time_to_unix (then)) - jg_quota_day_of (now));
}

/* --- coverage --------------------------------------------------------------- */

static void
check_coverage (const JgWarningsInput *input,
                GPtrArray             *list)
{
  const JgWarningsCoverage *coverage = input->coverage;
  guint needed, gap;

  if (coverage == NULL || coverage->total == 0)
    return;
  /* Items the target asks for, rounded up: 80% of 11 items is 9. */
  needed = (guint) MIN ((double) coverage->total,
                        (coverage->target_percent * coverage->total + 100.0 - 1e-6) / 100.0);
  if (coverage->covered >= needed)
    return;
  gap = needed - coverage->covered;

  warning_add (list, JG_WARNING_COVERAGE,
               g_strdup_printf ("coverage:%g", coverage->target_percent),
               /* TRANSLATORS: a warning: the coverage in percent, the items
                * covered and in use, the target in percent, the gap */
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Coverage is %.1f%% (%u of %u items), below the target of %.0f%%: %u more item needs an accepted record.",
                                             "Coverage is %.1f%% (%u of %u items), below the target of %.0f%%: %u more items need an accepted record.",
                                             gap),
                                100.0 * coverage->covered / coverage->total,
                                coverage->covered, coverage->total,
                                coverage->target_percent, gap),
               /* The Overview's own action: the to-do list under it. */
               _("Show Uncovered Items"), "overview.show-todo", NULL);
}

/* --- posts quota ------------------------------------------------------------ */

static gboolean
check_quota (JgStore               *store,
             const JgWarningsInput *input,
             GPtrArray             *list,
             GError               **error)
{
  g_autoptr(JgPostStore) posts = jg_post_store_new (store);
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (input->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, shanghai);
  /* The server's working days, as the last sync kept them. */
  g_autoptr(JgWorkCalendar) calendar = jg_posts_sync_get_work_calendar (jg_post_store_get_store (posts));
  JgQuotaCount counts[JG_QUOTA_N_COLUMNS];
  guint left = jg_quota_working_days_left (calendar, utc);

  if (left > input->quota_days)
    return TRUE;
  if (!jg_post_store_count_quota (posts, NULL, g_date_time_get_year (local),
                                  g_date_time_get_month (local), counts, error))
    return FALSE;

  for (guint column = 0; column < JG_QUOTA_N_COLUMNS; column++)
    {
      const char *name = jg_post_column_to_string ((JgPostColumn) column);
      g_autofree char *status = NULL;
      g_autofree char *month = g_date_time_format (local, "%Y-%m");

      if (jg_quota_is_met (&input->quota_rules[column], &counts[column]))
        continue;
      status = jg_quota_describe (column, &input->quota_rules[column], &counts[column]);
      warning_add (list, JG_WARNING_QUOTA,
                   g_strdup_printf ("quota:%s:%s", name, month),
                   /* TRANSLATORS: a warning: the column (监管动态), where it
                    * stands ("本月 1/2 次、3/4 条"), working days left */
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s is below this month’s quota (%s) with %u working day left.",
                                                 "%s is below this month’s quota (%s) with %u working days left.",
                                                 left),
                                    jg_post_column_get_label ((JgPostColumn) column), status, left),
                   _("Open Column"), "win.show-section", g_variant_new_string (name));
    }
  return TRUE;
}

/* --- records waiting -------------------------------------------------------- */

/* Records in @state (not being deleted) that entered it before @before:
 * how many, and the oldest time. The time a record entered its state is
 * its audit trail's last entry into it (the sync's, for "rejected"; the
 * editor's, for "ready"), else its last change. */
static gboolean
count_waiting (JgStore    *store,
               const char *state,
               gint64      before,
               guint      *n,
               gint64     *oldest,
               GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store,
                           "SELECT count(*), min(since) FROM (SELECT ifnull ((SELECT max(a.at) FROM audit a"
                           "   WHERE a.uuid = r.uuid AND a.to_state = r.state), r.modified) AS since"
                           "  FROM record r WHERE r.state = ?1 AND r.deleting = 0)"
                           " WHERE since < ?2", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, state);
  sqlite3_bind_int64 (stmt, 2, before);
  rc = sqlite3_step (stmt);
  *n = rc == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
  *oldest = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 1) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

static gboolean
check_records (JgStore               *store,
               const JgWarningsInput *input,
               GPtrArray             *list,
               GError               **error)
{
  guint n;
  gint64 oldest;

  if (!count_waiting (store, "rejected", input->now - (gint64) input->rejected_days * SECONDS_PER_DAY,
                      &n, &oldest, error))
    return FALSE;
  if (n > 0)
    warning_add (list, JG_WARNING_REJECTED, g_strdup ("rejected"),
                 /* TRANSLATORS: a warning; %u records, then %u days */
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u record rejected by the server has not been fixed for more than %u days.",
                                               "%u records rejected by the server have not been fixed for more than %u days.",
                                               n),
                                  n, input->rejected_days),
                 _("Show Rejected Records"), "win.show-records",
                 g_variant_new ("(sss)", "state", "rejected", ""));

  if (!count_waiting (store, "ready", input->now - (gint64) input->unsent_days * SECONDS_PER_DAY,
                      &n, &oldest, error))
    return FALSE;
  if (n > 0)
    warning_add (list, JG_WARNING_UNSENT, g_strdup ("unsent"),
                 /* TRANSLATORS: a warning; %u records, then %u days */
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u record ready to send has not reached the centre for more than %u days.",
                                               "%u records ready to send have not reached the centre for more than %u days.",
                                               n),
                                  n, input->unsent_days),
                 _("Sync Now"), "win.sync", NULL);
  return TRUE;
}

/* --- officers' certificates -------------------------------------------------- */

static gboolean
check_certificates (JgStore               *store,
                    const JgWarningsInput *input,
                    GPtrArray             *list,
                    GError               **error)
{
  g_autofree char *today = shanghai_date (input->now, 0);
  g_autofree char *horizon = shanghai_date (input->now, JG_WARNINGS_CERTIFICATE_DAYS);
  g_autofree char *recent = shanghai_date (input->now, -JG_WARNINGS_OFFICER_RECENT_DAYS);
  sqlite3_stmt *stmt;
  int rc;

  /* In use: named by a record not accepted yet (it is checked against
   * the certificate when sent) or by one of the last year. */
  stmt = jg_store_prepare (store,
                           "SELECT o.id, o.name, substr (o.cert_valid_to, 1, 10), count (DISTINCT r.uuid)"
                           " FROM officer o JOIN record_officer ro ON ro.officer = o.id"
                           " JOIN record r ON r.uuid = ro.uuid"
                           " WHERE r.deleting = 0 AND (r.state <> 'accepted' OR r.sort_date >= ?2)"
                           "  AND ifnull (o.cert_valid_to, '') <> ''"
                           "  AND substr (o.cert_valid_to, 1, 10) <= ?1"
                           " GROUP BY o.id ORDER BY o.cert_valid_to, o.id", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, horizon);
  jg_store_bind_text (stmt, 2, recent);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = jg_store_column_text (stmt, 0);
      const char *name = jg_store_column_text (stmt, 1);
      const char *valid_to = jg_store_column_text (stmt, 2);
      guint n = sqlite3_column_int (stmt, 3);
      /* TRANSLATORS: after the Records page's count, when a warning
       * opened it: the officer whose records are listed */
      g_autofree char *scope = g_strdup_printf (_("naming %s"), name);
      char *reason;

      if (strcmp (valid_to, today) < 0)
        /* TRANSLATORS: a warning: the officer, the date, the records */
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The enforcement certificate of %s expired on %s, and %u record names this officer.",
                                               "The enforcement certificate of %s expired on %s, and %u records name this officer.",
                                               n),
                                  name, valid_to, n);
      else
        {
          int days = days_until (input->now, valid_to);

          /* TRANSLATORS: a warning: the officer, the date, the days left,
           * the records */
          reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The enforcement certificate of %s expires on %s (in %d days), and %u record names this officer.",
                                                 "The enforcement certificate of %s expires on %s (in %d days), and %u records name this officer.",
                                                 n),
                                    name, valid_to, days, n);
        }
      warning_add (list, JG_WARNING_CERTIFICATE,
                   g_strdup_printf ("certificate:%s:%s", id, valid_to), reason,
                   _("Show the Officer’s Records"), "win.show-records",
                   g_variant_new ("(sss)", "officer", id, scope));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

/* --- catalogue items ---------------------------------------------------------- */

/* What makes an item "changed" for a record written against it: its
 * name, kind of action, objects, legal basis, state and dates, and its
 * main item's version. */
#define ITEM_FINGERPRINT \
  "ifnull (s.name, '') || char (31) || ifnull (s.action_type, '') || char (31)" \
  " || ifnull (s.objects, '') || char (31) || ifnull (s.legal_basis, '') || char (31)" \
  " || ifnull (s.status, '') || char (31) || ifnull (s.effective_date, '') || char (31)" \
  " || ifnull (s.cancel_date, '') || char (31)" \
  " || ifnull ((SELECT m.version FROM main_item m WHERE m.code = s.main_code), '')"

/* Brings warning_item up to date: the items records use, each with its
 * fingerprint and the first time it was seen different. An item seen for
 * the first time is taken as it is (no change known). */
static gboolean
track_items (JgStore  *store,
             gint64    now,
             GError  **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "INSERT INTO warning_item (code, fingerprint, changed_at)"
                           " SELECT s.code, " ITEM_FINGERPRINT ", NULL FROM sub_item s"
                           " WHERE s.code IN (SELECT catalogue_code FROM record WHERE deleting = 0)"
                           " ON CONFLICT (code) DO UPDATE SET fingerprint = excluded.fingerprint,"
                           "  changed_at = ?1 WHERE fingerprint <> excluded.fingerprint", error);
  if (stmt == NULL || (sqlite3_bind_int64 (stmt, 1, now), !jg_store_step_done (store, stmt, error)))
    return FALSE;
  stmt = jg_store_prepare (store,
                           "DELETE FROM warning_item WHERE code NOT IN"
                           " (SELECT catalogue_code FROM record WHERE deleting = 0 AND catalogue_code IS NOT NULL)",
                           error);
  return stmt != NULL && jg_store_step_done (store, stmt, error);
}

static gboolean
check_items (JgStore               *store,
             const JgWarningsInput *input,
             GPtrArray             *list,
             GError               **error)
{
  g_autofree char *today = shanghai_date (input->now, 0);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store,
                           "SELECT code, name, cancelled, changed_at, count(*), min (uuid) FROM"
                           " (SELECT s.code, s.name, w.changed_at, r.uuid, r.modified,"
                           "   (s.status = '02' OR (ifnull (s.cancel_date, '') <> ''"
                           "     AND substr (s.cancel_date, 1, 10) <= ?1)) AS cancelled"
                           "  FROM record r JOIN sub_item s ON s.code = r.catalogue_code"
                           "  LEFT JOIN warning_item w ON w.code = s.code"
                           "  WHERE r.deleting = 0 AND r.state IN ('draft', 'ready', 'rejected'))"
                           " WHERE cancelled OR (changed_at IS NOT NULL AND modified < changed_at)"
                           " GROUP BY code ORDER BY code", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = jg_store_column_text (stmt, 0);
      const char *name = jg_store_column_text (stmt, 1);
      gboolean cancelled = sqlite3_column_int (stmt, 2);
      gint64 changed_at = sqlite3_column_int64 (stmt, 3);
      guint n = sqlite3_column_int (stmt, 4);
      const char *uuid = jg_store_column_text (stmt, 5);
      /* TRANSLATORS: after the Records page's count, when a warning
       * opened it: the item whose records are listed, not yet accepted */
      g_autofree char *scope = g_strdup_printf (_("of item “%s”"), name);
      char *reason;

      if (cancelled)
        /* TRANSLATORS: a warning: the records, the item's name and code */
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u record not yet accepted uses item “%s” (%s), which has been cancelled.",
                                               "%u records not yet accepted use item “%s” (%s), which has been cancelled.",
                                               n),
                                  n, name, code);
      else
        /* TRANSLATORS: a warning: the records, the item's name and code */
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u record not yet accepted uses item “%s” (%s), which changed in the catalogue after the record was written.",
                                               "%u records not yet accepted use item “%s” (%s), which changed in the catalogue after they were written.",
                                               n),
                                  n, name, code);
      /* A new change of the item is a new warning. */
      warning_add (list, JG_WARNING_ITEM,
                   cancelled ? g_strdup_printf ("item:%s:cancelled", code)
                             : g_strdup_printf ("item:%s:%" G_GINT64_FORMAT, code, changed_at),
                   reason,
                   n == 1 ? _("Open Record") : _("Show Records"),
                   n == 1 ? "win.open-record" : "win.show-records",
                   n == 1 ? g_variant_new_string (uuid) : g_variant_new ("(sss)", "item", code, scope));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

/* --- sync ------------------------------------------------------------------------ */

static gboolean
check_sync (JgStore               *store,
            const JgWarningsInput *input,
            GPtrArray             *list,
            GError               **error)
{
  sqlite3_stmt *stmt;
  gint64 last = 0;
  int rc;

  /* The records' runs: they are what brings the data to the centre. */
  stmt = jg_store_prepare (store, "SELECT ifnull (max (finished), 0) FROM sync_run"
                                  " WHERE kind = 'records' AND ok = 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return jg_store_set_error (store, error, rc);

  if (last >= input->now - (gint64) input->sync_days * SECONDS_PER_DAY)
    return TRUE;
  warning_add (list, JG_WARNING_SYNC, g_strdup ("sync"),
               last == 0 ? g_strdup (_("This computer has never synced its records with the server."))
                         /* TRANSLATORS: a warning; %u days */
                         : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "This computer has not synced with the server for more than %u day.",
                                                         "This computer has not synced with the server for more than %u days.",
                                                         input->sync_days),
                                            input->sync_days),
               _("Sync Now"), "win.sync", NULL);
  return TRUE;
}

/* --- state ----------------------------------------------------------------------- */

/* Records that @warning holds at @now; FALSE in *@shown when the user
 * dismissed this occurrence. A key that did not hold at the last
 * evaluation starts a new occurrence, not dismissed. */
static gboolean
mark_holding (JgStore   *store,
              JgWarning *warning,
              gint64     now,
              gboolean  *shown,
              GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store,
                           "INSERT INTO warning_state (key, kind, holding, since, last_true)"
                           " VALUES (?1, ?2, 1, ?3, ?3)"
                           " ON CONFLICT (key) DO UPDATE SET"
                           "  since = CASE WHEN holding THEN since ELSE ?3 END,"
                           "  dismissed_at = CASE WHEN holding THEN dismissed_at END,"
                           "  holding = 1, last_true = ?3", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, warning->key);
  jg_store_bind_text (stmt, 2, jg_warning_kind_to_string (warning->kind));
  sqlite3_bind_int64 (stmt, 3, now);
  if (!jg_store_step_done (store, stmt, error))
    return FALSE;

  /* Not RETURNING: SQLite 3.40 returns a wrong "dismissed_at IS NULL"
   * from an upsert into a WITHOUT ROWID table. */
  stmt = jg_store_prepare (store, "SELECT since, dismissed_at FROM warning_state WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, warning->key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      warning->since = sqlite3_column_int64 (stmt, 0);
      *shown = sqlite3_column_type (stmt, 1) == SQLITE_NULL;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

/* Keys that held and no longer do are resolved. */
static gboolean
mark_resolved (JgStore    *store,
               GHashTable *holding,
               gint64      now,
               GError    **error)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store, "SELECT key FROM warning_state WHERE holding = 1", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!g_hash_table_contains (holding, jg_store_column_text (stmt, 0)))
      g_ptr_array_add (gone, g_strdup (jg_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);

  stmt = jg_store_prepare (store, "UPDATE warning_state SET holding = 0, resolved_at = ?2"
                                  " WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < gone->len; i++)
    {
      jg_store_bind_text (stmt, 1, g_ptr_array_index (gone, i));
      sqlite3_bind_int64 (stmt, 2, now);
      if (!jg_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
update_state (JgStore    *store,
              GPtrArray  *list,
              gint64      now,
              GError    **error)
{
  g_autoptr(GHashTable) holding = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) shown = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), list->len);

  for (guint i = 0; i < list->len; i++)
    {
      JgWarning *warning = g_ptr_array_index (list, i);
      gboolean is_shown = TRUE;

      if (!mark_holding (store, warning, now, &is_shown, error))
        return FALSE;
      g_hash_table_add (holding, warning->key);
      g_array_append_val (shown, is_shown);
    }
  if (!mark_resolved (store, holding, now, error))
    return FALSE;

  /* Dismissed ones hold (their state says so) but are not listed. */
  g_hash_table_remove_all (holding);
  for (guint i = list->len; i-- > 0;)
    if (!g_array_index (shown, gboolean, i))
      g_ptr_array_remove_index (list, i);
  return TRUE;
}

GPtrArray *
jg_warnings_evaluate (JgStore               *store,
                      const JgWarningsInput *input,
                      GError               **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_warning_free);

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  /* The reads that write nothing run outside the transaction: a read
   * transaction that turns into a write fails (SQLITE_BUSY_SNAPSHOT) if
   * the sync committed in between, where one that writes first waits. */
  check_coverage (input, list);
  if (!check_quota (store, input, list, error)
      || !check_records (store, input, list, error)
      || !check_certificates (store, input, list, error))
    return NULL;
  if (!jg_store_begin (store, error))
    return NULL;
  if (!track_items (store, input->now, error)
      || !check_items (store, input, list, error)
      || !check_sync (store, input, list, error)
      || !update_state (store, list, input->now, error)
      || !jg_store_commit (store, error))
    {
      jg_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
jg_warnings_dismiss (JgStore    *store,
                     const char *key,
                     gint64      now,
                     GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = jg_store_prepare (store, "UPDATE warning_state SET dismissed_at = ?2"
                                  " WHERE key = ?1 AND holding = 1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, now);
  return jg_store_step_done (store, stmt, error);
}

/* --- in a thread ------------------------------------------------------------------ */

typedef struct {
  char               *db_path;
  JgWarningsInput     input;
  JgWarningsCoverage  coverage;
} EvaluateData;

static void
evaluate_data_free (EvaluateData *data)
{
  g_free (data->db_path);
  g_free (data);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  EvaluateData *data = task_data;
  g_autoptr(JgStore) store = NULL;
  GError *error = NULL;
  GPtrArray *list;

  if (!g_file_test (data->db_path, G_FILE_TEST_EXISTS))
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func ((GDestroyNotify) jg_warning_free),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  store = jg_store_open_existing (data->db_path, &error);
  list = store != NULL ? jg_warnings_evaluate (store, &data->input, &error) : NULL;
  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

void
jg_warnings_evaluate_async (const char            *db_path,
                            const JgWarningsInput *input,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  EvaluateData *data;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (input != NULL);

  data = g_new0 (EvaluateData, 1);
  data->db_path = g_strdup (db_path);
  data->input = *input;
  if (input->coverage != NULL)
    {
      data->coverage = *input->coverage;
      data->input.coverage = &data->coverage;
    }
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_warnings_evaluate_async);
  g_task_set_task_data (task, data, (GDestroyNotify) evaluate_data_free);
  g_task_run_in_thread (task, evaluate_thread);
}

GPtrArray *
jg_warnings_evaluate_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char   *db_path;
  char   *key;
  gint64  now;
} DismissData;

static void
dismiss_data_free (DismissData *data)
{
  g_free (data->db_path);
  g_free (data->key);
  g_free (data);
}

static void
dismiss_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DismissData *data = task_data;
  g_autoptr(JgStore) store = NULL;
  GError *error = NULL;

  store = jg_store_open_existing (data->db_path, &error);
  if (store == NULL || !jg_warnings_dismiss (store, data->key, data->now, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
jg_warnings_dismiss_async (const char          *db_path,
                           const char          *key,
                           gint64               now,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DismissData *data;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (key != NULL);

  data = g_new0 (DismissData, 1);
  data->db_path = g_strdup (db_path);
  data->key = g_strdup (key);
  data->now = now;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_warnings_dismiss_async);
  g_task_set_task_data (task, data, (GDestroyNotify) dismiss_data_free);
  g_task_run_in_thread (task, dismiss_thread);
}

gboolean
jg_warnings_dismiss_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
