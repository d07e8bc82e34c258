package auth

import (
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

// inSubtrees is the SQL condition "column (a tree path) lies in one of
// paths", appending its arguments to args.
func inSubtrees(column string, paths []string, args *[]any) string {
	or := make([]string, len(paths))
	for i, path := range paths {
		*args = append(*args, path+"%")
		or[i] = column + " LIKE $" + itoa(len(*args))
	}
	return "(" + strings.Join(or, " OR ") + ")"
}
