// Command sparkgo-lsp will be the sparkgo language server. It is not
// implemented yet: it prints a notice and exits with status 2.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "sparkgo-lsp: the language server is not implemented yet")
	os.Exit(2)
}
