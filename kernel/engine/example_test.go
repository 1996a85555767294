package engine_test

import (
	"context"
	"fmt"
	"os"

	"github.com/sparkgo/sparkgo/kernel/engine"
)

func Example() {
	e, err := engine.New(engine.Options{Stdout: os.Stdout, Prelude: `import "fmt"`})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	cells := []string{
		// Functions may be used before they are declared.
		"total := sum(1, 2, 3)\nfunc sum(xs ...int) (n int) {\n\tfor _, x := range xs {\n\t\tn += x\n\t}\n\treturn n\n}",
		`fmt.Println("total is", total)`,
		"total * 2",
		"x := := 1",
		`panic("boom")`,
	}
	for _, cell := range cells {
		res, err := e.Eval(ctx, cell)
		switch {
		case err != nil:
			fmt.Printf("error: %v\n", err)
		case res.Values != nil:
			fmt.Println("value:", res.Values[0])
		}
	}
	// Output:
	// total is 6
	// value: 12
	// error: 1:6: expected operand, found ':='
	// error: panic: boom
}
