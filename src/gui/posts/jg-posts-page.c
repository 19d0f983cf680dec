/* jg-posts-page.c — the 监管动态 or 曝光台 page: the month's quota and posts
 *
 * One class for both columns ("column"). At the top the month shown, with
 * the quota the portal counts for it: the figures come from one query
 * (jg_post_store_count_quota, as the reminders), the thresholds from the
 * server (jg_session_get_quota_rules), and are read again on the post
 * store's "changed" and the session's "quota-changed". Below, the posts of
 * that month (JgPostsModel, which follows the store itself) with their
 * state badges. A post opens in a JgPostEditor pushed over the list in an
 * AdwLeaflet, as a page of its own. The actions are in
 * jg-posts-page-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-list-row.h"
#include "jg-posts-page-private.h"
#include "jg-quota.h"

G_DEFINE_FINAL_TYPE (JgPostsPage, jg_posts_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_COLUMN, N_PROPS };
static GParamSpec *props[N_PROPS];

void
jg_posts_page_toast (JgPostsPage *self,
                     AdwToast    *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    jg_accessible_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (g_object_ref_sink (toast));
    }
}

static void
toast_text (JgPostsPage *self,
            const char  *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  jg_posts_page_toast (self, adw_toast_new (escaped));
}

void
jg_posts_page_this_month (guint *year,
                          guint *month)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autoptr(GDateTime) now = g_date_time_new_now (shanghai);

  *year = g_date_time_get_year (now);
  *month = g_date_time_get_month (now);
}

static gboolean
showing_this_month (JgPostsPage *self)
{
  guint year, month;

  jg_posts_page_this_month (&year, &month);
  return year == self->year && month == self->month;
}

static char *
month_name (JgPostsPage *self)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (self->year, self->month, 1, 0, 0, 0);

  /* TRANSLATORS: the month a posts page shows, as strftime: 2026年12月 */
  return g_date_time_format (first, _("%B %Y"));
}

/* --- the quota header -------------------------------------------------------- */

static void
update_quota (JgPostsPage *self)
{
  JgQuotaRule rules[JG_QUOTA_N_COLUMNS];
  JgQuotaCount counts[JG_QUOTA_N_COLUMNS] = { { 0 } };
  const JgQuotaRule *rule;
  const JgQuotaCount *count;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *month = NULL;
  const char *column = jg_post_column_get_label (self->column);
  gboolean met;

  gtk_widget_set_visible (self->quota_box, self->store != NULL);
  if (self->store == NULL)
    return;
  if (!jg_post_store_count_quota (self->store, NULL, self->year, self->month, counts, &error))
    {
      gtk_label_set_label (self->quota_label, error->message);
      gtk_label_set_label (self->quota_detail, "");
      return;
    }
  if (self->session != NULL)
    jg_session_get_quota_rules (self->session, rules);
  else
    for (guint i = 0; i < JG_QUOTA_N_COLUMNS; i++)
      jg_quota_default_rule (i, &rules[i]);
  rule = &rules[self->column];
  count = &counts[self->column];
  met = jg_quota_is_met (rule, count);

  if (showing_this_month (self))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *figures = jg_quota_describe ((JgQuotaColumn) self->column, rule, count);
      g_autoptr(JgWorkCalendar) calendar = self->session ? jg_session_get_work_calendar (self->session) : NULL;
      guint days = jg_quota_working_days_left (calendar, now);

      /* TRANSLATORS: the quota header: column, "本月 1/2 次、3/4 条" and the
       * working days left, as in 监管动态 本月 1/2 次、3/4 条，还剩 5 个工作日 */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %s, %u working day left",
                                           "%s %s, %u working days left", days),
                              column, figures, days);
    }
  else
    {
      month = month_name (self);
      /* TRANSLATORS: the quota header of another month: column, month,
       * updates (days with a publication) and items against what is needed */
      text = g_strdup_printf (_("%s %s: %u/%u updates, %u/%u items"), column, month,
                              count->updates, rule->updates_needed, count->items, rule->items_needed);
    }

  if (met)
    detail = g_strdup (_("The quota is met."));
  else if (showing_this_month (self))
    /* TRANSLATORS: what the month still needs; an update is a day with at
     * least one publication */
    detail = g_strdup_printf (_("Still needed: updates on %u more days, %u more items. A post counts on the day the portal publishes it."),
                              rule->updates_needed > count->updates ? rule->updates_needed - count->updates : 0,
                              rule->items_needed > count->items ? rule->items_needed - count->items : 0);
  else
    detail = g_strdup (_("The quota was not met."));

  gtk_label_set_label (self->quota_label, text);
  gtk_label_set_label (self->quota_detail, detail);
  gtk_image_set_from_icon_name (self->quota_icon, met ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *w = i == 0 ? GTK_WIDGET (self->quota_label) : GTK_WIDGET (self->quota_icon);

      gtk_widget_remove_css_class (w, met ? "warning" : "success");
      gtk_widget_add_css_class (w, met ? "success" : "warning");
    }
  /* The same figures, read as one sentence with whether they are met. */
  accessible = g_strdup_printf ("%s. %s", text, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quota_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* --- the list ---------------------------------------------------------------- */

static void
update_list_state (JgPostsPage *self)
{
  g_autofree char *month = NULL;
  g_autofree char *title = NULL;

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "signed-out");
      return;
    }
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }
  month = month_name (self);
  /* TRANSLATORS: the empty list of a month, e.g. 2026年12月没有稿件 */
  title = g_strdup_printf (_("No Posts in %s"), month);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page,
                                   showing_this_month (self)
                                   ? _("Drafts, posts with the reviewers and posts published this month are listed here.")
                                   : _("Nothing was written or published in this month."));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
