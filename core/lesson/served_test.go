//go:build servedlessons

package lesson

// The site build compiles no lessons in; the page hands it dist/lessons.json
// (lesson.UseBundle). Its tests get the lesson files the same way, so that
// every test of this package plays the lessons as the page loads them
// rather than none.
func init() {
	b, err := siteBundle("lessons")
	if err == nil {
		err = UseBundle(b)
	}
	if err != nil {
		panic("lesson: site bundle: " + err.Error())
	}
}
