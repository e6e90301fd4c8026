/* fuzz-compose.c: libFuzzer target for the Compose reader (libyaml events, anchors, merge
 * keys, interpolation) and the reference-list and .env parsers.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants checked: every input either gives images and notes, each image with a
 * non-empty reference and an origin in the file, or fails with a SIGNET_ERROR whose
 * message names the file; the same holds for reference lists and .env files.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "signet-audit-private.h"
#include "signet-error.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_error (GError     *error,
             const char *name)
{
  if (error == NULL || error->domain != SIGNET_ERROR || !g_str_has_prefix (error->message, name))
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GHashTable) env = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
  g_autoptr(GHashTable) dotenv = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (env, (gpointer) "SET", (gpointer) "value");
  g_hash_table_insert (env, (gpointer) "EMPTY", (gpointer) "");

  if (_signet_audit_parse_compose ("fuzz.yaml", data, size, env, &images, &notes, &error))
    {
      if (images == NULL || notes == NULL || error != NULL)
        abort ();
      for (guint i = 0; i < images->len; i++)
        {
          SignetAuditInput *input = g_ptr_array_index (images, i);

          if (input->reference == NULL || input->reference[0] == '\0' ||
              input->origin == NULL || !g_str_has_prefix (input->origin, "fuzz.yaml:") ||
              input->service == NULL)
            abort ();
        }
    }
  else
    {
      if (images != NULL || notes != NULL)
        abort ();
      check_error (error, "fuzz.yaml");
    }
  g_clear_error (&error);

  if (!_signet_audit_parse_ref_list ("refs.txt", data, size, refs, &error))
    check_error (error, "refs.txt");
  g_clear_error (&error);

  dotenv = _signet_audit_parse_dotenv (".env", data, size, env, &error);
  if (dotenv == NULL)
    check_error (error, ".env");

  return 0;
}