model_items_changed_cb (JgPostsPage *self)
{
  update_list_state (self);
}

static char *
month_string (JgPostsPage *self)
{
  return g_strdup_printf ("%04u-%02u", self->year, self->month);
}

void
jg_posts_page_show_month (JgPostsPage *self,
                          guint        year,
                          guint        month)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  self->year = year;
  self->month = month;
  name = month_name (self);
  gtk_label_set_label (self->month_label, name);
  key = month_string (self);
  if (self->model != NULL && !jg_posts_model_set_filter (self->model, self->column, key, &error))
    toast_text (self, error->message);
  update_quota (self);
  update_list_state (self);
  jg_posts_page_actions_update (self);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, jg_list_row_new ());
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  JgPostSummary *summary = gtk_list_item_get_item (list_item);
  JgListRow *row = JG_LIST_ROW (gtk_list_item_get_child (list_item));
  JgPostState state;
  const char *title;
  g_autofree char *badge = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *when = NULL;
  g_autofree char *accessible = NULL;
  JgListRowBadgeStyle style;

  if (summary == NULL)
    return;
  state = jg_post_summary_get_state (summary);
  title = jg_post_summary_get_title (summary);
  if (title == NULL || *title == '\0')
    title = _("Untitled post");

  if (jg_post_summary_get_published_at (summary) > 0)
    {
      g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (jg_post_summary_get_published_at (summary));
      g_autoptr(GDateTime) at = g_date_time_to_timezone (utc, shanghai);
      g_autofree char *day = g_date_time_format (at, "%Y-%m-%d");

      /* TRANSLATORS: badge of a published post: 已发布 2026-12-03 */
      badge = g_strdup_printf (C_("published badge", "%s %s"), jg_post_state_get_label (state), day);
    }
  else if (state == JG_POST_STATE_IN_REVIEW && jg_post_summary_get_review_levels (summary) > 1)
    /* TRANSLATORS: badge of a post in review at one of several levels:
     * 审核中 · 复审 */
    badge = g_strdup_printf (C_("review badge", "%s · %s"), jg_post_state_get_label (state),
                             jg_post_review_level_name (jg_post_summary_get_review_level (summary),
                                                        jg_post_summary_get_review_levels (summary)));
  else
    badge = g_strdup (jg_post_state_get_label (state));

  when = jg_session_format_time (jg_post_summary_get_updated (summary));
  if (jg_post_summary_get_conflict (summary))
    /* TRANSLATORS: caption of a post returned by a reviewer while it was
     * being edited here */
    caption = g_strdup_printf (_("Changed %s · Returned while you edited it: choose a copy"), when);
  else
    /* TRANSLATORS: caption of a post in the list: when it last changed */
    caption = g_strdup_printf (_("Changed %s"), when);

  switch (state)
    {
    case JG_POST_STATE_DRAFT:     style = JG_LIST_ROW_BADGE_WARNING; break;
    case JG_POST_STATE_RETURNED:
    case JG_POST_STATE_REJECTED:  style = JG_LIST_ROW_BADGE_ERROR; break;
    case JG_POST_STATE_PUBLISHED: style = JG_LIST_ROW_BADGE_SUCCESS; break;
    default:                      style = JG_LIST_ROW_BADGE_NEUTRAL; break;
    }
  if (jg_post_summary_get_conflict (summary))
    style = JG_LIST_ROW_BADGE_ERROR;

  /* TRANSLATORS: accessible name of a post in the list: title, state, caption */
  accessible = g_strdup_printf (_("%s, %s, %s"), title, badge, caption);
  jg_list_row_set_title (row, title);
  jg_list_row_set_caption (row, caption);
  jg_list_row_set_badge (row, badge);
  jg_list_row_set_badge_style (row, style);
  jg_list_row_set_accessible_label (row, accessible);
}

