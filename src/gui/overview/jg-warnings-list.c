/* jg-warnings-list.c — the Overview's warnings (预警), one row each
 *
 * The list is jg_warnings_evaluate_async()'s (src/core/overview): each
 * row says the warning's reason, when it was first noticed, and has one button
 * for the action that resolves it (a win.* action with its target, so the
 * window does the navigating) and a small one to dismiss it, for what
 * cannot be resolved from this computer at once (a certificate renewed
 * at the centre): a dismissed warning stays away until its condition has
 * stopped holding and holds again (the core keeps that state).
 *
 * Evaluated again whenever what it reads may have changed: the record
 * counts, the posts' quota, a sync, the catalogue, the thresholds in the
 * settings, and when the list comes into view (time passes: a record
 * ready yesterday is late today).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-first-frame.h"
#include "jg-warnings-list.h"

struct _JgWarningsList
{
  AdwPreferencesGroup parent_instance;

  GtkListBox *list;
  GtkLabel *empty_label;

  JgSession *session;
  GSettings *settings;
  GCancellable *cancellable;     /* cancelled on dispose and on leaving the account */
  gboolean evaluating;
  gboolean refresh_again;        /* asked for again while evaluating */
  guint first_refresh_id;        /* the first evaluation, after the first frame */
  gboolean has_coverage;
  JgWarningsCoverage coverage;
  guint count;
};

enum {
  PROP_0,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JgWarningsList, jg_warnings_list, ADW_TYPE_PREFERENCES_GROUP)

static void
clear_rows (JgWarningsList *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
}

static void
set_count (JgWarningsList *self,
           guint           count)
{
  if (self->count == count)
    return;
  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

static void dismissed_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
dismiss_clicked_cb (GtkButton      *button,
                    JgWarningsList *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "warning-key");
  const char *db_path = self->session ? jg_session_get_db_path (self->session) : NULL;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (db_path == NULL || key == NULL)
    return;
  /* Gone at once; the state follows in the database. */
  gtk_widget_set_visible (row, FALSE);
  set_count (self, self->count > 0 ? self->count - 1 : 0);
  jg_warnings_dismiss_async (db_path, key, g_get_real_time () / G_USEC_PER_SEC,
                             self->cancellable, dismissed_cb, self);
}

static void
dismissed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!jg_warnings_dismiss_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Warnings: could not dismiss: %s", error->message);
      return;
    }
  jg_warnings_list_refresh (JG_WARNINGS_LIST (user_data));
}

static GtkWidget *
row_new (JgWarningsList *self,
         JgWarning      *warning)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *button = gtk_button_new_with_label (warning->action_label);
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *when = jg_session_format_time (warning->since);
  /* TRANSLATORS: under a warning: when this computer first found it
   * holding ("2026-12-04 10:00"), which may be later than its cause */
  g_autofree char *since = g_strdup_printf (_("First noticed %s"), when);
  /* TRANSLATORS: accessible name of a warning's dismiss button; %s is the
   * warning's reason */
  g_autofree char *dismiss_name = g_strdup_printf (_("Dismiss: %s"), warning->reason);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warning->reason);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), since);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), warning->action_name);
  if (warning->action_target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), warning->action_target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  jg_accessible_set_own_label (dismiss, dismiss_name);
  g_object_set_data_full (G_OBJECT (dismiss), "warning-key", g_strdup (warning->key), g_free);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dismiss);

  jg_accessible_fix_names (row);
  return row;
}

static void
evaluated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = jg_warnings_evaluate_finish (result, &error);
  JgWarningsList *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = JG_WARNINGS_LIST (user_data);
  self->evaluating = FALSE;
  /* Something changed while it ran: what it found may be from before. */
  if (self->refresh_again)
    {
      jg_warnings_list_refresh (self);
      return;
    }
  if (warnings == NULL)
    {
      /* The rows stay as they were: better than an empty list that lies. */
      g_warning ("Warnings: could not evaluate them: %s", error->message);
      return;
    }

  clear_rows (self);
  for (guint i = 0; i < warnings->len; i++)
    gtk_list_box_append (self->list, row_new (self, g_ptr_array_index (warnings, i)));
  set_count (self, warnings->len);
}

static gboolean first_refresh_cb (gpointer user_data);

