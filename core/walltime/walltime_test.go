package walltime

import (
	"testing"
	"time"
)

const microLayout = "2006-01-02T15:04:05.000000Z07:00"

// The formats are package time's, byte for byte.
func TestFormatsAreTimes(t *testing.T) {
	for _, d := range []time.Duration{0, 1, 999, time.Microsecond + 1, 59*time.Second + 999999999,
		27*time.Hour + 4*time.Minute + 5*time.Second, 400 * 24 * time.Hour, 3 * 365 * 24 * time.Hour,
		-time.Hour, 59 * 24 * time.Hour, 9999 * 24 * time.Hour} {
		at := At(d)
		for _, c := range []struct{ got, want string }{
			{Micro(at), at.UTC().Format(microLayout)},
			{RFC3339(at.Truncate(time.Second)), at.Truncate(time.Second).Format(time.RFC3339)},
			{Journal(at), at.Format("Jan 02 15:04:05")},
			{Systemd(at), at.Format("Mon 2006-01-02 15:04:05 MST")},
		} {
			if c.got != c.want {
				t.Errorf("%v: got %q, want %q", d, c.got, c.want)
			}
		}
	}
}

var parseCases = []string{
	"2026-01-01T00:00:00Z", "2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00,5Z", "2026-01-01T00:00:00.123456789123Z",
	"2026-01-01T5:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z",
	"2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
	"2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z",
	"2026-01-01T00:00:00+05:30", "2026-01-01T00:00:00-05:30", "2026-01-01T00:00:00+24:60", "2026-01-01T00:00:00+25:00",
	"2026-01-01T00:00:00+05:61", "2026-01-01T00:00:00*05:00", "2026-01-01T00:00:00+0530", "2026-01-01T00:00:00z",
	"2026-01-01t00:00:00Z", "2026-01-01T00:00:00ZZ", "2026-01-01T00:00:00", "", "2026", "+026-01-01T00:00:00Z",
	"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-23:59", "2026-1-01T00:00:00Z", "2026-01-01T00:0:00Z",
	"2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.000000Z", "2026-01-01T00:00:00.+12345Z", "2026-01-01T00:00:00.-12345Z",
	"2026-01-01T00:00:00.12345Z", "2026-01-01T00:00:00.1234567Z", "2026-01-01T00:00:00,000001+01:00",
	"2026-01-01T00:00:00.000001", "2026-01-01T00:00:00.00000aZ", "2026-01-01T00:00:00.-00000Z", "2026-01-01T00:00:00.+-0000Z",
	"2026-01-01T00:00:00.000000+1:000", "2026-01-01T00:00:00+00:00 ", "2026-01-01T12:34:56.123456+00:00",
}

func checkParse(t *testing.T, s string) {
	for _, c := range []struct {
		layout string
		parse  func(string) (time.Time, bool)
	}{{time.RFC3339, ParseRFC3339}, {microLayout, ParseMicro}} {
		want, err := time.Parse(c.layout, s)
		got, ok := c.parse(s)
		if ok != (err == nil) || ok && !got.Equal(want) {
			t.Errorf("%q as %q: got %v %v, time.Parse %v %v", s, c.layout, got, ok, want, err)
		}
	}
}

// ParseRFC3339 and ParseMicro accept what time.Parse accepts, as the same
// instant. go test runs the cases; make test-fuzz more.
func FuzzParse(f *testing.F) {
	for _, s := range parseCases {
		f.Add(s)
	}
	f.Fuzz(checkParse)
}

// Epoch and the calendar by hand agree with package time's: every 997th
// day from year -219 to 10183, both ways, and the weekday.
func TestCivilIsTimes(t *testing.T) {
	if !Epoch.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || Epoch != time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("Epoch %v", Epoch)
	}
	for days := -800000; days < 3000000; days += 997 {
		at := time.Unix(int64(days)*86400+int64((days%86400+86400)%86400), 0).UTC()
		y, m, d := at.Date()
		if gy, gm, gd := civil(days); gy != y || gm != int(m) || gd != d {
			t.Fatalf("civil(%d) = %d-%d-%d, time %d-%d-%d", days, gy, gm, gd, y, m, d)
		}
		if got := daysSince(y, int(m), d); got != days {
			t.Fatalf("daysSince(%d-%d-%d) = %d, want %d", y, m, d, got, days)
		}
		if got, want := Systemd(at), at.Format("Mon 2006-01-02 15:04:05 MST"); got != want {
			t.Fatalf("Systemd %q, time %q", got, want)
		}
		if got, want := Journal(at), at.Format("Jan 02 15:04:05"); got != want {
			t.Fatalf("Journal %q, time %q", got, want)
		}
	}
}
