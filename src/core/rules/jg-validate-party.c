/* jg-validate-party.c — the party: its code and its identity document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-validate-private.h"

/* A credit code's region code (GB 32100 characters 3–8), and the
 * provincial and city prefixes of Guangdong and Jieyang in it. */
#define CREDIT_REGION_START 2
#define GUANGDONG_PREFIX    "44"
#define JIEYANG_PREFIX      "4452"

/* Departments are named by their credit code: is this one Jieyang's? */
static gboolean
is_jieyang_department (const char *department)
{
  return department != NULL && strlen (department) == JG_CREDIT_CODE_LENGTH
         && strncmp (department + CREDIT_REGION_START, JIEYANG_PREFIX, strlen (JIEYANG_PREFIX)) == 0;
}

gboolean
jg_validate_check_party_code (Run        *run,
                              int         field,
                              const char *v)
{
  g_autoptr(GError) error = NULL;
  const char *doc_type = valid_value (run, run->idx->doc_type);

  if (doc_type == NULL)
    return TRUE;

  if (strcmp (doc_type, "001") == 0)
    {
      if (!jg_credit_code_is_valid (v, &error))
        {
          jg_validate_add_gerror (run, field, JG_ISSUE_ERROR, error);
          return FALSE;
        }
      if (!jg_credit_code_kind_is_known (v))
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("Characters 1 and 2 of the credit code, “%.2s”, are no registration authority and entity type of GB 32100: no authority issues such a code. Compare the code with the business licence."),
                           v);
          return FALSE;
        }
      if (!jg_credit_code_region_is_plausible (v))
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("Characters 3 to 8 of the credit code, “%.6s”, cannot be a region code. Compare the code with the business licence."),
                           v + CREDIT_REGION_START);
          return FALSE;
        }
      if (is_jieyang_department (jg_record_get_department (run->record))
          && strncmp (v + CREDIT_REGION_START, GUANGDONG_PREFIX, strlen (GUANGDONG_PREFIX)) != 0)
        jg_validate_add (run, field, JG_ISSUE_WARNING,
                         N_("The credit code was issued outside Guangdong (region code %.6s), but the department is in Jieyang. Check that the code is the party’s."),
                         v + CREDIT_REGION_START);
      if (!jg_credit_code_org_check_is_valid (v))
        jg_validate_add (run, field, JG_ISSUE_WARNING,
                         N_("The organisation code inside the credit code (characters 9 to 17) fails its own check. Some bodies’ codes are issued that way; compare the code with the business licence."));
    }
  else if (strcmp (doc_type, "111") == 0)
    {
      if (!jg_id_number_is_valid (v, &error))
        {
          jg_validate_add_gerror (run, field, JG_ISSUE_ERROR, error);
          return FALSE;
        }
    }
  return TRUE;
}

void
jg_validate_check_nature_doc_type (Run *run)
{
  const char *nature = valid_value (run, run->idx->nature);
  const char *doc_type = valid_value (run, run->idx->doc_type);
  gboolean person_doc;

  if (nature == NULL || doc_type == NULL)
    return;

  person_doc = strcmp (doc_type, "111") >= 0 && strcmp (doc_type, "415") <= 0 && strlen (doc_type) == 3;
  if (strcmp (nature, "01") == 0 && !person_doc)
    jg_validate_add (run, run->idx->doc_type, JG_ISSUE_WARNING,
                     N_("The party is a citizen, but the document type is one for organisations. Choose an identity document, or correct the party’s nature."));
  else if ((strcmp (nature, "02") == 0 || strcmp (nature, "03") == 0)
           && strcmp (doc_type, "001") != 0 && strcmp (doc_type, "099") != 0)
    jg_validate_add (run, run->idx->doc_type, JG_ISSUE_WARNING,
                     N_("The party is an organisation, but the document type is one for persons. Choose the unified social credit code, or correct the party’s nature."));
}

