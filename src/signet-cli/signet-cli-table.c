/* signet-cli-table.c: aligned text tables for people.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "signet-cli-table.h"

struct _SignetCliTable
{
  guint      n_columns;
  GPtrArray *rows;   /* GStrv */
};

SignetCliTable *
signet_cli_table_new (const char * const *header)
{
  SignetCliTable *self = g_new0 (SignetCliTable, 1);

  self->n_columns = g_strv_length ((char **) header);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (self->rows, g_strdupv ((char **) header));
  return self;
}

void
signet_cli_table_add (SignetCliTable *self,
                      ...)
{
  va_list ap;
  char **row = g_new0 (char *, self->n_columns + 1);
  const char *cell;
  guint i = 0;

  va_start (ap, self);
  while ((cell = va_arg (ap, const char *)) != NULL && i < self->n_columns)
    row[i++] = g_strdup (cell);
  va_end (ap);
  for (; i < self->n_columns; i++)
    row[i] = g_strdup ("");
  g_ptr_array_add (self->rows, row);
}

static glong
width (const char *s)
{
  return g_utf8_validate (s, -1, NULL) ? g_utf8_strlen (s, -1) : (glong) strlen (s);
}

void
signet_cli_table_print (SignetCliTable *self,
                        FILE           *out,
                        guint           indent)
{
  g_autofree glong *widths = g_new0 (glong, self->n_columns);

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        widths[c] = MAX (widths[c], width (row[c]));
    }
  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);
      GString *line = g_string_new (NULL);

      for (guint i = 0; i < indent; i++)
        g_string_append_c (line, ' ');
      for (guint c = 0; c < self->n_columns; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < self->n_columns)
            for (glong p = width (row[c]); p < widths[c] + 3; p++)
              g_string_append_c (line, ' ');
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      fprintf (out, "%s\n", line->str);
      g_string_free (line, TRUE);
    }
}

void
signet_cli_table_free (SignetCliTable *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_free (self);
}
