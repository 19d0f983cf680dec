/* jg-validate-lookup.c — the rules that look things up through the context
 *
 * Catalogue items, implementation entries and roster officers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-validate-private.h"

static const char *
action_type_label (const char *action_type)
{
  JgRecordKind kind;

  if (action_type != NULL && action_type[0] >= '0' && action_type[0] <= '3' && action_type[1] == '\0')
    {
      kind = action_type[0] - '0';
      return jg_record_kind_get_label (kind);
    }
  return action_type ? action_type : "?";
}


gboolean
jg_validate_check_catalogue (Run        *run,
                             int         field,
                             const char *v)
{
  JgItemInfo info = { 0 };
  const char *date;

  if (strlen (v) != 14 || !jg_validate_digits (v, 14))
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("The catalogue item code “%s” is not valid: a catalogue item code has exactly 14 digits. Choose the item from the catalogue."), v);
      return FALSE;
    }
  if (!run->context->lookup_item (run->context->user_data, v, &info))
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("There is no item %s in the catalogue. Check the code, or update the catalogue and try again."), v);
      return FALSE;
    }

  if (g_strcmp0 (info.action_type, jg_record_kind_action_type (run->kind)) != 0)
    jg_validate_add (run, field, JG_ISSUE_ERROR,
                     N_("Item %s is of the type “%s” and cannot carry a record of the type “%s”. Choose an item of the right type."),
                     v, action_type_label (info.action_type), jg_record_kind_get_label (run->kind));

  /* The main date is checked after the catalogue code in field order, so
   * look at it directly here. */
  date = value (run, run->idx->main_date);
  if (date == NULL || !jg_validate_is_date (date))
    date = run->context->today;

  if (g_strcmp0 (info.status, "02") == 0)
    jg_validate_add (run, field, JG_ISSUE_WARNING,
                     N_("Item %s has been cancelled. Check whether a newer item replaces it."), v);
  else if (info.cancel_date != NULL && *info.cancel_date && strncmp (info.cancel_date, date, 10) <= 0)
    jg_validate_add (run, field, JG_ISSUE_WARNING,
                     N_("Item %s was no longer in force on %.10s: it ended on %s. Check whether a newer item replaces it."),
                     v, date, info.cancel_date);
  else if (info.effective_date != NULL && *info.effective_date && strncmp (info.effective_date, date, 10) > 0)
    jg_validate_add (run, field, JG_ISSUE_WARNING,
                     N_("Item %s was not yet in force on %.10s: it takes effect on %s. Check the item and the date."),
                     v, date, info.effective_date);
  else if (g_strcmp0 (info.status, "03") == 0)
    jg_validate_add (run, field, JG_ISSUE_WARNING,
                     N_("Item %s is suspended. Check whether it may be used."), v);

  jg_item_info_clear (&info);
  return TRUE;
}

gboolean
jg_validate_check_impl (Run        *run,
                        int         field,
                        const char *v)
{
  g_autoptr(GError) error = NULL;
  char body[JG_CREDIT_CODE_LENGTH + 1];
  const char *item;

  if (strlen (v) < JG_CREDIT_CODE_LENGTH + 1)
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("The implementation list code “%s” is too short: it starts with the implementing body’s 18-character credit code and its level. Choose the entry from the item’s implementation list."), v);
      return FALSE;
    }
  memcpy (body, v, JG_CREDIT_CODE_LENGTH);
  body[JG_CREDIT_CODE_LENGTH] = '\0';
  if (!jg_credit_code_is_valid (body, &error))
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("The first 18 characters of the implementation list code are not a valid credit code: %s"),
                       error->message);
      return FALSE;
    }
  if (v[18] < '1' || v[18] > '5')
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("Character 19 of the implementation list code is the level, 1 to 5, not “%c”. Choose the entry from the item’s implementation list."), v[18]);
      return FALSE;
    }

  item = valid_value (run, run->idx->catalogue);
  if (item != NULL && !run->context->impl_belongs (run->context->user_data, v, item))
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("The implementation list code %s does not belong to item %s. Choose an entry of that item’s implementation list."),
                       v, item);
      return FALSE;
    }
  return TRUE;
}

#define MAX_OFFICERS 32
#define MAX_OFFICER_ID 64

