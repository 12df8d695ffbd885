"""Received fields as each mail system writes them (from their documented formats)."""

from __future__ import annotations

import pytest

from postdesk.inspect.received import parse_received

# (field as written, mta, helo, ip, by, ISO time). Written from each system's
# documented format: Postfix smtpd/cleanup, Exim's received_header_text,
# sendmail's cf default, qmail-smtpd/qmail-queue, Exchange, Gmail, Coremail,
# Tencent, NetEase, Domino.
FIELDS = [
    (
        "from mail.example.com (mail.example.com [192.0.2.1])\n\tby mx.example.org (Postfix) "
        "with ESMTPS id 4TAbc1234Z\n\tfor <u@example.org>; Mon,  1 Jan 2024 10:00:00 +0800 (CST)",
        "postfix",
        "mail.example.com",
        "192.0.2.1",
        "mx.example.org",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "from helo.example.com (mail.example.com [192.0.2.1])\n\t(using TLSv1.3 with cipher "
        "TLS_AES_256_GCM_SHA384 (256/256 bits)\n\t key-exchange X25519 server-signature RSA-PSS "
        "(2048 bits) server-digest SHA256)\n\t(No client certificate requested)\n\tby "
        "mx.example.org (Postfix) with ESMTPS id 4TAbc\n\tfor <u@example.org>; "
        "Mon,  1 Jan 2024 10:00:00 +0800 (CST)",
        "postfix",
        "helo.example.com",
        "192.0.2.1",
        "mx.example.org",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "by host.example.org (Postfix, from userid 1000)\n\tid 4TAbc; Mon,  1 Jan 2024 "
        "10:00:00 +0800 (CST)",
        "postfix",
        "",
        "",
        "host.example.org",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "from [192.0.2.1] (helo=mail.example.com)\n\tby mx.example.org with esmtps  (TLS1.3) "
        "tls TLS_AES_256_GCM_SHA384\n\t(Exim 4.96)\n\t(envelope-from <a@example.com>)\n\tid "
        "1qABCD-000123-AB\n\tfor u@example.org;\n\tMon, 01 Jan 2024 10:00:00 +0000",
        "exim",
        "mail.example.com",
        "192.0.2.1",
        "mx.example.org",
        "2024-01-01T10:00:00+00:00",
    ),
    (
        "from mail.example.com ([192.0.2.1]:54321 helo=smtp.example.com)\n\tby mx.example.org "
        "with esmtp (Exim 4.96)\n\t(envelope-from <a@example.com>)\n\tid 1qABCD-000123-AB; "
        "Mon, 01 Jan 2024 10:00:00 +0000",
        "exim",
        "smtp.example.com",
        "192.0.2.1",
        "mx.example.org",
        "2024-01-01T10:00:00+00:00",
    ),
    (
        "from mail.example.com (mail.example.com [192.0.2.1])\n\tby mx.example.org "
        "(8.17.1/8.17.1) with ESMTPS id 401A0abc012345\n\t(version=TLSv1.3 "
        "cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT)\n\tfor <u@example.org>; "
        "Mon, 1 Jan 2024 10:00:00 +0800",
        "sendmail",
        "mail.example.com",
        "192.0.2.1",
        "mx.example.org",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "from mail.example.com ([IPv6:2001:db8::1]) by mx.example.org (8.15.2/8.15.2) with "
        "ESMTP id x; Mon, 1 Jan 2024 10:00:00 +0800",
        "sendmail",
        "mail.example.com",
        "2001:db8::1",
        "mx.example.org",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "(qmail 12345 invoked from network); 1 Jan 2024 10:00:00 -0000",
        "qmail",
        "",
        "",
        "",
        "2024-01-01T10:00:00+00:00",
    ),
    (
        "from unknown (HELO mail.example.com) (192.0.2.1)\n  by mx.example.org with SMTP; "
        "1 Jan 2024 10:00:00 -0000",
        "qmail",
        "mail.example.com",
        "192.0.2.1",
        "mx.example.org",
        "2024-01-01T10:00:00+00:00",
    ),
    (
        "from EXCH01.corp.example.com (10.0.0.1) by EXCH02.corp.example.com (10.0.0.2) with "
        "Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) "
        "id 15.1.2507.35; Mon, 1 Jan 2024 10:00:00 +0800",
        "exchange",
        "EXCH01.corp.example.com",
        "10.0.0.1",
        "EXCH02.corp.example.com",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:1::12) by "
        "AM0PR01MB5678.eurprd01.prod.exchangelabs.com with HTTPS; Mon, 1 Jan 2024 "
        "10:00:00 +0000",
        "exchange",
        "AM0PR01MB1234.eurprd01.prod.exchangelabs.com",
        "2603:10a6:208:1::12",
        "AM0PR01MB5678.eurprd01.prod.exchangelabs.com",
        "2024-01-01T10:00:00+00:00",
    ),
    (
        "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])\n        by "
        "mx.google.com with SMTPS id a1sor123456.2024.01.01.02.00.00\n        for "
        "<u@gmail.com>\n        (Google Transport Security);\n        Mon, 01 Jan 2024 "
        "02:00:00 -0800 (PST)",
        "gmail",
        "mail-sor-f41.google.com",
        "209.85.220.41",
        "mx.google.com",
        "2024-01-01T02:00:00-08:00",
    ),
    (
        "by 2002:a05:6a10:1234:b0:4a1:2345:6789 with SMTP id x12csp123456pxb;\n        Mon, 1 "
        "Jan 2024 02:00:00 -0800 (PST)",
        "gmail",
        "",
        "",
        "2002:a05:6a10:1234:b0:4a1:2345:6789",
        "2024-01-01T02:00:00-08:00",
    ),
    (
        "from localhost (unknown [198.51.100.4])\n\tby smtp1 (Coremail) with SMTP id "
        "GdxpCgD3_abc-2Xl1abcAA--.12345S2;\n\tMon, 01 Jan 2024 10:00:00 +0800 (CST)",
        "coremail",
        "localhost",
        "198.51.100.4",
        "smtp1",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "from [192.168.1.100] (unknown [198.51.100.4])\n\tby smtp7.163.com (Coremail) with SMTP "
        "id C8CowADn3b_abcdefgh--.12345S2;\n\tMon, 01 Jan 2024 10:00:00 +0800 (CST)",
        "netease",
        "[192.168.1.100]",
        "198.51.100.4",
        "smtp7.163.com",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "from [10.0.0.1] ( [198.51.100.4])\n\tby bizesmtp.qq.com (ESMTP) with SMTP id 0\n\tfor "
        "<u@example.com>; Mon, 01 Jan 2024 10:00:00 +0800 (CST)",
        "tencent",
        "[10.0.0.1]",
        "198.51.100.4",
        "bizesmtp.qq.com",
        "2024-01-01T10:00:00+08:00",
    ),
    (
        "from serv.example.com ([10.1.1.1]) by serv2.example.com (Lotus Domino Release 8.5.3) "
        "with ESMTP id 2012030812345678-1234 ; Thu, 8 Mar 2012 12:34:56 +0100",
        "domino",
        "serv.example.com",
        "10.1.1.1",
        "serv2.example.com",
        "2012-03-08T12:34:56+01:00",
    ),
]


