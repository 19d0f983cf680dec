/* jg-migrations.c — the local databases' schemas, step by step
 *
 * Each step moves the schema from version N-1 to N and runs in its own
 * transaction with the PRAGMA user_version bump (see jg-store.c). Steps are
 * never edited once released: a change is a new step.
 *
 * Two schemas, each with its own user_version: an account's database
 * (steps[]: records, outbox, imports, run log, the records feed's cursor,
 * posts and their images)
 * and the server's catalogue cache that every account database of that
 * server attaches as "catalogue" (catalogue_steps[]: code tables,
 * departments, officers, items, implementation entries, their search
 * indexes and the codes/catalogue feed cursors). Until step 10 an account
 * database held its own copy of the catalogue; step 10 hands it over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-migrations.h"
#include "jg-store-private.h"

/* Account step 10 (see steps[]): what an account's file drops once its
 * catalogue is the server cache's. */
static const char catalogue_drop_step[] =
  "DROP TRIGGER main.sub_item_search_insert;"
  "DROP TRIGGER main.sub_item_search_delete;"
  "DROP TRIGGER main.sub_item_search_update;"
  "DROP TABLE main.sub_item_fts;"
  "DROP TABLE main.sub_item_gram;"
  "DROP TABLE main.search_bulk;"
  "DROP TABLE main.code_entry;"
  "DROP TABLE main.department;"
  "DROP TABLE main.main_item;"
  "DROP TABLE main.sub_item;"
  "DROP TABLE main.impl_entry;"
  "DROP TABLE main.officer;"
  "DELETE FROM main.sync_cursor WHERE feed IN ('codes', 'catalogue');";

/* Before it, an old account database's own copy of the catalogue fills the
 * cache when the cache is empty, or replaces it when it is newer (by the
 * catalogue cursor, then the codes cursor); else it is simply dropped. The
 * first statement writes the cache, so that its write lock is taken
 * (waiting for another program's sync if need be) before anything in it is
 * read. Its search triggers are held off (search_bulk) and both indexes
 * rebuilt once. */
static const char catalogue_hand_over[] =
  "INSERT INTO catalogue.search_bulk (active) VALUES (1);"
  "CREATE TEMP TABLE catalogue_move AS SELECT"
  "  NOT EXISTS (SELECT 1 FROM catalogue.sub_item) AND NOT EXISTS (SELECT 1 FROM catalogue.code_entry)"
  "  OR (own.cat, own.codes) > (cache.cat, cache.codes) AS newer"
  "  FROM (SELECT ifnull ((SELECT cursor FROM main.sync_cursor WHERE feed = 'catalogue'), 0) AS cat,"
  "               ifnull ((SELECT cursor FROM main.sync_cursor WHERE feed = 'codes'), 0) AS codes) own,"
  "       (SELECT ifnull ((SELECT cursor FROM catalogue.sync_cursor WHERE feed = 'catalogue'), 0) AS cat,"
  "               ifnull ((SELECT cursor FROM catalogue.sync_cursor WHERE feed = 'codes'), 0) AS codes) cache;"
  "DELETE FROM catalogue.code_entry WHERE (SELECT newer FROM catalogue_move);"
  "DELETE FROM catalogue.department WHERE (SELECT newer FROM catalogue_move);"
  "DELETE FROM catalogue.main_item WHERE (SELECT newer FROM catalogue_move);"
  "DELETE FROM catalogue.sub_item WHERE (SELECT newer FROM catalogue_move);"
  "DELETE FROM catalogue.impl_entry WHERE (SELECT newer FROM catalogue_move);"
  "DELETE FROM catalogue.officer WHERE (SELECT newer FROM catalogue_move);"
  "INSERT INTO catalogue.code_entry SELECT * FROM main.code_entry WHERE (SELECT newer FROM catalogue_move);"
  "INSERT INTO catalogue.department SELECT * FROM main.department WHERE (SELECT newer FROM catalogue_move);"
  "INSERT INTO catalogue.main_item SELECT * FROM main.main_item WHERE (SELECT newer FROM catalogue_move);"
  "INSERT INTO catalogue.sub_item SELECT * FROM main.sub_item WHERE (SELECT newer FROM catalogue_move);"
  "INSERT INTO catalogue.impl_entry SELECT * FROM main.impl_entry WHERE (SELECT newer FROM catalogue_move);"
  "INSERT INTO catalogue.officer SELECT * FROM main.officer WHERE (SELECT newer FROM catalogue_move);"
  "INSERT OR REPLACE INTO catalogue.sync_cursor SELECT * FROM main.sync_cursor"
  "  WHERE feed IN ('codes', 'catalogue') AND (SELECT newer FROM catalogue_move);"
  "DELETE FROM catalogue.search_bulk;"
  "INSERT INTO catalogue.sub_item_fts (sub_item_fts) SELECT 'rebuild' WHERE (SELECT newer FROM catalogue_move);"
  "INSERT INTO catalogue.sub_item_gram (sub_item_gram) SELECT 'rebuild' WHERE (SELECT newer FROM catalogue_move);"
  "DROP TABLE temp.catalogue_move;";

