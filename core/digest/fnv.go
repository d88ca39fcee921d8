package digest

import "math/bits"

// FNV128a is hash/fnv's New128a sum of b (FNV-1a, 128 bits), for
// core/kube's object UIDs (and FNV64a for its other IDs): hash/fnv's hash
// types and their interfaces cost the page 1 kB gzipped for these.
// digest_test.go compares both with hash/fnv.
func FNV128a(b []byte) (sum [16]byte) {
	// hash/fnv's offset128Higher, offset128Lower; the prime is 2^88 + 0x13b.
	hi, lo := uint64(0x6c62272e07bb0142), uint64(0x62b821756295c58d)
	for _, c := range b {
		lo ^= uint64(c)
		h, l := bits.Mul64(0x13b, lo)
		hi, lo = h+lo<<24+0x13b*hi, l
	}
	for i := range 8 {
		sum[i], sum[8+i] = byte(hi>>(56-8*i)), byte(lo>>(56-8*i))
	}
	return sum
}

// FNV64a is hash/fnv's New64a sum of b (FNV-1a, 64 bits).
func FNV64a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
