// Command serve serves the built playground (dist/) for local use:
//
//	go run ./cmd/serve [-addr 127.0.0.1:8080] [-dir dist]
//
// It listens on loopback addresses only unless -allow-remote is given. See
// package static for MIME types, precompressed variants, caching and the
// Content-Security-Policy.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/raftlab/raftlab/cmd/serve/static"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (host:port)")
	dir := flag.String("dir", "dist", "directory to serve")
	allowRemote := flag.Bool("allow-remote", false, "allow listening on non-loopback addresses")
	flag.Parse()

	logger := log.New(os.Stderr, "serve: ", log.LstdFlags)
	if err := run(*addr, *dir, *allowRemote, logger); err != nil {
		logger.Fatal(err)
	}
}

// checkLoopback refuses listen addresses that are not loopback-only.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to listen on %q: not a loopback address (use -allow-remote to override)", addr)
	}
	return nil
}

func run(addr, dir string, allowRemote bool, logger *log.Logger) error {
	if !allowRemote {
		if err := checkLoopback(addr); err != nil {
			return err
		}
	}
	if _, err := os.Stat(dir + "/index.html"); err != nil {
		return fmt.Errorf("%s/index.html missing (run `make site` first): %w", dir, err)
	}
	h, err := static.New(dir)
	if err != nil {
		return err
	}
	defer h.Close()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           static.Logged(h, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	fmt.Fprintf(os.Stderr, "raftlab: serving %s on http://%s/\n", dir, ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