/* Whether the account's file has a catalogue of its own to hand over: a
 * database created by this version has only the empty tables of steps
 * 1–2, and then the cache is not written at all (not even locked). */
static const char catalogue_own_copy[] =
  "SELECT EXISTS (SELECT 1 FROM main.sub_item) OR EXISTS (SELECT 1 FROM main.code_entry)"
  "    OR EXISTS (SELECT 1 FROM main.officer) OR EXISTS (SELECT 1 FROM main.department)"
  "    OR EXISTS (SELECT 1 FROM main.sync_cursor WHERE feed IN ('codes', 'catalogue'))";

static const char * const steps[] = {
  /* 1: the catalogue cache, code tables and sync cursors. */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;"
  "CREATE TABLE code_entry ("
  "  tbl  TEXT NOT NULL,"
  "  code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  sort INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (tbl, code)"
  ") WITHOUT ROWID;"
  "CREATE TABLE department ("
  "  code       TEXT PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  short_name TEXT,"
  "  region     TEXT"
  ");"
  "CREATE TABLE main_item ("
  "  code       TEXT PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  department TEXT,"
  "  status     TEXT,"
  "  version    TEXT"
  ");"
  "CREATE TABLE sub_item ("
  "  id             INTEGER PRIMARY KEY,"
  "  code           TEXT NOT NULL UNIQUE,"
  "  main_code      TEXT,"
  "  name           TEXT NOT NULL,"
  "  department     TEXT,"
  "  objects        TEXT,"
  "  form           TEXT,"
  "  action_type    TEXT,"
  "  legal_basis    TEXT,"
  "  method         TEXT,"
  "  process        TEXT,"
  "  result         TEXT,"
  "  level          TEXT,"
  "  status         TEXT,"
  "  effective_date TEXT,"
  "  cancel_date    TEXT"
  ");"
  "CREATE INDEX sub_item_department ON sub_item (department);"
  "CREATE TABLE impl_entry ("
  "  code           TEXT PRIMARY KEY,"
  "  sub_item       TEXT NOT NULL,"
  "  region         TEXT,"
  "  body_name      TEXT,"
  "  body_code      TEXT,"
  "  body_nature    TEXT,"
  "  delegated_name TEXT,"
  "  delegated_code TEXT,"
  "  level          TEXT,"
  "  objects        TEXT,"
  "  check_category TEXT,"
  "  random_check   INTEGER NOT NULL DEFAULT 0,"
  "  proportion     TEXT,"
  "  frequency      TEXT,"
  "  content        TEXT"
  ") WITHOUT ROWID;"
  "CREATE INDEX impl_entry_sub_item ON impl_entry (sub_item, level, random_check);"
  "CREATE TABLE officer ("
  "  id              TEXT PRIMARY KEY,"
  "  name            TEXT NOT NULL,"
  "  department      TEXT,"
  "  cert_no         TEXT,"
  "  issuer          TEXT,"
  "  cert_valid_from TEXT,"
  "  cert_valid_to   TEXT,"
  "  area            TEXT,"
  "  category        TEXT,"
  "  nature          TEXT,"
  "  region          TEXT"
  ");"
  "CREATE INDEX officer_department ON officer (department);"
  "CREATE TABLE sync_cursor ("
  "  feed   TEXT PRIMARY KEY,"
  "  cursor INTEGER NOT NULL DEFAULT 0,"
  "  etag   TEXT"
  ") WITHOUT ROWID;",

  /* 2: search indexes. Trigram for queries of 3+ characters; jg_gram
   * (unigrams and bigrams, see jg-search-grams.c) for 1–2 characters. Both
   * are external-content tables over sub_item kept in step by triggers.
   * Codes are digits, searched by prefix on sub_item's own index, so they
   * are not in the text indexes. A row in search_bulk turns the triggers
   * off while a whole catalogue is loaded in one transaction; the loader
   * then rebuilds both indexes at once, which is several times faster. */
  "CREATE TABLE search_bulk (active INTEGER NOT NULL);"
  "CREATE VIRTUAL TABLE sub_item_fts USING fts5 ("
  "  name, objects, legal_basis,"
  "  content = 'sub_item', content_rowid = 'id', tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE sub_item_gram USING fts5 ("
  "  name, objects, legal_basis,"
  "  content = 'sub_item', content_rowid = 'id', tokenize = 'jg_gram', detail = 'none');"
  "CREATE TRIGGER sub_item_search_insert AFTER INSERT ON sub_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO sub_item_fts (rowid, name, objects, legal_basis)"
  "    VALUES (new.id, new.name, new.objects, new.legal_basis);"
  "  INSERT INTO sub_item_gram (rowid, name, objects, legal_basis)"
  "    VALUES (new.id, new.name, new.objects, new.legal_basis);"
  "END;"
  "CREATE TRIGGER sub_item_search_delete AFTER DELETE ON sub_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO sub_item_fts (sub_item_fts, rowid, name, objects, legal_basis)"
  "    VALUES ('delete', old.id, old.name, old.objects, old.legal_basis);"
  "  INSERT INTO sub_item_gram (sub_item_gram, rowid, name, objects, legal_basis)"
  "    VALUES ('delete', old.id, old.name, old.objects, old.legal_basis);"
  "END;"
  "CREATE TRIGGER sub_item_search_update AFTER UPDATE OF name, objects, legal_basis ON sub_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO sub_item_fts (sub_item_fts, rowid, name, objects, legal_basis)"
  "    VALUES ('delete', old.id, old.name, old.objects, old.legal_basis);"
  "  INSERT INTO sub_item_gram (sub_item_gram, rowid, name, objects, legal_basis)"
  "    VALUES ('delete', old.id, old.name, old.objects, old.legal_basis);"
  "  INSERT INTO sub_item_fts (rowid, name, objects, legal_basis)"
  "    VALUES (new.id, new.name, new.objects, new.legal_basis);"
  "  INSERT INTO sub_item_gram (rowid, name, objects, legal_basis)"
  "    VALUES (new.id, new.name, new.objects, new.legal_basis);"
  "END;"
  "INSERT INTO sub_item_fts (sub_item_fts) VALUES ('rebuild');"
  "INSERT INTO sub_item_gram (sub_item_gram) VALUES ('rebuild');",

  /* 3: a history of sync runs, for the Sync page and `jianguan-cli status`. */
  "CREATE TABLE sync_run ("
  "  id       INTEGER PRIMARY KEY,"
  "  kind     TEXT NOT NULL,"
  "  started  INTEGER NOT NULL,"
  "  finished INTEGER,"
  "  ok       INTEGER,"
  "  changes  INTEGER NOT NULL DEFAULT 0,"
  "  message  TEXT"
  ");",

  /* 4: supervision action records, the entities they name and the audit
   * trail. op is the operation still to send (i/u/d), NULL once in sync.
   * Numbers are unique per department and kind among records that are not
   * drafts and not being deleted; drafts may repeat one (the validator says
   * so). The records list is ordered by sort_date, the main date or, while
   * there is none, the day the record was created. */
  "CREATE TABLE record ("
  "  uuid           TEXT PRIMARY KEY,"
  "  kind           TEXT NOT NULL,"
  "  department     TEXT,"
  "  state          TEXT NOT NULL,"
  "  revision       INTEGER NOT NULL DEFAULT 1,"
  "  op             TEXT,"
  "  number         TEXT,"
  "  name           TEXT,"
  "  main_date      TEXT,"
  "  sort_date      TEXT NOT NULL,"
  "  month          TEXT,"
  "  catalogue_code TEXT,"
  "  party_doc_type TEXT,"
  "  party_code     TEXT,"
  "  party_name     TEXT,"
  "  fields         TEXT NOT NULL,"
  "  created        INTEGER NOT NULL,"
  "  modified       INTEGER NOT NULL"
  ");"
  "CREATE UNIQUE INDEX record_number ON record (department, kind, number)"
  "  WHERE state <> 'draft' AND op IS NOT 'd';"
  "CREATE INDEX record_lookup_number ON record (department, kind, number);"
  /* The records list leaves out records being deleted: its indexes do too
   * (partial indexes), so that listing never visits the table itself. */
  "CREATE INDEX record_order ON record (sort_date, modified) WHERE op IS NOT 'd';"
  "CREATE INDEX record_month ON record (month, sort_date, modified) WHERE op IS NOT 'd';"
  "CREATE INDEX record_kind ON record (kind, sort_date, modified) WHERE op IS NOT 'd';"
  "CREATE INDEX record_state ON record (state, sort_date, modified) WHERE op IS NOT 'd';"
  "CREATE INDEX record_catalogue ON record (catalogue_code, sort_date, modified) WHERE op IS NOT 'd';"
  "CREATE INDEX record_party ON record (party_doc_type, party_code, sort_date, modified);"
  "CREATE TABLE record_officer ("
  "  uuid    TEXT NOT NULL,"
  "  officer TEXT NOT NULL,"
  "  PRIMARY KEY (uuid, officer)"
  ") WITHOUT ROWID;"
  "CREATE INDEX record_officer_officer ON record_officer (officer);"
  "CREATE TABLE entity ("
  "  doc_type           TEXT NOT NULL,"
  "  code               TEXT NOT NULL,"
  "  name               TEXT NOT NULL,"
  "  nature             TEXT,"
  "  registered_address TEXT,"
  "  business_address   TEXT,"
  "  last_used          INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_type, code)"
  ");"
  "CREATE INDEX entity_code ON entity (code);"
  "CREATE INDEX entity_last_used ON entity (last_used DESC);"
  "CREATE TABLE audit ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL,"
  "  at         INTEGER NOT NULL,"
  "  who        TEXT,"
  "  action     TEXT NOT NULL,"
  "  fields     TEXT,"
  "  from_state TEXT,"
  "  to_state   TEXT,"
  "  revision   INTEGER NOT NULL"
  ");"
  "CREATE INDEX audit_uuid ON audit (uuid, id);",

  /* 5: the record outbox. A batch is written here, with the exact request
   * body, before it is sent; it stays until its answer has been applied, so
   * that after a crash the same bytes are sent again (the server is
   * idempotent for identical payloads). record_reason holds why the server
   * rejected a record's revision, per field. record_outbox serves the
   * oldest-first choice of what to send next. */
  "CREATE TABLE outbox_batch ("
  "  id      INTEGER PRIMARY KEY,"
  "  label   TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  state   TEXT NOT NULL DEFAULT 'sending',"
  "  body    TEXT NOT NULL"
  ");"
  "CREATE TABLE outbox_item ("
  "  batch    INTEGER NOT NULL,"
  "  pos      INTEGER NOT NULL,"
  "  uuid     TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  op       TEXT NOT NULL,"
  "  PRIMARY KEY (batch, pos)"
  ") WITHOUT ROWID;"
  "CREATE TABLE record_reason ("
  "  id       INTEGER PRIMARY KEY,"
  "  uuid     TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  op       TEXT,"
  "  code     INTEGER NOT NULL DEFAULT 0,"
  "  field    TEXT,"
  "  message  TEXT NOT NULL"
  ");"
  "CREATE INDEX record_reason_uuid ON record_reason (uuid);"
  "CREATE INDEX record_outbox ON record (created) WHERE state = 'ready' OR op = 'd';",

  /* 6: "being deleted" gets a column of its own, deleting = (op IS 'd'),
   * and the partial indexes test it instead of op. op changes on every
   * accepted record (i or u becomes NULL); with op in their WHERE clauses,
   * SQLite rewrote the entries of six indexes for each of them. deleting is
   * set only where op becomes 'd' (jg_record_store_delete) and op never
   * leaves 'd': the row is removed once the server has the deletion. */
  "ALTER TABLE record ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0;"
  "UPDATE record SET deleting = 1 WHERE op = 'd';"
  "DROP INDEX record_number;"
  "DROP INDEX record_order;"
  "DROP INDEX record_month;"
  "DROP INDEX record_kind;"
  "DROP INDEX record_state;"
  "DROP INDEX record_catalogue;"
  "DROP INDEX record_outbox;"
  "CREATE UNIQUE INDEX record_number ON record (department, kind, number)"
  "  WHERE state <> 'draft' AND deleting = 0;"
  "CREATE INDEX record_order ON record (sort_date, modified) WHERE deleting = 0;"
  "CREATE INDEX record_month ON record (month, sort_date, modified) WHERE deleting = 0;"
  "CREATE INDEX record_kind ON record (kind, sort_date, modified) WHERE deleting = 0;"
  "CREATE INDEX record_state ON record (state, sort_date, modified) WHERE deleting = 0;"
  "CREATE INDEX record_catalogue ON record (catalogue_code, sort_date, modified) WHERE deleting = 0;"
  "CREATE INDEX record_outbox ON record (created) WHERE state = 'ready' OR deleting = 1;",

  /* 7: the same for the unique numbers: holds_number = (state <> 'draft'
   * AND deleting = 0), kept by jg-record-store.c, the only code that makes
   * a record a draft or deletes it. With state in its WHERE clause, the
   * index entry was rewritten at every step of a sync (ready, sending,
   * accepted), none of which changes whether the record holds its number. */
  "ALTER TABLE record ADD COLUMN holds_number INTEGER NOT NULL DEFAULT 0;"
  "UPDATE record SET holds_number = 1 WHERE state <> 'draft' AND deleting = 0;"
  "DROP INDEX record_number;"
  "CREATE UNIQUE INDEX record_number ON record (department, kind, number) WHERE holds_number = 1;",

  /* 8: the audit trail names the account signed in when the change was
   * made (NULL: nobody was) and the workstation; who keeps naming the
   * sync's own entries and those written before. blank marks a draft
   * created empty and not edited since: leaving it so discards it.
   * deleted_op is the operation a deletion replaced, so that the deletion
   * can be undone before it is sent. */
  "ALTER TABLE audit ADD COLUMN account TEXT;"
  "ALTER TABLE audit ADD COLUMN host TEXT;"
  "ALTER TABLE record ADD COLUMN blank INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE record ADD COLUMN deleted_op TEXT;",

  /* 9: imports, so that the last one can be undone while none of its
   * records has been sent (jg-record-imports.c owns both tables). A batch
   * keeps the file's name and the state its records went in as; undone
   * marks one whose records were removed. */
  "CREATE TABLE import_batch ("
  "  id         INTEGER PRIMARY KEY,"
  "  file       TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  state      TEXT NOT NULL,"
  "  department TEXT,"
  "  who        TEXT,"
  "  at         INTEGER NOT NULL,"
  "  undone     INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE import_item ("
  "  batch INTEGER NOT NULL,"
  "  uuid  TEXT NOT NULL,"
  "  PRIMARY KEY (batch, uuid)"
  ") WITHOUT ROWID;",

  /* 10: the catalogue moves out to the server's cache (catalogue_steps
   * below, attached as "catalogue" by jg-store.c), which every account of
   * the server shares, so that signing in as another account syncs a
   * delta instead of the whole catalogue again. Before this step,
   * hand_over_catalogue() gives the cache this database's copy if it has
   * one; then the copy goes, and no record is touched. */
  catalogue_drop_step,

  /* 11: the record-state feed now carries each record's content, so that a
   * workstation restores the records the others of its department sent
   * (PROTOCOL.md, "Restoring records"): read it again from the start. */
  "DELETE FROM main.sync_cursor WHERE feed = 'records';",

  /* 12: the posts of 监管动态 and 曝光台 (src/core/posts/, the only
   * writer of these tables). A post is one row at its latest local
   * revision: fields is jg_post_to_json(); column_key is its column
   * ("dynamics", "exposure": COLUMN is an SQL keyword); title and
   * month are copies for the list (month: the Shanghai month of
   * published_at, else of updated_at). server_revision is the revision
   * the server holds (NULL: never sent); server_fields keeps the server's
   * copy of a post it returned while it was also edited here, until the
   * author chooses. blank and deleting/deleted_state work as for records.
   * Sign-offs are the server's, copied and never rewritten; post_check
   * keeps the checks (wording, privacy) sent with each revision (source
   * 'client') and the server's reasons when it refused one ('server'),
   * each as jg_issue_append_json() writes it (issue), so that its
   * sentence is said again in the reader's language. Images
   * are stored once per content (sha256) under the account's folder,
   * path relative to it; post_image_use says which post shows which.
   * The posts feed keeps its cursor in sync_cursor (feed 'posts'), as
   * the records feed does. published_at is in the quota index without
   * state: withdrawing a post changes state, not the index. */
  "CREATE TABLE post ("
  "  uuid            TEXT PRIMARY KEY,"
  "  column_key      TEXT NOT NULL,"
  "  department      TEXT,"
  "  revision        INTEGER NOT NULL DEFAULT 1,"
  "  state           TEXT NOT NULL,"
  "  title           TEXT,"
  "  month           TEXT,"
  "  fields          TEXT NOT NULL,"
  "  blank           INTEGER NOT NULL DEFAULT 0,"
  "  deleting        INTEGER NOT NULL DEFAULT 0,"
  "  deleted_state   TEXT,"
  "  review_level    INTEGER NOT NULL DEFAULT 0,"
  "  review_levels   INTEGER NOT NULL DEFAULT 1,"
  "  review_comment  TEXT,"
  "  published_at    INTEGER,"
  "  withdrawn_at    INTEGER,"
  "  withdraw_reason TEXT,"
  "  created_at      INTEGER NOT NULL,"
  "  updated_at      INTEGER NOT NULL,"
  "  server_revision INTEGER,"
  "  server_fields   TEXT"
  ");"
  "CREATE INDEX post_list ON post (column_key, month, updated_at) WHERE deleting = 0;"
  "CREATE INDEX post_quota ON post (department, published_at) WHERE published_at IS NOT NULL;"
  "CREATE TABLE post_audit ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL,"
  "  at         INTEGER NOT NULL,"
  "  who        TEXT,"
  "  account    TEXT,"
  "  host       TEXT,"
  "  action     TEXT NOT NULL,"
  "  from_state TEXT,"
  "  to_state   TEXT,"
  "  revision   INTEGER NOT NULL,"
  "  detail     TEXT"
  ");"
  "CREATE INDEX post_audit_uuid ON post_audit (uuid, id);"
  "CREATE TABLE post_signoff ("
  "  uuid     TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  level    INTEGER NOT NULL,"
  "  reviewer TEXT NOT NULL,"
  "  decision TEXT NOT NULL,"
  "  comment  TEXT,"
  "  at       INTEGER NOT NULL,"
  "  PRIMARY KEY (uuid, revision, level, at, reviewer)"
  ") WITHOUT ROWID;"
  "CREATE TABLE post_check ("
  "  uuid     TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  pos      INTEGER NOT NULL,"
  "  source   TEXT NOT NULL DEFAULT 'client',"
  "  field    TEXT,"
  "  severity TEXT NOT NULL,"
  "  message  TEXT NOT NULL,"
  "  issue    TEXT NOT NULL,"
  "  PRIMARY KEY (uuid, revision, pos)"
  ") WITHOUT ROWID;"
  "CREATE TABLE post_image ("
  "  sha256         TEXT PRIMARY KEY,"
  "  mime           TEXT NOT NULL,"
  "  width          INTEGER NOT NULL,"
  "  height         INTEGER NOT NULL,"
  "  size           INTEGER NOT NULL,"
  "  path           TEXT NOT NULL,"
  "  upload_state   TEXT NOT NULL DEFAULT 'local',"
  "  uploaded_bytes INTEGER NOT NULL DEFAULT 0,"
  "  error          TEXT,"
  "  created_at     INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE post_image_use ("
  "  uuid   TEXT NOT NULL,"
  "  pos    INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  PRIMARY KEY (uuid, pos)"
  ") WITHOUT ROWID;"
  "CREATE INDEX post_image_use_sha256 ON post_image_use (sha256);",

  /* 13: the server's wording list (PROTOCOL.md, "The wording list"), as
   * the posts sync (src/core/sync/jg-posts-feed.c, its only writer)
   * downloads it with the feed cursor 'wording': submit checks posts
   * against it. In the account's file, not the catalogue cache, which
   * only the catalogue sync writes; it is a few hundred short rows. */
  "CREATE TABLE wording ("
  "  wrong      TEXT PRIMARY KEY,"
  "  suggestion TEXT NOT NULL"
  ") WITHOUT ROWID;",

  /* 14: the warnings' state (src/core/overview/jg-warnings.c, the only
   * writer of both tables). warning_state: per stable key, whether its
   * condition held at the last evaluation (holding), since when, when it
   * last held, when it stopped holding (resolved_at) and when the user
   * dismissed this occurrence; a key is raised again only once it held
   * after not holding. warning_item: a fingerprint of each catalogue item
   * the records use and when it was first seen different (the cache
   * keeps no time of change), to tell records written before a change. */
  "CREATE TABLE warning_state ("
  "  key          TEXT PRIMARY KEY,"
  "  kind         TEXT NOT NULL,"
  "  holding      INTEGER NOT NULL,"
  "  since        INTEGER NOT NULL,"
  "  last_true    INTEGER NOT NULL,"
  "  resolved_at  INTEGER,"
  "  dismissed_at INTEGER"
  ") WITHOUT ROWID;"
  "CREATE TABLE warning_item ("
  "  code        TEXT PRIMARY KEY,"
  "  fingerprint TEXT NOT NULL,"
  "  changed_at  INTEGER"
  ") WITHOUT ROWID;",
  /* 15: one-key search (src/core/search/jg-search-all.c). Records by
   * number and party code (exact and prefix) and party name (prefix: the
   * NOCASE indexes; contained: trigram for 3+ characters, jg_gram for 1–2),
   * parties (entity) by code and name the same way, and posts by title
   * (prefix and contained) and by summary and party (which live in the
   * post's JSON). No
   * partial index: none names a sync-time column, so a state change never
   * rewrites their entries. The text indexes hold their own copy of the
   * text, keyed by the rows' rowids, and no trigger here keeps them: the
   * app's connections do, with TEMP triggers (jg-search-index.c), because
   * a trigger writing a jg_gram index fails in every program that lacks
   * our tokenizer (the sqlite3 shell, the tests' Python), and such a
   * program could then not write a record at all. */
  "CREATE INDEX record_search_number ON record (number COLLATE NOCASE);"
  "CREATE INDEX record_search_party_code ON record (party_code, sort_date);"
  "CREATE INDEX record_search_party_name ON record (party_name COLLATE NOCASE);"
  "CREATE VIRTUAL TABLE record_fts USING fts5 (party_name, tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE record_gram USING fts5 (party_name, tokenize = 'jg_gram', detail = 'none');"
  "INSERT INTO record_fts (rowid, party_name) SELECT rowid, party_name FROM record;"
  "INSERT INTO record_gram (rowid, party_name) SELECT rowid, party_name FROM record;"
  "CREATE INDEX entity_search_name ON entity (name COLLATE NOCASE);"
  "CREATE VIRTUAL TABLE entity_fts USING fts5 (name, tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE entity_gram USING fts5 (name, tokenize = 'jg_gram', detail = 'none');"
  "INSERT INTO entity_fts (rowid, name) SELECT rowid, name FROM entity;"
  "INSERT INTO entity_gram (rowid, name) SELECT rowid, name FROM entity;"
  "CREATE INDEX post_search_title ON post (title COLLATE NOCASE);"
  "CREATE VIRTUAL TABLE post_text USING fts5 (title, summary, party, tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE post_title_gram USING fts5 (title, tokenize = 'jg_gram', detail = 'none');"
  "CREATE VIRTUAL TABLE post_text_gram USING fts5 ("
  "  summary, party, tokenize = 'jg_gram', detail = 'none');"
  "INSERT INTO post_text (rowid, title, summary, party) SELECT rowid, title,"
  "  json_extract (fields, '$.fields.summary'), json_extract (fields, '$.fields.party_name') FROM post;"
  "INSERT INTO post_title_gram (rowid, title) SELECT rowid, title FROM post_text;"
  "INSERT INTO post_text_gram (rowid, summary, party) SELECT rowid, summary, party FROM post_text;",
  /* 16: the server's coverage figure of the department (PROTOCOL.md,
   * "Coverage"), its answer kept whole as it came and when it was
   * fetched, so that the Overview shows it, and the items nobody in the
   * city has records of, offline (src/core/overview/jg-coverage.c, its
   * only writer). One row per department asked about. */
  "CREATE TABLE coverage_server ("
  "  department TEXT PRIMARY KEY,"
  "  answer     TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL"
  ") WITHOUT ROWID;",
};

