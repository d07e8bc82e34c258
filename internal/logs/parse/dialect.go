package parse

import (
	"strings"
)

// parseContent recognises what is inside the message of a syslog line — CEF,
// JSON, key=value, sshd, pfSense filterlog, Palo Alto CSV — and adds fields.
// The message itself is kept whole, so free-text search still sees it.
func parseContent(e *Event) {
	m := e.Message
	switch {
	case m == "":
	case strings.HasPrefix(m, "CEF:"):
		parseCEF(e, m)
	case m[0] == '{':
		parseJSONMessage(e, m)
	case e.App == "sshd":
		parseSSHD(e, m)
	case e.App == "filterlog":
		parsePfFilterlog(e, m)
	case len(m) > 2 && m[0] == '1' && m[1] == ',':
		parsePAN(e, m)
	case looksKV(m):
		parseKV(e, m)
		normalizeWindows(e, "kv.")
	case strings.Contains(m, "webConfigurator authentication error for user '"):
		parsePfAuth(e, m)
	case strings.HasPrefix(m, "pam_unix(") && strings.Contains(m, "): authentication failure;"):
		parsePAM(e, m)
	}
}

// parsePAM reads a pam_unix authentication failure of any service (su,
// sudo, login, vsftpd…) into pam.result, pam.service, pam.user and
// pam.rhost.
func parsePAM(e *Event, m string) {
	e.grow(4)
	e.add("pam.result", "failure")
	if svc, _, ok := strings.Cut(m[len("pam_unix("):], ":"); ok {
		e.add("pam.service", svc)
	}
	if v := wordAfter(m, " user="); v != "" {
		e.add("pam.user", v)
	}
	if v := wordAfter(m, " rhost="); v != "" {
		e.add("pam.rhost", v)
	}
}

// parseSSHD reads OpenSSH and pam_unix authentication messages into
// ssh.result (success, failure, invalid_user), ssh.user, ssh.src, ssh.port
// and ssh.method.
func parseSSHD(e *Event, m string) {
	var result, rest string
	switch {
	case strings.HasPrefix(m, "Failed "):
		result, rest = "failure", m[len("Failed "):]
	case strings.HasPrefix(m, "Accepted "):
		result, rest = "success", m[len("Accepted "):]
	case strings.HasPrefix(m, "Invalid user "):
		e.grow(4)
		e.add("ssh.result", "invalid_user")
		user, after, _ := strings.Cut(m[len("Invalid user "):], " from ")
		e.add("ssh.user", user)
		sshFrom(e, after)
		return
	case strings.HasPrefix(m, "pam_unix(sshd:auth): authentication failure;"):
		e.grow(3)
		e.add("ssh.result", "failure")
		if v := wordAfter(m, " user="); v != "" {
			e.add("ssh.user", v)
		}
		if v := wordAfter(m, " rhost="); v != "" {
			e.add("ssh.src", v)
		}
		return
	default:
		return
	}
	e.grow(6)
	method, rest, ok := strings.Cut(rest, " for ")
	if !ok {
		return
	}
	e.add("ssh.result", result)
	e.add("ssh.method", method)
	if strings.HasPrefix(rest, "invalid user ") {
		rest = rest[len("invalid user "):]
		e.add("ssh.invalid_user", "true")
	}
	user, after, _ := strings.Cut(rest, " from ")
	e.add("ssh.user", user)
	sshFrom(e, after)
}

// sshFrom reads "ADDR port N ..." after " from ".
func sshFrom(e *Event, s string) {
	addr, rest, _ := strings.Cut(s, " ")
	if addr == "" {
		return
	}
	e.add("ssh.src", addr)
	if strings.HasPrefix(rest, "port ") {
		port, _, _ := strings.Cut(rest[len("port "):], " ")
		e.add("ssh.port", port)
	}
}

// wordAfter returns the word following marker in s.
func wordAfter(s, marker string) string {
	i := strings.Index(s, marker)
	if i < 0 {
		return ""
	}
	w, _, _ := strings.Cut(s[i+len(marker):], " ")
	return w
}

// splitCSV cuts s at commas into dst, honouring double quotes (the outer
// quotes are removed, a doubled "" inside is left as is), and returns how
// many it filled.
func splitCSV(s string, dst []string) int {
	n := 0
	for n < len(dst) {
		end := -1 // index of the closing quote
		if len(s) > 0 && s[0] == '"' {
			for i := 1; i < len(s); i++ {
				if s[i] != '"' {
					continue
				}
				if i+1 < len(s) && s[i+1] == '"' {
					i++
					continue
				}
				end = i
				break
			}
		}
		if end > 0 && (end+1 == len(s) || s[end+1] == ',') {
			dst[n] = s[1:end]
			n++
			if end+1 == len(s) {
				return n
			}
			s = s[end+2:]
			continue
		}
		i := strings.IndexByte(s, ',')
		if i < 0 {
			dst[n] = s
			return n + 1
		}
		dst[n] = s[:i]
		n++
		s = s[i+1:]
	}
	return n
}

