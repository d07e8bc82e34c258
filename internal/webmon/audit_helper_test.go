package webmon_test

import "attt/internal/audit"

func auditAction(prefix string) audit.Filter { return audit.Filter{Action: prefix} }
