/* jg-protocol.h — the numbers of PROTOCOL.md that client and server share
 *
 * Both sides link the rules library, so a limit of the protocol is written
 * here once; each side's own tuning (timeouts, caches, back-off) stays with
 * that side (src/core/sync/jg-sync-limits.h, src/server/).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* RFC 6585 "Too Many Requests"; libsoup 3 has no name for it. */
#define JG_HTTP_STATUS_TOO_MANY_REQUESTS 429

/* Feed pages: "limit" is 1 to JG_PROTOCOL_MAX_PAGE_SIZE; without it the
 * server sends JG_PROTOCOL_DEFAULT_PAGE_SIZE changes. */
#define JG_PROTOCOL_DEFAULT_PAGE_SIZE 2000
#define JG_PROTOCOL_MAX_PAGE_SIZE 10000

/* Records in one pushed batch: the server refuses more. */
#define JG_PROTOCOL_MAX_BATCH 1000

/* Posts (PROTOCOL.md, "Posts"): an image is at most this many bytes;
 * a department reviews its posts at 1 to JG_PROTOCOL_MAX_REVIEW_LEVELS
 * levels; a reviewer's comment or a withdrawal reason is at most
 * JG_PROTOCOL_MAX_COMMENT_CHARS characters. */
#define JG_PROTOCOL_MAX_IMAGE_BYTES (10 * 1024 * 1024)
/* The longest side of an image, in pixels: the client re-encodes to it,
 * the server refuses more (and so never decodes a decompression bomb). */
#define JG_PROTOCOL_MAX_IMAGE_SIDE 2560
#define JG_PROTOCOL_MAX_REVIEW_LEVELS 3
#define JG_PROTOCOL_MAX_COMMENT_CHARS 2000
