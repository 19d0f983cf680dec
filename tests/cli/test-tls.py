#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTPS with a government-extranet CA, against a real jianguan-server.

The test makes its own certificate authority and a server certificate for
127.0.0.1 with openssl, starts `jianguan-server --tls-cert --tls-key`, and
checks what an administrator notices: without the CA file nothing is
downloaded and the error says why; with the CA file (the `--ca-file`
option, the same core code as the Preferences setting) the catalogue
downloads and records are sent; a CA file of another authority is refused
too; a CA file that is not a certificate gives a clear error. TLS
verification is never switched off.
"""
import os
import shutil
import subprocess
import unittest

import clitest

CLI = clitest.CLI
PASSWORD = clitest.DEMO_PASSWORD


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_ca(directory, name):
    """A self-signed certificate authority: NAME-ca.pem, NAME-ca.key."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN=Jianguan test CA {name}",
            "-keyout", f"{name}-ca.key", "-out", f"{name}-ca.pem", cwd=directory)


def make_server_cert(directory, ca):
    """server.pem/server.key for 127.0.0.1, signed by CA."""
    with open(os.path.join(directory, "san.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", "server.key", "-out", "server.csr", cwd=directory)
    openssl("x509", "-req", "-in", "server.csr", "-CA", f"{ca}-ca.pem", "-CAkey", f"{ca}-ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", "server.pem",
            cwd=directory)


class TlsTest(clitest.CliCase):
    PREFIX = "jianguan-tls-"
    SERVER_ENV = clitest.FAST_PWHASH

    @classmethod
    def setUpClass(cls):
        if shutil.which("openssl") is None:
            message = "openssl is not installed (build-aux/install-deps.sh installs it)"
            if os.environ.get("CI", "").lower() == "true":
                raise RuntimeError(message)
            raise unittest.SkipTest(message)
        super().setUpClass()

    @classmethod
    def server_args(cls):
        """Our own CA and the server's certificate, made for this run."""
        cls.certs = os.path.join(cls.tmp.name, "certs")
        os.makedirs(cls.certs)
        make_ca(cls.certs, "extranet")
        make_ca(cls.certs, "other")
        make_server_cert(cls.certs, "extranet")
        return ("--demo", "--tls-cert", os.path.join(cls.certs, "server.pem"),
                "--tls-key", os.path.join(cls.certs, "server.key"))

    def cli(self, *args, stdin=None):
        env = dict(os.environ, XDG_DATA_HOME=self.home, XDG_CONFIG_HOME=self.home,
                   LC_ALL="C.UTF-8", LANG="C.UTF-8",
                   # No Secret Service: the sign-in lasts for the command.
                   DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/jianguan-tls-test")
        env.pop("JIANGUAN_SERVER", None)
        return subprocess.run([CLI, "--server", self.url, *args], env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    def ca(self, name):
        return os.path.join(self.certs, f"{name}-ca.pem")

    def test_server_speaks_https(self):
        self.assertTrue(self.url.startswith("https://127.0.0.1:"), self.url)

    def test_without_the_ca_nothing_is_downloaded(self):
        out = self.cli("sync-catalogue")
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertRegex(out.stderr, r"(?i)certificate")
        self.assertIn("--ca-file", out.stderr)   # what to do about it, in the CLI's terms
        status = self.cli("status")
        self.assertNotRegex(status.stdout, r"sub-items\s+[1-9]")

    def test_with_the_ca_file_the_catalogue_downloads(self):
        out = self.cli("--ca-file", self.ca("extranet"), "sync-catalogue")
        self.assertEqual(out.returncode, 0, out.stderr)
        search = self.cli("--ca-file", self.ca("extranet"), "search", "食品")
        self.assertEqual(search.returncode, 0, search.stderr)
        self.assertGreater(len(search.stdout.splitlines()), 0)

    def test_another_authority_is_refused(self):
        out = self.cli("--ca-file", self.ca("other"), "sync-catalogue")
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertRegex(out.stderr, r"(?i)certificate")

    def test_a_ca_file_that_is_not_a_certificate(self):
        bogus = os.path.join(self.home, "not-a-cert.pem")
        with open(bogus, "w") as f:
            f.write("not a certificate\n")
        out = self.cli("--ca-file", bogus, "sync-catalogue")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("not-a-cert.pem", out.stderr)

    def test_sign_in_and_send_over_https(self):
        out = self.cli("--ca-file", self.ca("extranet"), "sync", "--user", "rc-admin",
                       "--password-stdin", stdin=PASSWORD + "\n")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("Sent 0 records", out.stdout)
        refused = self.cli("login", "rc-admin", stdin=PASSWORD + "\n")
        self.assertNotEqual(refused.returncode, 0, "signed in without trusting the CA")
        self.assertRegex(refused.stderr, r"(?i)certificate")


if __name__ == "__main__":
    unittest.main(verbosity=2)
