/* jg-accessible.c — one accessible name per control
 *
 * GTK 4.8 computes a name from the "label" property followed by the names
 * of the "labelled-by" widgets: a button with a name of its own and a
 * visible label is read twice ("登录 登录(S)…"). A label with a mnemonic
 * in brackets, as the Chinese translations write them, is read with its
 * letter (the name of "登录(_S)…" is "登录…", the ellipsis saying that a
 * dialog follows). A GtkDropDown's button, a GtkListView's rows,
 * libadwaita 1.2's password peek button and preferences search get no
 * name (the AT-SPI bridge then says the type name). And a tooltip may wrap
 * Chinese every few characters. These helpers fix that at one place
 * instead of at every widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "jg-accessible.h"

#define FIXED_KEY "jg-accessible-fixed"
/* Set on a widget named by jg_accessible_set_own_label(): its mnemonic
 * label must not name it again. */
#define OWN_LABEL_KEY "jg-accessible-own-label"
#define TOOLTIP_KEY "jg-accessible-tooltip"
/* A tooltip's width in characters: at least this many (or its length), so
 * that no constraint narrows it to a few Chinese characters a line, and
 * at most this many. */
#define TOOLTIP_MIN_CHARS 24
#define TOOLTIP_MAX_CHARS 48

char *
jg_accessible_strip_mnemonic (const char *label)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *p;

  if (label == NULL)
    return g_strdup ("");

  for (p = label; *p != '\0'; )
    {
      const char *letter = NULL;
      const char *next;

      /* "(_S)" and the full-width "（_S）": the whole bracket goes. */
      if (g_str_has_prefix (p, "(_"))
        letter = p + strlen ("(_");
      else if (g_str_has_prefix (p, "（_"))
        letter = p + strlen ("（_");
      if (letter != NULL && *letter != '\0')
        {
          const char *after = g_utf8_next_char (letter);

          if (*after == ')')
            {
              p = after + 1;
              continue;
            }
          if (g_str_has_prefix (after, "）"))
            {
              p = after + strlen ("）");
              continue;
            }
        }
      if (*p == '_')
        {
          /* "__" is a literal underline. */
          if (p[1] == '_')
            g_string_append_c (name, '_');
          p += p[1] == '_' ? 2 : 1;
          continue;
        }
      next = g_utf8_next_char (p);
      g_string_append_len (name, p, next - p);
      p = next;
    }

  g_strstrip (name->str);
  return g_strdup (name->str);
}

void
jg_accessible_set_label (GtkWidget  *widget,
                         const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : "", -1);
}

void
jg_accessible_set_own_label (GtkWidget  *widget,
                             const char *label)
{
  jg_accessible_set_label (widget, label);
  g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
  g_object_set_data (G_OBJECT (widget), OWN_LABEL_KEY, GINT_TO_POINTER (TRUE));
}

/* The label a control shows, with its mnemonic, and whether it has one;
 * the widget to name (a menu button's is the button inside it). */
static const char *
shown_label (GtkWidget  *widget,
             gboolean   *use_underline,
             GtkWidget **target)
{
  *target = widget;
  if (GTK_IS_MENU_BUTTON (widget))
    {
      *use_underline = gtk_menu_button_get_use_underline (GTK_MENU_BUTTON (widget));
      *target = gtk_widget_get_first_child (widget);
      return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
    }
  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (ADW_IS_BUTTON_CONTENT (child))
        {
          *use_underline = adw_button_content_get_use_underline (ADW_BUTTON_CONTENT (child));
          return adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
        }
      *use_underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
      return gtk_button_get_label (GTK_BUTTON (widget));
    }
  if (GTK_IS_CHECK_BUTTON (widget))
    {
      *use_underline = gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget));
      return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
    }
  *use_underline = FALSE;
  return NULL;
}

static void
name_from_label (GtkWidget *widget)
{
  GtkWidget *target = NULL;
  gboolean use_underline = FALSE;
  const char *label = shown_label (widget, &use_underline, &target);
  g_autofree char *name = NULL;

  /* A name set with jg_accessible_set_own_label stays: the label may
   * change after it (a notify::label thawed late). */
  if (label == NULL || !use_underline || target == NULL
      || g_object_get_data (G_OBJECT (target), OWN_LABEL_KEY) != NULL)
    return;
  name = jg_accessible_strip_mnemonic (label);
  jg_accessible_set_label (target, name);
}

