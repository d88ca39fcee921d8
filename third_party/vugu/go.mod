module github.com/vugu/vugu

go 1.22.3

require (
	github.com/vugu/html v0.0.0-20190914200101-c62dc20b8289
	github.com/vugu/xxhash v0.0.0-20191111030615-ed24d0179019
)