void
jg_warnings_list_refresh (JgWarningsList *self)
{
  const char *db_path;
  JgWarningsInput input;

  g_return_if_fail (JG_IS_WARNINGS_LIST (self));

  /* Asked before the window's first frame (the sign-in, the session's
   * first figures): evaluated once after it, whose cores the queries over
   * a million records would take. The count badge stays hidden until. */
  if (!jg_first_frame_is_painted ())
    {
      if (self->first_refresh_id == 0)
        self->first_refresh_id = jg_first_frame_idle_add (first_refresh_cb, self, NULL);
      return;
    }
  g_clear_handle_id (&self->first_refresh_id, g_source_remove);
  /* The warnings are an account's: none while nobody ever signed in. */
  db_path = self->session ? jg_session_get_db_path (self->session) : NULL;
  if (db_path == NULL || jg_session_get_username (self->session) == NULL)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->evaluating = FALSE;
      clear_rows (self);
      set_count (self, 0);
      return;
    }
  /* One evaluation at a time: a cancelled one still runs its queries over
   * every record to the end, and at start-up six signals each ask (the
   * sign-in, the counts, the quota, the coverage, the sync…), which made
   * several run at once on a million records. The next one starts when
   * the running one ends. */
  if (self->evaluating)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refresh_again = FALSE;

  jg_warnings_input_init (&input, g_get_real_time () / G_USEC_PER_SEC);
  if (self->settings != NULL)
    {
      input.rejected_days = g_settings_get_uint (self->settings, "warning-rejected-days");
      input.unsent_days = g_settings_get_uint (self->settings, "warning-unsent-days");
      input.sync_days = g_settings_get_uint (self->settings, "warning-sync-days");
      input.quota_days = g_settings_get_uint (self->settings, "quota-reminder-days");
    }
  jg_session_get_quota_rules (self->session, input.quota_rules);
  input.coverage = self->has_coverage ? &self->coverage : NULL;

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->evaluating = TRUE;
  /* Cancelled on dispose: a cancelled result returns before touching us. */
  jg_warnings_evaluate_async (db_path, &input, self->cancellable, evaluated_cb, self);
}

static void
settings_changed_cb (GSettings      *settings,
                     const char     *key,
                     JgWarningsList *self)
{
  if (g_str_has_prefix (key, "warning-") || g_str_equal (key, "quota-reminder-days"))
    jg_warnings_list_refresh (self);
}

static gboolean
first_refresh_cb (gpointer user_data)
{
  JgWarningsList *self = user_data;

  self->first_refresh_id = 0;
  jg_warnings_list_refresh (self);
  return G_SOURCE_REMOVE;
}

void
jg_warnings_list_set_session (JgWarningsList *self,
                              JgSession      *session)
{
  static const char * const signals[] = {
    "counts-changed", "quota-changed", "sync-finished", "data-changed", "notify::signed-in",
  };

  g_return_if_fail (JG_IS_WARNINGS_LIST (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        g_signal_connect_swapped (session, signals[i], G_CALLBACK (jg_warnings_list_refresh), self);
      g_object_get (session, "settings", &self->settings, NULL);
      if (self->settings != NULL)
        g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
    }
  jg_warnings_list_refresh (self);
}

void
jg_warnings_list_set_coverage (JgWarningsList           *self,
                               const JgWarningsCoverage *coverage)
{
  g_return_if_fail (JG_IS_WARNINGS_LIST (self));

  self->has_coverage = coverage != NULL;
  if (coverage != NULL)
    self->coverage = *coverage;
  jg_warnings_list_refresh (self);
}

guint
jg_warnings_list_get_count (JgWarningsList *self)
{
  g_return_val_if_fail (JG_IS_WARNINGS_LIST (self), 0);
  return self->count;
}

static void
jg_warnings_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  JgWarningsList *self = JG_WARNINGS_LIST (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_warnings_list_dispose (GObject *object)
{
  JgWarningsList *self = JG_WARNINGS_LIST (object);

  g_clear_handle_id (&self->first_refresh_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (jg_warnings_list_parent_class)->dispose (object);
}

static void
jg_warnings_list_class_init (JgWarningsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_warnings_list_dispose;
  object_class->get_property = jg_warnings_list_get_property;

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/overview/jg-warnings-list.ui");
  gtk_widget_class_bind_template_child (widget_class, JgWarningsList, list);
  gtk_widget_class_bind_template_child (widget_class, JgWarningsList, empty_label);
}

static void
jg_warnings_list_init (JgWarningsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));
  /* Time passes: coming back into view evaluates again. */
  g_signal_connect_swapped (self, "map", G_CALLBACK (jg_warnings_list_refresh), self);
}
