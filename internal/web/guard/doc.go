// Package guard is the web server's door staff: it keeps abusive clients from
// exhausting attt (Điều 7 khoản 6 and 7 of the regulation) while legitimate
// officers keep working.
//
// It holds the pieces the web layer wires in front of its handlers:
//
//   - ClientIP finds the real client address behind trusted reverse proxies,
//     and Key groups addresses (IPv6 by /64) for counting.
//   - Limiter and Middleware apply per-address token-bucket rate limits per
//     endpoint class (login, API, pages, static files).
//   - LoginThrottle blocks an address that fails too many logins, before its
//     attempts reach per-account lockout, so one attacker cannot cheaply lock
//     out many accounts.
//   - WorkQueue admits expensive work (password hashing) through a bounded
//     queue and turns overload into a quick "busy" answer instead of a pile-up.
//   - BodyLimit and ServerTimeouts bound request size and time, which also
//     cuts off slow (slowloris) clients.
//
// Everything here has bounded memory, no globals and no background
// goroutines: idle state is swept lazily on access.
package guard
