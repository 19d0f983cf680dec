/* fuzz-id-check.c — libFuzzer target for the credit-code and ID-number
 * checks and what reads codes out of typed text
 *
 * The input, as text, goes to jg_credit_code_is_valid() and
 * jg_id_number_is_valid() and their helpers, whose answers must agree with
 * the check characters they compute (a valid code ends in the character
 * jg_*_compute_check() gives for its first 17; a credit code whose first
 * 17 are in the alphabet is valid with that character appended); every
 * refusal says why in a translated sentence. When the input is UTF-8, the
 * import's normalisation of every field (fuzz-cells.c) and the privacy
 * scan of a post (jg_privacy_scan, jg_privacy_mask: ID numbers, phones,
 * accounts, addresses) read it too: hits in order, inside the text, on
 * character boundaries, and the masked text is UTF-8.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"); the
 * default build links it with fuzz-main.c and replays corpus-id-check/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-cells.h"
#include "jg-id-check.h"
#include "jg-privacy.h"

#define CHECK_AT (JG_CREDIT_CODE_LENGTH - 1)

static void
check_error (gboolean  valid,
             GError   *error)
{
  if (valid != (error == NULL))
    abort ();
  if (error != NULL &&
      (error->domain != JG_ID_CHECK_ERROR || error->message == NULL || *error->message == '\0'))
    abort ();
}

static void
check_credit_code (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean valid = jg_credit_code_is_valid (text, &error);
  char check = jg_credit_code_compute_check (text);

  check_error (valid, error);
  if (valid && (strlen (text) != JG_CREDIT_CODE_LENGTH || check != text[CHECK_AT]))
    abort ();
  if (check != '\0')
    {
      char code[JG_CREDIT_CODE_LENGTH + 1];

      memcpy (code, text, CHECK_AT);
      code[CHECK_AT] = check;
      code[JG_CREDIT_CODE_LENGTH] = '\0';
      if (!jg_credit_code_is_valid (code, NULL))
        abort ();
    }
  jg_credit_code_org_check_is_valid (text);
  if (strlen (text) >= 2)
    jg_credit_code_kind_is_known (text);
  if (strlen (text) >= 8)
    jg_credit_code_region_is_plausible (text);
}

static void
check_id_number (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean valid = jg_id_number_is_valid (text, &error);
  char check = jg_id_number_compute_check (text);

  check_error (valid, error);
  if (valid && (strlen (text) != JG_ID_NUMBER_LENGTH || check != text[CHECK_AT]))
    abort ();
}

static void
check_privacy (const char *text)
{
  g_autoptr(GArray) hits = jg_privacy_scan (text);
  g_autofree char *masked = NULL;
  gsize length = strlen (text);
  gsize end = 0;

  for (guint i = 0; i < hits->len; i++)
    {
      const JgPrivacyHit *hit = &g_array_index (hits, JgPrivacyHit, i);

      if (hit->start < end || hit->end <= hit->start || hit->end > length)
        abort ();
      if (g_utf8_get_char_validated (text + hit->start, -1) == (gunichar) -1 ||
          (hit->end < length && g_utf8_get_char_validated (text + hit->end, -1) == (gunichar) -1))
        abort ();
      end = hit->end;
    }
  masked = jg_privacy_mask (text, hits);
  if (masked == NULL || !g_utf8_validate (masked, -1, NULL))
    abort ();
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  check_credit_code (text);
  check_id_number (text);
  if (g_utf8_validate (text, -1, NULL))
    {
      fuzz_cells_normalise_all (text);
      check_privacy (text);
    }
  return 0;
}