// parsePfFilterlog reads pfSense's filterlog CSV:
// rule,subrule,anchor,tracker,iface,reason,action,dir,ipver,… into pf.*.
func parsePfFilterlog(e *Event, m string) {
	var f [32]string
	n := splitCSV(m, f[:])
	if n < 9 {
		e.addError("pfsense: short filterlog line")
		return
	}
	e.grow(10)
	e.add("pf.rule", f[3])
	e.add("pf.iface", f[4])
	e.add("pf.reason", f[5])
	e.add("pf.action", f[6])
	e.add("pf.dir", f[7])
	var proto, src, dst, sport, dport string
	switch f[8] {
	case "4":
		if n >= 20 {
			proto, src, dst = f[16], f[18], f[19]
			if n >= 22 {
				sport, dport = f[20], f[21]
			}
		}
	case "6":
		if n >= 17 {
			proto, src, dst = f[12], f[15], f[16]
			if n >= 19 {
				sport, dport = f[17], f[18]
			}
		}
	}
	if proto != "tcp" && proto != "udp" {
		sport, dport = "", ""
	}
	for _, kv := range [...]Field{{"pf.proto", proto}, {"pf.src", src}, {"pf.dst", dst}, {"pf.sport", sport}, {"pf.dport", dport}} {
		if kv.Value != "" {
			e.Fields = append(e.Fields, kv)
		}
	}
}

// parsePfAuth reads the pfSense web UI login failure
// "webConfigurator authentication error for user 'admin' from: 203.0.113.9".
func parsePfAuth(e *Event, m string) {
	const marker = "authentication error for user '"
	i := strings.Index(m, marker)
	user, rest, ok := strings.Cut(m[i+len(marker):], "'")
	if !ok {
		return
	}
	e.add("auth.result", "failure")
	e.add("auth.user", user)
	if j := strings.Index(rest, "from: "); j >= 0 {
		src, _, _ := strings.Cut(rest[j+len("from: "):], " ")
		e.add("auth.src", src)
	}
}

// parsePAN reads the basic fields of a PAN-OS CSV log line
// "1,receive-time,serial,TYPE,subtype,…": pan.serial, pan.type, pan.subtype
// and, for TRAFFIC and THREAT, addresses, rule, user, application, ports,
// protocol and action. Everything else stays in Message and Raw.
func parsePAN(e *Event, m string) {
	var f [40]string
	n := splitCSV(m, f[:])
	if n < 5 {
		return
	}
	e.grow(12)
	e.add("pan.serial", f[2])
	e.add("pan.type", f[3])
	e.add("pan.subtype", f[4])
	if (f[3] == "TRAFFIC" || f[3] == "THREAT") && n >= 31 {
		for i, k := range [...]string{7: "pan.src", 8: "pan.dst", 11: "pan.rule", 12: "pan.src_user", 14: "pan.app", 24: "pan.sport", 25: "pan.dport", 29: "pan.proto", 30: "pan.action"} {
			if k != "" && f[i] != "" {
				e.add(k, f[i])
			}
		}
	}
	if (f[3] == "SYSTEM" || f[3] == "CONFIG") && n >= 9 {
		e.add("pan.host", f[8])
	}
}

// normalizeWindows adds win.event_id, win.user, win.src and win.result for
// the Windows security events the shipped rules need (4624 logon, 4625 failed
// logon, 4740 lockout, 1102 audit log cleared), from fields named with
// prefix ("kv." or "" for JSON).
func normalizeWindows(e *Event, prefix string) {
	id, ok := getPrefixed(e, prefix, "EventID")
	if !ok {
		if id, ok = getPrefixed(e, prefix, "EventId"); !ok {
			return
		}
	}
	e.add("win.event_id", id)
	switch id {
	case "4624":
		e.add("win.result", "success")
	case "4625":
		e.add("win.result", "failure")
	case "4740":
		e.add("win.result", "lockout")
	case "1102":
		e.add("win.result", "log_cleared")
	}
	for _, kv := range [...][2]string{{"TargetUserName", "win.user"}, {"SubjectUserName", "win.subject_user"}, {"IpAddress", "win.src"}, {"WorkstationName", "win.workstation"}} {
		if v, ok := getPrefixed(e, prefix, kv[0]); ok && v != "" && v != "-" {
			e.add(kv[1], v)
		}
	}
}

func getPrefixed(e *Event, prefix, key string) (string, bool) {
	for i := range e.Fields {
		k := e.Fields[i].Key
		if len(k) == len(prefix)+len(key) && strings.HasPrefix(k, prefix) && k[len(prefix):] == key {
			return e.Fields[i].Value, true
		}
	}
	return "", false
}
