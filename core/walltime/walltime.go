// Package walltime is the simulated machines' wall clock as text: the few
// timestamp layouts etcd's zap logs, Kubernetes' objects, journald and
// systemd print, and the two Kubernetes reads back, written out by hand.
// Package time's layout engine (Format, Parse and, through time.Time's
// String, GoString and JSON methods, every type holding a time.Time that
// the page hands to an interface) left the page with this package: main.wasm
// shrank by 30.9 kB gzipped (gzip -9) with the whole change (af54f39: no
// time.Time in an interface, cobra without a context, porcupine without
// context and time.After, this package added). The simulation
// keeps virtual time as a time.Duration since Epoch.
package walltime

import "time"

// Epoch is the virtual wall clock at time zero (etcdserver.Epoch and
// lab.Epoch are it): 2026-01-01T00:00:00Z.
var Epoch = time.Unix(epochUnix, 0).UTC()

const epochUnix = 1767225600

// The dates and clocks below are computed from Unix seconds by hand, in UTC:
// time.Date and Time's Date, Clock, Month, Day and Weekday look their
// location up whatever it is, which links package time's zone code (the
// local zone's initialisation, TZ rules) into the page.

// At is the wall-clock time d after Epoch.
func At(d time.Duration) time.Time { return Epoch.Add(d) }

// Micro is t in UTC as "2006-01-02T15:04:05.000000Z07:00": zap's time
// encoder in etcd 3.5's default logger config and metav1.MicroTime's JSON.
func Micro(t time.Time) string {
	b := appendDate(nil, t, 'T')
	b = append(b, '.')
	b = appendInt(b, t.Nanosecond()/1000, 6)
	return string(append(b, 'Z'))
}

// RFC3339 is t in UTC as time.RFC3339 without fractional seconds
// (metav1.Time's JSON: a creationTimestamp).
func RFC3339(t time.Time) string {
	return string(append(appendDate(nil, t, 'T'), 'Z'))
}

// Journal is t in UTC (the simulated machines' zone) as journalctl's short
// format, "Jan 02 15:04:05".
func Journal(t time.Time) string {
	days, _ := split(t)
	_, m, d := civil(days)
	b := append([]byte(nil), time.Month(m).String()[:3]...)
	b = append(b, ' ')
	b = appendInt(b, d, 2)
	b = append(b, ' ')
	return string(appendClock(b, t))
}

// Systemd is t in UTC as systemctl status prints it, "Mon 2006-01-02
// 15:04:05 UTC".
func Systemd(t time.Time) string {
	days, _ := split(t)
	// 1970-01-01 was a Thursday.
	b := append([]byte(nil), time.Weekday((days%7 + 11) % 7).String()[:3]...)
	b = append(b, ' ')
	b = appendDate(b, t, ' ')
	return string(append(b, " UTC"...))
}

// split is t's days since 1970-01-01 and seconds into its day, in UTC.
func split(t time.Time) (days, secs int) {
	u := t.Unix()
	days, secs = int(u/86400), int(u%86400)
	if secs < 0 {
		days, secs = days-1, secs+86400
	}
	return days, secs
}

