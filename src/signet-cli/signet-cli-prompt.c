/* signet-cli-prompt.c: terminal passphrase prompts for the CLI.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "signet-cli-keys.h"
#include "signet-cli-private.h"
#include "signet-error.h"

#define MAX_SECRET 4096
#define MAX_STDIN_SECRET 8192

static SignetSecret *
read_tty (const char *prompt,
          gboolean    echo)
{
  g_autoptr(SignetSecret) buf = NULL;
  struct termios old, noecho;
  char *data;
  gsize n = 0;
  gboolean restored = TRUE;
  int fd;

  /* Like notary: prompt only when standard input is a terminal (scripts get an error). */
  if (!isatty (STDIN_FILENO))
    return NULL;
  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return NULL;

  if (write (fd, prompt, strlen (prompt)) < 0)
    {
      close (fd);
      return NULL;
    }
  if (!echo && tcgetattr (fd, &old) == 0)
    {
      noecho = old;
      noecho.c_lflag &= ~(ECHO | ECHONL);
      noecho.c_lflag |= ICANON;
      if (tcsetattr (fd, TCSAFLUSH, &noecho) == 0)
        restored = FALSE;
    }

  buf = signet_secret_new_sized (MAX_SECRET);
  data = signet_secret_get_data (buf);
  for (;;)
    {
      char c;
      ssize_t r = read (fd, &c, 1);

      if (r <= 0 || c == '\n' || c == '\r')
        break;
      if (n < MAX_SECRET)
        data[n++] = c;
    }

  if (!restored)
    {
      tcsetattr (fd, TCSAFLUSH, &old);
      if (write (fd, "\n", 1) < 0)
        {
          /* nothing to do */
        }
    }
  close (fd);

  {
    SignetSecret *out = signet_secret_new (data, n);
    return out;
  }
}

SignetSecret *
signet_cli_read_secret (const char *prompt)
{
  return read_tty (prompt, FALSE);
}

char *
signet_cli_read_line (const char *prompt)
{
  g_autoptr(SignetSecret) s = read_tty (prompt, TRUE);

  return s ? g_strdup (signet_secret_get (s, NULL)) : NULL;
}

static void
terminal_prompt (SignetPassphraseRequest *request,
                 gpointer                 user_data)
{
  const char *role = _signet_passphrase_request_get_role (request);
  const char *gun = _signet_passphrase_request_get_gun (request);
  const char *id = _signet_passphrase_request_get_key_id (request);
  g_autofree char *short_id = g_strndup (id ? id : "", 7);
  g_autofree char *what = NULL;
  g_autofree char *prompt = NULL;
  g_autoptr(SignetSecret) pass = NULL;
  gboolean remember = FALSE;

  if (gun != NULL)
    what = g_strdup_printf (_("the %s key %s of %s"), role ? role : "signing", short_id, gun);
  else
    what = g_strdup_printf (_("the %s key %s"), role ? role : "signing", short_id);

  if (_signet_passphrase_request_get_creating (request))
    {
      g_autoptr(SignetSecret) again = NULL;

      for (guint tries = 0; tries < 3; tries++)
        {
          prompt = g_strdup_printf (_("Enter a passphrase for %s: "), what);
          g_clear_pointer (&pass, signet_secret_unref);
          pass = signet_cli_read_secret (prompt);
          g_clear_pointer (&prompt, g_free);
          if (pass == NULL)
            break;
          if (signet_secret_get_length (pass) < 8)
            {
              fprintf (stderr, _("The passphrase must have at least 8 characters.\n"));
              g_clear_pointer (&pass, signet_secret_unref);
              continue;
            }
          again = signet_cli_read_secret (_("Repeat the passphrase: "));
          if (again != NULL && signet_secret_equal (pass, again))
            break;
          fprintf (stderr, _("The passphrases do not match.\n"));
          g_clear_pointer (&again, signet_secret_unref);
          g_clear_pointer (&pass, signet_secret_unref);
        }
    }
  else
    {
      if (_signet_passphrase_request_get_attempt (request) > 0)
        fprintf (stderr, _("Wrong passphrase for %s. Please try again.\n"), what);
      prompt = g_strdup_printf (_("Enter the passphrase of %s: "), what);
      pass = signet_cli_read_secret (prompt);
    }

  if (pass == NULL && !isatty (STDIN_FILENO))
    fprintf (stderr, _("No terminal to ask for the passphrase of %s; set %s.\n"), what,
             _signet_passphrase_env_vars (role)[0]);

  if (pass != NULL && _signet_passphrase_request_can_remember (request))
    {
      g_autofree char *answer = signet_cli_read_line (_("Remember this passphrase in the keyring? [y/N] "));
      remember = answer != NULL && (answer[0] == 'y' || answer[0] == 'Y');
    }

  _signet_passphrase_request_reply (request, pass, remember);
}

SignetPassphraseChain *
signet_cli_passphrase_chain (void)
{
  SignetPassphraseChain *chain = _signet_passphrase_chain_new ();

  /* SIGNET_NO_KEYRING=1 keeps scripts and tests off the session keyring. */
  if (g_strcmp0 (g_getenv ("SIGNET_NO_KEYRING"), "1") == 0 || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    _signet_passphrase_chain_set_use_keyring (chain, FALSE);
  _signet_passphrase_chain_set_prompt (chain, terminal_prompt, NULL, NULL);
  return chain;
}

SignetSecret *
signet_cli_read_stdin_secret (const char  *empty_message,
                              GError     **error)
{
  g_autoptr(SignetSecret) buf = signet_secret_new_sized (MAX_STDIN_SECRET);
  char *data = signet_secret_get_data (buf);
  gsize n = 0;
  ssize_t r;

  while (n < MAX_STDIN_SECRET && (r = read (STDIN_FILENO, data + n, MAX_STDIN_SECRET - n)) > 0)
    n += r;
  while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
    n--;
  if (n == 0)
    {
      g_set_error_literal (error, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT, empty_message);
      return NULL;
    }
  return signet_secret_new (data, n);
}
