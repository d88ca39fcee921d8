package web

// noEqual, as a blank field, makes a struct not comparable: the compiler
// then generates no equality function for it (each one about 200 bytes of
// gzipped page). The page never compares these structs with ==.
type noEqual [0]func()
