// Package mailin is the email door for incident reports (SPEC S7): anyone
// may report a suspected incident by writing to a configured mailbox such
// as suco@attt.hungyen.gov.vn, and each message reaches a Handler (which
// opens the report) as a parsed Message.
//
// # Why an SMTP listener and not IMAP
//
// attt receives the mail itself, over SMTP, instead of fetching it from a
// mailbox over IMAP:
//   - no mailbox password has to be stored in attt or rotated with the
//     mail server's policy;
//   - a report arrives the moment it is sent (Đ15.2 asks that it reach the
//     officer at once), with no polling interval;
//   - it works on an isolated government network: the agency's own mail
//     server relays to attt, nothing reaches out to the Internet;
//   - the sender learns at once whether the report was taken: a report
//     attt refuses (unreadable, sender unknown, too large) bounces with the
//     reason, and a failure on attt's side (database down) is a temporary
//     451, so the relay keeps the message and retries — nothing is lost.
//
// # Configuring the relay
//
// Run the listener on a port of the attt host (25, or e.g. 2525 behind a
// port redirect) and let the agency's mail server deliver the report
// address to it, either with an MX record for a sub-domain used only by
// attt (attt.hungyen.gov.vn. MX 10 attt-host) or with a transport rule on
// the relay. For Postfix:
//
//	# /etc/postfix/transport
//	suco@hungyen.gov.vn   smtp:[attt.internal]:2525
//	# main.cf: transport_maps = hash:/etc/postfix/transport
//
// Exchange does the same with a Send connector (or a mail-flow rule) whose
// smart host is the attt host. Set Config.Recipients to the address(es) the
// relay delivers, Config.AllowedNets to the relay's address so no one else
// can connect (the From line is only what the sender claims; the relay's
// SPF/DKIM checks are what make it trustworthy), and Config.TLS to offer
// STARTTLS.
//
// # Limits
//
// RCPT TO outside Config.Recipients is refused (550 5.1.1); a message over
// Config.MaxBytes is refused (552 5.3.4) while it is being read, never
// buffered beyond the limit; sessions beyond Config.MaxSessions get 421 at
// the greeting; every read has an idle limit and every connection a total
// duration limit. Reply texts are 7-bit ASCII as SMTP requires: Vietnamese
// with diacritics folded ("Da nhan bao cao su co"), " / ", then English.
//
// Parse, the message reader, is usable on its own (e.g. for an uploaded
// .eml) and is fuzzed (FuzzParse, corpus in testdata/fuzz).
package mailin
