package etcdconf

import "net"

func netSplitHostPort(hp string) (string, string, error) { return net.SplitHostPort(hp) }

func isIP(h string) bool { return net.ParseIP(h) != nil }
