/* jg-cli-search.c — `jianguan-cli search --all`: one-key search
 *
 * One line per hit, grouped by kind (items, records, parties, posts,
 * officers), each kind best match first:
 *   KIND<TAB>RANK<TAB>KEY<TAB>TITLE<TAB>SUBTITLE
 * KIND is item, record, entity, post or officer; RANK exact, prefix,
 * contains or other; KEY what opens it (an item's code, a record's or a
 * post's uuid, a party's code, an officer's id). A natural person's ID
 * number never appears in full: a party's KEY and every SUBTITLE show it
 * masked, as the app does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-cli.h"
#include "jg-search-all.h"

int
jg_cli_search_all (Command    *cmd,
                   const char *text,
                   guint       limit)
{
  g_autoptr(JgStore) store = jg_cli_open_account_store (cmd);
  g_autoptr(GPtrArray) hits = NULL;

  if (store == NULL)
    return jg_cli_fail (cmd);
  hits = jg_search_all_sync (store, text, limit, &cmd->error);
  if (hits == NULL)
    return jg_cli_fail (cmd);

  for (guint i = 0; i < hits->len; i++)
    {
      JgSearchHit *hit = hits->pdata[i];
      JgSearchKind kind = jg_search_hit_get_kind (hit);
      g_autofree char *key = NULL;

      if (kind == JG_SEARCH_KIND_ENTITY && jg_search_doc_type_is_personal (jg_search_hit_get_key2 (hit)))
        key = jg_search_mask_id_number (jg_search_hit_get_key (hit));
      else
        key = g_strdup (jg_search_hit_get_key (hit));

      g_print ("%s\t%s\t%s\t%s\t%s\n",
               jg_search_kind_to_string (kind),
               jg_search_rank_to_string (jg_search_hit_get_rank (hit)),
               key,
               jg_search_hit_get_title (hit) ?: "",
               jg_search_hit_get_subtitle (hit) ?: "");
    }
  return STATUS_OK;
}