@pytest.mark.parametrize(
    ("raw", "mta", "helo", "ip", "by", "at"),
    FIELDS,
    ids=[f[1] + str(i) for i, f in enumerate(FIELDS)],
)
def test_received_formats(raw: str, mta: str, helo: str, ip: str, by: str, at: str) -> None:
    hop = parse_received(raw)
    assert (hop.mta, hop.helo, hop.ip, hop.by) == (mta, helo, ip, by)
    assert hop.at is not None and hop.at.isoformat() == at


@pytest.mark.parametrize(
    "raw",
    [
        "",
        ";",
        "from",
        "(((((((((((( no end",
        "from x by y; not a date",
        "from a (b (c (d [1.2.3.4]) e) f) by g; Mon, 1 Jan 2024 25:61:99 +9999",
        "by [999.1.1.1] with ; 31 Feb 2024 10:00:00 +0000",
    ],
)
def test_broken_fields_are_read_as_far_as_they_go(raw: str) -> None:
    hop = parse_received(raw)
    assert hop.at is None


def test_missing_zone_is_flagged() -> None:
    hop = parse_received("from a by b; Mon, 1 Jan 2024 10:00:00")
    assert hop.zone_missing and hop.at is not None


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("[192.0.2.1]", "192.0.2.1"),
        ("[192.0.2.1]:54321", "192.0.2.1"),
        ("192.0.2.1:54321", "192.0.2.1"),
        ("[IPv6:2001:db8::1]", "2001:db8::1"),
        ("[IPv6:2001:db8::1]:25", "2001:db8::1"),
        ("fe80::1234%4", "fe80::1234"),
        ("2603:10a6:208:1::12", "2603:10a6:208:1::12"),
        ("mail.example.com", ""),
        ("[999.1.1.1]", ""),
        ("unknown", ""),
    ],
)
def test_address_literals(text: str, ip: str) -> None:
    from postdesk.inspect.received import clean_ip

    assert clean_ip(text) == ip