static void
label_changed_cb (GtkWidget *widget)
{
  name_from_label (widget);
}

/* A row's title names what one edits or picks in it: the entry or combo
 * row itself, which is also labelled by its title. */
static void
name_row (AdwPreferencesRow *row)
{
  g_autofree char *name = jg_accessible_strip_mnemonic (adw_preferences_row_get_title (row));

  jg_accessible_set_label (GTK_WIDGET (row), name);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A list item whose child is not one widget with a name (a box with a
 * label and a check mark): named by the first label in it. */
static void
label_item_by_its_label (GtkWidget *item)
{
  GtkWidget *child = gtk_widget_get_first_child (item);
  GtkWidget *label;

  if (child == NULL ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (item)) != GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    return;
  label = GTK_IS_LABEL (child) ? child : find_descendant (child, GTK_TYPE_LABEL);
  if (label != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (item),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
}

static void
list_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (child != NULL && gtk_widget_get_parent (child) != NULL)
    label_item_by_its_label (gtk_widget_get_parent (child));
}

static void
hook_list_item_factory (GtkListItemFactory *factory)
{
  if (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory) &&
      g_object_get_data (G_OBJECT (factory), FIXED_KEY) == NULL)
    {
      /* libadwaita's factories give the row its child at bind. */
      g_signal_connect_after (factory, "setup", G_CALLBACK (list_item_setup_cb), NULL);
      g_signal_connect_after (factory, "bind", G_CALLBACK (list_item_setup_cb), NULL);
      g_object_set_data (G_OBJECT (factory), FIXED_KEY, GINT_TO_POINTER (TRUE));
    }
}

/* libadwaita 1.2's combo row shows its value, and its popover the
 * choices, in list views whose rows have no name of their own. */
static void
name_combo_items (AdwComboRow *row)
{
  GtkListItemFactory *factory = adw_combo_row_get_factory (row);
  GtkWidget *list = find_descendant (GTK_WIDGET (row), GTK_TYPE_LIST_VIEW);

  hook_list_item_factory (factory);
  if (list != NULL)
    hook_list_item_factory (gtk_list_view_get_factory (GTK_LIST_VIEW (list)));
  for (GtkWidget *item = list != NULL ? gtk_widget_get_first_child (list) : NULL; item != NULL;
       item = gtk_widget_get_next_sibling (item))
    label_item_by_its_label (item);
}

/* An action row's switch or check button: the row's title. */
static void
name_activatable (AdwActionRow *row)
{
  GtkWidget *widget = adw_action_row_get_activatable_widget (row);
  g_autofree char *name = NULL;

  if (widget == NULL)
    return;
  name = jg_accessible_strip_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  jg_accessible_set_label (widget, name);
}

/* libadwaita 1.2's password row shows one button, its peek button, and
 * leaves it unnamed; the entry row's apply button is hidden. */
static GtkWidget *
find_peek_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child))
        return child;
      if ((found = find_peek_button (child)) != NULL)
        return found;
    }
  return NULL;
}

/* A label that is a mnemonic for a widget: the widget's name. */
static void
name_mnemonic_widget (GtkLabel *label)
{
  GtkWidget *widget = gtk_label_get_mnemonic_widget (label);
  g_autofree char *name = NULL;

  if (widget == NULL || !gtk_label_get_use_underline (label)
      || g_object_get_data (G_OBJECT (widget), OWN_LABEL_KEY) != NULL)
    return;
  name = jg_accessible_strip_mnemonic (gtk_label_get_label (label));
  jg_accessible_set_label (widget, name);
}

/* GTK 4.8's tooltip label may be as narrow as its widest word, and in
 * Chinese every character is one: the tooltip then wraps every two to
 * four characters. This one is at least TOOLTIP_MIN_CHARS wide, and as
 * wide as its text up to TOOLTIP_MAX_CHARS. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  const char *text = gtk_widget_get_tooltip_text (widget);
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return FALSE;

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN ((int) g_utf8_strlen (text, -1), TOOLTIP_MIN_CHARS));
  gtk_label_set_max_width_chars (GTK_LABEL (label), TOOLTIP_MAX_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_tooltip_set_custom (tooltip, label);
  return TRUE;
}

void
jg_accessible_fix_tooltip (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY) != NULL)
    return;
  /* Also for a tooltip set later: the signal only comes with one. */
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_data (G_OBJECT (widget), TOOLTIP_KEY, GINT_TO_POINTER (TRUE));
}

