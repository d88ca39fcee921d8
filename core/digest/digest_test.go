package digest

import (
	"crypto/sha1"
	"crypto/sha256"
	"hash/crc32"
	"hash/fnv"
	"math/rand/v2"
	"testing"
)

// The same bytes as the standard library for every length around the
// padding's block boundaries and for random data up to a few blocks.
func TestSameAsStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if got, want := SHA1(b), sha1.Sum(b); got != want {
			t.Fatalf("SHA1 of %d bytes: %x, want %x", n, got, want)
		}
		if got, want := SHA256(b), sha256.Sum256(b); got != want {
			t.Fatalf("SHA256 of %d bytes: %x, want %x", n, got, want)
		}
	}
	big := make([]byte, 1<<20+17)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if SHA1(big) != sha1.Sum(big) || SHA256(big) != sha256.Sum256(big) {
		t.Fatal("1 MiB input differs")
	}
}

// Known answers (FIPS 180-4 examples), independent of the standard library.
func TestKnownAnswers(t *testing.T) {
	if got := SHA1([]byte("abc")); string(hexs(got[:])) != "a9993e364706816aba3e25717850c26c9cd0d89d" {
		t.Errorf("SHA1(abc) = %x", got)
	}
	if got := SHA256([]byte("abc")); string(hexs(got[:])) != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256(abc) = %x", got)
	}
}

func hexs(b []byte) []byte {
	const d = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, d[c>>4], d[c&15])
	}
	return out
}

// CRC32C is hash/crc32's Castagnoli CRC, whole and in pieces.
func TestCRC32CAsHashCRC32(t *testing.T) {
	tab := crc32.MakeTable(crc32.Castagnoli)
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 600 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		want := crc32.Checksum(b, tab)
		if got := CRC32C(0, b); got != want {
			t.Fatalf("CRC32C of %d bytes: %08x, want %08x", n, got, want)
		}
		cut := n / 3
		if got := CRC32C(CRC32C(0, b[:cut]), b[cut:]); got != want {
			t.Fatalf("CRC32C of %d bytes in two: %08x, want %08x", n, got, want)
		}
	}
	// Known answer: CRC-32C of "123456789" is 0xe3069283.
	if got := CRC32C(0, []byte("123456789")); got != 0xe3069283 {
		t.Fatalf("CRC32C(123456789) = %08x", got)
	}
}

// FNV128a and FNV64a are hash/fnv's New128a and New64a.
func TestFNV128aAsHashFNV(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := range 300 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		h := fnv.New128a()
		h.Write(b)
		if got, want := FNV128a(b), h.Sum(nil); string(got[:]) != string(want) {
			t.Fatalf("FNV128a of %d bytes: %x, want %x", n, got, want)
		}
		h64 := fnv.New64a()
		h64.Write(b)
		if got, want := FNV64a(b), h64.Sum64(); got != want {
			t.Fatalf("FNV64a of %d bytes: %x, want %x", n, got, want)
		}
	}
}
