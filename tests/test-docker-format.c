/* test-docker-format.c: `docker trust inspect` output rules.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected texts follow docker's code paths (json.Marshal + json.Indent with four
 * spaces; tabwriter minwidth 10 padding 3). The interop suite compares against the real
 * `docker trust inspect` on the testbed.
 */

#include "config.h"

#include <string.h>

#include "signet-docker-format-private.h"

#define D1 "3f2a000000000000000000000000000000000000000000000000000000000001"
#define D2 "9b0c000000000000000000000000000000000000000000000000000000000002"
#define K1 "aaaa11112222333344445555666677778888999900001111222233334444ffff"
#define K2 "bbbb11112222333344445555666677778888999900001111222233334444ffff"
#define KR "cccc11112222333344445555666677778888999900001111222233334444ffff"
#define KT "dddd11112222333344445555666677778888999900001111222233334444ffff"

static SignetDockerTrustInfo *
make_info (void)
{
  SignetDockerTrustInfo *info = _signet_docker_trust_info_new ("127.0.0.1:5000/demo/web");
  SignetDockerTagRow *row;
  SignetDockerSigner *signer;

  row = _signet_docker_trust_info_add_tag (info, "v10", D1);
  g_ptr_array_add (row->signers, g_strdup ("bob"));
  g_ptr_array_add (row->signers, g_strdup ("alice"));
  _signet_docker_trust_info_add_tag (info, "v2", D2);

  signer = _signet_docker_trust_info_add_signer (info, "alice");
  g_ptr_array_add (signer->key_ids, g_strdup (K2));
  g_ptr_array_add (signer->key_ids, g_strdup (K1));
  _signet_docker_trust_info_add_signer (info, "bob");

  g_ptr_array_add (info->root_keys, g_strdup (KR));
  g_ptr_array_add (info->repo_keys, g_strdup (KT));

  return info;
}

static void
test_natural_order (void)
{
  g_assert_cmpint (_signet_natural_compare ("v2", "v10"), <, 0);
  g_assert_cmpint (_signet_natural_compare ("v10", "v2"), >, 0);
  g_assert_cmpint (_signet_natural_compare ("abc2", "abc12"), <, 0);
  g_assert_cmpint (_signet_natural_compare ("2", "02"), <, 0);   /* fewer zeros first */
  g_assert_cmpint (_signet_natural_compare ("ab1", "abc1"), <, 0);  /* digits first */
  g_assert_cmpint (_signet_natural_compare ("1.0", "1.0-rc"), <, 0);
  g_assert_cmpint (_signet_natural_compare ("latest", "latest"), ==, 0);
  g_assert_cmpint (_signet_natural_compare ("B", "a"), <, 0);    /* bytewise, not folded */
}

static void
test_json (void)
{
  g_autoptr(SignetDockerTrustInfo) info = make_info ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();
  g_autofree char *json = NULL;
  const char *expected =
    "[\n"
    "    {\n"
    "        \"Name\": \"127.0.0.1:5000/demo/web\",\n"
    "        \"SignedTags\": [\n"
    "            {\n"
    "                \"SignedTag\": \"v2\",\n"
    "                \"Digest\": \"" D2 "\",\n"
    "                \"Signers\": [\n"
    "                    \"Repo Admin\"\n"
    "                ]\n"
    "            },\n"
    "            {\n"
    "                \"SignedTag\": \"v10\",\n"
    "                \"Digest\": \"" D1 "\",\n"
    "                \"Signers\": [\n"
    "                    \"bob\",\n"
    "                    \"alice\"\n"
    "                ]\n"
    "            }\n"
    "        ],\n"
    "        \"Signers\": [\n"
    "            {\n"
    "                \"Name\": \"bob\"\n"
    "            },\n"
    "            {\n"
    "                \"Name\": \"alice\",\n"
    "                \"Keys\": [\n"
    "                    {\n"
    "                        \"ID\": \"" K2 "\"\n"
    "                    },\n"
    "                    {\n"
    "                        \"ID\": \"" K1 "\"\n"
    "                    }\n"
    "                ]\n"
    "            }\n"
    "        ],\n"
    "        \"AdministrativeKeys\": [\n"
    "            {\n"
    "                \"Name\": \"Root\",\n"
    "                \"Keys\": [\n"
    "                    {\n"
    "                        \"ID\": \"" KR "\"\n"
    "                    }\n"
    "                ]\n"
    "            },\n"
    "            {\n"
    "                \"Name\": \"Repository\",\n"
    "                \"Keys\": [\n"
    "                    {\n"
    "                        \"ID\": \"" KT "\"\n"
    "                    }\n"
    "                ]\n"
    "            }\n"
    "        ]\n"
    "    }\n"
    "]\n";

  g_ptr_array_add (infos, info);
  json = _signet_docker_inspect_json (infos);
  g_assert_cmpstr (json, ==, expected);
}

