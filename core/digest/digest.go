// Package digest computes SHA-1 and SHA-256 (FIPS 180-4) for the core's
// few hashes (and CRC-32C, crc32c.go): etcd's member and cluster IDs (SHA-1, core/etcdid), the
// snapshot file's trailer (SHA-256, core/etcdserver) and auth's password
// digests. The standard library's crypto/sha1 and crypto/sha256 link Go's
// whole FIPS 140 module (AES, GCM, DRBG, SHA-3, SHA-512, HMAC, about
// 110 kB of code) into the page for these; the results are the same bytes
// (digest_test.go compares them with the standard library's).
package digest

import (
	"encoding/binary"
	"math/bits"
)

// Size1 and Size256 are the digests' lengths in bytes.
const (
	Size1   = 20
	Size256 = 32
)

// pad appends the Merkle–Damgård padding: 0x80, zeros to 56 mod 64, the
// message length in bits (big-endian).
func pad(b []byte) []byte {
	n := len(b)
	out := make([]byte, n, (n+9+63)/64*64)
	copy(out, b)
	out = append(out, 0x80)
	for len(out)%64 != 56 {
		out = append(out, 0)
	}
	return binary.BigEndian.AppendUint64(out, uint64(n)*8)
}

// SHA1 returns the SHA-1 digest of b.
func SHA1(b []byte) [Size1]byte {
	h := [5]uint32{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}
	var w [80]uint32
	for p := pad(b); len(p) > 0; p = p[64:] {
		for i := 0; i < 16; i++ {
			w[i] = binary.BigEndian.Uint32(p[4*i:])
		}
		for i := 16; i < 80; i++ {
			w[i] = bits.RotateLeft32(w[i-3]^w[i-8]^w[i-14]^w[i-16], 1)
		}
		a, bb, c, d, e := h[0], h[1], h[2], h[3], h[4]
		for i := 0; i < 80; i++ {
			var f, k uint32
			switch {
			case i < 20:
				f, k = bb&c|^bb&d, 0x5A827999
			case i < 40:
				f, k = bb^c^d, 0x6ED9EBA1
			case i < 60:
				f, k = bb&c|bb&d|c&d, 0x8F1BBCDC
			default:
				f, k = bb^c^d, 0xCA62C1D6
			}
			t := bits.RotateLeft32(a, 5) + f + e + k + w[i]
			a, bb, c, d, e = t, a, bits.RotateLeft32(bb, 30), c, d
		}
		h[0] += a
		h[1] += bb
		h[2] += c
		h[3] += d
		h[4] += e
	}
	var out [Size1]byte
	for i, v := range h {
		binary.BigEndian.PutUint32(out[4*i:], v)
	}
	return out
}

var k256 = [64]uint32{
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

// SHA256 returns the SHA-256 digest of b.
func SHA256(b []byte) [Size256]byte {
	h := [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
	var w [64]uint32
	for p := pad(b); len(p) > 0; p = p[64:] {
		for i := 0; i < 16; i++ {
			w[i] = binary.BigEndian.Uint32(p[4*i:])
		}
		for i := 16; i < 64; i++ {
			s0 := bits.RotateLeft32(w[i-15], -7) ^ bits.RotateLeft32(w[i-15], -18) ^ w[i-15]>>3
			s1 := bits.RotateLeft32(w[i-2], -17) ^ bits.RotateLeft32(w[i-2], -19) ^ w[i-2]>>10
			w[i] = w[i-16] + s0 + w[i-7] + s1
		}
		a, bb, c, d, e, f, g, hh := h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
		for i := 0; i < 64; i++ {
			t1 := hh + (bits.RotateLeft32(e, -6) ^ bits.RotateLeft32(e, -11) ^ bits.RotateLeft32(e, -25)) + (e&f ^ ^e&g) + k256[i] + w[i]
			t2 := (bits.RotateLeft32(a, -2) ^ bits.RotateLeft32(a, -13) ^ bits.RotateLeft32(a, -22)) + (a&bb ^ a&c ^ bb&c)
			a, bb, c, d, e, f, g, hh = t1+t2, a, bb, c, d+t1, e, f, g
		}
		for i, v := range [8]uint32{a, bb, c, d, e, f, g, hh} {
			h[i] += v
		}
	}
	var out [Size256]byte
	for i, v := range h {
		binary.BigEndian.PutUint32(out[4*i:], v)
	}
	return out
}
