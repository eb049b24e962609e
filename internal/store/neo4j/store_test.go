package neo4j_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
	"github.com/ownex/ownex/internal/store/storetest"
)

func TestContract(t *testing.T) {
	// StreamCone's walk and reads in many batches of the test graphs.
	defer neo4j.SetConeBatch(3)()
	storetest.Run(t, func(t *testing.T) *neo4j.Store { return neo4jtest.Open(t) })
}

func TestUnreachable(t *testing.T) {
	_, err := neo4j.Open(context.Background(), neo4j.Config{URI: "bolt://127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "unreachable") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("err = %v; want a clear unreachable message naming the address", err)
	}
}

func TestBadURI(t *testing.T) {
	_, err := neo4j.Open(context.Background(), neo4j.Config{URI: "http//nope"})
	if err == nil {
		t.Fatal("want an error for a bad URI")
	}
}
