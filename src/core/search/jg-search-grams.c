/* jg-search-grams.c — the jg_gram FTS5 tokenizer (1–2 character search)
 *
 * SQLite's trigram tokenizer cannot answer queries shorter than three
 * characters, and Chinese administrators often type one or two (食品, 烟).
 * FTS5 ships no n-gram tokenizer for that, so this small one is ours: for a
 * document it emits every word character (unigram) and every pair of
 * adjacent word characters (bigram); for a query of one or two word
 * characters it emits that single gram. A doclist lookup then finds exactly
 * the rows in which the query is a substring, with no false positives, so
 * no post-filter is needed. ASCII letters are folded to lower case, as the
 * trigram tokenizer does; the index is detail=none (no positions needed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-search-grams-private.h"
#include "jg-store.h"
#include "jg-store-private.h"

gboolean
jg_search_is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);

  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;
    default:
      return FALSE;
    }
}

typedef int (*TokenCallback) (void *ctx, int tflags, const char *token,
                              int n_token, int start, int end);

/* Decodes the character at @p, folding ASCII letters. Returns its length in
 * bytes (1 for an invalid byte, which is not a word character) and writes
 * its UTF-8 form, folded, to @out. */
static int
next_char (const char *p,
           const char *end,
           char        out[8],
           int        *out_len,
           gboolean   *is_word)
{
  unsigned char b = (unsigned char) *p;

  if (b < 0x80)
    {
      out[0] = g_ascii_tolower ((char) b);
      *out_len = 1;
      *is_word = g_ascii_isalnum (b);
      return 1;
    }
  else
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      int len;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          *out_len = 0;
          *is_word = FALSE;
          return 1;
        }

      len = g_utf8_next_char (p) - p;
      memcpy (out, p, len);
      *out_len = len;
      *is_word = jg_search_is_word_char (c);
      return len;
    }
}

static int
gram_create (void *user_data, const char **args, int n_args, Fts5Tokenizer **out)
{
  /* Stateless: any non-NULL pointer will do. */
  *out = (Fts5Tokenizer *) user_data;
  return SQLITE_OK;
}

static void
gram_delete (Fts5Tokenizer *tokenizer)
{
}

static int
gram_tokenize (Fts5Tokenizer *tokenizer,
               void          *ctx,
               int            flags,
               const char    *text,
               int            n_text,
               TokenCallback  token)
{
  const char *p = text;
  const char *end = text + n_text;
  char prev[8];
  int prev_len = 0;
  int prev_start = 0;
  gboolean prev_word = FALSE;
  gboolean query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  int n_word = 0;
  gboolean all_word = TRUE;

  if (query)
    {
      /* A query of one or two word characters is one gram. */
      const char *q = p;
      char pair[16];
      int pair_len = 0;

      while (q < end)
        {
          char c[8];
          int c_len;
          gboolean is_word;

          q += next_char (q, end, c, &c_len, &is_word);
          if (!is_word)
            all_word = FALSE;
          else if (n_word < 2)
            {
              memcpy (pair + pair_len, c, c_len);
              pair_len += c_len;
            }
          if (is_word)
            n_word++;
        }

      if (all_word && n_word >= 1 && n_word <= 2)
        return token (ctx, 0, pair, pair_len, 0, n_text);
      /* Otherwise tokenize as a document: a conjunction of its grams. */
    }

  while (p < end)
    {
      char cur[8];
      char pair[16];
      int cur_len;
      int start = p - text;
      gboolean is_word;
      int rc;

      p += next_char (p, end, cur, &cur_len, &is_word);

      if (is_word)
        {
          rc = token (ctx, 0, cur, cur_len, start, p - text);
          if (rc != SQLITE_OK)
            return rc;

          if (prev_word)
            {
              memcpy (pair, prev, prev_len);
              memcpy (pair + prev_len, cur, cur_len);
              rc = token (ctx, 0, pair, prev_len + cur_len, prev_start, p - text);
              if (rc != SQLITE_OK)
                return rc;
            }

          memcpy (prev, cur, cur_len);
          prev_len = cur_len;
          prev_start = start;
        }

      prev_word = is_word;
    }

  return SQLITE_OK;
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  return api;
}

gboolean
jg_search_register (sqlite3  *db,
                    GError  **error)
{
  static fts5_tokenizer gram_tokenizer = {
    gram_create,
    gram_delete,
    gram_tokenize,
  };
  static int dummy;
  fts5_api *api;

  api = get_fts5_api (db);
  if (api == NULL ||
      api->xCreateTokenizer (api, "jg_gram", &dummy, &gram_tokenizer, NULL) != SQLITE_OK)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FAILED,
                   _("This SQLite library has no full-text search (FTS5); Jianguan needs it."));
      return FALSE;
    }

  return TRUE;
}
