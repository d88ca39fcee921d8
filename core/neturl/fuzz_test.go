package neturl

import (
	"net"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// Everything package neturl does is compared with net/url, net/netip and
// net, on a table of URLs etcd's flags and raftlab's share links meet and
// on whatever the fuzzer makes of them (make test-fuzz).

var seeds = []string{
	"", "*", "http://127.0.0.1:2379", "https://10.0.0.1:2380", "http://localhost:2379", "http://LOCALHOST:2379/",
	"HTTP://Node-1:2380", "unix://sock", "unixs://x:1", "unix:///var/run/etcd.sock", "http://[::1]:2380",
	"http://[fe80::1%25en0]:80", "http://[fe80::1%25]:80", "http://[fe80::1%en0]:80", "http://[1.2.3.4]:1",
	"http://[::ffff:1.2.3.4]:1", "http://[::1", "http://[::1]x", "http://a[b]", "http://a:b:80", "http://a:80:90",
	"mongodb://a:1,b:2", "mongodb://a:1:2", "http://a:", "http://a:x", "http://:80", "http://", "http:", "http:/",
	"http:///x", "///x", "//h/p", "h:2379", "127.0.0.1:2379", ":2379", "1a:b", "a:b", "./x:y", "x/y:z",
	"http://u:p@h/", "http://u@h", "http://u:p@s@h", "http://u%zz@h", "http://u p@h", "http://%41:%42@h/",
	"http://h/%2f?a#b%20c", "http://h/a b", "http://h/%zz", "http://h/%", "http://h/%4", "http://h?", "http://h/a?b?",
	"http://h#", "http://h#frag%zz", "http://h/#a b", "http://h/p;x?q=1&r=2#f", "http://h%20x/", "http://h%41/",
	"http://h\x7f", "http://h\n", "http://caf\xc3\xa9/", "http://h/\xff", "mailto:a@b", "scheme:opaque?q#f",
	"0http://x", "+x:y", "x+y-z.1:rest", "?", "#", "?a=1", "a=1&b=2", "a=1;b=2", "a=%zz&b=2", "a+b=c+d",
	"=x", "x=", "&&", "a=1&a=2&=3", "%", "%2", "%25", "v=1&seed=42&c=etcdctl+put+k+v&c=get%20k",
	"::", "::1", "1.2.3.4", "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "::ffff:1.2.3.4", "1::2::3",
	"12345::", "fe80::1%eth0", "fe80::1%", "%eth0", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::",
	"::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:1.2.3.4", "g::", ":1", "1:", "1.2.3.4x",
}

func FuzzIsNetURL(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { compare(t, s) })
}

func TestTable(t *testing.T) {
	for _, s := range seeds {
		compare(t, s)
	}
	// The query parameter limit: 10,000 parameters parse, 10,001 do not.
	for _, n := range []int{10000, 10001} {
		compare(t, strings.Repeat("a=1&", n-1)+"a=1")
	}
}

func compare(t *testing.T, s string) {
	t.Helper()
	compareParse(t, s)
	compareQuery(t, s)
	compareIP(t, s)
}

func compareParse(t *testing.T, s string) {
	t.Helper()
	want, werr := url.Parse(s)
	got, gerr := Parse(s)
	if errText(werr) != errText(gerr) {
		t.Fatalf("Parse(%q): error %q, net/url's %q", s, errText(gerr), errText(werr))
	}
	if werr != nil {
		if got != nil {
			t.Fatalf("Parse(%q): a URL with the error", s)
		}
		return
	}
	type view struct {
		Scheme, Opaque, Host, Path, RawPath, RawQuery, Fragment, RawFragment string
		ForceQuery, OmitHost, HasUser, PasswordSet                           bool
		User, Username, Password                                             string
		String, Hostname, Port, EscapedPath, EscapedFragment                 string
	}
	w := view{want.Scheme, want.Opaque, want.Host, want.Path, want.RawPath, want.RawQuery, want.Fragment, want.RawFragment,
		want.ForceQuery, want.OmitHost, want.User != nil, false, want.User.String(), want.User.Username(), "",
		want.String(), want.Hostname(), want.Port(), want.EscapedPath(), want.EscapedFragment()}
	w.Password, w.PasswordSet = want.User.Password()
	g := view{got.Scheme, got.Opaque, got.Host, got.Path, got.RawPath, got.RawQuery, got.Fragment, got.RawFragment,
		got.ForceQuery, got.OmitHost, got.User != nil, false, got.User.String(), got.User.Username(), "",
		got.String(), got.Hostname(), got.Port(), got.EscapedPath(), got.EscapedFragment()}
	g.Password, g.PasswordSet = got.User.Password()
	if g != w {
		t.Fatalf("Parse(%q):\n got %+v\nwant %+v", s, g, w)
	}
	// etcdconf's resolve rewrites the host and prints the URL again.
	want.Host, got.Host = "127.0.0.1:"+want.Port(), "127.0.0.1:"+got.Port()
	if want.String() != got.String() {
		t.Fatalf("Parse(%q) with a new host: String %q, net/url's %q", s, got.String(), want.String())
	}
}

func compareQuery(t *testing.T, s string) {
	t.Helper()
	want, werr := url.ParseQuery(s)
	got, gerr := ParseQuery(s)
	if errText(werr) != errText(gerr) || !reflect.DeepEqual(map[string][]string(want), map[string][]string(got)) {
		t.Fatalf("ParseQuery(%q) = %v, %q; net/url's %v, %q", s, got, errText(gerr), want, errText(werr))
	}
	if g, w := got.Encode(), want.Encode(); g != w {
		t.Fatalf("Encode of %v = %q, net/url's %q", got, g, w)
	}
	for k := range want {
		if g, w := got.Get(k), want.Get(k); g != w {
			t.Fatalf("Get(%q) = %q, net/url's %q", k, g, w)
		}
		got.Set(k, s)
		want.Set(k, s)
	}
	if g, w := got.Encode(), want.Encode(); g != w {
		t.Fatalf("Encode after Set of %v = %q, net/url's %q", got, g, w)
	}
	if g, w := QueryEscape(s), url.QueryEscape(s); g != w {
		t.Fatalf("QueryEscape(%q) = %q, net/url's %q", s, g, w)
	}
	gu, gerr := QueryUnescape(s)
	wu, werr := url.QueryUnescape(s)
	if gu != wu || errText(gerr) != errText(werr) {
		t.Fatalf("QueryUnescape(%q) = %q, %q; net/url's %q, %q", s, gu, errText(gerr), wu, errText(werr))
	}
}

func compareIP(t *testing.T, s string) {
	t.Helper()
	if g, w := IsIP(s), net.ParseIP(s) != nil; g != w {
		t.Fatalf("IsIP(%q) = %v, net.ParseIP's %v", s, g, w)
	}
	a, werr := netip.ParseAddr(s)
	is4, zone, gerr := parseAddr(s)
	if errText(gerr) != errText(werr) {
		t.Fatalf("parseAddr(%q): error %q, netip's %q", s, errText(gerr), errText(werr))
	}
	if werr == nil && (is4 != a.Is4() || zone != a.Zone()) {
		t.Fatalf("parseAddr(%q) = %v, %q; netip's Is4 %v, zone %q", s, is4, zone, a.Is4(), a.Zone())
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
