/* fuzz-json.c: libFuzzer target for the strict JSON parser and the canonical writers.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants checked: whatever parses can be written escaped (or fails with
 * SIGNET_ERROR_MALFORMED for non-integral numbers); the escaped form parses again and
 * gives the same canonical bytes; the canonical writer is idempotent on it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "signet-error.h"
#include "signet-json-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GBytes) canonical = NULL;
  g_autoptr(GBytes) escaped = NULL;
  g_autoptr(GBytes) canonical2 = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) sigs = NULL;

  node = _signet_json_parse (data, size, "fuzz input", &error);
  if (node == NULL)
    {
      if (error == NULL || error->domain != SIGNET_ERROR || error->code != SIGNET_ERROR_MALFORMED)
        abort ();
      return 0;
    }

  canonical = _signet_json_canonical (node, &error);
  if (canonical == NULL)
    {
      if (!g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED))
        abort ();
      return 0;
    }

  escaped = _signet_json_canonical_escaped (node, &error);
  if (escaped == NULL)
    abort ();

  /* The escaped form is strict JSON with the same meaning. */
  again = _signet_json_parse (g_bytes_get_data (escaped, NULL), g_bytes_get_size (escaped),
                              "escaped output", &error);
  if (again == NULL)
    abort ();
  canonical2 = _signet_json_canonical (again, &error);
  if (canonical2 == NULL || !g_bytes_equal (canonical, canonical2))
    abort ();

  sigs = g_ptr_array_new_with_free_func ((GDestroyNotify) _signet_signature_free);
  g_ptr_array_add (sigs, _signet_signature_new ("0123", "ecdsa", "QUJD"));
  file = _signet_json_file_bytes (node, sigs, &error);
  if (file == NULL || g_bytes_get_size (file) < g_bytes_get_size (escaped))
    abort ();

  return 0;
}