static void
test_json_empty_and_escaping (void)
{
  g_autoptr(SignetDockerTrustInfo) info = _signet_docker_trust_info_new ("x/y");
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();
  g_autofree char *empty = _signet_docker_inspect_json (none);
  g_autofree char *json = NULL;

  g_assert_cmpstr (empty, ==, "[]\n");

  _signet_docker_trust_info_add_tag (info, "v3<\xc3\xa9>&\n", D1);
  g_ptr_array_add (info->root_keys, g_strdup (KR));
  g_ptr_array_add (info->repo_keys, g_strdup (KT));
  g_ptr_array_add (infos, info);
  json = _signet_docker_inspect_json (infos);

  g_assert_nonnull (strstr (json, "\"SignedTag\": \"v3\\u003c\xc3\xa9\\u003e\\u0026\\n\""));
  g_assert_nonnull (strstr (json, "        \"Signers\": [],\n"));
}

static void
test_pretty (void)
{
  g_autoptr(SignetDockerTrustInfo) info = make_info ();
  g_autofree char *text = _signet_docker_inspect_pretty (info);
  const char *expected =
    "\nSignatures for 127.0.0.1:5000/demo/web\n\n"
    "SIGNED TAG   DIGEST                                                             SIGNERS\n"
    "v2           " D2 "   (Repo Admin)\n"
    "v10          " D1 "   alice, bob\n"
    "\nList of signers and their keys for 127.0.0.1:5000/demo/web\n\n"
    "SIGNER    KEYS\n"
    "alice     aaaa11112222, bbbb11112222\n"
    "bob       \n"
    "\nAdministrative keys for 127.0.0.1:5000/demo/web\n\n"
    "  Repository Key:\t" KT "\n"
    "  Root Key:\t" KR "\n";

  g_assert_cmpstr (text, ==, expected);
}

static void
test_pretty_no_signatures (void)
{
  g_autoptr(SignetDockerTrustInfo) info = _signet_docker_trust_info_new ("r/unsigned");
  g_autofree char *text = NULL;

  g_ptr_array_add (info->root_keys, g_strdup (KR));
  g_ptr_array_add (info->repo_keys, g_strdup (KT));
  text = _signet_docker_inspect_pretty (info);
  g_assert_cmpstr (text, ==,
                   "\nNo signatures for r/unsigned\n\n"
                   "\nAdministrative keys for r/unsigned\n\n"
                   "  Repository Key:\t" KT "\n"
                   "  Root Key:\t" KR "\n");
}

/* The order as first written (with lengths up front), kept here as the reference. */
static int
reference_natural_compare (const char *a,
                           const char *b)
{
  gsize la = strlen (a), lb = strlen (b), i = 0, j = 0;

  while (i < la && j < lb)
    {
      gboolean da = g_ascii_isdigit (a[i]), db = g_ascii_isdigit (b[j]);

      if (da != db)
        return da ? -1 : 1;
      if (!da)
        {
          if (a[i] != b[j])
            return (guchar) a[i] < (guchar) b[j] ? -1 : 1;
          i++;
          j++;
        }
      else
        {
          gsize nz_a, nz_b, len_a, len_b;
          int cmp;

          while (i < la && a[i] == '0')
            i++;
          while (j < lb && b[j] == '0')
            j++;
          nz_a = i;
          nz_b = j;
          while (i < la && g_ascii_isdigit (a[i]))
            i++;
          while (j < lb && g_ascii_isdigit (b[j]))
            j++;
          len_a = i - nz_a;
          len_b = j - nz_b;
          if (len_a != len_b)
            return len_a < len_b ? -1 : 1;
          cmp = memcmp (a + nz_a, b + nz_b, len_a);
          if (cmp != 0)
            return cmp < 0 ? -1 : 1;
          if (nz_a != nz_b)
            return nz_a < nz_b ? -1 : 1;
        }
    }
  if (la - i == lb - j)
    return 0;
  return la < lb ? -1 : 1;
}

static void
test_natural_order_exhaustive (void)
{
  static const char alphabet[] = "0019a.-\xc3";
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (42);

  g_ptr_array_add (words, g_strdup (""));
  for (guint n = 0; n < 3000; n++)
    {
      guint len = g_rand_int_range (rand, 1, 8);
      char *w = g_malloc (len + 1);

      for (guint k = 0; k < len; k++)
        w[k] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      w[len] = '\0';
      g_ptr_array_add (words, w);
    }
  for (guint i = 0; i < words->len; i++)
    for (guint j = 0; j < 60; j++)
      {
        const char *a = g_ptr_array_index (words, i);
        const char *b = g_ptr_array_index (words, (i * 7 + j * 131) % words->len);

        g_assert_cmpint (_signet_natural_compare (a, b), ==, reference_natural_compare (a, b));
        g_assert_cmpint (_signet_natural_compare (b, a), ==, reference_natural_compare (b, a));
      }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Signet/Unit/docker-format/natural-order", test_natural_order);
  g_test_add_func ("/Signet/Unit/docker-format/natural-order-reference", test_natural_order_exhaustive);
  g_test_add_func ("/Signet/Unit/docker-format/json", test_json);
  g_test_add_func ("/Signet/Unit/docker-format/json-empty-escaping", test_json_empty_and_escaping);
  g_test_add_func ("/Signet/Unit/docker-format/pretty", test_pretty);
  g_test_add_func ("/Signet/Unit/docker-format/pretty-no-signatures", test_pretty_no_signatures);

  return g_test_run ();
}
