/* fuzz-post-html.c — libFuzzer target for the post body's HTML reader
 *
 * Whatever the input, jg_post_doc_from_html() returns a document; its
 * canonical HTML reads back to itself (the fixed point jg_post_html_check
 * relies on) without anything dropped, and the check finds nothing wrong
 * with it but images without alternative text.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"), or
 * `jianguan-bench fuzz --target post-html`.
 * The meson build links the same target with fuzz-main.c, which replays the
 * corpus as a regular test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "jg-post-html.h"
#include "jg-validate.h"

#define NO_ALT_MSGID_PREFIX "Image %s has no alternative text"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autoptr(JgPostDoc) doc = NULL;
  g_autoptr(JgPostDoc) again = NULL;
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  g_autofree char *html = NULL;
  g_autofree char *html_again = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) hashes = NULL;
  gboolean dropped = FALSE;

  doc = jg_post_doc_from_html (input, &dropped);
  html = jg_post_doc_to_html (doc);
  g_assert (g_utf8_validate (html, -1, NULL));
  text = jg_post_doc_to_text (doc);
  g_assert (g_utf8_validate (text, -1, NULL));
  hashes = jg_post_doc_image_hashes (doc);
  g_assert (hashes != NULL);

  again = jg_post_doc_from_html (html, &dropped);
  g_assert (!dropped);
  html_again = jg_post_doc_to_html (again);
  if (strcmp (html, html_again) != 0)
    g_error ("not a fixed point:\n%s\n%s", html, html_again);

  jg_post_html_check (html, issues);
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      if (issue->severity == JG_ISSUE_ERROR)
        g_assert (g_str_has_prefix (issue->msgid, NO_ALT_MSGID_PREFIX));
    }
  return 0;
}
