/* signet-cli-table.h: aligned text tables for people.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SignetCliTable SignetCliTable;

/* @header: NULL-terminated column titles. */
SignetCliTable *signet_cli_table_new   (const char * const *header);
/* Appends a row of as many cells as the header has (copied). */
void            signet_cli_table_add   (SignetCliTable     *self,
                                        ...) G_GNUC_NULL_TERMINATED;
/* Prints with @indent spaces before each line and 3 spaces between columns. */
void            signet_cli_table_print (SignetCliTable     *self,
                                        FILE               *out,
                                        guint               indent);
void            signet_cli_table_free  (SignetCliTable     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCliTable, signet_cli_table_free)

G_END_DECLS
