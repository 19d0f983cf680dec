/* jg-search-popover.c — one-key search (一键搜索): Ctrl+K in the header
 *
 * The query runs in a worker thread (JgSearchAll) each time the entry's
 * delayed "search-changed" fires; the previous run is cancelled, so the
 * rows shown are always the last query's. Each kind's hits are appended
 * as they arrive; the list is emptied when the new query's first kind
 * arrives, not before, so that typing one more character does not flash an
 * empty popover. The first hit is selected: Enter opens the best match.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-search-all.h"
#include "jg-search-popover.h"

struct _JgSearchPopover
{
  GtkPopover parent_instance;

  GtkSearchEntry    *entry;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkListBox        *list;

  char              *db_path;
  JgSearchAll       *search;
  GCancellable      *cancellable;
  /* The running query has delivered nothing yet: its first kind replaces
   * the rows shown. */
  gboolean           fresh;
};

G_DEFINE_FINAL_TYPE (JgSearchPopover, jg_search_popover, GTK_TYPE_POPOVER)

enum {
  HIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static JgSearchHit *
row_hit (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "jg-hit") : NULL;
}

static void
clear_rows (JgSearchPopover *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

/* A header above the first row of each kind. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  JgSearchKind kind = jg_search_hit_get_kind (row_hit (row));
  GtkWidget *header;

  if (before != NULL && jg_search_hit_get_kind (row_hit (before)) == kind)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row) != NULL)
    return;

  header = gtk_label_new (jg_search_kind_get_label (kind));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 12 : 6);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
row_new (JgSearchHit *hit)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (jg_search_hit_get_title (hit));
  GtkWidget *subtitle = gtk_label_new (jg_search_hit_get_subtitle (hit));
  g_autofree char *description = NULL;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_visible (subtitle, jg_search_hit_get_subtitle (hit) != NULL
                                    && *jg_search_hit_get_subtitle (hit) != '\0');
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Read as "陈美食, 执法人员" (say) with its details as description. */
  description = g_strdup_printf ("%s. %s", jg_search_kind_get_label (jg_search_hit_get_kind (hit)),
                                 jg_search_hit_get_subtitle (hit) ? jg_search_hit_get_subtitle (hit) : "");
  jg_accessible_set_own_label (row, jg_search_hit_get_title (hit));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);

  g_object_set_data_full (G_OBJECT (row), "jg-hit", g_object_ref (hit), g_object_unref);
  return row;
}

/* Scrolls @row into view: the entry keeps the focus, so GTK does not. */
static void
select_row (JgSearchPopover *self,
            GtkListBoxRow   *row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double x, y;

  if (row == NULL)
    return;
  gtk_list_box_select_row (self->list, row);
  if (gtk_widget_translate_coordinates (GTK_WIDGET (row), GTK_WIDGET (self->list), 0, 0, &x, &y))
    {
      /* The header above the first row of a kind comes into view with it. */
      GtkWidget *header = gtk_list_box_row_get_header (row);
      double top = header != NULL ? y - gtk_widget_get_height (header) : y;

      gtk_adjustment_clamp_page (adjustment, MAX (top, 0), y + gtk_widget_get_height (GTK_WIDGET (row)));
    }
}

static void
batch_cb (JgSearchAll  *search,
          JgSearchKind  kind,
          GPtrArray    *hits,
          gpointer      user_data)
{
  JgSearchPopover *self = user_data;

  if (self->fresh)
    {
      clear_rows (self);
      self->fresh = FALSE;
    }
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->list, row_new (hits->pdata[i]));

  if (gtk_list_box_get_selected_row (self->list) == NULL)
    select_row (self, gtk_list_box_get_row_at_index (self->list, 0));
  if (gtk_list_box_get_row_at_index (self->list, 0) != NULL)
    gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JgSearchPopover) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!jg_search_all_run_finish (JG_SEARCH_ALL (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("One-key search failed: %s", error->message);
      return;
    }
  if (gtk_list_box_get_row_at_index (self->list, 0) == NULL)
    gtk_stack_set_visible_child_name (self->stack, "none");
}

static void
cancel_run (JgSearchPopover *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
search_changed_cb (JgSearchPopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  cancel_run (self);
  if (*trimmed == '\0' || self->db_path == NULL)
    {
      clear_rows (self);
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }

  if (self->search == NULL)
    self->search = jg_search_all_new (self->db_path);
  self->cancellable = g_cancellable_new ();
  self->fresh = TRUE;
  jg_search_all_run_async (self->search, text, JG_SEARCH_ALL_DEFAULT_LIMIT, self->cancellable,
                           batch_cb, self, run_done_cb, g_object_ref (self));
}

static void
activate_row (JgSearchPopover *self,
              GtkListBoxRow   *row)
{
  g_autoptr(JgSearchHit) hit = NULL;

  if (row_hit (row) == NULL)
    return;
  hit = g_object_ref (row_hit (row));
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[HIT_ACTIVATED], 0, hit);
}

static void
entry_activate_cb (JgSearchPopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  /* Enter before the first hits arrived: wait for nothing, open nothing. */
  if (row != NULL && !self->fresh)
    activate_row (self, row);
}

static void
row_activated_cb (JgSearchPopover *self,
                  GtkListBoxRow   *row)
{
  activate_row (self, row);
}

static void
stop_search_cb (JgSearchPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

/* Up and Down move the selection; the focus stays in the entry, so that
 * typing goes on refining the query. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                JgSearchPopover       *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  int index = selected != NULL ? gtk_list_box_row_get_index (selected) : -1;
  int step;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step = -1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (index + step >= 0)
    select_row (self, gtk_list_box_get_row_at_index (self->list, index + step));
  return GDK_EVENT_STOP;
}

static void
show_cb (JgSearchPopover *self)
{
  /* The last query stays, selected, to be refined or replaced. */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

void
jg_search_popover_set_db_path (JgSearchPopover *self,
                               const char      *db_path)
{
  g_return_if_fail (JG_IS_SEARCH_POPOVER (self));

  if (g_strcmp0 (db_path, self->db_path) == 0)
    return;

  /* Another account: its own connection, and nothing of the last one's. */
  cancel_run (self);
  g_clear_object (&self->search);
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  clear_rows (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_stack_set_visible_child_name (self->stack, "hint");
}

static void
jg_search_popover_dispose (GObject *object)
{
  JgSearchPopover *self = JG_SEARCH_POPOVER (object);

  cancel_run (self);
  g_clear_object (&self->search);

  G_OBJECT_CLASS (jg_search_popover_parent_class)->dispose (object);
}

static void
jg_search_popover_finalize (GObject *object)
{
  JgSearchPopover *self = JG_SEARCH_POPOVER (object);

  g_free (self->db_path);

  G_OBJECT_CLASS (jg_search_popover_parent_class)->finalize (object);
}

static void
jg_search_popover_class_init (JgSearchPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_search_popover_dispose;
  object_class->finalize = jg_search_popover_finalize;

  /* JgSearchPopover::hit-activated (hit): open @hit where it lives. */
  signals[HIT_ACTIVATED] = g_signal_new ("hit-activated", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, JG_TYPE_SEARCH_HIT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/jieyang/Jianguan/search/jg-search-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, JgSearchPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, JgSearchPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, JgSearchPopover, scroller);
  gtk_widget_class_bind_template_child (widget_class, JgSearchPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_cb);
}

static void
jg_search_popover_init (JgSearchPopover *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
  /* Before the entry's own handling, which would move the focus. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}
