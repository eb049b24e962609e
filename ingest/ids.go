package ingest

import (
	"fmt"
	"strings"
)

// IDLines finds a record id repeated in one file. A format's parser calls
// Seen with each record's own id (the generic CSV entities' `id`, the FtM
// entity id, ...) in file order; the zero value is ready to use, and a new
// file name starts afresh (an id may be given again in another file of the
// same load: a later file updates the record).
//
// A repeat is bad input: in strict mode it fails the load (exit status 2);
// in lenient mode the parser skips it, so that the FIRST record with the
// id is kept, and the skip report names both lines.
type IDLines struct {
	file  string
	first map[string]int // id → line of its first record in file
}

// Seen records that the record at line of file has id, and returns a
// *RowError at that line naming the line of the first record with the same
// id in file, if there was one. An empty id is not recorded (the format
// reports a missing id itself).
func (s *IDLines) Seen(file, column, id string, line int) *RowError {
	if id == "" {
		return nil
	}
	if s.first == nil || s.file != file {
		s.file, s.first = file, make(map[string]int)
	}
	if first, ok := s.first[id]; ok {
		return &RowError{File: file, Line: line, Column: column, Record: id,
			Reason: fmt.Sprintf("id %q repeated: first given at line %d (lenient: the first is kept)", id, first)}
	}
	// A copy: the id may be a slice of its whole record (encoding/csv
	// gives a record's fields as parts of one string), which the map
	// would otherwise keep for the rest of the file.
	s.first[strings.Clone(id)] = line
	return nil
}
