/* jg-post-html.c — the body of a 监管动态 post: its tree and its
 * canonical HTML
 *
 * Writing is the canonical form of the whitelisted subset; reading
 * (jg-post-html-read.c) normalises text with the same function
 * (jg_post_html_normalize_runs), which is what makes
 * from_html (to_html (doc)) a fixed point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-post-html-private.h"

/* ---- the tree ---- */

static void
run_free (JgPostRun *run)
{
  g_free (run->text);
  g_free (run);
}

static void
block_free (JgPostBlock *block)
{
  g_ptr_array_unref (block->runs);
  g_free (block->image_sha256);
  g_free (block->image_alt);
  g_free (block->image_caption);
  g_free (block);
}

JgPostDoc *
jg_post_doc_new (void)
{
  JgPostDoc *doc = g_new0 (JgPostDoc, 1);

  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  return doc;
}

void
jg_post_doc_free (JgPostDoc *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

JgPostBlock *
jg_post_doc_append_block (JgPostDoc       *doc,
                          JgPostBlockKind  kind)
{
  JgPostBlock *block = g_new0 (JgPostBlock, 1);

  g_return_val_if_fail (doc != NULL, NULL);

  block->kind = kind;
  block->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  g_ptr_array_add (doc->blocks, block);
  return block;
}

void
jg_post_block_append_run (JgPostBlock *block,
                          const char  *text,
                          gboolean     bold)
{
  JgPostRun *last;

  g_return_if_fail (block != NULL);

  if (text == NULL || *text == '\0')
    return;
  bold = !!bold;
  last = block->runs->len > 0 ? block->runs->pdata[block->runs->len - 1] : NULL;
  if (last != NULL && last->bold == bold)
    {
      char *joined = g_strconcat (last->text, text, NULL);
      g_free (last->text);
      last->text = joined;
      return;
    }
  last = g_new0 (JgPostRun, 1);
  last->text = g_strdup (text);
  last->bold = bold;
  g_ptr_array_add (block->runs, last);
}

static gboolean
is_text_block (JgPostBlockKind kind)
{
  return kind != JG_POST_BLOCK_IMAGE;
}

/* ---- text normalisation, shared by reading and writing ---- */

gboolean
jg_post_html_is_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether @c is kept at all: control characters and non-characters are
 * dropped (libxml2 refuses some of them on the way back, so keeping them
 * would break the fixed point); HTML white space is handled apart. */
static gboolean
is_kept_char (gunichar c)
{
  if (jg_post_html_is_space (c))
    return TRUE;
  if (c < 0x20 || (c >= 0x7F && c < 0xA0))
    return FALSE;
  if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
    return FALSE;
  return TRUE;
}

GPtrArray *
jg_post_html_normalize_runs (GPtrArray *runs)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  JgPostBlock tmp = { .runs = out };
  gboolean started = FALSE, after_space = FALSE;
  JgPostRun *last;

  for (guint i = 0; i < runs->len; i++)
    {
      JgPostRun *run = runs->pdata[i];
      g_autofree char *valid = g_utf8_make_valid (run->text, -1);
      g_autoptr(GString) text = g_string_new (NULL);

      for (const char *p = valid; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (!is_kept_char (c))
            continue;
          if (!started && g_unichar_isspace (c))
            continue;
          if (jg_post_html_is_space (c))
            {
              if (!after_space)
                g_string_append_c (text, ' ');
              after_space = TRUE;
              continue;
            }
          g_string_append_unichar (text, c);
          started = TRUE;
          after_space = FALSE;
        }
      jg_post_block_append_run (&tmp, text->str, run->bold);
    }

  /* Trailing white space, across runs. */
  while (out->len > 0)
    {
      const char *end;

      last = out->pdata[out->len - 1];
      end = last->text + strlen (last->text);
      while (end > last->text)
        {
          const char *prev = g_utf8_prev_char (end);
          if (!g_unichar_isspace (g_utf8_get_char (prev)))
            break;
          end = prev;
        }
      if (end > last->text)
        {
          last->text[end - last->text] = '\0';
          break;
        }
      g_ptr_array_remove_index (out, out->len - 1);
    }

  /* Removing a white-space run may have put two runs of one weight side by side. */
  for (guint i = 1; i < out->len; )
    {
      JgPostRun *a = out->pdata[i - 1], *b = out->pdata[i];
      if (a->bold == b->bold)
        {
          char *joined = g_strconcat (a->text, b->text, NULL);
          g_free (a->text);
          a->text = joined;
          g_ptr_array_remove_index (out, i);
        }
      else
        i++;
    }
  return g_steal_pointer (&out);
}

