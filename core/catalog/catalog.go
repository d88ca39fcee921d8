// Package catalog is raftlab's one message catalog: every string a person
// reads on the page or in a lesson, in English and Korean, under the same
// key. Sentences about events are templates with named fields ({member},
// {term}...) filled from typed data, so that word order can differ between
// languages and nothing is ever parsed back.
//
// Korean follows the source note's words (리더, 팔로워, 후보자, 쿼럼,
// 과반수, 내결함성, 하트비트, 선거 타임아웃; see the glossary in
// shared/notes/lesson-facts.md). The package knows nothing of the browser.
package catalog

import (
	"fmt"
	"strings"

	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/jsonw"
)

// Lang is a language of the catalog.
type Lang int

const (
	English Lang = iota
	Korean
)

// Langs are every language; each key has a text in each.
var Langs = []Lang{English, Korean}

// Code is the language's ISO 639-1 code ("en", "ko").
func (l Lang) Code() string {
	if l == Korean {
		return "ko"
	}
	return "en"
}

// ParseLang reads a language code; anything but "ko" is English.
func ParseLang(code string) Lang {
	if strings.HasPrefix(strings.ToLower(code), "ko") {
		return Korean
	}
	return English
}

// Message is one key's text in every language.
type Message struct {
	EN string `json:"en"`
	KO string `json:"ko"`
}

// Bundle is the catalog as JSON, {"<key>": {"en": ..., "ko": ...}, ...}
// in key order: site.mk writes it as dist/catalog.json, which the page
// fetches beside main.wasm (its texts, about 10 kB gzipped, are not
// compiled into the site's build, -tags servedcatalog). An English text
// that is its key, as most are, is left out: {"<key>": {"ko": ...}} (0.9
// kB less gzipped).
func Bundle() ([]byte, error) { return jsonw.Marshal(bundleMessages(messages)), nil }

// UseBundle makes bundle (as Bundle writes it) the catalog. Every key must
// have its English text.
func UseBundle(bundle []byte) error {
	var m bundleMessages
	if err := jsonw.Unmarshal(bundle, &m); err != nil {
		return err
	}
	for k, msg := range m {
		if msg.EN == "" {
			return fmt.Errorf("catalog: %q has no English text", k)
		}
	}
	messages = m
	return nil
}

// bundleMessages is the catalog as Bundle writes it and UseBundle reads
// it: as encoding/json wrote and read a map[string]Message, through
// core/jsonw, but for an English text equal to its key, left out.
type bundleMessages map[string]Message

func (ms bundleMessages) EncodeJSON(w *jsonw.Writer) {
	if ms == nil {
		w.Null()
		return
	}
	w.Object()
	for _, k := range keys.Sorted(ms) {
		w.Key(k)
		w.Object()
		if ms[k].EN != k {
			w.Key("en")
			w.String(ms[k].EN)
		}
		w.Key("ko")
		w.String(ms[k].KO)
		w.End()
	}
	w.End()
}

func (ms *bundleMessages) DecodeJSON(d *jsonw.Decoder) {
	if d.Null() {
		*ms = nil
		return
	}
	if !d.Map("map[string]catalog.Message") {
		return
	}
	if *ms == nil {
		*ms = bundleMessages{}
	}
	for d.Next() {
		k := d.Key()
		var m Message
		ok := d.Object("catalog.Message")
		if ok {
			m.EN = k // unless the object has "en"
		}
		for ok && d.Next() {
			switch {
			case d.Is("en"):
				m.EN = ""
				d.String(&m.EN)
			case d.Is("ko"):
				d.String(&m.KO)
			}
		}
		(*ms)[k] = m
	}
}

func (m Message) in(l Lang) string {
	if l == Korean {
		return m.KO
	}
	return m.EN
}

// Text is key's text in l. An unknown key is returned as it is (a test
// keeps every key used in the catalog).
func (l Lang) Text(key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if s := m.in(l); s != "" {
		return s
	}
	return m.EN
}

// Format is key's template in l with its {name} fields filled from pairs
// (name, value, name, value...). A field with no value stays as is.
func (l Lang) Format(key string, pairs ...string) string {
	return Fill(l.Text(key), pairs...)
}

// Has reports whether key has its own text in l (Text falls back to
// English, or to the key itself).
func (l Lang) Has(key string) bool {
	m, ok := messages[key]
	return ok && m.in(l) != ""
}

// Fill replaces each {name} in tmpl by its value in pairs.
func Fill(tmpl string, pairs ...string) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 16)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		name, val, found := tmpl[i+1:i+j], "", false
		for k := 0; k+1 < len(pairs); k += 2 {
			if pairs[k] == name {
				val, found = pairs[k+1], true
				break
			}
		}
		b.WriteString(tmpl[:i])
		if found {
			b.WriteString(val)
		} else {
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

// Fields lists the {name} fields of a template, in order.
func Fields(tmpl string) []string {
	var out []string
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, tmpl[i+1:i+j])
		tmpl = tmpl[i+j+1:]
	}
}