/* Catalogue step 3: the name searches of one-key search and of the
 * catalogue page's ranking (jg-catalogue-rank.c): names by prefix (the
 * NOCASE index), names alone among 1–2 character matches (jg_gram cannot
 * filter by column: detail=none), sub-items by main item and main items by
 * name (external content on main_item's rowid: only the catalogue sync
 * writes the cache, and nothing VACUUMs it), officers by name and
 * certificate. Held off by search_bulk like the other search triggers;
 * the catalogue sync rebuilds them with the others. */
static const char catalogue_name_search_step[] =
  "CREATE INDEX sub_item_name ON sub_item (name COLLATE NOCASE);"
  "CREATE INDEX sub_item_main_code ON sub_item (main_code);"
  "CREATE VIRTUAL TABLE sub_item_name_gram USING fts5 ("
  "  name, content = 'sub_item', content_rowid = 'id', tokenize = 'jg_gram', detail = 'none');"
  "CREATE TRIGGER sub_item_name_insert AFTER INSERT ON sub_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO sub_item_name_gram (rowid, name) VALUES (new.id, new.name);"
  "END;"
  "CREATE TRIGGER sub_item_name_delete AFTER DELETE ON sub_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO sub_item_name_gram (sub_item_name_gram, rowid, name) VALUES ('delete', old.id, old.name);"
  "END;"
  "CREATE TRIGGER sub_item_name_update AFTER UPDATE OF name ON sub_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO sub_item_name_gram (sub_item_name_gram, rowid, name) VALUES ('delete', old.id, old.name);"
  "  INSERT INTO sub_item_name_gram (rowid, name) VALUES (new.id, new.name);"
  "END;"
  "INSERT INTO sub_item_name_gram (sub_item_name_gram) VALUES ('rebuild');"
  "CREATE VIRTUAL TABLE main_item_fts USING fts5 ("
  "  name, content = 'main_item', tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE main_item_gram USING fts5 ("
  "  name, content = 'main_item', tokenize = 'jg_gram', detail = 'none');"
  "CREATE TRIGGER main_item_search_insert AFTER INSERT ON main_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO main_item_fts (rowid, name) VALUES (new.rowid, new.name);"
  "  INSERT INTO main_item_gram (rowid, name) VALUES (new.rowid, new.name);"
  "END;"
  "CREATE TRIGGER main_item_search_delete AFTER DELETE ON main_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO main_item_fts (main_item_fts, rowid, name) VALUES ('delete', old.rowid, old.name);"
  "  INSERT INTO main_item_gram (main_item_gram, rowid, name) VALUES ('delete', old.rowid, old.name);"
  "END;"
  "CREATE TRIGGER main_item_search_update AFTER UPDATE OF name ON main_item"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_bulk) BEGIN"
  "  INSERT INTO main_item_fts (main_item_fts, rowid, name) VALUES ('delete', old.rowid, old.name);"
  "  INSERT INTO main_item_gram (main_item_gram, rowid, name) VALUES ('delete', old.rowid, old.name);"
  "  INSERT INTO main_item_fts (rowid, name) VALUES (new.rowid, new.name);"
  "  INSERT INTO main_item_gram (rowid, name) VALUES (new.rowid, new.name);"
  "END;"
  "INSERT INTO main_item_fts (main_item_fts) VALUES ('rebuild');"
  "INSERT INTO main_item_gram (main_item_gram) VALUES ('rebuild');"
  "CREATE INDEX officer_search_name ON officer (name COLLATE NOCASE);"
  "CREATE INDEX officer_search_cert ON officer (cert_no COLLATE NOCASE);";

