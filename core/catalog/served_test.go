//go:build servedcatalog

package catalog

import "os/exec"

// The site build compiles no catalog in; the page hands it dist/catalog.json
// (UseBundle), which site.mk writes with catalogjson from a build without
// the tag. Its tests get the catalog the same way, so that they check the
// texts the page is given rather than an empty catalog.
func init() {
	// go test puts its own go first in PATH.
	out, err := exec.Command("go", "run", "./catalogjson").Output()
	if err == nil {
		err = UseBundle(out)
	}
	if err != nil {
		panic("catalog: catalog.json as site.mk writes it: " + err.Error())
	}
}
