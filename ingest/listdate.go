package ingest

import (
	"context"
	"io"

	"github.com/ownex/ownex/graph"
)

// LatestDate reads each of files in turn (EachFile) with read and returns
// the latest date it reports: the publication date of a list published
// over several files. Empty dates are ignored; the result is empty when
// every file's is. The first error, of opening a file or of read, is
// returned as is.
func LatestDate(ctx context.Context, files []string, read func(name string, r io.Reader) (graph.Date, error)) (graph.Date, error) {
	var latest graph.Date
	err := EachFile(ctx, files, func(name string, r io.Reader) error {
		d, err := read(name, r)
		if err != nil {
			return err
		}
		if d > latest {
			latest = d
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return latest, nil
}
