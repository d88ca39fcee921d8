//go:build servedcatalog

package catalog

// messages is empty in the site's main.wasm until the page hands it
// catalog.json (UseBundle).
var messages map[string]Message