/* --- the editor -------------------------------------------------------------- */

static void
editor_close_cb (JgPostsPage  *self,
                 JgPostEditor *editor)
{
  jg_posts_page_close_editor (self);
}

static void
editor_message_cb (JgPostsPage  *self,
                   const char   *text,
                   JgPostEditor *editor)
{
  toast_text (self, text);
}

static void
editor_deleted_cb (JgPostsPage  *self,
                   JgPost       *before,
                   JgPostEditor *editor)
{
  jg_posts_page_post_deleted (self, before);
}

void
jg_posts_page_close_editor (JgPostsPage *self)
{
  JgPostEditor *editor = self->editor;
  g_autoptr(GError) error = NULL;

  if (editor == NULL)
    return;
  self->editor = NULL;
  jg_post_editor_flush (editor);
  g_signal_handlers_disconnect_by_data (editor, self);
  /* A draft left without any input is not kept. */
  if (self->store != NULL
      && !jg_post_store_discard_blank (self->store, jg_post_get_uuid (jg_post_editor_get_post (editor)),
                                       NULL, &error))
    toast_text (self, error->message);
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  adw_bin_set_child (self->editor_bin, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
leaflet_child_cb (JgPostsPage *self)
{
  /* Swiped back, or Alt+Left on the leaflet: the editor is left. */
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0)
    jg_posts_page_close_editor (self);
}

void
jg_posts_page_open_post (JgPostsPage *self,
                         JgPost      *post)
{
  guint year, month;

  g_return_if_fail (JG_IS_POSTS_PAGE (self));
  g_return_if_fail (JG_IS_POST (post));

  if (self->store == NULL)
    return;
  jg_posts_page_close_editor (self);
  /* A post being written belongs to this month. */
  jg_posts_page_this_month (&year, &month);
  if (jg_post_get_state (post) != JG_POST_STATE_PUBLISHED
      && jg_post_get_state (post) != JG_POST_STATE_WITHDRAWN
      && (year != self->year || month != self->month))
    jg_posts_page_show_month (self, year, month);

  self->editor = jg_post_editor_new (self->session, self->store, post);
  g_signal_connect_object (self->editor, "close", G_CALLBACK (editor_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "message", G_CALLBACK (editor_message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "deleted", G_CALLBACK (editor_deleted_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->editor_bin, GTK_WIDGET (self->editor));
  adw_leaflet_set_visible_child_name (self->leaflet, "editor");
  jg_post_editor_focus (self->editor);
}

static void
list_activate_cb (JgPostsPage *self,
                  guint        position,
                  GtkListView *list_view)
{
  g_autoptr(JgPostSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (summary == NULL || self->store == NULL)
    return;
  post = jg_post_store_load (self->store, jg_post_summary_get_uuid (summary), &error);
  if (post == NULL)
    {
      toast_text (self, error->message);
      return;
    }
  jg_posts_page_open_post (self, post);
}

void
jg_posts_page_new_post (JgPostsPage *self)
{
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (JG_IS_POSTS_PAGE (self));

  if (self->store == NULL)
    {
      toast_text (self, _("Sign in first: posts are written for your account’s department."));
      return;
    }
  post = jg_post_store_create_blank (self->store, self->column, &error);
  if (post == NULL)
    {
      toast_text (self, error->message);
      return;
    }
  jg_posts_page_open_post (self, post);
}

void
jg_posts_page_flush (JgPostsPage *self)
{
  g_return_if_fail (JG_IS_POSTS_PAGE (self));

  if (self->editor != NULL)
    jg_post_editor_flush (self->editor);
}

/* --- the session ------------------------------------------------------------- */

static void
store_changed_cb (JgPostsPage *self)
{
  update_quota (self);
}

/* The account's post store comes and goes with signing in and out. */
static void
follow_store (JgPostsPage *self)
{
  JgPostStore *store = self->session != NULL ? jg_session_get_post_store (self->session) : NULL;
  g_autofree char *month = NULL;
  g_autoptr(GError) error = NULL;

  if (store == self->store)
    {
      update_quota (self);
      return;
    }
  jg_posts_page_close_editor (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_no_selection_set_model (self->selection, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      month = month_string (self);
      self->model = jg_posts_model_new (store, self->column, month, &error);
      if (self->model == NULL)
        toast_text (self, error->message);
      else
        {
          gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->model));
          g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_items_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_quota (self);
  update_list_state (self);
  jg_posts_page_actions_update (self);
}

void
jg_posts_page_set_session (JgPostsPage *self,
                           JgSession   *session)
{
  g_return_if_fail (JG_IS_POSTS_PAGE (self));
  g_return_if_fail (JG_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_signal_connect_object (session, "notify::signed-in", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::username", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  /* The server's thresholds, or publications a sync brought. */
  g_signal_connect_object (session, "quota-changed", G_CALLBACK (update_quota), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "sync-finished", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  follow_store (self);
}

JgPostColumn
jg_posts_page_get_column (JgPostsPage *self)
{
  g_return_val_if_fail (JG_IS_POSTS_PAGE (self), JG_POST_DYNAMICS);

  return self->column;
}

/* --- object ------------------------------------------------------------------ */

static void
jg_posts_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  JgPostsPage *self = JG_POSTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLUMN: g_value_set_int (value, self->column); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_posts_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  JgPostsPage *self = JG_POSTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLUMN: self->column = g_value_get_int (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_posts_page_constructed (GObject *object)
{
  JgPostsPage *self = JG_POSTS_PAGE (object);
  guint year, month;

  G_OBJECT_CLASS (jg_posts_page_parent_class)->constructed (object);

  adw_status_page_set_icon_name (self->empty_page, self->column == JG_POST_DYNAMICS
                                 ? "x-office-document-symbolic" : "dialog-warning-symbolic");
  jg_posts_page_this_month (&year, &month);
  jg_posts_page_show_month (self, year, month);
}

static void
jg_posts_page_dispose (GObject *object)
{
  JgPostsPage *self = JG_POSTS_PAGE (object);

  if (self->editor != NULL)
    {
      jg_post_editor_flush (self->editor);
      g_signal_handlers_disconnect_by_data (self->editor, self);
      self->editor = NULL;
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_POSTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (jg_posts_page_parent_class)->dispose (object);
}

static void
jg_posts_page_class_init (JgPostsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = jg_posts_page_get_property;
  object_class->set_property = jg_posts_page_set_property;
  object_class->constructed = jg_posts_page_constructed;
  object_class->dispose = jg_posts_page_dispose;

  props[PROP_COLUMN] = g_param_spec_int ("column", NULL, NULL, JG_POST_DYNAMICS,
                                         JG_POST_EXPOSURE, JG_POST_DYNAMICS,
                                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/posts/jg-posts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, month_label);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, quota_box);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, quota_icon);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, quota_label);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, quota_detail);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, JgPostsPage, editor_bin);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_child_cb);
  jg_posts_page_actions_class_init (widget_class);
}

static void
jg_posts_page_init (JgPostsPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
jg_posts_page_new (JgPostColumn column)
{
  return g_object_new (JG_TYPE_POSTS_PAGE, "column", column, NULL);
}