static const char * const catalogue_name_search = catalogue_name_search_step;

/* Catalogue step 4: the five search indexes without their column sizes
 * (columnsize=0). The searches rank by tiers (jg-search-tiers.c), never
 * by bm25, so nothing reads the sizes, and every row a delta writes cost
 * a write into each index's %_docsize table besides (five B-trees more per
 * changed row, most of a delta's pages written at its commit). The
 * triggers name the tables, not their definitions, and stay as they are;
 * the indexes are rebuilt from their content in this step's transaction. */
static const char catalogue_no_column_sizes_step[] =
  "DROP TABLE sub_item_fts;"
  "DROP TABLE sub_item_gram;"
  "DROP TABLE sub_item_name_gram;"
  "DROP TABLE main_item_fts;"
  "DROP TABLE main_item_gram;"
  "CREATE VIRTUAL TABLE sub_item_fts USING fts5 ("
  "  name, objects, legal_basis,"
  "  content = 'sub_item', content_rowid = 'id', tokenize = 'trigram', columnsize = 0);"
  "CREATE VIRTUAL TABLE sub_item_gram USING fts5 ("
  "  name, objects, legal_basis,"
  "  content = 'sub_item', content_rowid = 'id', tokenize = 'jg_gram', detail = 'none',"
  "  columnsize = 0);"
  "CREATE VIRTUAL TABLE sub_item_name_gram USING fts5 ("
  "  name, content = 'sub_item', content_rowid = 'id', tokenize = 'jg_gram', detail = 'none',"
  "  columnsize = 0);"
  "CREATE VIRTUAL TABLE main_item_fts USING fts5 ("
  "  name, content = 'main_item', tokenize = 'trigram', columnsize = 0);"
  "CREATE VIRTUAL TABLE main_item_gram USING fts5 ("
  "  name, content = 'main_item', tokenize = 'jg_gram', detail = 'none', columnsize = 0);"
  "INSERT INTO sub_item_fts (sub_item_fts) VALUES ('rebuild');"
  "INSERT INTO sub_item_gram (sub_item_gram) VALUES ('rebuild');"
  "INSERT INTO sub_item_name_gram (sub_item_name_gram) VALUES ('rebuild');"
  "INSERT INTO main_item_fts (main_item_fts) VALUES ('rebuild');"
  "INSERT INTO main_item_gram (main_item_gram) VALUES ('rebuild');"
  "INSERT INTO sub_item_fts (sub_item_fts) VALUES ('optimize');"
  "INSERT INTO sub_item_gram (sub_item_gram) VALUES ('optimize');"
  "INSERT INTO sub_item_name_gram (sub_item_name_gram) VALUES ('optimize');"
  "INSERT INTO main_item_fts (main_item_fts) VALUES ('optimize');"
  "INSERT INTO main_item_gram (main_item_gram) VALUES ('optimize');";

