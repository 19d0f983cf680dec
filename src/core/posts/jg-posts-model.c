/* jg-posts-model.c — the posts a page lists, and their rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-post-store-private.h"
#include "jg-posts-model.h"

/* --- summary -------------------------------------------------------------- */

struct _JgPostSummary
{
  GObject       parent_instance;
  char         *uuid;
  JgPostColumn  column;
  char         *title;
  JgPostState   state;
  guint         revision;
  gint64        updated;
  gint64        published_at;
  char         *month;
  gboolean      conflict;
  guint         review_level;
  guint         review_levels;
};

G_DEFINE_FINAL_TYPE (JgPostSummary, jg_post_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_COLUMN,
  PROP_TITLE,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_REVISION,
  PROP_UPDATED,
  PROP_PUBLISHED_AT,
  PROP_MONTH,
  PROP_CONFLICT,
  N_PROPS
};

static void
jg_post_summary_finalize (GObject *object)
{
  JgPostSummary *self = JG_POST_SUMMARY (object);

  g_free (self->uuid);
  g_free (self->title);
  g_free (self->month);

  G_OBJECT_CLASS (jg_post_summary_parent_class)->finalize (object);
}

static void
jg_post_summary_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  JgPostSummary *self = JG_POST_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_COLUMN: g_value_set_int (value, self->column); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_STATE_LABEL: g_value_set_string (value, jg_post_state_get_label (self->state)); break;
    case PROP_REVISION: g_value_set_uint (value, self->revision); break;
    case PROP_UPDATED: g_value_set_int64 (value, self->updated); break;
    case PROP_PUBLISHED_AT: g_value_set_int64 (value, self->published_at); break;
    case PROP_MONTH: g_value_set_string (value, self->month); break;
    case PROP_CONFLICT: g_value_set_boolean (value, self->conflict); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_post_summary_class_init (JgPostSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamSpec *props[N_PROPS] = { NULL };

  object_class->finalize = jg_post_summary_finalize;
  object_class->get_property = jg_post_summary_get_property;

  props[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  props[PROP_COLUMN] = g_param_spec_int ("column", NULL, NULL, 0, JG_POST_N_COLUMNS - 1, 0, flags);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, JG_POST_STATE_REJECTED, 0, flags);
  props[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  props[PROP_REVISION] = g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 1, flags);
  props[PROP_UPDATED] = g_param_spec_int64 ("updated", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_PUBLISHED_AT] = g_param_spec_int64 ("published-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_MONTH] = g_param_spec_string ("month", NULL, NULL, NULL, flags);
  props[PROP_CONFLICT] = g_param_spec_boolean ("conflict", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
jg_post_summary_init (JgPostSummary *self)
{
}

JgPostSummary *
jg_post_summary_new (const char   *uuid,
                     JgPostColumn  column,
                     const char   *title,
                     JgPostState   state,
                     guint         revision,
                     gint64        updated,
                     gint64        published_at,
                     const char   *month,
                     gboolean      conflict,
                     guint         review_level,
                     guint         review_levels)
{
  JgPostSummary *self = g_object_new (JG_TYPE_POST_SUMMARY, NULL);

  self->uuid = g_strdup (uuid);
  self->column = column;
  self->title = g_strdup (title);
  self->state = state;
  self->revision = revision;
  self->updated = updated;
  self->published_at = published_at;
  self->month = g_strdup (month);
  self->conflict = conflict;
  self->review_level = review_level;
  self->review_levels = MAX (review_levels, 1);
  return self;
}

guint
jg_post_summary_get_review_level (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), 0);
  return self->review_level;
}

guint
jg_post_summary_get_review_levels (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), 1);
  return self->review_levels;
}

const char *
jg_post_summary_get_uuid (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), NULL);
  return self->uuid;
}

JgPostColumn
jg_post_summary_get_column (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), 0);
  return self->column;
}

const char *
jg_post_summary_get_title (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), NULL);
  return self->title;
}

JgPostState
jg_post_summary_get_state (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), 0);
  return self->state;
}

guint
jg_post_summary_get_revision (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), 0);
  return self->revision;
}

gint64
jg_post_summary_get_updated (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), 0);
  return self->updated;
}

