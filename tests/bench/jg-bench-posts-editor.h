/* jg-bench-posts-editor.h — `jianguan-bench posts-editor`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int jg_bench_posts_editor (int    argc,
                           char **argv);
