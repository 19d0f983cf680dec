/* jg-transfer-cache.c — the validation context of one import
 *
 * An import validates every row with jg_validate_record() against the
 * store's context, as the editor does; this one wraps it so that what does
 * not change during an import is read from SQLite once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-record-store.h"
#include "jg-transfer-private.h"

/* Wraps the store's context: catalogue items, implementation entries, code
 * tables and officers do not change during an import, so each is looked up
 * in SQLite once. Record lookups (numbers) pass through: they do change. */
struct _JgTransferCache
{
  JgValidationContext  pub;
  JgValidationContext *inner;
  GHashTable          *codes;     /* "table\x1fcode" → bool */
  GHashTable          *items;     /* code → JgItemInfo* or NULL */
  GHashTable          *impls;     /* "impl\x1fitem" → bool */
  GHashTable          *officers;  /* id → JgOfficerInfo* or NULL */
  GHashTable          *inspections; /* numbers known to exist */
  /* The number just checked free for the record being validated. */
  char                *free_number;
  char                *free_uuid;
};

static char *
pair_key (const char *a,
          const char *b)
{
  return g_strconcat (a ? a : "", "\x1f", b ? b : "", NULL);
}

/* The inner context's answer to a yes-or-no question about @a and @b,
 * asked once per import. */
static gboolean
remember_answer (JgTransferCache *cache,
                 GHashTable      *answers,
                 gboolean       (*ask) (gpointer, const char *, const char *),
                 const char      *a,
                 const char      *b)
{
  char *key = pair_key (a, b);
  gpointer value;
  gboolean answer;

  if (g_hash_table_lookup_extended (answers, key, NULL, &value))
    {
      g_free (key);
      return GPOINTER_TO_INT (value);
    }
  answer = ask (cache->inner->user_data, a, b);
  g_hash_table_insert (answers, key, GINT_TO_POINTER (answer));
  return answer;
}

static gboolean
cache_code_exists (gpointer    user_data,
                   const char *table,
                   const char *code)
{
  JgTransferCache *cache = user_data;

  return remember_answer (cache, cache->codes, cache->inner->code_exists, table, code);
}

static gboolean
cache_lookup_item (gpointer    user_data,
                   const char *code,
                   JgItemInfo *info)
{
  JgTransferCache *cache = user_data;
  JgItemInfo *cached;

  if (!g_hash_table_lookup_extended (cache->items, code, NULL, (gpointer *) &cached))
    {
      cached = g_new0 (JgItemInfo, 1);
      if (!cache->inner->lookup_item (cache->inner->user_data, code, cached))
        g_clear_pointer (&cached, jg_item_info_free);
      g_hash_table_insert (cache->items, g_strdup (code), cached);
    }
  if (cached == NULL)
    return FALSE;
  jg_item_info_copy (info, cached);
  return TRUE;
}

static gboolean
cache_impl_belongs (gpointer    user_data,
                    const char *impl_code,
                    const char *item_code)
{
  JgTransferCache *cache = user_data;

  return remember_answer (cache, cache->impls, cache->inner->impl_belongs, impl_code, item_code);
}

static gboolean
cache_lookup_officer (gpointer       user_data,
                      const char    *id,
                      JgOfficerInfo *info)
{
  JgTransferCache *cache = user_data;
  JgOfficerInfo *cached;

  if (!g_hash_table_lookup_extended (cache->officers, id, NULL, (gpointer *) &cached))
    {
      cached = g_new0 (JgOfficerInfo, 1);
      if (!cache->inner->lookup_officer (cache->inner->user_data, id, cached))
        g_clear_pointer (&cached, jg_officer_info_free);
      g_hash_table_insert (cache->officers, g_strdup (id), cached);
    }
  if (cached == NULL)
    return FALSE;
  jg_officer_info_copy (info, cached);
  return TRUE;
}

static gboolean
cache_number_taken (gpointer      user_data,
                    JgRecordKind  kind,
                    const char   *department,
                    const char   *number,
                    const char   *uuid)
{
  JgTransferCache *cache = user_data;

  /* The import has just asked the store about this very record. */
  if (g_strcmp0 (number, cache->free_number) == 0 && g_strcmp0 (uuid, cache->free_uuid) == 0)
    return FALSE;
  return cache->inner->number_taken (cache->inner->user_data, kind, department, number, uuid);
}

static gboolean
cache_inspection_exists (gpointer    user_data,
                         const char *department,
                         const char *number)
{
  JgTransferCache *cache = user_data;
  char *key = pair_key (department, number);

  if (g_hash_table_contains (cache->inspections, key))
    {
      g_free (key);
      return TRUE;
    }
  if (!cache->inner->inspection_exists (cache->inner->user_data, department, number))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (cache->inspections, key);
  return TRUE;
}

JgTransferCache *
jg_transfer_cache_new (JgStore *store)
{
  JgTransferCache *cache = g_new0 (JgTransferCache, 1);

  cache->inner = jg_record_store_get_context (store);
  cache->pub.user_data = cache;
  memcpy (cache->pub.today, cache->inner->today, sizeof cache->pub.today);
  cache->pub.code_exists = cache_code_exists;
  cache->pub.lookup_item = cache_lookup_item;
  cache->pub.impl_belongs = cache_impl_belongs;
  cache->pub.lookup_officer = cache_lookup_officer;
  cache->pub.number_taken = cache_number_taken;
  cache->pub.inspection_exists = cache_inspection_exists;
  cache->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cache->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) jg_item_info_free);
  cache->impls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cache->officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) jg_officer_info_free);
  cache->inspections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return cache;
}

void
jg_transfer_cache_free (JgTransferCache *cache)
{
  if (cache == NULL)
    return;
  jg_validation_context_free (cache->inner);
  g_hash_table_unref (cache->codes);
  g_hash_table_unref (cache->items);
  g_hash_table_unref (cache->impls);
  g_hash_table_unref (cache->officers);
  g_hash_table_unref (cache->inspections);
  g_free (cache->free_number);
  g_free (cache->free_uuid);
  g_free (cache);
}

JgValidationContext *
jg_transfer_cache_get_context (JgTransferCache *cache)
{
  return &cache->pub;
}

void
jg_transfer_cache_set_free_number (JgTransferCache *cache,
                                   const char      *number,
                                   const char      *uuid)
{
  g_free (cache->free_number);
  g_free (cache->free_uuid);
  cache->free_number = g_strdup (number);
  cache->free_uuid = g_strdup (uuid);
}
