/* jg-search-hit.h — one result of one-key search
 *
 * A hit says what it is (kind), how well it matched (rank), what opens it
 * (key, and key2 for an entity's document type) and what the list shows
 * (title, subtitle). A natural person's ID number is never in a hit: the
 * subtitle shows it masked (jg_search_mask_id_number).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* In the order the results show them. */
typedef enum {
  JG_SEARCH_KIND_ITEM,       /* a catalogue sub-item: key = its code */
  JG_SEARCH_KIND_RECORD,     /* key = uuid */
  JG_SEARCH_KIND_ENTITY,     /* key = code, key2 = document type */
  JG_SEARCH_KIND_POST,       /* key = uuid, key2 = column ("dynamics", "exposure") */
  JG_SEARCH_KIND_OFFICER,    /* key = id, key2 = certificate number */
  JG_SEARCH_N_KINDS
} JgSearchKind;

/* Best first. */
typedef enum {
  JG_SEARCH_RANK_EXACT,      /* the code or number is the query */
  JG_SEARCH_RANK_PREFIX,     /* the name starts with it */
  JG_SEARCH_RANK_CONTAINS,   /* the name contains it */
  JG_SEARCH_RANK_OTHER,      /* another field matches (a code's prefix, a legal basis…) */
} JgSearchRank;

/* "Catalogue Items", "Records", … (translated). */
const char  *jg_search_kind_get_label      (JgSearchKind  kind);
/* "item", "record", "entity", "post", "officer": the CLI's words. */
const char  *jg_search_kind_to_string      (JgSearchKind  kind);
const char  *jg_search_rank_to_string      (JgSearchRank  rank);

/* Whether document type @doc_type names a natural person's document (ID
 * card, passport…), whose number is shown masked. */
gboolean     jg_search_doc_type_is_personal (const char  *doc_type);
/* "445202199001011234" → "4452**********1234": the first and last
 * four characters kept, each other one a star (at least four stars; a
 * number of eight characters or fewer is all stars). NULL gives NULL. */
char        *jg_search_mask_id_number      (const char   *number);

#define JG_TYPE_SEARCH_HIT (jg_search_hit_get_type ())
G_DECLARE_FINAL_TYPE (JgSearchHit, jg_search_hit, JG, SEARCH_HIT, GObject)

JgSearchHit *jg_search_hit_new          (JgSearchKind  kind,
                                         JgSearchRank  rank,
                                         const char   *key,
                                         const char   *key2,
                                         const char   *title,
                                         const char   *subtitle);
JgSearchKind jg_search_hit_get_kind     (JgSearchHit  *self);
JgSearchRank jg_search_hit_get_rank     (JgSearchHit  *self);
const char  *jg_search_hit_get_key      (JgSearchHit  *self);
const char  *jg_search_hit_get_key2     (JgSearchHit  *self);
const char  *jg_search_hit_get_title    (JgSearchHit  *self);
const char  *jg_search_hit_get_subtitle (JgSearchHit  *self);

G_END_DECLS
