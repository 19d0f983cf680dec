#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""jianguan-cli sign-in with a real Secret Service (gnome-keyring).

The other tests run without a session bus, so the account code falls back to
keeping the token in memory. This one runs itself again inside its own
`dbus-run-session`, starts `gnome-keyring-daemon --unlock --components=secrets`
there (which creates and unlocks the "login" collection, the default one) and
a real `jianguan-server --demo` on 127.0.0.1, and checks what a user notices:
the token is kept in the keyring across processes, the password is kept
nowhere, and signing out removes the token.

Without gnome-keyring, dbus-run-session, secret-tool or gdbus (Debian:
gnome-keyring, dbus-bin, libsecret-tools, libglib2.0-bin;
build-aux/install-deps.sh installs them) the test is skipped, except under
CI=true, where it fails.
"""
import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import clitest

CLI = clitest.CLI
SERVER = clitest.SERVER
PASSWORD = clitest.DEMO_PASSWORD
KEYRING_PASSWORD = "keyring-test-pw"
SCHEMA = "com.jieyang.Jianguan.Token"
TOOLS = ("dbus-run-session", "gnome-keyring-daemon", "secret-tool", "gdbus")
INNER = "JIANGUAN_KEYRING_TEST_ROOT"
NO_KEYRING = "no keyring is available"


# --- outside the session: check the tools, then run again in dbus-run-session ---

def outer():
    if not CLI or not SERVER:
        print("JIANGUAN_CLI_BIN and JIANGUAN_SERVER_BIN must be set (meson test sets them)",
              file=sys.stderr)
        return 1
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        message = ("cannot test the keyring: %s not found. Install the Debian packages "
                   "gnome-keyring, libsecret-tools, dbus-bin and libglib2.0-bin (build-aux/install-deps.sh)."
                   % ", ".join(missing))
        if os.environ.get("CI", "").lower() == "true":
            print("FAIL: " + message + " CI=true, so this is a failure.", file=sys.stderr)
            return 1
        print("SKIP: " + message, file=sys.stderr)
        return 77  # meson's "skipped"

    with tempfile.TemporaryDirectory(prefix="jianguan-keyring-") as root:
        env = dict(os.environ)
        env[INNER] = root
        # Private XDG dirs and home for everyone in the session: the keyring's
        # files, the CLI's database and settings all land under root.
        for var, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"),
                         ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                         ("XDG_RUNTIME_DIR", "runtime")):
            path = os.path.join(root, sub)
            os.makedirs(path, mode=0o700)
            env[var] = path
        for var in ("DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK",
                    "JIANGUAN_SERVER"):
            env.pop(var, None)
        result = subprocess.run(["dbus-run-session", "--", sys.executable,
                                 os.path.abspath(__file__), *sys.argv[1:]],
                                env=env, timeout=280)
        return result.returncode


# --- inside the session ------------------------------------------------------

def gdbus(*args):
    return subprocess.run(["gdbus", "call", "--session", *args],
                          capture_output=True, text=True, timeout=30)


def start_keyring(root):
    """gnome-keyring-daemon with the login collection created and unlocked."""
    log = open(os.path.join(root, "gnome-keyring.log"), "w+")
    proc = subprocess.Popen(["gnome-keyring-daemon", "--unlock", "--foreground",
                             "--components=secrets"],
                            stdin=subprocess.PIPE, stdout=log, stderr=log)
    proc.stdin.write(KEYRING_PASSWORD.encode())
    proc.stdin.close()

    def why():
        log.seek(0)
        return "gnome-keyring-daemon did not start: %s" % log.read()

    deadline = time.time() + 30
    owned = False
    while time.time() < deadline and proc.poll() is None:
        out = gdbus("--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                    "--method", "org.freedesktop.DBus.GetNameOwner", "org.freedesktop.secrets")
        if out.returncode == 0:
            owned = True
            break
        time.sleep(0.1)
    if not owned:
        proc.kill()
        raise RuntimeError(why())

    # Our daemon, not one started by D-Bus activation (which would be locked).
    out = gdbus("--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                "--method", "org.freedesktop.DBus.GetConnectionUnixProcessID",
                "org.freedesktop.secrets")
    if proc.poll() is not None or "uint32 %d" % proc.pid not in out.stdout:
        proc.kill()
        raise RuntimeError(why() + " (the Secret Service is %s)" % out.stdout.strip())

    out = gdbus("--dest", "org.freedesktop.secrets", "--object-path", "/org/freedesktop/secrets",
                "--method", "org.freedesktop.Secret.Service.ReadAlias", "default")
    match = re.search(r"objectpath '(/org/freedesktop/secrets/collection/\w+)'", out.stdout)
    if not match or match.group(1) == "/":
        proc.kill()
        raise RuntimeError("the keyring has no default collection: %s %s"
                           % (out.stdout, out.stderr))
    out = gdbus("--dest", "org.freedesktop.secrets", "--object-path", match.group(1),
                "--method", "org.freedesktop.DBus.Properties.Get",
                "org.freedesktop.Secret.Collection", "Locked")
    if out.stdout.strip() != "(<false>,)":
        proc.kill()
        raise RuntimeError("the default collection %s is not unlocked: %s %s"
                           % (match.group(1), out.stdout, out.stderr))
    return proc, log


def parse_items(text):
    """secret-tool search --all output → list of {label, secret, attribute.*}."""
    items = []
    for line in text.splitlines():
        if line.startswith("["):
            items.append({})
        elif " = " in line and items:
            key, value = line.split(" = ", 1)
            items[-1][key] = value
    return items


class KeyringTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = os.environ[INNER]
        cls.xdg_dirs = [os.environ[v] for v in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                                "XDG_CACHE_HOME", "XDG_RUNTIME_DIR")]
        cls.keyring, cls.keyring_log = start_keyring(cls.root)
        cls.server_dir = os.path.join(cls.root, "server")
        os.makedirs(cls.server_dir)
        try:
            cls.server, cls.url = clitest.start_server(cls.server_dir, "--demo", env=clitest.FAST_PWHASH)
        except Exception:
            cls.keyring.terminate()
            cls.keyring.wait()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait()
        cls.keyring.terminate()
        cls.keyring.wait()
        cls.keyring_log.close()

    def setUp(self):
        # Each test starts signed out, with no Jianguan files and no tokens.
        # (secret-tool clear exits 1 when nothing matched.)
        subprocess.run(["secret-tool", "clear", "xdg:schema", SCHEMA], timeout=30)
        self.assertEqual(self.items(), [])
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            shutil.rmtree(os.path.join(os.environ[var], "jianguan"), ignore_errors=True)

    # --- helpers ---

    def run_cli(self, *args, password=None):
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="C")
        return subprocess.run([CLI, *args], env=env, capture_output=True, text=True,
                              input=password if password is not None else "", timeout=120)

    def login(self, user):
        out = self.run_cli("login", "--server", self.url, user, password=PASSWORD + "\n")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("Signed in as %s" % user, out.stdout)
        # The token went to the keyring: no in-memory fallback warning.
        self.assertNotIn(NO_KEYRING, out.stderr)
        self.assertNotIn(NO_KEYRING, out.stdout)
        return out

    def items(self, **attributes):
        """The Jianguan tokens in the keyring, with their secrets."""
        args = ["xdg:schema", SCHEMA]
        for key, value in attributes.items():
            args += [key, value]
        out = subprocess.run(["secret-tool", "search", "--all", "--unlock", *args],
                             capture_output=True, text=True, timeout=30)
        # secret-tool prints the items on stdout and their secrets on stdout too
        # (older versions put the secret line on stderr); read both.
        return parse_items(out.stdout + "\n" + out.stderr)

    def token_item(self, user):
        found = self.items(server=self.url, username=user)
        self.assertEqual(len(found), 1, "expected one keyring item for %s, found %r"
                         % (user, found))
        return found[0]

    def assert_synced(self, *args):
        out = self.run_cli("--server", self.url, "sync", *args)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stdout, r"Sent \d+ records?: \d+ accepted, \d+ rejected")
        self.assertNotIn("not signed in", out.stderr)
        return out

    def assert_not_signed_in(self, user):
        out = self.run_cli("--server", self.url, "sync", "--user", user)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("You are not signed in as %s. Sign in to send records" % user, out.stderr)

    def files(self):
        for top in self.xdg_dirs:
            for d, _, fs in os.walk(top):
                for f in fs:
                    path = os.path.join(d, f)
                    if os.path.isfile(path) and not os.path.islink(path):
                        yield path

    # --- tests ---

    def test_login_keeps_the_token_in_the_keyring(self):
        self.login("rc-admin")
        item = self.token_item("rc-admin")
        self.assertEqual(item.get("attribute.server"), self.url)
        self.assertEqual(item.get("attribute.username"), "rc-admin")
        token = item.get("secret", "")
        self.assertGreaterEqual(len(token), 16, item)
        self.assertNotEqual(token, PASSWORD)
        self.assertNotIn(PASSWORD, token)
        for key, value in item.items():
            self.assertNotIn(PASSWORD, value, key)
        # The label tells a person in Passwords and Keys what the item is.
        self.assertIn("Jianguan", item.get("label", ""))
        self.assertIn("rc-admin", item.get("label", ""))
        # The keyring item is in the unlocked login collection, which persists.
        self.assertTrue(os.path.exists(os.path.join(os.environ["XDG_DATA_HOME"],
                                                    "keyrings", "login.keyring")))

    def test_a_new_process_is_signed_in_from_the_keyring(self):
        self.login("rc-admin")
        token = self.token_item("rc-admin")["secret"]
        # Separate processes: only the keyring can tell them the token.
        self.assert_synced()
        out = self.run_cli("--server", self.url, "status")
        self.assertEqual(out.returncode, 0, out.stderr)
        fields = dict(line.split("\t", 1) for line in out.stdout.splitlines())
        self.assertEqual(fields["records-last-result"], "ok")
        self.assertNotEqual(fields["last-sync"], "never")
        self.assertEqual(self.token_item("rc-admin")["secret"], token)
        # Nothing but the keyring holds it: without the item, no sign-in.
        subprocess.run(["secret-tool", "clear", "xdg:schema", SCHEMA, "server", self.url,
                        "username", "rc-admin"], check=True, timeout=30)
        self.assertEqual(self.items(), [])
        self.assert_not_signed_in("rc-admin")

    def test_the_password_is_kept_nowhere(self):
        self.login("rc-admin")
        self.assert_synced()
        self.login("hj-admin")
        tokens = [self.token_item(u)["secret"] for u in ("rc-admin", "hj-admin")]
        needles = [PASSWORD.encode(), base64.b64encode(PASSWORD.encode()),
                   PASSWORD.encode("utf-16-le")]
        checked = 0
        for path in self.files():
            with open(path, "rb") as f:
                data = f.read()
            checked += 1
            for needle in needles:
                self.assertNotIn(needle, data, "the password is in %s" % path)
            # The tokens are secrets too: only the (encrypted) keyring has them.
            for token in tokens:
                self.assertNotIn(token.encode(), data, "a token is in plain text in %s" % path)
        self.assertGreater(checked, 2)
        for item in self.items():
            for key, value in item.items():
                self.assertNotIn(PASSWORD, value, key)

    def test_logout_removes_the_token(self):
        self.login("rc-admin")
        self.token_item("rc-admin")
        out = self.run_cli("--server", self.url, "logout")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("Signed out rc-admin", out.stdout)
        self.assertEqual(self.items(), [])
        # The next sync asks to sign in, as the CLI does today.
        out = self.run_cli("--server", self.url, "sync")
        self.assertEqual(out.returncode, 2, out.stdout + out.stderr)
        self.assertIn("Nobody is signed in. Use “jianguan-cli login --server URL USER” first.",
                      out.stderr)
        self.assert_not_signed_in("rc-admin")

    def test_two_accounts_keep_separate_tokens(self):
        self.login("rc-admin")
        self.login("hj-admin")
        rc = self.token_item("rc-admin")["secret"]
        hj = self.token_item("hj-admin")["secret"]
        self.assertNotEqual(rc, hj)
        self.assertEqual(len(self.items()), 2)
        self.assert_synced("--user", "rc-admin")
        self.assert_synced("--user", "hj-admin")

        # logout signs out the last account signed in, hj-admin, only.
        out = self.run_cli("--server", self.url, "logout")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("Signed out hj-admin", out.stdout)
        self.assertEqual(self.items(username="hj-admin"), [])
        self.assertEqual(self.token_item("rc-admin")["secret"], rc)
        self.assert_not_signed_in("hj-admin")
        self.assert_synced("--user", "rc-admin")

    def test_logout_with_another_spelling_of_the_server_removes_the_token(self):
        """The token is keyed by one spelling of the server address, as the
        account's database is: "http://host:port" and "http://host:port/"
        are the same account for sync and for sign-out."""
        self.login("rc-admin")
        other = self.url[:-1] if self.url.endswith("/") else self.url + "/"
        out = self.run_cli("--server", other, "logout")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("Signed out rc-admin", out.stdout)
        self.assertEqual(self.items(), [])


if __name__ == "__main__":
    if INNER not in os.environ:
        sys.exit(outer())
    unittest.main(verbosity=2)