gboolean
jg_validate_check_officers (Run        *run,
                            int         field,
                            const char *v)
{
  char ids[MAX_OFFICERS][MAX_OFFICER_ID + 1];
  guint n = 0;
  const char *date = NULL;
  const char *p = v;
  gboolean ok = TRUE;

  {
    const char *d = value (run, run->idx->main_date);
    date = d != NULL && jg_validate_is_date (d) ? d : NULL;
  }

  while (*p)
    {
      const char *end = strchr (p, ';');
      gsize len;
      JgOfficerInfo info = { 0 };
      gboolean duplicate = FALSE;

      if (end == NULL)
        end = p + strlen (p);
      while (p < end && g_ascii_isspace (*p))
        p++;
      len = end - p;
      while (len > 0 && g_ascii_isspace (p[len - 1]))
        len--;

      if (len == 0)
        ;
      else if (len > MAX_OFFICER_ID || n == MAX_OFFICERS)
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("The list of officers is not valid. Choose the officers from the roster."));
          return FALSE;
        }
      else
        {
          memcpy (ids[n], p, len);
          ids[n][len] = '\0';
          for (guint i = 0; i < n; i++)
            if (strcmp (ids[i], ids[n]) == 0)
              duplicate = TRUE;
          if (!duplicate)
            {
              if (!run->context->lookup_officer (run->context->user_data, ids[n], &info))
                {
                  jg_validate_add (run, field, JG_ISSUE_ERROR,
                                   N_("There is no officer “%s” in the roster. Choose the officers from the roster, or update it."), ids[n]);
                  ok = FALSE;
                }
              else if (date != NULL && info.cert_valid_from != NULL && *info.cert_valid_from
                       && strncmp (info.cert_valid_from, date, 10) > 0)
                {
                  jg_validate_add (run, field, JG_ISSUE_ERROR,
                                   N_("The enforcement certificate of %s is valid only from %s, after the action date %.10s. Choose an officer whose certificate was valid then."),
                                   info.name, info.cert_valid_from, date);
                  ok = FALSE;
                }
              else if (date != NULL && info.cert_valid_to != NULL && *info.cert_valid_to
                       && strncmp (info.cert_valid_to, date, 10) < 0)
                {
                  jg_validate_add (run, field, JG_ISSUE_ERROR,
                                   N_("The enforcement certificate of %s expired on %s, before the action date %.10s. Choose an officer whose certificate was valid then."),
                                   info.name, info.cert_valid_to, date);
                  ok = FALSE;
                }
              else if (info.cert_no == NULL || *info.cert_no == '\0')
                {
                  jg_validate_add (run, field, JG_ISSUE_ERROR,
                                   N_("%s has no enforcement certificate in the roster. Choose an officer who holds one."),
                                   info.name);
                  ok = FALSE;
                }
              jg_officer_info_clear (&info);
              n++;
            }
        }
      p = *end ? end + 1 : end;
    }

  if (n < 2)
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("At least two enforcement officers must take part. Add another officer."));
      ok = FALSE;
    }
  return ok;
}


/* Each certificate number must be the roster's number of one of the
 * officers named: a number typed for someone else, or copied from an old
 * spreadsheet, would put another person's certificate on the record. The
 * order need not match; numbers left out are not an error (the field is
 * optional). */
void
jg_validate_check_certificates (Run *run)
{
  const char *officers = valid_value (run, run->idx->officers);
  const char *certs = run->idx->officer_certs < 0 ? NULL : valid_value (run, run->idx->officer_certs);
  g_autoptr(GPtrArray) held = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) numbers = NULL;

  if (officers == NULL || certs == NULL)
    return;

  held = g_ptr_array_new_with_free_func (g_free);
  ids = g_strsplit (officers, ";", MAX_OFFICERS + 1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      JgOfficerInfo info = { 0 };

      if (*g_strstrip (ids[i]) != '\0'
          && run->context->lookup_officer (run->context->user_data, ids[i], &info)
          && info.cert_no != NULL)
        g_ptr_array_add (held, g_steal_pointer (&info.cert_no));
      jg_officer_info_clear (&info);
    }

  numbers = g_strsplit (certs, ";", -1);
  for (guint i = 0; numbers[i] != NULL; i++)
    {
      gboolean found = FALSE;

      if (*g_strstrip (numbers[i]) == '\0')
        continue;
      for (guint j = 0; j < held->len && !found; j++)
        found = strcmp (held->pdata[j], numbers[i]) == 0;
      if (!found)
        jg_validate_add (run, run->idx->officer_certs, JG_ISSUE_ERROR,
                         N_("The certificate number “%s” belongs to none of the officers in “%s”. Enter the numbers of their certificates as the roster has them, or correct the officers."),
                         numbers[i], label (run, run->idx->officers));
    }
}
