package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	csvDir := flag.String("csv", "", "a folder of generic CSV files (entities, ownership, control, designations)")
	db := flag.String("db", "", "a SQLite store (ownex --db FILE ingest ...)")
	flag.Parse()
	if (*csvDir == "") == (*db == "") || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: components -csv DIR | -db FILE")
		os.Exit(2)
	}
	ctx := context.Background()
	start := time.Now()
	g := NewGraph(1 << 20)
	var err error
	if *csvDir != "" {
		err = ReadCSV(ctx, *csvDir, g)
	} else {
		err = ReadStore(ctx, *db, g)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "components:", err)
		os.Exit(1)
	}
	read := time.Since(start)
	r, err := Measure(g)
	if err != nil {
		fmt.Fprintln(os.Stderr, "components:", err)
		os.Exit(1)
	}
	write(os.Stdout, r)
	fmt.Printf("time: read %s, measure %s\n", read.Round(time.Millisecond), (time.Since(start) - read).Round(time.Millisecond))
}

// write prints r.
func write(w io.Writer, r *Result) {
	fmt.Fprintf(w, "entities %d, holdings %d, control edges %d, same-as links %d strong and %d possible, designated entities %d\n",
		r.Entities, r.Holdings, r.Controls, r.StrongLinks, r.PossibleLinks, r.Designated)
	fmt.Fprintf(w, "weakly connected components: %d\n", r.Components)
	fmt.Fprintf(w, "%-10s %12s %12s\n", "size", "components", "entities")
	for _, b := range r.Buckets {
		fmt.Fprintf(w, "%-10s %12d %12d\n", b.Label, b.Components, b.Entities)
	}
	fmt.Fprintf(w, "largest: %d entities (%s of all), %d holdings (%s), %d control edges\n",
		r.LargestEntities, share(r.LargestEntities, r.Entities), r.LargestHoldings, share(r.LargestHoldings, r.Holdings), r.LargestControls)
	fmt.Fprintf(w, "cycles: largest strongly connected component %d entities; %d entities on a cycle\n", r.LargestSCC, r.InCycles)
	fmt.Fprintf(w, "designated cone (downstream, designated included): %d entities (%s of all); %d holdings (%s) and %d control edges end in it, from %d entities outside it\n",
		r.Cone, share(r.Cone, r.Entities), r.ConeHoldings, share(r.ConeHoldings, r.Holdings), r.ConeControls, r.ConeBoundary)
	fmt.Fprintf(w, "cone parts (weakly connected within the cone): %d\n", r.Parts)
	fmt.Fprintf(w, "%-10s %12s %12s\n", "size", "parts", "entities")
	for _, b := range r.PartBuckets {
		fmt.Fprintf(w, "%-10s %12d %12d\n", b.Label, b.Components, b.Entities)
	}
	fmt.Fprintf(w, "largest part: %d entities, %d holdings and %d control edges end in it\n",
		r.LargestPart, r.LargestPartHoldings, r.LargestPartControls)
	fmt.Fprintf(w, "components with a designated entity: %d, holding %d entities (%s of all)\n",
		r.ConeComponents, r.ConeComponentEntities, share(r.ConeComponentEntities, r.Entities))
}

// share formats a/b as a percentage.
func share(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f %%", 100*float64(a)/float64(b))
}
