package resolve

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzReadReview: a review file comes back from a person (often through a
// spreadsheet). Whatever its bytes, ReadReview does not panic; it returns
// decisions or an error, never both; a syntax error wraps ErrReview; each
// decision has two different, non-empty ids and says where it was read.
func FuzzReadReview(f *testing.F) {
	for _, s := range []string{
		strings.Join(ReviewHeader, ",") + "\nx:1,A,x:2,B,0.910,possible,name,yes\nx:3,C,x:4,D,0.5,review,,no\n",
		"\ufeffA,B,Accept\nx:1,x:2,Y\n",
		"a,b,accept\nx:1,x:1,yes\n",
		"a,b,accept\n,x:2,yes\n",
		"a,b,accept\nx:1,x:2,maybe\n",
		"a,b\nx:1,x:2\n",
		"a,b,accept\n\"x:1,x:2,yes\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ReadReview(bytes.NewReader(data), "review.csv")
		if err != nil {
			if ds != nil {
				t.Fatalf("%d decisions with the error %v", len(ds), err)
			}
			if !errors.Is(err, ErrReview) {
				t.Fatalf("error %v does not wrap ErrReview (a bytes.Reader does not fail)", err)
			}
			return
		}
		for _, d := range ds {
			if d.A == "" || d.B == "" || d.A == d.B || !strings.HasPrefix(d.Where, "review.csv:") {
				t.Fatalf("decision %+v", d)
			}
		}
	})
}