static const char * const catalogue_no_column_sizes = catalogue_no_column_sizes_step;

/* The server's catalogue cache (servers/<host-port>/catalogue.db). Its
 * steps 1 and 2 are the account steps 1 and 2 as released (the code
 * tables, the catalogue, the feed cursors, the search indexes; meta stays
 * unused), so that an account database of the previous layout copies into
 * it column for column (step 10 above). A later change to the catalogue
 * is a new string here. */
static const char * const *const catalogue_steps[] = {
  &steps[0],
  &steps[1],
  &catalogue_name_search,
  &catalogue_no_column_sizes,
};

int
jg_store_latest_schema_version (void)
{
  return G_N_ELEMENTS (steps);
}

int
jg_migrations_catalogue_latest (void)
{
  return G_N_ELEMENTS (catalogue_steps);
}

gboolean
jg_migrations_apply_catalogue (JgStore  *store,
                               int       version,
                               GError  **error)
{
  g_return_val_if_fail (version >= 1 && version <= (int) G_N_ELEMENTS (catalogue_steps), FALSE);

  return jg_store_exec (store, *catalogue_steps[version - 1], error);
}

gboolean
jg_migrations_needs_catalogue (int version)
{
  g_return_val_if_fail (version >= 1 && version <= (int) G_N_ELEMENTS (steps), FALSE);

  return steps[version - 1] == catalogue_drop_step;
}

