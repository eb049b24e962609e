package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, ":8080": false, "0.0.0.0:80": false, "10.0.0.1:80": false} {
		got, err := IsLoopback(addr)
		if err != nil || got != want {
			t.Errorf("IsLoopback(%q) = %v, %v", addr, got, err)
		}
	}
	if _, err := IsLoopback("nope"); ExitCode(err) != 2 {
		t.Errorf("bad addr: %v", err)
	}
}

func TestServeRefusesPublicWithoutToken(t *testing.T) {
	err := Serve(context.Background(), Env{Stdout: io.Discard}, Config{DB: filepath.Join(t.TempDir(), "x.db")}, ServeOptions{Addr: "0.0.0.0:0"})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "token") {
		t.Fatalf("got %v", err)
	}
}

// TestServeShutsDownGracefully serves the demo store on a free port,
// answers a request and stops when the context is cancelled.
func TestServeShutsDownGracefully(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := Demo(context.Background(), Env{Stdout: io.Discard, Stderr: io.Discard}, DemoOptions{AsOf: "2025-06-30", Keep: db}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	addr, done := startServe(ctx, t, Env{Stdout: &out, Stderr: io.Discard}, Config{DB: db})
	resp, err := http.Get("http://" + addr + "/api/v1/entities/demo:nordvik?as_of=2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"status": "blocked"`) {
		t.Errorf("entity: %d %s", resp.StatusCode, b)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no graceful shutdown")
	}
}

// startServe runs Serve on a free loopback port until ctx ends; it returns
// the address once the server listens, and the channel of Serve's result.
func startServe(ctx context.Context, t *testing.T, env Env, cfg Config) (addr string, done <-chan error) {
	t.Helper()
	addrc, errc := make(chan string, 1), make(chan error, 1)
	go func() {
		errc <- Serve(ctx, env, cfg, ServeOptions{Addr: "127.0.0.1:0", Ready: func(a string) { addrc <- a }})
	}()
	select {
	case addr = <-addrc:
	case err := <-errc:
		t.Fatalf("serve: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("server did not start")
	}
	return addr, errc
}