gint64
jg_post_summary_get_published_at (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), 0);
  return self->published_at;
}

const char *
jg_post_summary_get_month (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), NULL);
  return self->month;
}

gboolean
jg_post_summary_get_conflict (JgPostSummary *self)
{
  g_return_val_if_fail (JG_IS_POST_SUMMARY (self), FALSE);
  return self->conflict;
}

/* Whether two rows show the same thing. */
static gboolean
summary_equal (JgPostSummary *a,
               JgPostSummary *b)
{
  return g_strcmp0 (a->uuid, b->uuid) == 0 && a->column == b->column
         && g_strcmp0 (a->title, b->title) == 0 && a->state == b->state
         && a->revision == b->revision && a->updated == b->updated
         && a->published_at == b->published_at && g_strcmp0 (a->month, b->month) == 0
         && a->conflict == b->conflict;
}

/* --- model ---------------------------------------------------------------- */

struct _JgPostsModel
{
  GObject      parent_instance;
  JgPostStore *store;
  gulong       changed_id;
  int          column;
  char        *month;
  GPtrArray   *rows;
};

static void list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JgPostsModel, jg_posts_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

static void
jg_posts_model_dispose (GObject *object)
{
  JgPostsModel *self = JG_POSTS_MODEL (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (jg_posts_model_parent_class)->dispose (object);
}

static void
jg_posts_model_finalize (GObject *object)
{
  JgPostsModel *self = JG_POSTS_MODEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->month);

  G_OBJECT_CLASS (jg_posts_model_parent_class)->finalize (object);
}

static void
jg_posts_model_class_init (JgPostsModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jg_posts_model_dispose;
  G_OBJECT_CLASS (klass)->finalize = jg_posts_model_finalize;
}

static void
jg_posts_model_init (JgPostsModel *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->column = -1;
}

static GType
get_item_type (GListModel *model)
{
  return JG_TYPE_POST_SUMMARY;
}

static guint
get_n_items (GListModel *model)
{
  return JG_POSTS_MODEL (model)->rows->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  JgPostsModel *self = JG_POSTS_MODEL (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (self->rows->pdata[position]);
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

gboolean
jg_posts_model_reload (JgPostsModel  *self,
                       GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint old_len, new_len, prefix = 0, suffix = 0;

  g_return_val_if_fail (JG_IS_POSTS_MODEL (self), FALSE);

  rows = jg_post_store_list (self->store, self->column, self->month, error);
  if (rows == NULL)
    return FALSE;

  /* One items-changed over the rows that differ: a save of the post being
   * edited changes one row, and the list keeps its selection. */
  old_len = self->rows->len;
  new_len = rows->len;
  while (prefix < old_len && prefix < new_len
         && summary_equal (self->rows->pdata[prefix], rows->pdata[prefix]))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix
         && summary_equal (self->rows->pdata[old_len - 1 - suffix], rows->pdata[new_len - 1 - suffix]))
    suffix++;

  g_ptr_array_unref (self->rows);
  self->rows = g_steal_pointer (&rows);
  if (prefix + suffix < MAX (old_len, new_len))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix,
                                new_len - prefix - suffix);
  return TRUE;
}

static void
store_changed_cb (JgPostStore  *store,
                  const char   *uuid,
                  JgPostsModel *self)
{
  g_autoptr(GError) error = NULL;

  if (!jg_posts_model_reload (self, &error))
    g_warning ("Cannot read the posts: %s", error->message);
}

gboolean
jg_posts_model_set_filter (JgPostsModel  *self,
                           int            column,
                           const char    *month,
                           GError       **error)
{
  g_return_val_if_fail (JG_IS_POSTS_MODEL (self), FALSE);

  self->column = column;
  g_free (self->month);
  self->month = g_strdup (month);
  return jg_posts_model_reload (self, error);
}

JgPostsModel *
jg_posts_model_new (JgPostStore  *store,
                    int           column,
                    const char   *month,
                    GError      **error)
{
  g_autoptr(JgPostsModel) self = NULL;

  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);

  self = g_object_new (JG_TYPE_POSTS_MODEL, NULL);
  self->store = g_object_ref (store);
  if (!jg_posts_model_set_filter (self, column, month, error))
    return NULL;
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  return g_steal_pointer (&self);
}
