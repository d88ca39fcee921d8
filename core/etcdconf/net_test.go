package etcdconf

import (
	"net"
	"testing"
)

// TestNetTwins: netSplitHostPort and isIP answer as net.SplitHostPort and
// net.ParseIP, error texts included.
func TestNetTwins(t *testing.T) {
	for _, s := range []string{
		"", ":", "host:2379", "127.0.0.1:2379", "[::1]:2379", "::1", "[::1]", "[::1]:", "[::1]x:1",
		"[::1]::1", "a:b:c", "[a]b]:1", "a[b:1", "a]b:1", "[fe80::1%eth0]:80", "host", "host:", ":80",
		"[", "]", "[]:1", "[:1", "x[]:1", "1.2.3.4", "01.2.3.4", "1.2.3.256", "::ffff:1.2.3.4",
		"fe80::1%eth0", "localhost", "2001:db8::1", "2001:db8::1::", " 1.2.3.4", "1.2.3.4 ",
	} {
		checkNetTwins(t, s)
	}
	// Every string of up to 5 of the bytes that matter.
	const alphabet = "[]:%a1."
	var all func(prefix string)
	all = func(prefix string) {
		checkNetTwins(t, prefix)
		if len(prefix) < 5 {
			for i := range len(alphabet) {
				all(prefix + alphabet[i:i+1])
			}
		}
	}
	all("")
}

func checkNetTwins(t *testing.T, s string) {
	t.Helper()
	h, p, err := netSplitHostPort(s)
	wh, wp, werr := net.SplitHostPort(s)
	if h != wh || p != wp || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Errorf("netSplitHostPort(%q) = %q, %q, %v; net: %q, %q, %v", s, h, p, err, wh, wp, werr)
	}
	if got, want := isIP(s), net.ParseIP(s) != nil; got != want {
		t.Errorf("isIP(%q) = %v, net.ParseIP: %v", s, got, want)
	}
}