static gboolean
hand_over_catalogue (JgStore  *store,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean own_copy;
  int rc;

  /* Not cached: the tables it reads are dropped right after. */
  rc = sqlite3_prepare_v2 (jg_store_get_db (store), catalogue_own_copy, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return jg_store_set_error (store, error, rc);
  rc = sqlite3_step (stmt);
  own_copy = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return jg_store_set_error (store, error, rc);

  /* The hand-over (a released step) rebuilds the indexes of catalogue
   * steps 1–2 only; the cache is already at its latest version. */
  return !own_copy
         || (jg_store_exec (store, catalogue_hand_over, error)
             && jg_store_exec (store,
                               "INSERT INTO catalogue.sub_item_name_gram (sub_item_name_gram)"
                               " VALUES ('rebuild');"
                               "INSERT INTO catalogue.main_item_fts (main_item_fts) VALUES ('rebuild');"
                               "INSERT INTO catalogue.main_item_gram (main_item_gram) VALUES ('rebuild');",
                               error));
}

gboolean
jg_migrations_apply (JgStore  *store,
                     int       version,
                     GError  **error)
{
  g_return_val_if_fail (version >= 1 && version <= (int) G_N_ELEMENTS (steps), FALSE);

  if (jg_migrations_needs_catalogue (version) && !hand_over_catalogue (store, error))
    return FALSE;
  return jg_store_exec (store, steps[version - 1], error);
}