char *
jg_post_html_normalize_text (const char *text)
{
  JgPostRun run = { .text = (char *) (text ? text : ""), .bold = FALSE };
  g_autoptr(GPtrArray) in = g_ptr_array_new ();
  g_autoptr(GPtrArray) out = NULL;

  g_ptr_array_add (in, &run);
  out = jg_post_html_normalize_runs (in);
  return g_strdup (out->len > 0 ? ((JgPostRun *) out->pdata[0])->text : "");
}

/* ---- writing ---- */

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"':
        if (attribute)
          {
            g_string_append (out, "&quot;");
            break;
          }
        G_GNUC_FALLTHROUGH;
      default: g_string_append_c (out, *p); break;
      }
}

static void
append_runs (GString   *out,
             GPtrArray *runs)
{
  for (guint i = 0; i < runs->len; i++)
    {
      JgPostRun *run = runs->pdata[i];

      if (run->bold)
        g_string_append (out, "<strong>");
      append_escaped (out, run->text, FALSE);
      if (run->bold)
        g_string_append (out, "</strong>");
    }
}

char *
jg_post_doc_to_html (const JgPostDoc *doc)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *open_list = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      JgPostBlock *block = doc->blocks->pdata[i];
      g_autoptr(GPtrArray) runs = NULL;
      const char *list;

      if (is_text_block (block->kind))
        {
          runs = jg_post_html_normalize_runs (block->runs);
          if (runs->len == 0)
            continue;
        }
      list = block->kind == JG_POST_BLOCK_BULLET_ITEM ? "ul"
             : block->kind == JG_POST_BLOCK_NUMBER_ITEM ? "ol" : NULL;
      if (open_list != NULL && g_strcmp0 (list, open_list) != 0)
        {
          g_string_append_printf (out, "</%s>", open_list);
          open_list = NULL;
        }
      if (list != NULL && open_list == NULL)
        {
          g_string_append_printf (out, "<%s>", list);
          open_list = list;
        }

      switch (block->kind)
        {
        case JG_POST_BLOCK_PARAGRAPH:
        case JG_POST_BLOCK_HEADING:
        case JG_POST_BLOCK_BULLET_ITEM:
        case JG_POST_BLOCK_NUMBER_ITEM:
          {
            const char *tag = block->kind == JG_POST_BLOCK_PARAGRAPH ? "p"
                              : block->kind == JG_POST_BLOCK_HEADING ? "h3" : "li";
            g_string_append_printf (out, "<%s>", tag);
            append_runs (out, runs);
            g_string_append_printf (out, "</%s>", tag);
          }
          break;
        case JG_POST_BLOCK_IMAGE:
          {
            g_autofree char *alt = jg_post_html_normalize_text (block->image_alt);
            g_autofree char *caption = jg_post_html_normalize_text (block->image_caption);

            g_string_append (out, "<figure><img src=\"" JG_POST_IMAGE_SCHEME);
            append_escaped (out, block->image_sha256 ? block->image_sha256 : "", TRUE);
            g_string_append (out, "\" alt=\"");
            append_escaped (out, alt, TRUE);
            g_string_append (out, "\">");
            if (*caption)
              {
                g_string_append (out, "<figcaption>");
                append_escaped (out, caption, FALSE);
                g_string_append (out, "</figcaption>");
              }
            g_string_append (out, "</figure>");
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (open_list != NULL)
    g_string_append_printf (out, "</%s>", open_list);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
jg_post_doc_to_text (const JgPostDoc *doc)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (doc != NULL, NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      JgPostBlock *block = doc->blocks->pdata[i];
      gsize before = out->len;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (is_text_block (block->kind))
        {
          g_autoptr(GPtrArray) runs = jg_post_html_normalize_runs (block->runs);
          for (guint j = 0; j < runs->len; j++)
            g_string_append (out, ((JgPostRun *) runs->pdata[j])->text);
        }
      else
        {
          g_autofree char *caption = jg_post_html_normalize_text (block->image_caption);
          g_string_append (out, caption);
        }
      if (out->len == before + (before > 0))   /* nothing to say: no line */
        g_string_truncate (out, before);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GStrv
jg_post_doc_image_hashes (const JgPostDoc *doc)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (doc != NULL, NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      JgPostBlock *block = doc->blocks->pdata[i];

      if (block->kind == JG_POST_BLOCK_IMAGE && block->image_sha256
          && g_hash_table_add (seen, block->image_sha256))
        g_strv_builder_add (builder, block->image_sha256);
    }
  return g_strv_builder_end (builder);
}
