//go:build !linux && !windows

package agent

import (
	"context"
	"runtime"

	"attt/internal/asset/agentwire"
)

// platform on systems without a dedicated collector reports the OS name
// and addresses only.
type platform struct{}

func (platform) osInfo() (string, string) { return runtime.GOOS, "" }

func (platform) software(context.Context) ([]agentwire.Package, error) { return nil, nil }

func (platform) antivirus(context.Context) (*agentwire.Antivirus, error) { return nil, nil }

func (platform) network() agentwire.Network { return agentwire.Network{} }