/* libadwaita 1.2's toast has an unnamed close button. */
static gboolean
is_toast_close_button (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return GTK_IS_BUTTON (widget) && parent != NULL &&
         g_str_equal (G_OBJECT_TYPE_NAME (parent), "AdwToastWidget") &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") == 0;
}

static void
fix_one (GtkWidget *widget)
{
  jg_accessible_fix_tooltip (widget);
  if (g_object_get_data (G_OBJECT (widget), FIXED_KEY) != NULL)
    return;

  if (is_toast_close_button (widget))
    {
      jg_accessible_set_label (widget, _("Close"));
      g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
      return;
    }

  if (ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget))
    {
      name_row (ADW_PREFERENCES_ROW (widget));
      g_signal_connect (widget, "notify::title", G_CALLBACK (name_row), NULL);
      if (ADW_IS_COMBO_ROW (widget))
        name_combo_items (ADW_COMBO_ROW (widget));
      if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
        {
          GtkWidget *peek = find_peek_button (widget);

          if (peek != NULL)
            jg_accessible_set_label (peek, _("Show or hide the password"));
        }
      g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
      return;
    }

  if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) != NULL)
    {
      name_activatable (ADW_ACTION_ROW (widget));
      g_signal_connect (widget, "notify::title", G_CALLBACK (name_activatable), NULL);
      g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
      return;
    }

  if (ADW_IS_PREFERENCES_WINDOW (widget))
    {
      /* Its search entry has no name in libadwaita 1.2. */
      GtkWidget *search = find_descendant (widget, GTK_TYPE_SEARCH_ENTRY);

      if (search != NULL)
        jg_accessible_set_label (search, _("Search preferences"));
      g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
      return;
    }

  if (GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) != NULL)
    {
      name_mnemonic_widget (GTK_LABEL (widget));
      g_signal_connect (widget, "notify::label", G_CALLBACK (name_mnemonic_widget), NULL);
      g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
      return;
    }

  if (GTK_IS_DROP_DOWN (widget))
    {
      /* The button reads the drop-down's own name ("Filter by state"). */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_TOGGLE_BUTTON (child))
          gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, widget, NULL,
                                          -1);
      g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
      return;
    }

  if (GTK_IS_MENU_BUTTON (widget) || GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      GtkWidget *child = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : NULL;

      name_from_label (widget);
      g_signal_connect (widget, "notify::label", G_CALLBACK (label_changed_cb), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (label_changed_cb), NULL);
      if (ADW_IS_BUTTON_CONTENT (child))
        g_signal_connect_object (child, "notify::label", G_CALLBACK (label_changed_cb), widget,
                                 G_CONNECT_SWAPPED);
      g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
    }
}

void
jg_accessible_fix_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_one (root);
  /* A menu button's inner button is named with the menu button. */
  if (GTK_IS_MENU_BUTTON (root) || GTK_IS_DROP_DOWN (root))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    jg_accessible_fix_names (child);
}

void
jg_accessible_label_list_item (GtkWidget *child)
{
  GtkWidget *item;

  g_return_if_fail (GTK_IS_WIDGET (child));

  item = gtk_widget_get_parent (child);
  if (item != NULL && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (item)) ==
                      GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (item),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, child, NULL, -1);
}

static gboolean
fix_overlay_idle (gpointer data)
{
  jg_accessible_fix_names (GTK_WIDGET (data));
  return G_SOURCE_REMOVE;
}

/* The next toast shows once this one is gone. */
static void
toast_dismissed_cb (AdwToastOverlay *overlay)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fix_overlay_idle, g_object_ref (overlay), g_object_unref);
}

void
jg_accessible_add_toast (AdwToastOverlay *overlay,
                         AdwToast        *toast)
{
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), overlay,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (overlay, toast);
  jg_accessible_fix_names (GTK_WIDGET (overlay));
}
