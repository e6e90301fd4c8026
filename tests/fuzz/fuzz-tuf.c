/* fuzz-tuf.c: libFuzzer target for the strict TUF metadata parser and writer.
 * The first byte picks the role; the rest is the file.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "signet-error.h"
#include "signet-tuf-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char *roles[] = { "root", "targets", "snapshot", "timestamp",
                                 "targets/releases", "targets/a/b" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) signed_node = NULL;
  g_autoptr(SignetTufMetadata) md = NULL;
  g_autoptr(SignetTufMetadata) copy = NULL;
  g_autoptr(JsonNode) written = NULL;

  if (size < 1)
    return 0;
  bytes = g_bytes_new (data + 1, size - 1);
  md = _signet_tuf_metadata_parse (roles[data[0] % G_N_ELEMENTS (roles)], bytes, &signed_node, &error);
  if (md == NULL)
    {
      if (error == NULL || error->domain != SIGNET_ERROR)
        abort ();
      return 0;
    }
  if (md->version < 1 || signed_node == NULL)
    abort ();

  /* What was read can be copied and written again, or is refused with an error. */
  copy = _signet_tuf_metadata_copy (md);
  written = _signet_tuf_metadata_to_json (copy, &error);
  if (written == NULL && (error == NULL || error->domain != SIGNET_ERROR))
    abort ();
  return 0;
}
