package rules

import "embed"

//go:embed shipped/*.yaml
var shipped embed.FS

// Shipped returns the rules attt ships (internal/logs/rules/shipped).
func Shipped() ([]*Rule, error) { return LoadDir(shipped, "shipped") }
