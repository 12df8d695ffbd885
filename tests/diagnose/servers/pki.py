"""The diagnose tests' CA: the real servers' one (tests/realservers/pki.py), under its old name."""

from __future__ import annotations

from tests.realservers.pki import CertFiles as IssuedCert
from tests.realservers.pki import CertificateAuthority as TestCA

__all__ = ["IssuedCert", "TestCA"]