// civil is the proleptic Gregorian date of days since 1970-01-01, and
// daysSince its inverse (H. Hinnant's civil_from_days and days_from_civil:
// 400-year eras of 146,097 days, years starting on March 1st).
func civil(days int) (year, month, day int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if mp >= 10 {
		month = mp - 9
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

func daysSince(year, month, day int) int {
	if month <= 2 {
		year--
	}
	era := year / 400
	if year < 0 && year%400 != 0 {
		era--
	}
	yoe := year - era*400
	mp := (month + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// appendDate appends "2006-01-02", sep and "15:04:05" of t in UTC.
func appendDate(b []byte, t time.Time, sep byte) []byte {
	days, _ := split(t)
	y, m, d := civil(days)
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, m, 2)
	b = append(b, '-')
	b = appendInt(b, d, 2)
	b = append(b, sep)
	return appendClock(b, t)
}

func appendClock(b []byte, t time.Time) []byte {
	_, secs := split(t)
	h, m, s := secs/3600, secs/60%60, secs%60
	b = appendInt(b, h, 2)
	b = append(b, ':')
	b = appendInt(b, m, 2)
	b = append(b, ':')
	return appendInt(b, s, 2)
}

// appendInt appends v zero-padded to width digits (package time's
// appendInt, which writes a negative year with a leading minus).
func appendInt(b []byte, v, width int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	var buf [20]byte
	i := len(buf)
	for v >= 10 || width > 1 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		width--
	}
	i--
	buf[i] = byte('0' + v)
	return append(b, buf[i:]...)
}

// ParseRFC3339 is time.Parse(time.RFC3339, s); ParseMicro is time.Parse
// with Micro's layout. Both accept exactly what time.Parse accepts (its
// lenient general parser: a one-digit hour, a comma before fractional
// seconds, zone offsets up to 24:60) and give the same instant; only the
// error text is not time.Parse's.
func ParseRFC3339(s string) (time.Time, bool) { return parse(s, false) }

// ParseMicro: see ParseRFC3339.
func ParseMicro(s string) (time.Time, bool) { return parse(s, true) }

// parse follows time.parse for "2006-01-02T15:04:05Z07:00", with ".000000"
// after the seconds when micro.
func parse(s string, micro bool) (time.Time, bool) {
	bad := time.Time{}
	if len(s) < 4 || !isDigit(s, 0) {
		return bad, false
	}
	year, ok := atoi(s[:4])
	if !ok {
		return bad, false
	}
	s = s[4:]
	month, s, ok := field(s, '-', true)
	if !ok || month < 1 || month > 12 {
		return bad, false
	}
	day, s, ok := field(s, '-', true)
	if !ok {
		return bad, false
	}
	hour, s, ok := field(s, 'T', false)
	if !ok || hour >= 24 {
		return bad, false
	}
	min, s, ok := field(s, ':', true)
	if !ok || min >= 60 {
		return bad, false
	}
	sec, s, ok := field(s, ':', true)
	if !ok || sec >= 60 {
		return bad, false
	}
	nsec := 0
	if micro {
		// stdFracSecond0: exactly the layout's digits.
		if len(s) < 7 {
			return bad, false
		}
		if nsec, ok = nanoseconds(s, 7); !ok {
			return bad, false
		}
		s = s[7:]
	} else if len(s) >= 2 && (s[0] == '.' || s[0] == ',') && isDigit(s, 1) {
		n := 2
		for n < len(s) && isDigit(s, n) {
			n++
		}
		if nsec, ok = nanoseconds(s, n); !ok {
			return bad, false
		}
		s = s[n:]
	}
	offset := 0
	switch {
	case len(s) >= 1 && s[0] == 'Z':
		s = s[1:]
	case len(s) < 6 || s[3] != ':':
		return bad, false
	default:
		hr, _, ok1 := num2(s[1:3], true)
		mm, _, ok2 := num2(s[4:6], true)
		if !ok1 || !ok2 || hr > 24 || mm > 60 {
			return bad, false
		}
		offset = (hr*60 + mm) * 60
		switch s[0] {
		case '+':
		case '-':
			offset = -offset
		default:
			return bad, false
		}
		s = s[6:]
	}
	if s != "" || day < 1 || day > daysIn(time.Month(month), year) {
		return bad, false
	}
	secs := int64(daysSince(year, month, day))*86400 + int64(hour*3600+min*60+sec-offset)
	return time.Unix(secs, int64(nsec)).UTC(), true
}

// field skips the literal sep, then reads a number as time's getnum
// (fixed: exactly two digits; otherwise one or two).
func field(s string, sep byte, fixed bool) (int, string, bool) {
	if len(s) == 0 || s[0] != sep {
		return 0, s, false
	}
	return num2(s[1:], fixed)
}

func num2(s string, fixed bool) (int, string, bool) {
	if !isDigit(s, 0) {
		return 0, s, false
	}
	if !isDigit(s, 1) {
		if fixed {
			return 0, s, false
		}
		return int(s[0] - '0'), s[1:], true
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), s[2:], true
}

// nanoseconds is time's parseNanoseconds of s[:n] (a '.' or ',' and the
// digits; past nine digits the rest are dropped).
func nanoseconds(s string, n int) (int, bool) {
	if s[0] != '.' && s[0] != ',' {
		return 0, false
	}
	if n > 10 {
		n = 10
	}
	ns, ok := atoi(s[1:n])
	if !ok || ns < 0 {
		return 0, false
	}
	for i := n; i < 10; i++ {
		ns *= 10
	}
	return ns, true
}

// atoi is time's atoi: an optional sign, then only decimal digits.
func atoi(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	x := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s, i) || x > (1<<62)/10 {
			return 0, false
		}
		x = x*10 + int(s[i]-'0')
	}
	if neg {
		x = -x
	}
	return x, true
}

func isDigit(s string, i int) bool { return i < len(s) && '0' <= s[i] && s[i] <= '9' }

func daysIn(m time.Month, year int) int {
	if m == time.February {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - int(m-1)%7%2
}
