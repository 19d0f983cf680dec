/* jg-search-hit.c — one result of one-key search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-search-hit.h"

/* The characters of a masked number kept at each end (4452…1234): enough
 * to tell two parties apart on screen, too few to use the number. */
#define MASK_KEEP 4

/* Organisations' documents (统一社会信用代码, 其他法人证件): shown in full. */
static const char * const organisation_doc_types[] = { "001", "099" };

const char *
jg_search_kind_get_label (JgSearchKind kind)
{
  switch (kind)
    {
    case JG_SEARCH_KIND_ITEM: return _("Catalogue Items");
    case JG_SEARCH_KIND_RECORD: return _("Records");
    case JG_SEARCH_KIND_ENTITY: return _("Parties");
    case JG_SEARCH_KIND_POST: return _("Posts");
    case JG_SEARCH_KIND_OFFICER: return _("Officers");
    case JG_SEARCH_N_KINDS:
    default: g_return_val_if_reached (NULL);
    }
}

const char *
jg_search_kind_to_string (JgSearchKind kind)
{
  static const char * const names[JG_SEARCH_N_KINDS] = {
    "item", "record", "entity", "post", "officer",
  };

  g_return_val_if_fail (kind < JG_SEARCH_N_KINDS, NULL);
  return names[kind];
}

const char *
jg_search_rank_to_string (JgSearchRank rank)
{
  static const char * const names[] = { "exact", "prefix", "contains", "other" };

  g_return_val_if_fail (rank <= JG_SEARCH_RANK_OTHER, NULL);
  return names[rank];
}

gboolean
jg_search_doc_type_is_personal (const char *doc_type)
{
  if (doc_type == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (organisation_doc_types); i++)
    if (strcmp (doc_type, organisation_doc_types[i]) == 0)
      return FALSE;
  /* Unknown types too: showing a person's number by mistake is worse
   * than masking an organisation's. */
  return TRUE;
}

char *
jg_search_mask_id_number (const char *number)
{
  glong n;
  GString *masked;

  if (number == NULL)
    return NULL;

  n = g_utf8_strlen (number, -1);
  masked = g_string_new (NULL);
  if (n <= 2 * MASK_KEEP)
    {
      for (glong i = 0; i < MAX (n, MASK_KEEP); i++)
        g_string_append_c (masked, '*');
      return g_string_free (masked, FALSE);
    }

  g_string_append_len (masked, number, g_utf8_offset_to_pointer (number, MASK_KEEP) - number);
  for (glong i = MASK_KEEP; i < n - MASK_KEEP; i++)
    g_string_append_c (masked, '*');
  g_string_append (masked, g_utf8_offset_to_pointer (number, n - MASK_KEEP));
  return g_string_free (masked, FALSE);
}

struct _JgSearchHit
{
  GObject       parent_instance;
  JgSearchKind  kind;
  JgSearchRank  rank;
  char         *key;
  char         *key2;
  char         *title;
  char         *subtitle;
};

G_DEFINE_FINAL_TYPE (JgSearchHit, jg_search_hit, G_TYPE_OBJECT)

static void
jg_search_hit_finalize (GObject *object)
{
  JgSearchHit *self = JG_SEARCH_HIT (object);

  g_free (self->key);
  g_free (self->key2);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (jg_search_hit_parent_class)->finalize (object);
}

static void
jg_search_hit_class_init (JgSearchHitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_search_hit_finalize;
}

static void
jg_search_hit_init (JgSearchHit *self)
{
}

JgSearchHit *
jg_search_hit_new (JgSearchKind  kind,
                   JgSearchRank  rank,
                   const char   *key,
                   const char   *key2,
                   const char   *title,
                   const char   *subtitle)
{
  JgSearchHit *self = g_object_new (JG_TYPE_SEARCH_HIT, NULL);

  self->kind = kind;
  self->rank = rank;
  self->key = g_strdup (key);
  self->key2 = g_strdup (key2);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  return self;
}

JgSearchKind
jg_search_hit_get_kind (JgSearchHit *self)
{
  g_return_val_if_fail (JG_IS_SEARCH_HIT (self), JG_SEARCH_KIND_ITEM);
  return self->kind;
}

JgSearchRank
jg_search_hit_get_rank (JgSearchHit *self)
{
  g_return_val_if_fail (JG_IS_SEARCH_HIT (self), JG_SEARCH_RANK_OTHER);
  return self->rank;
}

const char *
jg_search_hit_get_key (JgSearchHit *self)
{
  g_return_val_if_fail (JG_IS_SEARCH_HIT (self), NULL);
  return self->key;
}

const char *
jg_search_hit_get_key2 (JgSearchHit *self)
{
  g_return_val_if_fail (JG_IS_SEARCH_HIT (self), NULL);
  return self->key2;
}

const char *
jg_search_hit_get_title (JgSearchHit *self)
{
  g_return_val_if_fail (JG_IS_SEARCH_HIT (self), NULL);
  return self->title;
}

const char *
jg_search_hit_get_subtitle (JgSearchHit *self)
{
  g_return_val_if_fail (JG_IS_SEARCH_HIT (self), NULL);
  return self->subtitle;
}
