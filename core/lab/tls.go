package lab

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

// fakeCert returns a certificate file for subject, issued by issuer.
func fakeCert(subject, issuer string) []byte {
	return []byte(fmt.Sprintf("-----BEGIN CERTIFICATE-----\nraftlab certificate (not real cryptography)\nsubject: CN=%s\nissuer: CN=%s\n-----END CERTIFICATE-----\n", subject, issuer))
}

// fakeKey returns a private key file for subject.
func fakeKey(subject string) []byte {
	return []byte(fmt.Sprintf("-----BEGIN RSA PRIVATE KEY-----\nraftlab key (not real cryptography)\nsubject: CN=%s\n-----END RSA PRIVATE KEY-----\n", subject))
}

func parseCert(b []byte) (Certificate, error) {
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

// tlsFiles places the source note's certificates on every host when the
// cluster serves TLS (the note copies ca.pem, kubernetes.pem and
// kubernetes-key.pem to /etc/etcd/).
func (l *Lab) tlsFiles() {
	for _, m := range l.cluster.Members {
		cfg := m.Config
		if cfg == nil {
			continue
		}
		for _, f := range []struct{ path, kind string }{
			{cfg.TrustedCAFile, "ca"}, {cfg.PeerTrustedCAFile, "ca"},
			{cfg.CertFile, "cert"}, {cfg.PeerCertFile, "cert"},
			{cfg.KeyFile, "key"}, {cfg.PeerKeyFile, "key"},
		} {
			if f.path == "" {
				continue
			}
			for _, h := range l.cluster.Members {
				files := l.hostFiles(h.Name)
				if _, ok := files[l.abs(f.path)]; ok {
					continue
				}
				switch f.kind {
				case "ca":
					files[l.abs(f.path)] = fakeCert("Kubernetes", "Kubernetes")
				case "cert":
					files[l.abs(f.path)] = fakeCert("kubernetes", "Kubernetes")
				case "key":
					files[l.abs(f.path)] = fakeKey("kubernetes")
				}
			}
		}
	}
}

func (l *Lab) hostFiles(host string) map[string][]byte {
	if l.files[host] == nil {
		l.files[host] = map[string][]byte{}
	}
	return l.files[host]
}

func (l *Lab) memberConfig(id uint64) *etcdconf.Member {
	for _, m := range l.cluster.Members {
		if m.ID == id {
			return m.Config
		}
	}
	return nil
}

// errUnknownAuthority is grpc's handshake error for a server certificate the
// client's --cacert did not sign (Go 1.20+ wording, as etcdctl 3.5.17).
var errUnknownAuthority = errors.New("transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority")

// tlsCheck decides whether a client with these TLS settings can talk to m
// at an endpoint of this scheme, as a TLS handshake would.
func (l *Lab) tlsCheck(m *sim.Member, scheme string, t etcdctl.TLS) error {
	cfg := l.memberConfig(m.ID)
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
	serverCert, err := parseCert(l.hostFiles(m.Name)[l.abs(cfg.CertFile)])
	if err != nil {
		return err
	}
	if !t.InsecureSkipVerify {
		if t.CACert == "" {
			return errUnknownAuthority
		}
		b, err := l.readFile(t.CACert)
		if err != nil {
			return err
		}
		ca, err := parseCert(b)
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
		cb, err := l.readFile(t.Cert)
		if err != nil {
			return err
		}
		kb, err := l.readFile(t.Key)
		if err != nil {
			return err
		}
		cert, err1 := parseCert(cb)
		key, err2 := parseCert(kb)
		if err1 != nil || err2 != nil || !key.IsKey || cert.IsKey || key.Subject != cert.Subject {
			return errors.New("tls: private key does not match public key")
		}
		trusted, _ := parseCert(l.hostFiles(m.Name)[l.abs(cfg.TrustedCAFile)])
		if cert.Issuer != trusted.Subject {
			return errors.New("error reading server preface: remote error: tls: bad certificate")
		}
	}
	return nil
}
