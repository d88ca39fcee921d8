package lab

import "github.com/raftlab/raftlab/core/catalog"

// Lang is the language a person reads: the page's, and the console's
// (LANG=ko). Every label and event sentence is in core/catalog, in each
// language under one key: lang.Text(key) is a label, lang.Format(key,
// name, value...) a sentence filled from typed fields, lang.Has(key)
// whether the key has its own text in lang.
type Lang = catalog.Lang

// The languages.
const (
	English = catalog.English
	Korean  = catalog.Korean
)
