/* jg-records-page-private.h — shared by the records page's own files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "jg-entity-profile.h"
#include "jg-record-editor.h"
#include "jg-records-model.h"
#include "jg-records-page.h"

G_BEGIN_DECLS

/* "All", then one per state from draft to rejected. */
#define JG_RECORDS_PAGE_N_STATE_FILTERS (1 + JG_RECORD_STATE_REJECTED + 1)

struct _JgRecordsPage
{
  AdwBin parent_instance;

  GtkStack *main_stack;
  AdwComboRow *department_row;
  GtkSearchEntry *search_entry;
  GtkDropDown *kind_dropdown;
  GtkBox *state_box;
  GtkToggleButton *state_buttons[JG_RECORDS_PAGE_N_STATE_FILTERS];
  GtkDropDown *month_dropdown;
  GtkLabel *count_label;
  GtkLabel *department_label;
  GtkWidget *department_button;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwBin *editor_bin;
  AdwBin *profile_bin;
  GtkPopover *entities_popover;
  GtkSearchEntry *entities_entry;
  GtkListBox *entities_list;

  JgSession *session;
  JgStore *store;
  char *db_path;
  JgRecordsModel *model;
  GtkSingleSelection *selection;
  JgRecordEditor *editor;
  JgEntityProfile *profile;      /* open, or under the editor it opened */
  GPtrArray *entities;           /* JgEntity, the Parties search's results */
  GStrv months;                  /* "YYYY-MM", newest first */
  guint filter_id;
  JgRecordsFilter *scope;        /* a warning's officer or item, until a filter changes */
  char *scope_label;
  gboolean setting_scope;
  gboolean reopened;
  gboolean reload_on_map;        /* the list changed while the page was hidden */
  JgRecord *deleted;             /* as it was, while its toast offers Undo */
  AdwToast *delete_toast;
};

/* jg-records-page.c */
void       jg_records_page_toast      (JgRecordsPage *self,
                                       const char    *text);
GtkWindow *jg_records_page_get_window (JgRecordsPage *self);
/* A record's title in the list: its name, or "<kind> (untitled)". */
char      *jg_records_page_title      (const char    *name,
                                       const char    *kind_label);
/* the page's views */
void       jg_records_page_show_list             (JgRecordsPage *self);
void       jg_records_page_close_editor          (JgRecordsPage *self);
void       jg_records_page_close_profile         (JgRecordsPage *self);
void       jg_records_page_open_record_in_editor (JgRecordsPage *self,
                                                  JgRecord      *record);

/* jg-records-page-filters.c: the list and its filters */
void       jg_records_page_filters_class_init (GtkWidgetClass *widget_class);
void       jg_records_page_filters_init       (JgRecordsPage  *self);
/* Reads the list again with the current filters. */
void       jg_records_page_reload     (JgRecordsPage *self);
/* The records changed (a save, a state, a deletion, an import or their
 * undo): the list is read again and the session rereads every count. */
void       jg_records_page_records_changed (JgRecordsPage *self);
/* Each state button's label with the session's count of its state. */
void       jg_records_page_show_state_counts (JgRecordsPage *self);

/* jg-records-page-delete.c: records.delete, .delete-selected, the Delete
 * key on the list, and the toast with Undo */
void       jg_records_page_delete_class_init (GtkWidgetClass *widget_class);
void       jg_records_page_delete_init       (JgRecordsPage  *self);
void       jg_records_page_delete_dispose    (JgRecordsPage  *self);
void       jg_records_page_delete_record     (JgRecordsPage  *self,
                                              const char     *uuid);

/* jg-records-page-drafts.c: the department in use, and the drafts written
 * signed out that a sign-in moved (a toast) or that wait for the user's
 * word (a dialog) */
void       jg_records_page_drafts_connect   (JgRecordsPage  *self,
                                             JgSession      *session);
void       jg_records_page_show_department  (JgRecordsPage  *self);

/* jg-records-page-parties.c: the party's profile */
void       jg_records_page_parties_class_init (GtkWidgetClass *widget_class);
void       jg_records_page_show_profile       (JgRecordsPage  *self);

/* jg-records-page-transfer.c: installs records.import, .export, .template */
void       jg_records_page_transfer_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
