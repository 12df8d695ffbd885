"""What the bounce rules stand on: one key per public source.

Every phrase of a reason file (:mod:`postdesk.bounce.reasons`), every
provider code (:mod:`postdesk.bounce.rhost`) and every command marker
(:mod:`postdesk.bounce.commands`) names one of these keys, so a rule can be
traced to the RFC section, the mail system's documentation or source, or the
provider's published page it comes from. A wording seen in one bounce and in
none of these is a guess, not a rule (``tests/bounce/test_reason_files.py``
holds every phrase to a key here).

Third-party copies are named where the provider's own page moved or is not
public any more; the text quoted is the provider's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A public document a rule is taken from."""

    title: str
    where: str  # RFC section, source file or the page's address


SOURCES: dict[str, Source] = {
    # --- Standards -------------------------------------------------------------
    "rfc3463": Source(
        "RFC 3463 Enhanced Mail System Status Codes, section 3 (each code's name and text)",
        "https://www.rfc-editor.org/rfc/rfc3463#section-3",
    ),
    "iana-status": Source(
        "IANA SMTP Enhanced Status Codes registry (codes added after RFC 3463)",
        "https://www.iana.org/assignments/smtp-enhanced-status-codes",
    ),
    "rfc5321": Source(
        "RFC 5321 SMTP, sections 4.2.2-4.2.3 (reply codes and their example texts) and 3.3",
        "https://www.rfc-editor.org/rfc/rfc5321#section-4.2.2",
    ),
    "rfc7504": Source(
        "RFC 7504 SMTP 521 and 556 Reply Codes (host / domain does not accept mail)",
        "https://www.rfc-editor.org/rfc/rfc7504",
    ),
    "rfc7505": Source(
        "RFC 7505 A Null MX Resource Record, section 4 (556 5.1.10, 550 5.7.27)",
        "https://www.rfc-editor.org/rfc/rfc7505#section-4",
    ),
    "rfc7372": Source(
        "RFC 7372 Email Authentication Status Codes (X.7.20-X.7.26, reverse DNS X.7.25)",
        "https://www.rfc-editor.org/rfc/rfc7372",
    ),
    "rfc4954": Source(
        "RFC 4954 SMTP Service Extension for Authentication, section 6 (530, 534, 535, 538)",
        "https://www.rfc-editor.org/rfc/rfc4954#section-6",
    ),
    "rfc3207": Source(
        "RFC 3207 SMTP over TLS, section 4 (530 Must issue a STARTTLS command first, 454)",
        "https://www.rfc-editor.org/rfc/rfc3207#section-4",
    ),
    "rfc5248": Source(
        "RFC 5248 Registry for SMTP Enhanced Mail System Status Codes (X.7.10-X.7.14)",
        "https://www.rfc-editor.org/rfc/rfc5248",
    ),
    "rfc7208": Source(
        "RFC 7208 Sender Policy Framework, sections 2.6 and 8 (results and SMTP replies)",
        "https://www.rfc-editor.org/rfc/rfc7208#section-8",
    ),
    "rfc6376": Source(
        "RFC 6376 DomainKeys Identified Mail (DKIM) Signatures",
        "https://www.rfc-editor.org/rfc/rfc6376",
    ),
    "rfc7489": Source(
        "RFC 7489 DMARC, section 6.3 (policy p=reject) and 10.3 (rejection replies)",
        "https://www.rfc-editor.org/rfc/rfc7489#section-10.3",
    ),
    "rfc5782": Source(
        "RFC 5782 DNS Blacklists and Whitelists (DNSBL zones and their use in SMTP)",
        "https://www.rfc-editor.org/rfc/rfc5782",
    ),
    "rfc5322": Source(
        "RFC 5322 Internet Message Format, section 3.6 (fields that occur exactly once)",
        "https://www.rfc-editor.org/rfc/rfc5322#section-3.6",
    ),
    "rfc3464": Source(
        "RFC 3464 Delivery Status Notifications, section 2.3 (per-recipient fields)",
        "https://www.rfc-editor.org/rfc/rfc3464#section-2.3",
    ),
    "rfc3834": Source(
        "RFC 3834 Recommendations for Automatic Responses to Electronic Mail",
        "https://www.rfc-editor.org/rfc/rfc3834",
    ),
    "rfc2920": Source(
        "RFC 2920 SMTP Command Pipelining (replies to pipelined commands)",
        "https://www.rfc-editor.org/rfc/rfc2920",
    ),
    "errno": Source(
        "POSIX / Linux strerror texts that MTAs put into bounces (ECONNREFUSED, ETIMEDOUT,"
        " EHOSTUNREACH, ENETUNREACH, ECONNRESET, EDQUOT, ENOSPC, EFBIG)",
        "https://man7.org/linux/man-pages/man3/errno.3.html",
    ),
    "resolver": Source(
        "Resolver texts MTAs quote: RFC 1035 RCODEs (NXDOMAIN, SERVFAIL) and"
        " h_errno strings (Host not found, try again / Unknown host)",
        "https://www.rfc-editor.org/rfc/rfc1035#section-4.1.1",
    ),
    "taxonomy": Source(
        "The reason taxonomy postdesk reports in (Sisimai's reason names): what each reason"
        " covers, the status code each detail code is read as, and the pseudo code given"
        " when a bounce carries none",
        "https://libsisimai.org/en/reason/; the Sisimai::Reason::* manual pages (libsisimai-perl:"
        " each reason's description and documented example); go-sisimai smtp/status/lib.go"
        " (Code, Name)",
    ),
    "taxonomy-index": Source(
        "The reference taxonomy's own index of mail-system error texts, reason by reason:"
        " the texts each Sisimai v5 reason module lists as meaning its reason (and the status,"
        " reply code or SMTP command each module decides by)",
        "go-sisimai reason/why-<reason>.go (commit a0630263, 2025; mailboxfull, norelaying,"
        " spamdetected, systemfull at 60ca1abb; suspend, authfailure, failedstarttls at 194cc336;"
        " notcompliantrfc at 8c9e707a); the same lists in rb-sisimai"
        " lib/sisimai/reason/<reason>.rb (v5.0.0 and later)",
    ),
    "taxonomy-lhost": Source(
        "The reference taxonomy's per-mail-system modules (Sisimai v5 lhost): each system's own"
        " error texts and the reason each is read as, the SMTP stage its wording names, and"
        " the lines where its notice's per-recipient part starts and ends",
        "go-sisimai lhost/via-exim.go, via-qmail.go, via-opensmtpd.go, via-courier.go,"
        " via-exchange2003.go, via-exchange2007.go, via-notes.go, via-domino.go,"
        " via-imailserver.go, via-messagingserver.go, via-gmail.go, via-ezweb.go,"
        " via-einsundeins.go (commit 02714b77, 2025; the same tables in rb-sisimai"
        " lib/sisimai/lhost/*.rb); via-postfix.go, via-sendmail.go, via-v5sendmail.go,"
        " via-dragonfly.go, via-amazonses.go (2024-2025) and rb-sisimai"
        " lib/sisimai/lhost/amazonses.rb, receivingses.rb, amazonworkmail.rb; second set:"
        " via-x6.go, via-verizon.go, via-zoho.go, via-googlegroups.go, via-kddi.go,"
        " via-googleworkspace.go, and for systems only the Ruby port carries, rb-sisimai"
        " lib/sisimai/lhost/sendgrid.rb, mailru.rb, mxlogic.rb, x4.rb, outlook.rb, mcafee.rb (v4)",
    ),
    # --- Mail systems ------------------------------------------------------------
    "postfix": Source(
        "Postfix source and documentation: smtpd_check.c (access, reject_unknown_*, RBL and"
        " recipient-table replies), smtp(8) and bounce(5) texts, postconf(5)",
        "https://www.postfix.org/postconf.5.html; src/smtpd/smtpd_check.c; src/smtp/smtp_proto.c",
    ),
    "sendmail": Source(
        "Sendmail 8 source (deliver.c, usersmtp.c, srvrsmtp.c, parseaddr.c) and the Sendmail"
        " Installation and Operation Guide",
        "https://ftp.sendmail.org/; sendmail/deliver.c, sendmail/usersmtp.c",
    ),
    "qmail": Source(
        "qmail 1.03 source: qmail-remote.c, qmail-send.c, qmail-local.c, qmail-smtpd.c",
        "https://cr.yp.to/qmail.html",
    ),
    "exim": Source(
        "Exim specification: chapters on bounce and warning messages, retry configuration,"
        " ACL default messages; Exim source (deliver.c, transports/appendfile.c)",
        "https://www.exim.org/exim-html-current/doc/html/spec_html/",
    ),
    "opensmtpd": Source(
        "OpenSMTPD source: smtpd/mta.c, smtpd/bounce.c, smtpd/smtp_session.c",
        "https://github.com/OpenSMTPD/OpenSMTPD/tree/master/usr.sbin/smtpd",
    ),
    "courier": Source(
        "Courier MTA documentation: courier(8), courieresmtpd(8), DSN texts",
        "https://www.courier-mta.org/courier.html",
    ),
    "vpopmail": Source(
        "vpopmail source: vdelivermail.c (checkuser(): an account whose mail is set to bounce"
        ' is answered "vdelivermail: account is locked email bounced", exit 100)',
        "https://sourceforge.net/projects/vpopmail/ (inter7 vpopmail 5.4: vdelivermail.c)",
    ),
    "dma": Source(
        "DragonFly Mail Agent source: dma/net.c (did not like our ...), dma/bounce.c",
        "https://github.com/corecode/dma",
    ),
    "amavis": Source(
        "amavisd-new documentation and source: notification templates (VIRUS, BANNED,"
        " SPAM, BAD-HEADER; en_US/template-dsn.txt), bad-header checks and its SMTP reply"
        " texts (Amavis/Conf.pm %smtp_reason_by_ccat, the codes in Amavis.pm)",
        "https://www.ijs.si/software/amavisd/amavisd-new-docs.html",
    ),
    "domino": Source(
        "HCL (IBM) Domino: router failure reasons in delivery failure reports",
        "https://help.hcltechsw.com/domino/",
    ),
    "imail": Source(
        "Ipswitch IMail Server documentation: delivery failure notices",
        "https://docs.ipswitch.com/_Messaging/IMailServer/",
    ),
    "exchange": Source(
        "Microsoft Learn: Email non-delivery reports and SMTP errors in Exchange Online"
        " (NDR codes 5.1.x-5.7.x, component texts RESOLVER.*, STOREDRV.*, QUEUE.*)",
        "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/"
        "non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online",
    ),
    "exchange2003": Source(
        "Microsoft Knowledge Base Q246881 (Exchange Server 5.5 Internet Mail Service): its NDR"
        ' quoted in full, "The recipient name is not recognized ... MSEXCH:IMS:...: 0 (000C05A6)'
        ' Unknown Recipient"; the same texts in Exchange 2000/2003 NDRs',
        "https://library.thedatadungeon.com/msdn-2000-04/kbexchg/source/exchange/q246881.content.htm"
        " (archived copy of support.microsoft.com/kb/246881)",
    ),
    "microsoft-invalid": Source(
        "Spam Resource (Al Iverson): Microsoft's four invalid-user bounces (5.1.10 RESOLVER.ADR."
        "RecipientNotFound, 5.5.0 mailbox unavailable, 5.4.1 Recipient address rejected: Access"
        ' denied, "wasn\'t found at")',
        "https://www.spamresource.com/2023/09/microsoft-multiple-types-of-invalid.html",
    ),
    "outlookcom": Source(
        "Microsoft Outlook.com postmaster: troubleshooting, SMTP error codes (RP-001..003"
        " rate and connection limits, SC-001..004, DY-001/002, OU-001/002 policy blocks,"
        " 550 5.7.515; S3150 block list; Sender ID validation failure)",
        "https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx",
    ),
    "messagingserver": Source(
        "Oracle (Sun, iPlanet) Communications Messaging Server: unknown or illegal alias,"
        " Address rejected",
        "https://docs.oracle.com/en/industries/communications/messaging-server/",
    ),
    "cpanel": Source(
        "cPanel's Exim configuration (ACL messages such as 550 No Such User Here; the"
        " per-domain hourly sending limit maxemailsperhour)",
        "https://docs.cpanel.net/whm/service-configuration/exim-configuration-manager/;"
        " https://docs.cpanel.net/whm/scripts/the-build_maxemails_config-script",
    ),
    "dnsbl": Source(
        "Public DNS block lists named in rejections: Spamhaus (ZEN, SBL, XBL, PBL, DBL),"
        " SpamCop, SORBS, Barracuda BRBL, Abusix, UCEPROTECT, PSBL",
        "https://www.spamhaus.org/faq/section/Spamhaus%20DBL; https://www.spamcop.net/bl.shtml",
    ),
    # --- Providers -------------------------------------------------------------
    "gmail": Source(
        "Google Workspace Admin Help: SMTP error reference (and Gmail bounce texts)",
        "https://support.google.com/a/answer/3726730",
    ),
    "gmail-senders": Source(
        "Google Workspace Admin Help: Email sender guidelines FAQ (the codes Gmail gives"
        " senders that miss its requirements: 4.7.23 PTR, 4.7.27 SPF, 4.7.29 TLS, 4.7.30 DKIM,"
        " 4.7.31/4.7.40 DMARC, 4.7.32 alignment) and the Gmail SMTP errors and codes page"
        ' ("gsmtp is added to all errors")',
        "https://support.google.com/a/answer/14229414; https://support.google.com/a/answer/3726730",
    ),
    "outlook-senders": Source(
        "Microsoft Defender for Office 365 blog: Outlook's new requirements for high-volume"
        ' senders (April 2025): "550; 5.7.515 Access denied, sending domain ... does not meet'
        ' the required authentication level"',
        "https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/"
        "strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730",
    ),
    "gmx": Source(
        "GMX / WEB.DE postmaster: error messages its servers give (e.g. 554 Bad DNS PTR"
        " resource record, c=rdns), linked from each reply",
        "https://postmaster.gmx.net/en/error-messages",
    ),
    "yahoo": Source(
        "Yahoo Sender Hub: SMTP error codes (TSS, BL, PH codes) and 4xx/5xx help pages",
        "https://senders.yahooinc.com/smtp-error-codes/; https://help.yahoo.com/kb/SLN26151.html",
    ),
    "aol": Source(
        "AOL postmaster error codes (now Yahoo): RLY, DYN, HVU, PH codes",
        "https://postmaster.aol.com/error-codes (archived)",
    ),
    "apple": Source(
        "Apple iCloud Mail postmaster: SMTP error codes (CS01, HM08, ...)",
        "https://support.apple.com/ (iCloud Mail: information for postmasters)",
    ),
    "mimecast": Source(
        "Mimecast: Email Security Cloud Gateway SMTP error codes",
        "https://community.mimecast.com/s/article/email-security-cloud-gateway-mimecast-smtp-error-codes",
    ),
    "godaddy": Source(
        "GoDaddy Help: Fix rejected email with a bounce error (recipient, sender, content and"
        ' block-list bounces of its servers, secureserver.net: "Account does not exist", "550'
        ' Recipient not found", "550 From: Domain is invalid. Please provide a valid From:'
        ' IB506"; the IB codes are also listed at topwebhostingoffers.com/various-email-bounce-'
        "backs-on-a-cpanel-server/)",
        "https://www.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685",
    ),
    "rspamd": Source(
        "Rspamd FAQ and documentation: the reject action's SMTP reply \"554 5.7.1 Spam message"
        ' rejected"',
        "https://rspamd.com/doc/faq.html",
    ),
    "messagelabs": Source(
        "Broadcom (Symantec) Email Security.cloud: SMTP error codes",
        "https://knowledge.broadcom.com/ (Email Security.cloud: SMTP error codes)",
    ),
    "proofpoint": Source(
        "Proofpoint Essentials / dnsbl-lookup: 'Blocked - see https://support.proofpoint.com/"
        "dnsbl-lookup.cgi?ip=...'",
        "https://support.proofpoint.com/dnsbl-lookup.cgi",
    ),
    "orange": Source(
        "Orange / Wanadoo postmaster: codes OFR_xxx and LPNxxx_xxx of its SMTP replies",
        "https://postmaster.orange.fr/ (Les codes d'erreur)",
    ),
    "docomo": Source(
        "NTT docomo: notes on mail that cannot be delivered (reception settings refuse mail)",
        "https://www.docomo.ne.jp/info/spam_mail/",
    ),
    "kddi": Source(
        "au (KDDI) mail: error notices of ezweb.ne.jp / au.com (reception settings)",
        "https://www.au.com/support/service/mobile/trouble/mail/email/",
    ),
    "spectrum": Source(
        "Spectrum (Charter) email error codes: AUP#xxxx in its SMTP replies",
        "https://www.spectrum.net/support/internet/understanding-email-error-codes",
    ),
    "cox": Source(
        "Cox email error codes (CXBL, CXDNS, IPBL...)",
        "https://www.cox.com/residential/support/email-error-codes.html;"
        " http://postmaster.cox.net/confluence/display/postmaster/Error+Codes",
    ),
    "facebook": Source(
        "Facebook postmaster: SMTP response codes (RCP-P1, POL-P1, ...)",
        "https://postmaster.facebook.com/response_codes",
    ),
    "tencent": Source(
        "Tencent QQ Mail / Exmail help: 退信代码说明 (550 Mailbox not found, ... frequency"
        " limited, Mail content denied), reproduced at qqmailbox.com/transceivers/169.html",
        "https://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022",
    ),
    "netease": Source(
        "NetEase Mail help: 退信代码说明 (HL:, MI:, RP:, DT:, WM: codes), reproduced at"
        " biecuoliao.com/pa/MBRrwEM.html and 163ns.com.cn/mail/MailFAQ.htm",
        "https://help.mail.163.com/",
    ),
    "coremail": Source(
        "Coremail support knowledge base: 退信提示 (User not found, User suspended,"
        " IP is rejected...)",
        "https://www.icoremail.vip/support/index.php?cate_id=84",
    ),
    "263": Source(
        '263 企业邮箱 help: 为什么发送到263企业邮局系统被退信 (收件人信箱地址错误: "user not exist'
        ' (in reply to RCPT TO command)")',
        "http://www.263gmail.js.cn/help/13/2.htm",
    ),
    "sina": Source(
        "Sina Mail server reply list (550 user is locked, 552 message rejected by anti-spam"
        " engine, 554 rbl deny ...), reproduced at blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html",
        "https://mail.sina.com.cn/",
    ),
    "aliyun": Source(
        "Alibaba Mail (阿里邮箱) help: 常见退信报错 (spamed by local spam engine, 503 Rcptto"
        " account isn't a local account, 504/505 ... achieved the maximum threshold), mirrored"
        " at bestwisewords.com/document_detail/36612.html",
        "https://help.aliyun.com/document_detail/36612.html",
    ),
    "amazonses": Source(
        "Amazon SES Developer Guide: bounce types and subtypes, the suppression list",
        "https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html",
    ),
    "googlegroups": Source(
        "Google Groups help: messages rejected by a group (permission to post)",
        "https://support.google.com/groups/answer/2464926",
    ),
    "taxonomy-rhost": Source(
        "The reason taxonomy's provider modules (Sisimai v5): the codes and texts each large"
        " provider answers with and the reason each is read as, each module naming the"
        " provider page it took them from. Files: go-sisimai rhost/for-aol.go, for-apple.go,"
        " for-cloudflare.go, for-cox.go, for-facebook.go, for-franceptt.go, for-godaddy.go,"
        " for-google.go, for-gsuite.go, for-iua.go, for-kddi.go, for-messagelabs.go,"
        " for-microsoft.go, for-mimecast.go, for-nttdocomo.go, for-outlook.go, for-spectrum.go,"
        " for-tencent.go, for-yahooinc.go, for-zoho.go and rhost/lib.go (which provider a"
        " bounce is read by: the recipient's domain, the remote host, the reporting host);"
        " cross-checked with rb-sisimai lib/sisimai/rhost/*.rb",
        "https://github.com/sisimai/go-sisimai/tree/main/rhost (v5);"
        " https://github.com/sisimai/rb-sisimai/tree/master/lib/sisimai/rhost",
    ),
    "comcast": Source(
        "Comcast (Xfinity) postmaster: mail delivery error codes (ES000001/ES000010 dynamic or"
        " residential IP space, BL000000-BL000111 spam patterns and block lists; 421 Too many"
        " sessions opened, 421 Reverse DNS failure)",
        "http://postmaster.comcast.net/mail-error-codes.html;"
        " https://es.xfinity.com/support/articles/email-errors",
    ),
    "zoho": Source(
        "Zoho Mail: reasons an email is marked as spam, and the replies of its inbound servers"
        " (550 5.1.1 User does not exist, 554 5.7.7 Email policy violation detected, 550 5.7.1"
        " Email rejected per DMARC policy), listed at smtpfieldmanual.com/provider/zoho",
        "https://www.zoho.com/mail/help/spam-reason.html",
    ),
    "iua": Source(
        "I.UA mail (Ukraine): error pages its replies link to, mail.i.ua/err/N/ (1 relaying"
        " forbidden, 2 user not found, 3 mailbox unused for 3 months, 4 mailbox full, ...)",
        "https://mail.i.ua/err/",
    ),
    "cloudflare": Source(
        "Cloudflare Email Routing: postmaster page (the sending IP found on DNSBLs; upstream"
        " errors of the destination)",
        "https://developers.cloudflare.com/email-routing/postmaster/",
    ),
    # --- The source document -----------------------------------------------------
    "document": Source(
        "The provider's work instruction (客户服务中心/W022), 4.0.9, 4.0.12, 4.0.28, 4.0.29",
        "docs/catalogue.md; the playbooks in src/postdesk/kb/playbooks",
    ),
}
