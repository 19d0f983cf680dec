/* jg-review-page.c — the reviewer's queue (审核)
 *
 * The department's posts in review (jg-post-queue.h), oldest first, on
 * the left; the one selected on the right as the author's client checked
 * it (the wording hits and warnings sent with it) and as it will be
 * published: a 监管动态 post in the portal's preview, a 曝光台 post as
 * its disclosure fields. Approving and returning are in
 * jg-review-page-actions.c. The queue follows the post store's "changed":
 * a post leaves it when the server's answer or the next sync says it is
 * no longer in review.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-catalogue.h"
#include "jg-post-figure.h"
#include "jg-post-images.h"
#include "jg-review-page-private.h"
#include "jg-validate.h"

G_DEFINE_FINAL_TYPE (JgReviewPage, jg_review_page, ADW_TYPE_BIN)

/* --- names ---------------------------------------------------------------- */

const char *
jg_review_page_level_name (guint level,
                           guint levels)
{
  /* One level has no name of its own on the review page. */
  if (levels <= 1)
    return NULL;
  return jg_post_review_level_name (level, levels);
}

void
jg_review_page_toast (JgReviewPage *self,
                      const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 5);
  jg_accessible_add_toast (self->toast_overlay, toast);
}

/* "监管动态 · 李某 · 初审" */
static char *
describe_item (const JgPostQueueItem *item)
{
  g_autoptr(GString) text = g_string_new (jg_post_column_get_label (item->column));
  const char *level = jg_review_page_level_name (item->level, item->levels);

  if (item->author != NULL && *item->author != '\0')
    g_string_append_printf (text, " · %s", item->author);
  if (level != NULL)
    g_string_append_printf (text, " · %s", level);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
item_title (const JgPostQueueItem *item)
{
  return item->title != NULL && *item->title != '\0' ? item->title : _("Untitled");
}

/* --- the queue ------------------------------------------------------------ */

static GPtrArray *
read_checks (JgReviewPage *self,
             const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *checks = jg_post_store_get_checks (self->store, uuid, &error);

  if (checks == NULL)
    g_warning ("Reading the checks of post %s: %s", uuid, error->message);
  return checks;
}

static GtkWidget *
queue_row_new (JgReviewPage          *self,
               const JgPostQueueItem *item)
{
  g_autoptr(GPtrArray) checks = read_checks (self, item->uuid);
  g_autofree char *line = describe_item (item);
  g_autofree char *hits = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label;
  guint n_checks = checks != NULL ? checks->len : 0;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  label = gtk_label_new (item_title (item));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (line);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  if (n_checks > 0)
    {
      /* TRANSLATORS: in the review queue: what the author's client found */
      hits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u check to look at", "%u checks to look at",
                                           n_checks), n_checks);
      label = gtk_label_new (hits);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  accessible = hits != NULL ? g_strdup_printf ("%s, %s, %s", item_title (item), line, hits)
                            : g_strdup_printf ("%s, %s", item_title (item), line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
update_sidebar_row (JgReviewPage *self)
{
  guint count = self->queue != NULL ? self->queue->len : 0;
  g_autofree char *number = count > 0 ? g_strdup_printf ("%u", count) : g_strdup ("");
  g_autofree char *accessible = NULL;
  gboolean reviewer = self->session != NULL && jg_session_is_reviewer (self->session);

  if (self->sidebar_row == NULL)
    return;

  gtk_label_set_label (self->count_label, number);
  if (count > 0)
    /* TRANSLATORS: accessible name of the sidebar's Review row */
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Review, %u post waiting",
                                               "Review, %u posts waiting", count), count);
  else
    accessible = g_strdup (_("Review"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sidebar_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  if (!reviewer && gtk_widget_get_mapped (GTK_WIDGET (self)))
    /* Signed out, or signed in as an admin: the page is not theirs. */
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "overview");
  gtk_widget_set_visible (self->sidebar_row, reviewer);
}

static int
find_item (JgReviewPage *self,
           const char   *uuid)
{
  for (guint i = 0; uuid != NULL && self->queue != NULL && i < self->queue->len; i++)
    {
      JgPostQueueItem *item = self->queue->pdata[i];

      if (g_strcmp0 (item->uuid, uuid) == 0)
        return i;
    }
  return -1;
}

void
jg_review_page_reload (JgReviewPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autofree char *shown = self->current != NULL ? g_strdup (self->current->uuid) : NULL;
  GtkWidget *child;
  int index;

  if (self->store != NULL && jg_session_is_reviewer (self->session))
    {
      queue = jg_post_queue_list (self->store, &error);
      if (queue == NULL)
        g_warning ("Reading the review queue: %s", error->message);
    }

  self->current = NULL;
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  self->queue = queue != NULL ? g_steal_pointer (&queue)
                              : g_ptr_array_new_with_free_func ((GDestroyNotify) jg_post_queue_item_free);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    gtk_list_box_remove (self->queue_list, child);
  for (guint i = 0; i < self->queue->len; i++)
    gtk_list_box_append (self->queue_list, queue_row_new (self, self->queue->pdata[i]));

  gtk_stack_set_visible_child_name (self->stack, self->queue->len > 0 ? "queue" : "empty");
  update_sidebar_row (self);

  /* The post shown stays; one that left the queue gives way to the
   * oldest one still waiting. */
  index = find_item (self, shown);
  if (self->queue->len > 0)
    gtk_list_box_select_row (self->queue_list,
                             gtk_list_box_get_row_at_index (self->queue_list, MAX (index, 0)));
  if (index < 0 && shown != NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  jg_review_page_actions_update (self);
}

/* --- the post shown ------------------------------------------------------- */

static GdkPaintable *
load_image (const char *sha256,
            gpointer    user_data)
{
  JgReviewPage *self = user_data;

  if (self->store == NULL)
    return NULL;
  return jg_post_figure_load_stored (self->store, sha256, JG_POST_FIGURE_MAX_WIDTH);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_checks (JgReviewPage *self,
             const char   *uuid,
             JgPostColumn  column)
{
  g_autoptr(GPtrArray) checks = read_checks (self, uuid);

  clear_list (self->checks_list);
  if (checks == NULL || checks->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No wording hits or warnings were found before it was sent."));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      gtk_list_box_append (self->checks_list, row);
      return;
    }

  for (guint i = 0; i < checks->len; i++)
    {
      JgIssue *issue = checks->pdata[i];
      const JgPostFieldSpec *spec = issue->field != NULL ? jg_post_field_lookup (column, issue->field) : NULL;
      g_autofree char *escaped = g_markup_escape_text (issue->message, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (spec != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(spec->label));
      gtk_widget_add_css_class (icon, issue->severity == JG_ISSUE_ERROR ? "error" : "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->checks_list, row);
    }
}

/* A field's value as the reviewer reads it: choices by their label,
 * departments by name. */
static char *
field_display (JgReviewPage          *self,
               const JgPostFieldSpec *spec,
               const char            *value)
{
  switch (spec->type)
    {
    case JG_POST_FIELD_CHOICE:
      {
        const char *label = jg_post_choice_get_label (spec, value);
        return g_strdup (label != NULL ? label : value);
      }
    case JG_POST_FIELD_TAGS:
      {
        g_auto(GStrv) values = g_strsplit (value, ";", -1);
        g_autoptr(GPtrArray) labels = g_ptr_array_new ();

        for (guint i = 0; values[i] != NULL; i++)
          {
            const char *label = jg_post_choice_get_label (spec, values[i]);
            g_ptr_array_add (labels, (gpointer) (label != NULL ? label : values[i]));
          }
        g_ptr_array_add (labels, NULL);
        /* TRANSLATORS: between the values of a list, e.g. penalty categories */
        return g_strjoinv (_(", "), (char **) labels->pdata);
      }
    case JG_POST_FIELD_BOOL:
      return g_strdup (g_strcmp0 (value, "1") == 0 ? _("Yes") : _("No"));
    case JG_POST_FIELD_DEPARTMENT:
      {
        char *name = jg_catalogue_department_name_sync (jg_post_store_get_store (self->store), value);
        return name != NULL ? name : g_strdup (value);
      }
    default:
      return g_strdup (value);
    }
}

static void
show_fields (JgReviewPage *self,
             JgPost       *post)
{
  guint n_fields = 0;
  const JgPostFieldSpec *fields = jg_post_fields (jg_post_get_column (post), &n_fields);

  clear_list (self->fields_list);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = jg_post_get (post, fields[i].key);
      g_autofree char *display = NULL;
      g_autofree char *accessible = NULL;
      GtkWidget *row, *box, *label;

      /* The title is the heading above; record links are identifiers. */
      if (value == NULL || fields[i].type == JG_POST_FIELD_RECORD_LINKS
          || g_strcmp0 (fields[i].key, "title") == 0)
        continue;
      display = field_display (self, &fields[i], value);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      label = gtk_label_new (_(fields[i].label));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      label = gtk_label_new (display);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      /* TRANSLATORS: a field of an exposure post in review, "Party name: …" */
      accessible = g_strdup_printf (_("%s: %s"), _(fields[i].label), display);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_list_box_append (self->fields_list, row);
    }
}

static void
show_post (JgReviewPage    *self,
           JgPostQueueItem *item)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgPost) post = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *level_line = NULL;
  const char *level = jg_review_page_level_name (item->level, item->levels);

  self->current = item;
  gtk_label_set_label (self->title_label, item_title (item));
  meta = describe_item (item);
  if (level != NULL)
    {
      /* TRANSLATORS: under the title of a post in review: "监管动态 · 李某 · 复审 (2 of 3)" */
      level_line = g_strdup_printf (_("%s (%u of %u)"), meta, item->level, item->levels);
      gtk_label_set_label (self->meta_label, level_line);
    }
  else
    gtk_label_set_label (self->meta_label, meta);
  show_checks (self, item->uuid, item->column);

  post = jg_post_store_load (self->store, item->uuid, &error);
  if (post == NULL)
    {
      g_warning ("Loading post %s for review: %s", item->uuid, error->message);
      jg_post_preview_show (self->preview, item->title, NULL, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->view_stack, "preview");
    }
  else if (jg_post_get_column (post) == JG_POST_EXPOSURE)
    {
      show_fields (self, post);
      gtk_stack_set_visible_child_name (self->view_stack, "fields");
    }
  else
    {
      g_autoptr(JgPostDoc) body = NULL;
      g_autofree char *department = NULL;
      const char *source = jg_post_get (post, "source_department");

      if (jg_post_get (post, "body") != NULL)
        body = jg_post_doc_from_html (jg_post_get (post, "body"), NULL);
      if (source != NULL)
        department = jg_catalogue_department_name_sync (jg_post_store_get_store (self->store), source);
      jg_post_preview_show (self->preview, jg_post_get (post, "title"),
                            department != NULL ? department : source, NULL,
                            jg_post_get (post, "summary"), body);
      gtk_stack_set_visible_child_name (self->view_stack, "preview");
    }
  jg_review_page_actions_update (self);
}

static void
queue_row_selected_cb (JgReviewPage  *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (index < 0 || self->queue == NULL || (guint) index >= self->queue->len)
    {
      self->current = NULL;
      jg_review_page_actions_update (self);
      return;
    }
  show_post (self, self->queue->pdata[index]);
}

static void
queue_row_activated_cb (JgReviewPage  *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  /* Folded, Enter or a click opens the post; side by side it is shown. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (JgReviewPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* --- following the session ------------------------------------------------ */

static void
store_changed_cb (JgReviewPage *self,
                  const char   *uuid,
                  JgPostStore  *store)
{
  jg_review_page_reload (self);
}

/* The post store comes and goes with the account's database. */
static void
follow_store (JgReviewPage *self)
{
  JgPostStore *store = self->session != NULL ? jg_session_get_post_store (self->session) : NULL;

  if (store != self->store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
  jg_review_page_reload (self);
}

void
jg_review_page_set_session (JgReviewPage *self,
                            JgSession    *session)
{
  g_return_if_fail (JG_IS_REVIEW_PAGE (self));
  g_return_if_fail (JG_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_connect_object (session, "notify::signed-in", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::username", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  /* The reviewer role is known once the server has answered. */
  g_signal_connect_object (session, "sync-finished", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  follow_store (self);
}

void
jg_review_page_set_sidebar_row (JgReviewPage *self,
                                GtkWidget    *row,
                                GtkLabel     *count_label)
{
  g_return_if_fail (JG_IS_REVIEW_PAGE (self));

  self->sidebar_row = row;
  self->count_label = count_label;
  update_sidebar_row (self);
}

static void
jg_review_page_dispose (GObject *object)
{
  JgReviewPage *self = JG_REVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->current = NULL;
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->busy_uuid, g_free);
  g_clear_object (&self->actions);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (jg_review_page_parent_class)->dispose (object);
}

static void
jg_review_page_class_init (JgReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_review_page_dispose;

  g_type_ensure (JG_TYPE_POST_PREVIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/posts/jg-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, return_button);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, approve_button);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, checks_scrolled);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, checks_list);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, preview);
  gtk_widget_class_bind_template_child (widget_class, JgReviewPage, fields_list);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
jg_review_page_init (JgReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_post_queue_item_free);
  jg_post_preview_set_image_loader (self->preview, load_image, self, NULL);
  jg_review_page_actions_init (self);
  jg_review_page_actions_update (self);
}
