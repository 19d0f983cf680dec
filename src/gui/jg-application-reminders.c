/* jg-application-reminders.c — notifications when the month is ending and
 * a column of posts is below its quota
 *
 * Checked at start-up, after each sync (which brings the publications and
 * the server's thresholds) and every morning while Jianguan runs; the
 * decision is jg_post_reminders_due() (core, tested). A notification names
 * the column, where it stands and the working days left, and opens the
 * column's page. The day of each column's last reminder is kept in
 * GSettings ("quota-reminded"), so that no reminder is sent twice, even
 * across restarts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-application-private.h"
#include "jg-post-reminders.h"
#include "jg-window.h"

/* The daily check runs at this hour in Shanghai: the start of a working
 * day, not the middle of the night for a window left open. */
#define REMINDER_HOUR 9

static void
read_notified (GSettings *settings,
               gint64     notified[JG_QUOTA_N_COLUMNS])
{
  g_autoptr(GVariant) days = g_settings_get_value (settings, "quota-reminded");

  for (guint column = 0; column < JG_QUOTA_N_COLUMNS; column++)
    if (!g_variant_lookup (days, jg_post_column_to_string (column), "x", &notified[column]))
      notified[column] = JG_POST_REMINDERS_NEVER;
}

static void
write_notified (GSettings    *settings,
                const gint64  notified[JG_QUOTA_N_COLUMNS])
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sx}"));
  for (guint column = 0; column < JG_QUOTA_N_COLUMNS; column++)
    if (notified[column] != JG_POST_REMINDERS_NEVER)
      g_variant_builder_add (&builder, "{sx}", jg_post_column_to_string (column), notified[column]);
  g_settings_set_value (settings, "quota-reminded", g_variant_builder_end (&builder));
}

static GNotification *
notification_new (JgQuotaColumn       column,
                  const JgQuotaRule  *rule,
                  const JgQuotaCount *count,
                  const JgWorkCalendar *calendar,
                  GDateTime          *now)
{
  g_autofree char *title = NULL;
  g_autofree char *status = jg_quota_describe (column, rule, count);
  g_autofree char *left = NULL;
  g_autofree char *body = NULL;
  const char *name = jg_post_column_get_label ((JgPostColumn) column);
  guint days = jg_quota_working_days_left (calendar, now);
  GNotification *notification;

  /* TRANSLATORS: a notification's title; %s is the column, "监管动态" */
  title = g_strdup_printf (_("%s is below this month’s quota"), name);
  if (jg_quota_is_last_working_day (calendar, now))
    left = g_strdup (_("Today is the month’s last working day."));
  else if (days == 0)
    left = g_strdup (_("No working days are left this month."));
  else
    left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day is left this month.",
                                         "%u working days are left this month.", days), days);
  /* TRANSLATORS: a notification's text: where the column stands, then the
   * days left: "本月 1/2 次、3/4 条。本月还剩 3 个工作日。" */
  body = g_strdup_printf (_("%s. %s"), status, left);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-posts", "s",
                                                jg_post_column_to_string ((JgPostColumn) column));
  g_notification_add_button_with_target (notification, _("Open"), "app.show-posts", "s",
                                         jg_post_column_to_string ((JgPostColumn) column));
  return notification;
}

void
jg_application_reminders_check (JgApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) shanghai = NULL;
  g_autoptr(JgWorkCalendar) calendar = NULL;
  JgQuotaRule rules[JG_QUOTA_N_COLUMNS];
  JgQuotaCount counts[JG_QUOTA_N_COLUMNS];
  gint64 notified[JG_QUOTA_N_COLUMNS];
  JgPostStore *store;
  guint due;

  if (self->session == NULL || !g_settings_get_boolean (self->settings, "quota-reminders")
      || !jg_session_is_signed_in (self->session))
    return;
  store = jg_session_get_post_store (self->session);
  if (store == NULL)
    return;

  now = g_date_time_new_now_utc ();
  shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  local = g_date_time_to_timezone (now, shanghai);
  if (!jg_post_store_count_quota (store, NULL, g_date_time_get_year (local),
                                  g_date_time_get_month (local), counts, &error))
    {
      g_warning ("Counting the month's posts for the quota reminders: %s", error->message);
      return;
    }
  jg_session_get_quota_rules (self->session, rules);
  calendar = jg_session_get_work_calendar (self->session);
  read_notified (self->settings, notified);

  due = jg_post_reminders_due (calendar, now, rules, counts,
                               g_settings_get_uint (self->settings, "quota-reminder-days"), notified);
  if (due == 0)
    return;

  for (guint column = 0; column < JG_QUOTA_N_COLUMNS; column++)
    {
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *id = NULL;

      if ((due & (1u << column)) == 0)
        continue;
      notification = notification_new (column, &rules[column], &counts[column], calendar, now);
      /* One per column: a later one replaces it. */
      id = g_strdup_printf ("quota-%s", jg_post_column_to_string ((JgPostColumn) column));
      g_application_send_notification (G_APPLICATION (self), id, notification);
      notified[column] = jg_quota_day_of (g_date_time_to_unix (now));
    }
  write_notified (self->settings, notified);
}

/* --- when ----------------------------------------------------------------- */

static gboolean daily_cb (gpointer user_data);

/* Seconds until the next REMINDER_HOUR o'clock in Shanghai. */
static guint
seconds_to_next_check (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autoptr(GDateTime) now = g_date_time_new_now (shanghai);
  g_autoptr(GDateTime) today = g_date_time_new (shanghai, g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now),
                                                REMINDER_HOUR, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_compare (today, now) > 0 ? g_date_time_ref (today)
                                                                   : g_date_time_add_days (today, 1);

  return (guint) MAX (g_date_time_difference (next, now) / G_TIME_SPAN_SECOND, 1);
}

static void
schedule_daily (JgApplication *self)
{
  g_clear_handle_id (&self->reminders_timer, g_source_remove);
  self->reminders_timer = g_timeout_add_seconds (seconds_to_next_check (), daily_cb, self);
}

static gboolean
daily_cb (gpointer user_data)
{
  JgApplication *self = user_data;

  self->reminders_timer = 0;
  jg_application_reminders_check (self);
  schedule_daily (self);
  return G_SOURCE_REMOVE;
}

static void
sync_finished_cb (JgApplication *self)
{
  jg_application_reminders_check (self);
}

static void
settings_changed_cb (JgApplication *self)
{
  jg_application_reminders_check (self);
}

static void
show_posts_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  JgApplication *self = user_data;
  JgPostColumn column;
  GtkWindow *window;

  if (!jg_post_column_from_string (g_variant_get_string (parameter, NULL), &column))
    return;
  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (JG_IS_WINDOW (window))
    jg_window_show_section (JG_WINDOW (window), jg_post_column_to_string (column));
}

void
jg_application_reminders_init (JgApplication *self)
{
  static const GActionEntry entries[] = {
    { "show-posts", show_posts_activated, "s" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  g_signal_connect_object (self->session, "sync-finished",
                           G_CALLBACK (sync_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::quota-reminders",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::quota-reminder-days",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  jg_application_reminders_check (self);
  schedule_daily (self);
}

void
jg_application_reminders_shutdown (JgApplication *self)
{
  g_clear_handle_id (&self->reminders_timer, g_source_remove);
}
