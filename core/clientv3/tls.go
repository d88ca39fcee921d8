package clientv3

import (
	"errors"
	"fmt"
	"strings"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/sim"
)

// Certificates in raftlab are named files with no real cryptography: a
// certificate says who it is for and who issued it, and verification is
// matching those names, which is what a learner has to get right.

// Certificate is a parsed fake PEM.
type Certificate struct {
	Subject, Issuer string
	IsKey           bool
}

// FakeCert returns a certificate file for subject, issued by issuer.
func FakeCert(subject, issuer string) []byte {
	return []byte(fmt.Sprintf("-----BEGIN CERTIFICATE-----\nraftlab certificate (not real cryptography)\nsubject: CN=%s\nissuer: CN=%s\n-----END CERTIFICATE-----\n", subject, issuer))
}

// FakeKey returns a private key file for subject.
func FakeKey(subject string) []byte {
	return []byte(fmt.Sprintf("-----BEGIN RSA PRIVATE KEY-----\nraftlab key (not real cryptography)\nsubject: CN=%s\n-----END RSA PRIVATE KEY-----\n", subject))
}

// ParseCert reads a certificate or key file.
func ParseCert(b []byte) (Certificate, error) {
	var c Certificate
	s := string(b)
	if !strings.Contains(s, "-----BEGIN ") {
		return c, errors.New("tls: failed to find any PEM data in certificate input")
	}
	c.IsKey = strings.Contains(s, "PRIVATE KEY")
	for _, line := range strings.Split(s, "\n") {
		if v, ok := strings.CutPrefix(line, "subject: "); ok {
			c.Subject = v
		}
		if v, ok := strings.CutPrefix(line, "issuer: "); ok {
			c.Issuer = v
		}
	}
	return c, nil
}

func memberConfig(cl *etcdconf.Cluster, id uint64) *etcdconf.Member {
	for i := range cl.Members { // (a ClusterMember is 80 bytes: not copied)
		if cl.Members[i].ID == id {
			return cl.Members[i].Config
		}
	}
	return nil
}

// errUnknownAuthority is grpc's handshake error for a server certificate the
// client's --cacert did not sign (Go 1.20+ wording, as etcdctl 3.5.17).
var errUnknownAuthority = errors.New("transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority")

// tlsCheck decides whether a client with these TLS settings can talk to m
// at an endpoint of this scheme, as a TLS handshake would.
func (cl *Client) tlsCheck(m *sim.Member, scheme string, t *etcdctl.TLS) error {
	cfg := memberConfig(cl.cfg.Cluster, m.ID)
	serverTLS := cfg != nil && cfg.CertFile != ""
	if !serverTLS {
		if scheme == "https" {
			return errors.New("transport: authentication handshake failed: tls: first record does not look like a TLS handshake")
		}
		return nil
	}
	if scheme == "http" || (scheme == "" && t.CACert == "" && t.Cert == "" && !t.InsecureSkipVerify) {
		return errors.New("error reading server preface: EOF")
	}
	serverFile, _ := cl.cfg.ReadFile(m.Name, cfg.CertFile)
	serverCert, err := ParseCert(serverFile)
	if err != nil {
		return err
	}
	read := func(name string) ([]byte, error) { return cl.cfg.ReadFile(cl.cfg.Host, name) }
	if !t.InsecureSkipVerify {
		if t.CACert == "" {
			return errUnknownAuthority
		}
		b, err := read(t.CACert)
		if err != nil {
			return err
		}
		ca, err := ParseCert(b)
		if err != nil || ca.IsKey || ca.Subject != serverCert.Issuer {
			return errUnknownAuthority
		}
	}
	if cfg.ClientCertAuth {
		if t.Cert == "" || t.Key == "" {
			// TLS 1.3: the client finishes its handshake first and learns
			// of the server's refusal when it reads the server's preface.
			return errors.New("error reading server preface: remote error: tls: certificate required")
		}
		cb, err := read(t.Cert)
		if err != nil {
			return err
		}
		kb, err := read(t.Key)
		if err != nil {
			return err
		}
		cert, err1 := ParseCert(cb)
		key, err2 := ParseCert(kb)
		if err1 != nil || err2 != nil || !key.IsKey || cert.IsKey || key.Subject != cert.Subject {
			return errors.New("tls: private key does not match public key")
		}
		trustedFile, _ := cl.cfg.ReadFile(m.Name, cfg.TrustedCAFile)
		trusted, _ := ParseCert(trustedFile)
		if cert.Issuer != trusted.Subject {
			return errors.New("error reading server preface: remote error: tls: bad certificate")
		}
	}
	return nil
}
