package digest

// CRC32C is hash/crc32's Update(crc, MakeTable(Castagnoli), b), as etcd
// hashes its store (HashKV) and etcdutl a snapshot's database: a byte at a
// time, where hash/crc32 goes eight at a time from 8 KiB of tables (its
// code cost the page 3.5 kB gzipped, for two commands that hash little). digest_test.go compares it with hash/crc32.
func CRC32C(crc uint32, b []byte) uint32 {
	crc = ^crc
	for _, c := range b {
		crc = castagnoli[byte(crc)^c] ^ crc>>8
	}
	return ^crc
}

// castagnoli is the byte-wise table of the reversed Castagnoli polynomial.
var castagnoli = func() (t [256]uint32) {
	for i := range t {
		crc := uint32(i)
		for range 8 {
			if crc&1 == 1 {
				crc = crc>>1 ^ 0x82f63b78
			} else {
				crc >>= 1
			}
		}
		t[i] = crc
	}
	return t
}()
