package kernelspec_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/sparkgo/sparkgo/kernel/kernelspec"
)

// Installing into a prefix, as a package build would, then removing it.
func Example() {
	prefix, err := os.MkdirTemp("", "prefix")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(prefix)
	exe := filepath.Join(prefix, "sparkgo-kernel")
	if err := os.WriteFile(exe, nil, 0o755); err != nil {
		log.Fatal(err)
	}

	opts := kernelspec.Options{Prefix: prefix, Executable: exe}
	dir, err := kernelspec.Install(opts)
	if err != nil {
		log.Fatal(err)
	}
	rel, _ := filepath.Rel(prefix, dir)
	fmt.Println(filepath.ToSlash(rel))
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		fmt.Println(" ", f.Name())
	}
	if _, err := kernelspec.Uninstall(opts); err != nil {
		log.Fatal(err)
	}
	// Output:
	// share/jupyter/kernels/sparkgo
	//   kernel.json
	//   logo-32x32.png
	//   logo-64x64.png
	//   logo-svg.svg
}
